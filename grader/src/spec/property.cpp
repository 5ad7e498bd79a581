#include "grader/spec/property.hpp"

#include <algorithm>
#include <array>

#include "grader/core/error.hpp"

namespace grader::spec {

namespace {

using P = Property;

constexpr std::array kRows = {
    PropertyRow{.property = P::symmetric,
                .name = "symmetric",
                .needs_square = true,
                .structure = Structure::symmetric,
                .commuting = Commuting::orthogonally_similar},
    // A skew-symmetric matrix's symmetric part is zero: what makes S + K symmetric.
    PropertyRow{.property = P::skew_symmetric,
                .name = "skew-symmetric",
                .needs_square = true,
                .structure = Structure::skew,
                .symmetric_part_ok = true},
    PropertyRow{.property = P::positive_definite,
                .name = "positive-definite",
                .needs_square = true,
                .fixes_entries = true,
                .structure = Structure::symmetric,
                .commuting = Commuting::orthogonally_similar},
    PropertyRow{.property = P::invertible,
                .name = "invertible",
                .needs_square = true,
                .symmetric_part_ok = true,
                .commuting = Commuting::similar},
    PropertyRow{.property = P::orthogonal,
                .name = "orthogonal",
                .needs_square = true,
                .fixes_entries = true,
                .structure = Structure::orthogonal},
    PropertyRow{.property = P::diagonal,
                .name = "diagonal",
                .needs_square = true,
                .structure = Structure::zeros,
                .zeros = Zeros::off_diagonal},
    PropertyRow{.property = P::upper_triangular,
                .name = "upper-triangular",
                .needs_square = true,
                .structure = Structure::zeros,
                .zeros = Zeros::below_diagonal},
    PropertyRow{.property = P::lower_triangular,
                .name = "lower-triangular",
                .needs_square = true,
                .structure = Structure::zeros,
                .zeros = Zeros::above_diagonal},
    PropertyRow{.property = P::positive, .name = "positive", .symmetric_part_ok = true},
    PropertyRow{.property = P::unit,
                .name = "unit",
                .needs_column_vector = true,
                .fixes_entries = true,
                .structure = Structure::unit},
    // Drawn symmetric, so that the eigenvalues are real and their gaps can be measured.
    PropertyRow{.property = P::distinct_eigenvalues,
                .name = "distinct-eigenvalues",
                .needs_square = true,
                .structure = Structure::symmetric,
                .symmetric_part_ok = true,
                .commuting = Commuting::similar},
    PropertyRow{.property = P::full_rank,
                .name = "full-rank",
                .symmetric_part_ok = true,
                .commuting = Commuting::similar},
};

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    if (static_cast<std::size_t>(kRows[i].property) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kRows has one row per Property, in the enum's order");

constexpr const char* kZeroOnly = "only the zero matrix is both";
constexpr const char* kCannotDraw = "grader cannot draw a matrix that is both";
constexpr const char* kSymmetricTriangular =
    "a symmetric triangular matrix is diagonal: write diagonal";

const PropertyConflict kConflicts[] = {
    {P::symmetric, P::skew_symmetric, kZeroOnly},
    {P::skew_symmetric, P::positive_definite, "x'Kx = 0 for a skew-symmetric K and every x"},
    {P::skew_symmetric, P::distinct_eigenvalues,
     "distinct-eigenvalues matrices are drawn symmetric"},
    {P::skew_symmetric, P::diagonal, kZeroOnly},
    {P::skew_symmetric, P::upper_triangular, kZeroOnly},
    {P::skew_symmetric, P::lower_triangular, kZeroOnly},
    {P::skew_symmetric, P::positive, "a skew-symmetric matrix has a zero diagonal"},
    {P::orthogonal, P::symmetric, kCannotDraw},
    {P::orthogonal, P::skew_symmetric, kCannotDraw},
    {P::orthogonal, P::positive_definite, "the only positive-definite orthogonal matrix is I"},
    {P::orthogonal, P::diagonal, "a diagonal orthogonal matrix has only ±1 on its diagonal"},
    {P::orthogonal, P::upper_triangular,
     "a triangular orthogonal matrix is diagonal with ±1 on its diagonal"},
    {P::orthogonal, P::lower_triangular,
     "a triangular orthogonal matrix is diagonal with ±1 on its diagonal"},
    {P::orthogonal, P::positive, "two columns with every entry > 0 cannot be orthogonal"},
    {P::orthogonal, P::distinct_eigenvalues, kCannotDraw},
    {P::upper_triangular, P::lower_triangular, "a matrix that is both is diagonal: write diagonal"},
    {P::symmetric, P::upper_triangular, kSymmetricTriangular},
    {P::symmetric, P::lower_triangular, kSymmetricTriangular},
    {P::positive_definite, P::upper_triangular, kSymmetricTriangular},
    {P::positive_definite, P::lower_triangular, kSymmetricTriangular},
    {P::distinct_eigenvalues, P::upper_triangular, kSymmetricTriangular},
    {P::distinct_eigenvalues, P::lower_triangular, kSymmetricTriangular},
    {P::positive, P::diagonal,
     "positive means every entry > 0, but a diagonal matrix has zero entries"},
    {P::positive, P::upper_triangular,
     "positive means every entry > 0, but a triangular matrix has zero entries"},
    {P::positive, P::lower_triangular,
     "positive means every entry > 0, but a triangular matrix has zero entries"},
    {P::positive, P::positive_definite, kCannotDraw},
    {P::positive, P::distinct_eigenvalues, kCannotDraw},
};

}  // namespace

std::span<const PropertyRow> property_table() {
  return kRows;
}

const PropertyRow& row(Property property) {
  const auto index = static_cast<std::size_t>(property);
  if (index >= kRows.size()) throw InternalError("no row for an unknown property");
  return kRows[index];
}

std::optional<Property> property_named(std::string_view name) {
  const auto it = std::find_if(kRows.begin(), kRows.end(),
                               [&](const PropertyRow& r) { return r.name == name; });
  if (it == kRows.end()) return std::nullopt;
  return it->property;
}

const char* to_string(Property property) {
  const auto index = static_cast<std::size_t>(property);
  // The names are literals, so that data() is terminated.
  return index < kRows.size() ? kRows[index].name.data() : "unknown property";
}

std::span<const PropertyConflict> property_conflicts() {
  return kConflicts;
}

}  // namespace grader::spec
