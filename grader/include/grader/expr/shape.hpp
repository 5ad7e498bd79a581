#pragma once
// Shapes of values, on symbolic dimensions (n, m, n*m, n+1) or concrete sizes. A problem's
// formulas are checked once on symbols, so that `X*A` with X n×m and A n×n is rejected even
// if a trial happens to draw m = n, and again on every trial's concrete sizes.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace grader::expr {

// Thrown by Dim arithmetic whose coefficients would overflow; the shape checker turns it
// into a limit diagnostic at the subexpression.
class DimOverflow : public std::overflow_error {
 public:
  DimOverflow() : std::overflow_error("dimension arithmetic overflows") {}
};

// A dimension: a polynomial with integer coefficients in the dimension names.
class Dim {
 public:
  Dim() = default;  // zero
  static Dim constant(long value);
  static Dim symbol(const std::string& name);

  bool is_constant() const;
  std::optional<long> constant_value() const;  // set iff is_constant()
  bool is_one() const { return constant_value() == 1; }

  // Replaces every name that has a value; the rest stay symbolic.
  Dim substitute(const std::map<std::string, long, std::less<>>& values) const;

  std::string to_string() const;  // "3", "n", "2n", "n*m", "n+1"
  // The same in the formula language, as a size argument: "3", "n", "2*n", "n*m + n + 1".
  std::string to_formula() const;
  // This dimension divided by `divisor` when the division is exact and the divisor a single
  // term (n*n / n is n, 6*n / 3 is 2*n); nullopt otherwise.
  std::optional<Dim> divided_by(const Dim& divisor) const;
  bool is_atom() const;  // prints without parentheses inside "r×c"

  friend Dim operator+(const Dim& a, const Dim& b);
  friend Dim operator-(const Dim& a, const Dim& b);
  friend Dim operator*(const Dim& a, const Dim& b);
  friend bool operator==(const Dim& a, const Dim& b) = default;

 private:
  // monomial (sorted names, repeated for powers) -> coefficient; no zero coefficients
  std::map<std::vector<std::string>, long> terms_;
};

struct Shape {
  Dim rows;
  Dim cols;
  // The identity `I` (times a scalar) whose size is not known yet: it takes its size from
  // what it meets (X + I, A*I). A formula whose value is such an I has no definite size.
  bool unsized_identity = false;

  static Shape matrix(Dim rows, Dim cols) { return {std::move(rows), std::move(cols), false}; }
  static Shape scalar() { return matrix(Dim::constant(1), Dim::constant(1)); }
  static Shape identity() { return {Dim::constant(1), Dim::constant(1), true}; }

  bool is_scalar() const { return !unsized_identity && rows.is_one() && cols.is_one(); }
  bool is_square() const { return unsized_identity || rows == cols; }
  bool is_vector() const { return !unsized_identity && cols.is_one(); }

  std::string to_string() const;  // "2×3", "n×n", "(n*m)×1", "1×1"
  friend bool operator==(const Shape& a, const Shape& b) = default;
};

}  // namespace grader::expr
