#define BOOST_TEST_MODULE check_diagnose_chain
// The chain-rule diagnosis (src/check/diagnose_chain.cpp), through the checker as a student
// meets it: an inner Jacobian left out, in answers of the right shape and of a wrong one.

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/diagnosed.hpp"

using namespace grader;

namespace {

using grader_test::check_text;
using grader_test::check_wrong;
using grader_test::contains;
using grader_test::key_of;
using grader_test::load_problem;

const std::string kLeastSquares = R"y(id: t/p
title: lsq
dims: {m: [3, 5], n: [2, 2]}
variables:
  x: {shape: [n]}
  A: {shape: [m, n], constant: true}
  b: {shape: [m], constant: true}
function: (A*x - b)'*(A*x - b)
answer: {kind: gradient, wrt: [x], reference: 2*A'*(A*x - b)}
)y";

const std::string kExp = R"y(id: t/p
title: exp
dims: {n: [2, 4]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true}
function: exp.(A*x)
answer: {kind: jacobian, reference: diagm(exp.(A*x))*A}
)y";

const std::string kFrobenius = R"y(id: t/p
title: frobenius
dims: {m: [2, 4], n: [2, 4], k: [2, 3]}
variables:
  X: {shape: [n, k]}
  A: {shape: [m, n], constant: true}
  B: {shape: [m, k], constant: true}
function: sum((A*X - B).^2)
answer: {kind: gradient, wrt: [X], reference: 2*A'*(A*X - B)}
)y";

}  // namespace

BOOST_AUTO_TEST_SUITE(chain_rule)

BOOST_AUTO_TEST_CASE(a_missing_inner_jacobian_of_the_right_shape_is_named) {
  const auto r = check_wrong(load_problem(kExp), "diagm(exp.(A*x))");
  BOOST_TEST(key_of(r) == "chain-rule");
  BOOST_TEST(contains(r.feedback, "the derivative of A*x, which is A"), r.feedback);
  BOOST_TEST(contains(r.feedback, "times A from the right"), r.feedback);
  BOOST_TEST(!contains(r.feedback, "diagm(exp.(A*x))*A"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_missing_inner_jacobian_that_makes_the_shape_wrong_is_named) {
  const auto r = check_wrong(load_problem(kLeastSquares), "2*(A*x - b)");
  BOOST_TEST((r.verdict == check::Verdict::invalid));
  BOOST_TEST(key_of(r) == "chain-rule");
  BOOST_TEST(contains(r.feedback, "with A' multiplied from the left"), r.feedback);
  BOOST_TEST(contains(r.feedback, "The chain rule's inner factor is missing"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_matrix_variable_is_named_too) {
  const auto r = check_wrong(load_problem(kFrobenius), "2*(A*X - B)");
  BOOST_TEST(key_of(r) == "chain-rule");
  BOOST_TEST(contains(r.feedback, "the derivative of A*X, which is A"), r.feedback);
}

BOOST_AUTO_TEST_CASE(right_answers_are_not_diagnosed) {
  for (const char* text : {"diagm(exp.(A*x))*A", "(A'*diagm(exp.(A*x)))'"}) {
    const auto r = check_text(load_problem(kExp), text);
    BOOST_TEST((r.verdict == check::Verdict::pass), text);
    BOOST_TEST(!r.diagnosis.has_value(), text);
  }
}

BOOST_AUTO_TEST_CASE(an_answer_no_inner_factor_explains_gets_none_of_it) {
  for (const char* text : {"exp.(A*x)*x'", "diagm(exp.(x))*A"}) {
    const auto r = check_wrong(load_problem(kExp), text);
    BOOST_TEST(key_of(r) != "chain-rule", text << ": " << r.feedback);
  }
}

BOOST_AUTO_TEST_SUITE_END()
