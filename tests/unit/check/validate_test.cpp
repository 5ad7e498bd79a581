#define BOOST_TEST_MODULE check_validate
#include "grader/check/validate.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;

namespace {

spec::Problem load(const std::string& yaml, const std::string& id) {
  return spec::load_problem_text(yaml, "problems/" + id + ".yaml", id);
}

// log det S + x'S⁻¹x, whose S needs det S > 0: `properties` is what the author declared.
std::string spd(const std::string& properties) {
  return R"(id: t/spd
title: SPD
dims: {n: [2, 4]}
variables:
  S: {shape: [n, n], properties: [)" +
         properties + R"(]}
  x: {shape: [n], constant: true}
function: logdet(S) + x'*inv(S)*x
answer:
  kind: gradient
  wrt: [S]
  reference: inv(S) - inv(S)*x*x'*inv(S)
)";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_missing_property_fails_with_its_name) {
  const auto v = check::validate_problem(load(spd("symmetric"), "t/spd"), 1, 3);
  BOOST_TEST_REQUIRE(v.failures.size() == 1u);
  const std::string& f = v.failures.front();
  BOOST_TEST(starts_with(f,
                         "seeds 1, 2, 3: F is undefined there (logdet of a matrix with a "
                         "negative determinant: det(S) < 0), at "),
             f);
  BOOST_TEST(f.find(" draws of seed 1 (grading redraws them): log det needs det(S) > 0 at every "
                    "point: declare S positive-definite") != std::string::npos,
             f);
  const auto declared =
      check::validate_problem(load(spd("symmetric, positive-definite"), "t/spd"), 1, 3);
  BOOST_TEST(declared.ok(), (declared.failures.empty() ? "" : declared.failures.front()));
}

BOOST_AUTO_TEST_CASE(a_wrong_reference_is_one_line_at_its_position) {
  std::string yaml = grader_test::kXaxSpec;
  const std::string right = "reference: dX*A*X + X*A*dX";
  yaml.replace(yaml.find(right), right.size(), "reference: dX*A*X + X*A*dX'");
  const auto v = check::validate_problem(load(yaml, "t/xax"), 1, 3);
  // The mistake 2*X*A*dX still fails; only the oracles disagree.
  BOOST_TEST_REQUIRE(v.failures.size() == 1u);
  const std::string& f = v.failures.front();
  BOOST_TEST(starts_with(f,
                         "problems/t/xax.yaml:10:14: the reference disagrees with the numerical "
                         "derivatives of F at 15 of 15 points (seeds 1..3): high-precision "
                         "difference (worst relative difference "),
             f);
  BOOST_TEST(f.find("; central difference (worst relative difference ") != std::string::npos, f);
  BOOST_TEST(f.find("; complex step (worst relative difference ") != std::string::npos, f);
  for (const auto& a : v.oracles) {
    BOOST_TEST(a.failed == 15, a.oracle);
    BOOST_TEST(a.worst_seed >= 1u);
    BOOST_TEST(a.worst_point >= 1);
  }
}

BOOST_AUTO_TEST_CASE(an_example_failing_at_every_seed_is_one_line) {
  std::string yaml = grader_test::kXaxSpec;
  yaml += "examples:\n  accept: [\"2*dX*A*X\"]\n";
  const auto v = check::validate_problem(load(yaml, "t/xax"), 4, 3);
  BOOST_TEST_REQUIRE(v.failures.size() == 1u);
  BOOST_TEST(
      starts_with(v.failures.front(), "seeds 4, 5, 6: examples.accept '2*dX*A*X' was fail: "),
      v.failures.front());
}

BOOST_AUTO_TEST_CASE(mostly_redrawn_points_fail_past_the_stated_share) {
  const std::string yaml = R"(id: t/rare
title: rare
dims: {n: [2, 3]}
variables:
  x: {shape: [n]}
require: ["x[1] - 0.9"]
function: x'*x
answer: {kind: differential, reference: 2*x'*dx}
check: {max_redraws: 1000}
)";
  const auto v = check::validate_problem(load(yaml, "t/rare"), 1, 1);
  BOOST_TEST_REQUIRE(v.failures.size() == 1u);
  const std::string& f = v.failures.front();
  BOOST_TEST(starts_with(f, "seed 1: "), f);
  BOOST_TEST(f.find(" draws were redrawn, more than 80% (the last: require 'x[1] - 0.9' is ") !=
                 std::string::npos,
             f);
  // 1 in 2 redrawn is the author's require at work, not a failure.
  std::string common = yaml;
  common.replace(common.find("0.9"), 3, "0.0");
  BOOST_TEST(check::validate_problem(load(common, "t/rare"), 1, 3).ok());
}

BOOST_AUTO_TEST_CASE(an_ill_conditioned_fixed_value_fails_past_the_bound) {
  const std::string yaml = R"(id: t/cond
title: cond
variables:
  x: {shape: [2]}
  C: {shape: [2, 2], value: "[1 0; 0 1e-9]"}
function: x'*C*x
answer: {kind: differential, reference: 2*x'*C*dx}
)";
  const auto v = check::validate_problem(load(yaml, "t/cond"), 1, 1);
  BOOST_TEST_REQUIRE(!v.failures.empty());
  BOOST_TEST(v.failures.back() ==
                 "seed 1: the inputs' condition number is 1e+09 at a point, past "
                 "check.max_condition = 1e+06 (a value: or a let is ill-conditioned; drawn "
                 "variables are redrawn)",
             v.failures.back());
}

// Issue 20: d²F of a matrix-valued F, against the 50-digit second difference and the central
// difference of complex steps.
namespace {

const std::string kInverseQuadratic = R"(id: t/invq
title: inverse
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n], properties: [invertible]}
function: inv(A)
answer: {kind: hessian, form: quadratic, reference: 2*inv(A)*dA*inv(A)*dA*inv(A)}
)";

