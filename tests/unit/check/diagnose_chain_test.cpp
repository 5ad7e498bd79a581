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

const std::string kHessian = R"y(id: t/p
title: lsq hessian
dims: {m: [3, 5], n: [2, 2]}
variables:
  x: {shape: [n]}
  A: {shape: [m, n], constant: true}
  b: {shape: [m], constant: true}
function: (A*x - b)'*(A*x - b)
answer: {kind: hessian, form: matrix, reference: 2*A'*A}
)y";

const std::string kNorm = R"y(id: t/p
title: norm
dims: {m: [2, 4], n: [2, 4]}
variables:
  X: {shape: [m, n]}
function: norm(X)
answer: {kind: gradient, wrt: [X], reference: X/norm(X)}
)y";

const std::string kVariations = R"y(id: t/p
title: variations
dims: {n: [3, 5], m: [2, 2]}
variables:
  u: {shape: [n]}
  D: {shape: [m, n], constant: true}
function: sum((D*u).^2)/2 + sum(u.^4)/4
answer: {kind: gradient, wrt: [u], reference: D'*D*u + u.^3}
)y";

const std::string kVjp = R"y(id: t/p
title: vjp
dims: {n: [2, 4], h: [2, 4], m: [1, 3]}
variables:
  x: {shape: [n]}
  W1: {shape: [h, n], constant: true}
  W2: {shape: [m, h], constant: true}
  v: {shape: [m], constant: true}
function: v'*W2*tanh.(W1*x)
answer: {kind: gradient, wrt: [x], reference: W1'*((ones(h) - tanh.(W1*x).^2) .* (W2'*v))}
)y";

const std::string kEigenvector = R"y(id: t/p
title: a let's name
dims: {n: [2, 4]}
variables:
  S: {shape: [n, n]}
  y: {shape: [n], constant: true}
let:
  q: S*y
function: (S*y)'*(S*y)
answer: {kind: differential, wrt: [S], reference: 2*(S*y)'*dS*y}
)y";

}  // namespace

BOOST_AUTO_TEST_SUITE(chain_rule)

// A wrong answer, its problem, and what the feedback must say of the factor and where it goes.
struct Named {
  const std::string* spec;
  const char* answer;
  const char* says;
  enum { right_shape, wrong_shape, either } shape;
};

BOOST_AUTO_TEST_CASE(each_missing_inner_factor_is_named_with_where_it_goes) {
  const Named cases[] = {
      // Right shape: the whole answer lacks A from the right.
      {&kExp, "diagm(exp.(A*x))", "the derivative of A*x, which is A", Named::right_shape},
      {&kExp, "diagm(exp.(A*x))", "times A from the right", Named::right_shape},
      // m×k where n×k is asked: the shape is wrong when m ≠ n, drawn at random.
      {&kFrobenius, "2*(A*X - B)", "the derivative of A*X, which is A", Named::either},
      // The whole answer of the wrong shape.
      {&kLeastSquares, "2*(A*x - b)", "with A' multiplied from the left", Named::wrong_shape},
      {&kNorm, "1/norm(X)", "your answer times X is right", Named::wrong_shape},
      {&kNorm, "1/(2*norm(X))", "your answer times 2*X is right", Named::wrong_shape},
      {&kNorm, "1/(2*norm(X))", "and a factor 2 with it", Named::wrong_shape},
      // A Hessian's inner Jacobian on both sides, for 2*I the Hessian of u'*u.
      {&kHessian, "2*I(n)", "with A' multiplied from the left and A from the right",
       Named::right_shape},
      // One term's shape does not fit: the D' of the first is missing.
      {&kVariations, "D*u + u.^3", "with D'*(D*u) in place of D*u", Named::wrong_shape},
      {&kVariations, "D*u + u.^3", "missing in part of your answer", Named::wrong_shape},
      // (D*u).^2 differentiated as u.^2: D missing inside and out, D'*D in front of the term.
      {&kVariations, "u + u.^3", "with D'*D*u in place of u", Named::right_shape},
      {&kLeastSquares, "2*x - 2*A'*b", "with A'*A*(2*x) in place of 2*x", Named::right_shape},
      // Inside an entrywise product.
      {&kVjp, "W1'*(ones(h) - tanh.(W1*x).^2)", ".*(v'*W2)' in place of", Named::right_shape},
      // Neither F nor the reference has a name for S*y; the let q does (as the eigenvector q
      // of a problem whose F is C++).
      {&kEigenvector, "2*dS*y", "with q' multiplied from the left", Named::wrong_shape},
  };
  for (const Named& c : cases) {
    const auto r = check_wrong(load_problem(*c.spec), c.answer);
    BOOST_TEST(key_of(r) == "chain-rule", c.answer);
    BOOST_TEST(contains(r.feedback, c.says), c.answer << ": " << r.feedback);
    BOOST_TEST(contains(r.feedback, "The chain rule's inner factor is missing"), r.feedback);
    if (c.shape != Named::either)
      BOOST_TEST((r.verdict == check::Verdict::invalid) == (c.shape == Named::wrong_shape),
                 c.answer);
  }
  // The reference itself is not quoted.
  BOOST_TEST(!contains(check_wrong(load_problem(kExp), "diagm(exp.(A*x))").feedback,
                       "diagm(exp.(A*x))*A"));
}

BOOST_AUTO_TEST_CASE(nothing_is_put_inside_a_nonlinear_function) {
  // exp.(x) for exp.(A*x) is a wrong inner value, not a missing factor of the derivative.
  const auto r = check_wrong(load_problem(kExp), "diagm(exp.(x))*A");
  BOOST_TEST(!contains(r.feedback, "in place of x"), r.feedback);
  BOOST_TEST(key_of(r) != "chain-rule", r.feedback);
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
  // Three times the inner derivative is not one of the constants tried; A*A' is not a
  // Hessian of A*x on both sides.
  BOOST_TEST(key_of(check_wrong(load_problem(kNorm), "1/(3*norm(X))")) != "chain-rule");
  BOOST_TEST(key_of(check_wrong(load_problem(kHessian), "2*A'*A*A'*A")) != "chain-rule");
}

BOOST_AUTO_TEST_SUITE_END()
