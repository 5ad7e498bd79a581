#define BOOST_TEST_MODULE sample_domain
#include "grader/sample/domain.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "grader/expr/evaluate.hpp"

namespace sp = grader::spec;
namespace gx = grader::expr;
using MD = gx::Matrix<double>;

namespace {

sp::Variable var(std::string name, std::vector<sp::ShapeEntry> shape) {
  sp::Variable v;
  v.name = std::move(name);
  v.shape = std::move(shape);
  return v;
}

// A problem with a 2×2 S, a 2×2 B, a vector x, scalars s and t, and a fixed C = 0.
sp::Problem problem() {
  sp::Problem p;
  p.id = "t/domain";
  p.variables = {var("S", {{"", 2}, {"", 2}}), var("B", {{"", 2}, {"", 2}}), var("x", {{"", 2}}),
                 var("s", {}), var("t", {})};
  sp::Variable c = var("C", {{"", 2}, {"", 2}});
  c.value = sp::FormulaText{"zeros(2, 2)", {}};
  c.constant = true;
  p.variables.push_back(c);
  return p;
}

// The fix for `formula` at S = diag(-1, 1) (det < 0, not symmetric after adding the off
// corner), B singular, x = (-1, 1), s = -1, t = 0, C = 0.
std::string fix_of(const std::string& formula) {
  const sp::Problem p = problem();
  const gx::Formula f = gx::parse(formula);
  gx::Bindings<double> b;
  MD s(2, 2);
  s << -1, 0, 0.5, 1;
  b.values["S"] = s;
  b.values["B"] = MD::Ones(2, 2);
  MD x(2, 1);
  x << -1, 1;
  b.values["x"] = x;
  b.values["s"] = MD::Constant(1, 1, -1.0);
  b.values["t"] = MD::Zero(1, 1);
  b.values["C"] = MD::Zero(2, 2);
  try {
    gx::evaluate(f, b);
  } catch (const gx::FormulaError& e) {
    BOOST_TEST_REQUIRE((e.kind() == gx::ErrorKind::domain), e.what());
    return grader::sample::domain_fix(p, f, e);
  }
  BOOST_FAIL("no domain error in " + formula);
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(logdet_of_a_matrix_variable_asks_for_positive_definite) {
  BOOST_TEST(fix_of("logdet(S) + 1") ==
             "log det needs det(S) > 0 at every point: declare S positive-definite");
  BOOST_TEST(fix_of("logdet(S')") ==
             "log det needs det(S') > 0 at every point: declare S positive-definite");
}

BOOST_AUTO_TEST_CASE(inverses_solves_and_divisions_ask_for_invertible_or_positive) {
  BOOST_TEST(fix_of("inv(B)") == "inv needs a nonsingular B at every point: declare B invertible");
  BOOST_TEST(fix_of("x'*(B\\x)") ==
             "a solve (\\) needs a nonsingular B at every point: declare B invertible");
  BOOST_TEST(fix_of("x/t") == "division needs a nonsingular t at every point: declare t positive");
}

BOOST_AUTO_TEST_CASE(log_sqrt_and_fractional_powers_ask_for_positive) {
  BOOST_TEST(fix_of("log(s)") == "log needs s > 0 at every point: declare s positive");
  BOOST_TEST(fix_of("sqrt.(x)") == "sqrt needs x > 0 at every point: declare x positive");
  BOOST_TEST(fix_of("s^0.5") ==
             "a non-integer power needs s > 0 at every point: declare s positive");
}

BOOST_AUTO_TEST_CASE(eigenvalues_ask_for_symmetric) {
  BOOST_TEST(fix_of("sum(eigvals(S))") ==
             "eigvals needs a symmetric S at every point: declare S symmetric");
}

BOOST_AUTO_TEST_CASE(a_compound_operand_gets_a_require) {
  BOOST_TEST(fix_of("logdet(S*B + S)") ==
             "log det needs det(S*B + S) > 0 at every point: declare its inputs so, or add "
             "require: [\"det(S*B + S)\"]");
  BOOST_TEST(fix_of("log(s*t - 1)") ==
             "log needs s*t - 1 > 0 at every point: declare its inputs positive, or add require: "
             "[\"s*t - 1\"] when it is a scalar");
}

BOOST_AUTO_TEST_CASE(a_fixed_value_is_named_as_such) {
  BOOST_TEST(fix_of("inv(C)") ==
             "inv needs a nonsingular C at every point: C is a fixed value (value: zeros(2, 2)); "
             "change it");
}

BOOST_AUTO_TEST_CASE(what_no_property_prevents_gets_the_generic_advice) {
  const std::string generic =
      "add a require: that holds exactly where it is defined, or give the variables properties "
      "or a range that keep it defined";
  BOOST_TEST(fix_of("exp(1000*s*s)") == generic);  // overflow: not a finite number
  BOOST_TEST(fix_of("x[2*s + 5]") == generic);     // an index out of bounds
}