const std::string kSecondOracles[] = {"high-precision second difference",
                                      "central difference of complex steps"};

}  // namespace

BOOST_AUTO_TEST_CASE(a_matrix_quadratic_form_agrees_with_both_second_derivative_oracles) {
  const auto v = check::validate_problem(load(kInverseQuadratic, "t/invq"), 1, 5);
  BOOST_TEST(v.ok(), (v.failures.empty() ? "" : v.failures.front()));
  BOOST_TEST_REQUIRE(v.oracles.size() == 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    BOOST_TEST(v.oracles[k].oracle == kSecondOracles[k]);
    BOOST_TEST(v.oracles[k].failed == 0);
    BOOST_TEST(v.oracles[k].trials >= 20, v.oracles[k].oracle);
  }
  BOOST_TEST(v.oracles[0].worst_rel < 1e-15);
  BOOST_TEST(v.oracles[1].worst_rel < 1e-6);
}

BOOST_AUTO_TEST_CASE(a_wrong_matrix_second_derivative_fails_naming_the_oracles) {
  std::string yaml = kInverseQuadratic;
  const std::string right = "reference: 2*inv(A)*dA*inv(A)*dA*inv(A)";
  // The scalar rule 2/a³ da², which matrices do not obey.
  yaml.replace(yaml.find(right), right.size(), "reference: 2*inv(A)^3*dA^2");
  const auto v = check::validate_problem(load(yaml, "t/invq"), 1, 3);
  BOOST_TEST_REQUIRE(v.failures.size() == 1u);
  const std::string& f = v.failures.front();
  BOOST_TEST(starts_with(f,
                         "problems/t/invq.yaml:7:53: the reference disagrees with the numerical "
                         "derivatives of F at 15 of 15 points (seeds 1..3): high-precision "
                         "second difference (worst relative difference "),
             f);
  BOOST_TEST(f.find("; central difference of complex steps (worst relative difference ") !=
                 std::string::npos,
             f);
}

BOOST_AUTO_TEST_CASE(a_bilinear_reference_is_checked_along_both_directions) {
  const std::string yaml = R"(id: t/cubeb
title: cube
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
function: X^3
answer:
  kind: hessian
  form: bilinear
  second_direction: dY
  reference: dX*dY*X + dY*dX*X + dX*X*dY + dY*X*dX + X*dX*dY + X*dY*dX
)";
  const auto v = check::validate_problem(load(yaml, "t/cubeb"), 1, 3);
  BOOST_TEST(v.ok(), (v.failures.empty() ? "" : v.failures.front()));
  BOOST_TEST(v.oracles.size() == 2u);
  // The quadratic form d²F[dX, dX] in the place of d²F[dX, dY]: every oracle disagrees, and
  // the reference fails its own form test.
  std::string wrong = yaml;
  const std::string right = "reference: dX*dY*X";
  wrong.replace(wrong.find(right), right.size(), "reference: dX*dX*X");
  const auto w = check::validate_problem(load(wrong, "t/cubeb"), 1, 3);
  BOOST_TEST_REQUIRE(w.failures.size() == 2u);
  BOOST_TEST(w.failures[0].find("the reference disagrees with the numerical derivatives of F at "
                                "15 of 15 points (seeds 1..3): high-precision second difference") !=
                 std::string::npos,
             w.failures[0]);
  BOOST_TEST(w.failures[1].find("the reference, as a student's answer, '") != std::string::npos,
             w.failures[1]);
}
