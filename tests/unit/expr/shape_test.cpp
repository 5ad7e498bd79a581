#define BOOST_TEST_MODULE expr_shape
#include "grader/expr/shape.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <ostream>
#include <string>

namespace grader::expr {
std::ostream& operator<<(std::ostream& os, const Dim& d) {
  return os << d.to_string();
}
std::ostream& operator<<(std::ostream& os, const Shape& s) {
  return os << s.to_string();
}
}  // namespace grader::expr

using grader::expr::Dim;
using grader::expr::Shape;

namespace {

const Dim n = Dim::symbol("n");
const Dim m = Dim::symbol("m");
Dim c(long v) {
  return Dim::constant(v);
}
using Values = std::map<std::string, long, std::less<>>;

}  // namespace

BOOST_AUTO_TEST_CASE(constants_and_zero) {
  BOOST_TEST(Dim().to_string() == "0");
  BOOST_TEST(Dim().is_constant());
  BOOST_TEST(Dim().constant_value().value_or(-99) == 0);
  BOOST_TEST(c(0) == Dim());
  BOOST_TEST(c(3).to_string() == "3");
  BOOST_TEST(c(-4).to_string() == "-4");
  BOOST_TEST(c(3).constant_value().value_or(-99) == 3);
  BOOST_TEST(c(1).is_one());
  BOOST_TEST(!c(2).is_one());
  BOOST_TEST(!Dim().is_one());
}

BOOST_AUTO_TEST_CASE(symbols_are_not_constant) {
  BOOST_TEST(n.to_string() == "n");
  BOOST_TEST(!n.is_constant());
  BOOST_TEST(!n.constant_value().has_value());
  BOOST_TEST(!n.is_one());
  BOOST_TEST(Dim::symbol("λ").to_string() == "λ");
}

BOOST_AUTO_TEST_CASE(constant_arithmetic_folds) {
  BOOST_TEST(c(2) + c(3) == c(5));
  BOOST_TEST(c(2) - c(3) == c(-1));
  BOOST_TEST(c(2) * c(3) == c(6));
  BOOST_TEST(c(3) - c(3) == Dim());
  BOOST_TEST(c(7) * Dim() == Dim());
}

BOOST_AUTO_TEST_CASE(polynomial_arithmetic_collects_like_terms) {
  BOOST_TEST((n + n).to_string() == "2n");
  BOOST_TEST(n + n == c(2) * n);
  BOOST_TEST(n - n == Dim());
  BOOST_TEST((n - n).is_constant());
  BOOST_TEST(n * c(0) == Dim());
  BOOST_TEST((n + c(1)) - c(1) == n);
  BOOST_TEST((n + c(1)) * (n - c(1)) == n * n - c(1));
  BOOST_TEST((n + m) * (n + m) == n * n + c(2) * n * m + m * m);
}

BOOST_AUTO_TEST_CASE(equality_is_independent_of_the_order_of_operations) {
  BOOST_TEST(n + m == m + n);
  BOOST_TEST(n * m == m * n);
  BOOST_TEST((n * m) * n == n * (m * n));
  BOOST_TEST(n * (m + c(1)) == n * m + n);
  BOOST_TEST(!(n == m));
  BOOST_TEST(!(n * n == n));
  BOOST_TEST(!(n + c(1) == n));
  BOOST_TEST(!(c(2) * n == n * n));
}

BOOST_AUTO_TEST_CASE(to_string_of_common_dimensions) {
  BOOST_TEST((c(2) * n).to_string() == "2n");
  BOOST_TEST((n + c(1)).to_string() == "n+1");
  BOOST_TEST((c(1) + n).to_string() == "n+1");  // highest degree first
  BOOST_TEST((n - c(1)).to_string() == "n-1");
  BOOST_TEST((c(1) - n).to_string() == "-n+1");
  BOOST_TEST((c(-2) * n).to_string() == "-2n");
  BOOST_TEST((n * n).to_string() == "n*n");
  BOOST_TEST((n * n + c(1)).to_string() == "n*n+1");
}

BOOST_AUTO_TEST_CASE(products_of_names_print_in_one_canonical_order) {
  // Factors are kept sorted, so n*m and m*n are the same dimension and print alike.
  BOOST_TEST((n * m).to_string() == "m*n");
  BOOST_TEST((m * n).to_string() == (n * m).to_string());
  BOOST_TEST((c(2) * n * m).to_string() == "2m*n");
  BOOST_TEST((n * m + n + c(1)).to_string() == "m*n+n+1");
  BOOST_TEST((n + m).to_string() == "m+n");
}

