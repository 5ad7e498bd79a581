#define BOOST_TEST_MODULE check_retest
#include "grader/check/retest.hpp"

#include <boost/test/unit_test.hpp>

#include "grader/spec/loader.hpp"

using namespace grader;
using expr::High;
using expr::HighMatrix;

namespace {

spec::Problem load(const std::string& variables) {
  return spec::load_problem_text("id: t/p\ntitle: T\ndims: {n: [3, 4]}\nvariables:\n" + variables +
                                     "function: X*A*X\nanswer: {kind: differential, reference: "
                                     "dX*A*X + X*A*dX}\n",
                                 "problems/t/p.yaml", "t/p");
}

double gap(const HighMatrix& a, const HighMatrix& b) {
  return HighMatrix(a - b).cwiseAbs().maxCoeff().convert_to<double>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(symmetric_inputs_are_symmetric_and_keep_the_rest) {
  const auto p = load("  X: {shape: [n, n]}\n  A: {shape: [n, n], constant: true}\n");
  const check::ProblemTrials trials(p, 1);
  const auto b = check::symmetric_inputs(trials, 0);
  BOOST_TEST_REQUIRE(b.has_value());
  for (const char* name : {"X", "A", "dX"}) {
    const HighMatrix& m = b->values.at(name);
    BOOST_TEST(gap(m, m.transpose()) == 0.0, name);
  }
  // The symmetric part of the trial's own X.
  const HighMatrix x = trials.trials()[0].point.values.at("X").cast<High>();
  BOOST_TEST(gap(b->values.at("X"), HighMatrix((x + x.transpose()) / High(2))) == 0.0);
}

BOOST_AUTO_TEST_CASE(commuting_inputs_commute) {
  const auto p = load("  X: {shape: [n, n]}\n  A: {shape: [n, n], constant: true}\n");
  const check::ProblemTrials trials(p, 1);
  const auto b = check::commuting_inputs(trials, 0);
  BOOST_TEST_REQUIRE(b.has_value());
  const HighMatrix& x = b->values.at("X");
  const HighMatrix& a = b->values.at("A");
  const HighMatrix& d = b->values.at("dX");
  BOOST_TEST(gap(HighMatrix(x * a), HighMatrix(a * x)) < 1e-40);
  BOOST_TEST(gap(HighMatrix(x * d), HighMatrix(d * x)) < 1e-40);
  BOOST_TEST(gap(x, x.transpose()) > 1e-3);  // not symmetric: commuting is another test
}

BOOST_AUTO_TEST_CASE(matrices_whose_structure_cannot_change_are_left_alone) {
  const auto p = load(
      "  X: {shape: [n, n], properties: [orthogonal]}\n"
      "  A: {shape: [n, n], constant: true, properties: [upper-triangular]}\n");
  const check::ProblemTrials trials(p, 1);
  BOOST_TEST(!check::symmetric_inputs(trials, 0).has_value());
  BOOST_TEST(!check::commuting_inputs(trials, 0).has_value());
}
