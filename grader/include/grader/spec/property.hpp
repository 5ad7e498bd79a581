#pragma once
// What each matrix property of a variable means: one row per property with its name in
// YAML, what it needs of the variable's shape, what it fixes of the drawn entries and of the
// directions, which re-tests may replace a matrix that has it, and which other properties it
// cannot be combined with. The loader (what a spec may declare), the sampler (how inputs and
// directions are drawn), the checker (which gradients are defined only up to the directions)
// and the re-tests (check/retest.hpp) all ask this table. problems/README.md ("Properties
// and how inputs are drawn") documents it for authors.

#include <optional>
#include <span>
#include <string_view>

namespace grader::spec {

enum class Property {
  symmetric,
  skew_symmetric,
  positive_definite,
  invertible,
  orthogonal,
  diagonal,
  upper_triangular,
  lower_triangular,
  positive,  // every entry > 0
  unit,      // a vector of norm 1
  distinct_eigenvalues,
  full_rank,
};
const char* to_string(Property property);  // as written in YAML: "positive-definite"

// The structure a property imposes, which a direction dX of a varied variable must respect
// (X + t·dX keeps the property to first order).
enum class Structure {
  open,        // an open condition (invertible, positive, full-rank): any direction
  symmetric,   // X = X': directions (E + E')/2
  skew,        // X = -X': directions (E - E')/2
  orthogonal,  // X'X = I: directions Q·K with K skew
  zeros,       // a zero pattern (PropertyRow::zeros): directions have the same zeros
  unit,        // |x| = 1: directions orthogonal to x
};

// The entries a property sets to 0.
enum class Zeros { none, off_diagonal, below_diagonal, above_diagonal };

// Whether entry (i, j) is 0 under `zeros`.
constexpr bool zero_at(Zeros zeros, long i, long j) {
  switch (zeros) {
    case Zeros::off_diagonal:
      return i != j;
    case Zeros::below_diagonal:
      return i > j;
    case Zeros::above_diagonal:
      return i < j;
    case Zeros::none:
      break;
  }
  return false;
}

// How the commuting re-test (check/retest.hpp) may replace a square matrix with this
// property by V·D·inv(V): not at all, with any well-conditioned V, or only with V orthogonal
// so that the matrix stays symmetric.
enum class Commuting { refused, similar, orthogonally_similar };

struct PropertyRow {
  Property property;
  std::string_view name;  // as written in YAML
  // Only a square matrix (declared n×n: the same dimension name or size twice) can have it;
  // the loader refuses it on any other shape, so the sampler never draws one.
  bool needs_square = false;
  bool needs_column_vector = false;  // only a column vector [n] can have it
  // The sampler constructs the entries itself, so that a `range` cannot apply.
  bool fixes_entries = false;
  Structure structure = Structure::open;
  Zeros zeros = Zeros::none;
  // The symmetric re-test (check/retest.hpp) may replace a square matrix with this property
  // by its symmetric part (M + M')/2 (zero for a skew-symmetric one).
  bool symmetric_part_ok = false;
  Commuting commuting = Commuting::refused;
};

// Every property, in the order of the enum (the order "expected one of:" lists them).
std::span<const PropertyRow> property_table();
const PropertyRow& row(Property property);
// The property written `name` in YAML, if any.
std::optional<Property> property_named(std::string_view name);

// Whether the directions of a variable with this property are restricted, so that its
// gradient is defined only up to what no allowed direction sees.
inline bool restricts_directions(Property property) {
  return row(property).structure != Structure::open;
}

// Two properties no variable may have together, and why.
struct PropertyConflict {
  Property a;
  Property b;
  const char* reason;
};

// Every conflicting pair; the loader reports the first one (in this order) that a
// variable's properties contain.
std::span<const PropertyConflict> property_conflicts();

}  // namespace grader::spec