BOOST_AUTO_TEST_CASE(atoms_print_without_parentheses_in_shapes) {
  BOOST_TEST(Dim().is_atom());
  BOOST_TEST(c(12).is_atom());
  BOOST_TEST(n.is_atom());
  BOOST_TEST((c(2) * n).is_atom());
  BOOST_TEST(!(n * m).is_atom());
  BOOST_TEST(!(n + c(1)).is_atom());
  BOOST_TEST(!(n * n).is_atom());
}

BOOST_AUTO_TEST_CASE(substitute_replaces_names_that_have_values) {
  const Dim d = c(2) * n + m;
  BOOST_TEST(d.substitute(Values{{"n", 3}}) == m + c(6));
  BOOST_TEST(d.substitute(Values{{"n", 3}}).to_string() == "m+6");
  BOOST_TEST(d.substitute(Values{{"n", 3}, {"m", 2}}) == c(8));
  BOOST_TEST(d.substitute(Values{{"n", 3}, {"m", 2}}).constant_value().value_or(-1) == 8);
  BOOST_TEST(d.substitute(Values{}) == d);
  BOOST_TEST(d.substitute(Values{{"k", 5}}) == d);
  BOOST_TEST((n * m).substitute(Values{{"m", 4}}) == c(4) * n);
  BOOST_TEST((n * n - c(1)).substitute(Values{{"n", 5}}) == c(24));
  BOOST_TEST((n - m).substitute(Values{{"n", 2}, {"m", 2}}) == Dim());
}

BOOST_AUTO_TEST_CASE(shape_to_string_uses_the_times_sign) {
  BOOST_TEST(Shape::matrix(c(2), c(3)).to_string() == "2×3");
  BOOST_TEST(Shape::matrix(n, n).to_string() == "n×n");
  BOOST_TEST(Shape::matrix(n, m).to_string() == "n×m");
  BOOST_TEST(Shape::scalar().to_string() == "1×1");
  BOOST_TEST(Shape::matrix(c(2) * n, c(1)).to_string() == "2n×1");
}

BOOST_AUTO_TEST_CASE(shape_to_string_parenthesises_compound_dimensions) {
  BOOST_TEST(Shape::matrix(n * m, c(1)).to_string() == "(m*n)×1");
  BOOST_TEST(Shape::matrix(n + c(1), n + c(1)).to_string() == "(n+1)×(n+1)");
  BOOST_TEST(Shape::matrix(n * n, n * m).to_string() == "(n*n)×(m*n)");
}

BOOST_AUTO_TEST_CASE(unsized_identity_describes_itself) {
  BOOST_TEST(Shape::identity().to_string() == "I (of a size not yet known)");
}

BOOST_AUTO_TEST_CASE(shape_predicates) {
  BOOST_TEST(Shape::scalar().is_scalar());
  BOOST_TEST(Shape::scalar().is_square());
  BOOST_TEST(Shape::scalar().is_vector());
  BOOST_TEST(!Shape::identity().is_scalar());
  BOOST_TEST(Shape::identity().is_square());
  BOOST_TEST(!Shape::identity().is_vector());
  BOOST_TEST(Shape::matrix(n, n).is_square());
  BOOST_TEST(!Shape::matrix(n, m).is_square());
  BOOST_TEST(Shape::matrix(n, c(1)).is_vector());
  BOOST_TEST(!Shape::matrix(c(1), n).is_vector());
  BOOST_TEST(!Shape::matrix(n, c(1)).is_scalar());
  BOOST_TEST(Shape::matrix(n - n + c(1), c(1)).is_scalar());
}

BOOST_AUTO_TEST_CASE(shape_equality_compares_dimensions_and_identity_flag) {
  BOOST_TEST(Shape::matrix(n, m) == Shape::matrix(n, m));
  BOOST_TEST(!(Shape::matrix(n, m) == Shape::matrix(m, n)));
  BOOST_TEST(Shape::matrix(n + m, c(1)) == Shape::matrix(m + n, c(1)));
  BOOST_TEST(!(Shape::identity() == Shape::scalar()));
}
