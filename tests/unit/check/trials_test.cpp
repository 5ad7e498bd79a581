#define BOOST_TEST_MODULE check_trials
#include "grader/check/trials.hpp"

#include <Eigen/Dense>
#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;

namespace {

// log det S + x'S⁻¹x with S only symmetric: F is undefined wherever det S < 0.
const std::string kSpd = R"(id: t/spd
title: SPD
dims: {n: [2, 4]}
variables:
  S: {shape: [n, n], properties: [symmetric]}
  x: {shape: [n], constant: true}
function: logdet(S) + x'*inv(S)*x
answer:
  kind: gradient
  wrt: [S]
  reference: inv(S) - inv(S)*x*x'*inv(S)
)";

}  // namespace

// Grading never judges an answer where F is undefined: such a candidate is redrawn, and the
// redraw is recorded with the fix validate reports.
BOOST_AUTO_TEST_CASE(points_where_f_is_undefined_are_redrawn_with_the_fix) {
  const spec::Problem p = spec::load_problem_text(kSpd, "problems/t/spd.yaml", "t/spd");
  int undefined = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const check::ProblemTrials trials(p, seed);
    BOOST_TEST_REQUIRE(!trials.failure().has_value());
    BOOST_TEST_REQUIRE(trials.trials().size() == 5u);
    for (const check::Trial& trial : trials.trials()) {
      BOOST_TEST_REQUIRE(trial.point.values.at("S").determinant() > 0.0);
      for (const auto& r : trial.point.redraws) {
        BOOST_TEST_REQUIRE((r.cause == sample::Redraw::Cause::undefined));
        BOOST_TEST_REQUIRE(r.reason ==
                           "F is undefined there (logdet of a matrix with a negative determinant: "
                           "det(S) < 0)");
        BOOST_TEST_REQUIRE(r.fix ==
                           "log det needs det(S) > 0 at every point: declare S positive-definite");
        ++undefined;
      }
    }
    spec::AnswerText right;
    right.single = "inv(S) - inv(S)*x*x'*inv(S)";
    BOOST_TEST(to_string(check::check_answer(trials, right).verdict) == "pass");
  }
  BOOST_TEST(undefined > 20);  // det S < 0 for about half the draws
}

// A point where the reference is undefined but F is not (sqrt(s)^2 = s only for s >= 0) is
// redrawn too, and named as the reference's.
BOOST_AUTO_TEST_CASE(points_where_the_reference_is_undefined_are_redrawn) {
  const std::string yaml = R"(id: t/ref
title: ref
variables:
  s: {shape: []}
function: s^2
answer: {kind: gradient, wrt: [s], reference: 2*sqrt(s)^2}
)";
  const spec::Problem p = spec::load_problem_text(yaml, "problems/t/ref.yaml", "t/ref");
  int redrawn = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const check::ProblemTrials trials(p, seed);
    BOOST_TEST_REQUIRE(trials.trials().size() == 5u);
    for (const check::Trial& trial : trials.trials()) {
      BOOST_TEST_REQUIRE(trial.point.values.at("s")(0, 0) > 0.0);
      for (const auto& r : trial.point.redraws) {
        BOOST_TEST_REQUIRE(r.reason.rfind("the reference is undefined there (square root of a "
                                          "negative number: 's' = -",
                                          0) == 0u,
                           r.reason);
        BOOST_TEST_REQUIRE(r.fix == "sqrt needs s > 0 at every point: declare s positive");
        ++redrawn;
      }
    }
  }
  BOOST_TEST(redrawn > 10);
}
