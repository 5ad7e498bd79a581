#define BOOST_TEST_MODULE grade_computes
#include "grader/grade/computes.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "../support/temp_dir.hpp"
#include "grader/check/checker.hpp"
#include "grader/grade/batch.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;

namespace {

spec::AnswerText answer(const std::string& text) {
  spec::AnswerText a;
  a.single = text;
  return a;
}

struct Xax {
  spec::Problem problem =
      spec::load_problem_text(grader_test::kXaxSpec, "problems/t/xax.yaml", "t/xax");
  check::ProblemTrials trials{problem, 7};
  std::string key(const std::string& text) const {
    return grade::computes_key(trials, answer(text));
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(spellings_of_one_computation_share_a_key) {
  const Xax x;
  const std::string twice = x.key("2*X*A*dX");
  BOOST_TEST(twice.size() == 16u);
  BOOST_TEST(x.key("X*A*dX + X*A*dX") == twice);
  BOOST_TEST(x.key("(X*A*dX)*2") == twice);
  BOOST_TEST(x.key("2*X'*A*dX") != twice);
  BOOST_TEST(x.key("3*X*A*dX") != twice);  // a factor is another computation
  BOOST_TEST(x.key("X*A*dX") != twice);
  BOOST_TEST(x.key("dX*A*X + X*A*dX") != twice);
  // Another seed, other points: another key.
  const check::ProblemTrials other(x.problem, 8);
  BOOST_TEST(grade::computes_key(other, answer("2*X*A*dX")) != twice);
}

BOOST_AUTO_TEST_CASE(an_answer_that_cannot_be_evaluated_has_no_key) {
  const Xax x;
  BOOST_TEST(x.key("X +").empty());         // syntax
  BOOST_TEST(!x.key("X*A").empty());        // wrong, but of the right shape: evaluable
  BOOST_TEST(x.key("ones(3, 7)").empty());  // shape
  BOOST_TEST(x.key("unknown*dX").empty());  // name
  BOOST_TEST(x.key("").empty());
}

BOOST_AUTO_TEST_CASE(a_restricted_gradient_is_keyed_by_what_its_directions_see) {
  // S is symmetric: A, A' and (A + A')/2 are one gradient (the checker passes all three), and
  // 2*A is another; keys of raw values made three groups of the first three.
  const spec::Problem problem = spec::load_problem_text(R"(id: t/sym
title: tr(AS)
dims: {n: [3, 4]}
variables:
  A: {shape: [n, n], constant: true}
  S: {shape: [n, n], properties: [symmetric]}
function: trace(A*S)
answer:
  kind: gradient
  reference: (A + A')/2
)",
                                                        "problems/t/sym.yaml", "t/sym");
  const check::ProblemTrials trials(problem, 7);
  const std::string half = grade::computes_key(trials, answer("(A + A')/2"));
  BOOST_TEST(half.size() == 16u);
  BOOST_TEST(grade::computes_key(trials, answer("A")) == half);
  BOOST_TEST(grade::computes_key(trials, answer("A'")) == half);
  BOOST_TEST(grade::computes_key(trials, answer("2*A")) != half);
  BOOST_TEST(grade::computes_key(trials, answer("A + I")) != half);
}

BOOST_AUTO_TEST_CASE(a_batch_records_what_wrong_answers_compute) {
  grader_test::TempDir dir;
  const std::vector<spec::Problem> problems = {
      spec::load_problem_text(grader_test::kXaxSpec, "problems/t/xax.yaml", "t/xax")};
  grader_test::write_file(dir / "a.yaml", "answers:\n  t/xax: 2*X*A*dX\n");
  grader_test::write_file(dir / "b.yaml", "answers:\n  t/xax: X*A*dX*2\n");
  grader_test::write_file(dir / "c.yaml", "answers:\n  t/xax: dX*A*X + X*A*dX\n");
  const auto reports = grade::grade_all(grade::prepare_trials(problems, {}),
                                        grade::discover_students(dir.path()), {});
  BOOST_REQUIRE(reports.size() == 3u);
  const std::string a = reports[0].problems.at(0).computes;
  BOOST_TEST(a.size() == 16u);
  BOOST_TEST(reports[1].problems.at(0).computes == a);
  BOOST_TEST(reports[2].problems.at(0).computes.empty());  // a pass is not grouped
  // grader check leaves it out: only a batch groups answers.
  const check::ProblemTrials trials(problems[0], 1);
  BOOST_TEST(check::check_answer(trials, answer("2*X*A*dX")).computes.empty());
}
