#define BOOST_TEST_MODULE check_diagnose_rules
// The diagnoses by rule of differentiation (src/check/diagnose_rules.hpp), through the
// checker as a student meets them: the key, the sentence, and the answers they must not name.

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/diagnosed.hpp"

using namespace grader;

namespace {

using grader_test::check_wrong;
using grader_test::contains;
using grader_test::key_of;
using grader_test::load_problem;

const std::string kDet = R"y(id: t/p
title: det
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n], properties: [invertible]}
function: det(A)
answer: {kind: gradient, wrt: [A], reference: det(A)*inv(A)'}
)y";

const std::string kSoftmax = R"y(id: t/p
title: logsumexp
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
function: log(sum(exp.(x)))
answer: {kind: gradient, wrt: [x], reference: exp.(x)/sum(exp.(x))}
)y";

const std::string kCube = R"y(id: t/p
title: cube
variables:
  x: {shape: [], range: [0.5, 2]}
function: x^3
answer: {kind: gradient, wrt: [x], reference: 3*x^2}
)y";

const std::string kLogdet = R"y(id: t/p
title: logdet
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n], properties: [invertible]}
require: ["det(X)"]
function: logdet(X)
answer: {kind: gradient, wrt: [X], reference: inv(X)'}
)y";

// T only in a let, far from the differential's factor; F in terms of the let.
const std::string kDecay = R"y(id: t/p
title: decay
variables:
  p: {shape: [], range: [0.5, 2]}
  u0: {shape: [], constant: true, range: [0.5, 2]}
  T: {shape: [], constant: true, range: [2.5, 4]}
let:
  u: u0*exp(-p*T)
function: u
answer: {kind: differential, wrt: [p], reference: -T*u0*exp(-p*T)*dp}
)y";

}  // namespace

BOOST_AUTO_TEST_SUITE(scalar_factor)

// logdet(X) is log(det(X)), and det(X) what `require` keeps positive: both name it.
BOOST_AUTO_TEST_CASE(the_det_of_a_logdet_is_a_candidate) {
  const auto extra = check_wrong(load_problem(kLogdet), "inv(X)'/det(X)");
  BOOST_TEST(key_of(extra) == "scalar-factor");
  BOOST_TEST(contains(extra.feedback, "An extra division by det(X)"), extra.feedback);
  const auto missing = check_wrong(load_problem(kLogdet), "det(X)*inv(X)'");
  BOOST_TEST(key_of(missing) == "scalar-factor");
  BOOST_TEST(contains(missing.feedback, "The division by det(X) is missing"), missing.feedback);
}

BOOST_AUTO_TEST_CASE(a_scalar_variable_is_a_candidate) {
  const auto r = check_wrong(load_problem(kDecay), "-u0*exp(-p*T)*dp");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "A factor T is missing"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_dropped_factor_of_the_function_is_named) {
  const auto r = check_wrong(load_problem(kDet), "inv(A)'");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "A factor det(A) is missing"), r.feedback);
  BOOST_TEST(!contains(r.feedback, "det(A)*inv(A)'"), r.feedback);
}

BOOST_AUTO_TEST_CASE(an_extra_factor_is_named) {
  const auto r = check_wrong(load_problem(kDet), "det(A)^2*inv(A)'");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "An extra factor det(A)"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_missing_division_is_named_as_one) {
  const auto r = check_wrong(load_problem(kSoftmax), "exp.(x)");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "The division by sum(exp.(x)) is missing"), r.feedback);
  const auto extra = check_wrong(load_problem(kSoftmax), "exp.(x)/sum(exp.(x))^2");
  BOOST_TEST(key_of(extra) == "scalar-factor");
  BOOST_TEST(contains(extra.feedback, "An extra division by sum(exp.(x))"), extra.feedback);
}

// n varies between points (dims: n in [2, 4]): a trace of an identity puts it in.
BOOST_AUTO_TEST_CASE(a_dimension_is_a_candidate_with_its_own_reason) {
  const auto r = check_wrong(load_problem(kLogdet), "n*inv(X)'");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "An extra factor n:"), r.feedback);
  BOOST_TEST(contains(r.feedback, "tr(I) = n"), r.feedback);
  BOOST_TEST(!contains(r.feedback, "depends on the point"), r.feedback);
}

// A varying factor with a small constant: 2*sum(exp.(x)), 2*det(A), -det(A).
BOOST_AUTO_TEST_CASE(a_factor_with_a_small_constant_is_named_whole) {
  const auto twice = check_wrong(load_problem(kSoftmax), "2*exp.(x)");
  BOOST_TEST(key_of(twice) == "scalar-factor");
  BOOST_TEST(contains(twice.feedback, "The division by 2*sum(exp.(x)) is missing"), twice.feedback);
  // Off by 1/2 alone is a constant factor, not this.
  BOOST_TEST(key_of(check_wrong(load_problem(kSoftmax), "exp.(x)/(2*sum(exp.(x)))")) == "factor");
  const auto half = check_wrong(load_problem(kDet), "inv(A)'/2");
  BOOST_TEST(key_of(half) == "scalar-factor");
  BOOST_TEST(contains(half.feedback, "A factor 2*det(A) is missing"), half.feedback);
  const auto negated = check_wrong(load_problem(kDet), "-det(A)^2*inv(A)'");
  BOOST_TEST(key_of(negated) == "scalar-factor");
  BOOST_TEST(contains(negated.feedback, "An extra factor -det(A):"), negated.feedback);
}

// F = r'*r has no norm(r) in it: the root of r'*r is tried, with its constant.
BOOST_AUTO_TEST_CASE(the_root_of_a_positive_scalar_is_a_candidate) {
  const auto p = load_problem(R"y(id: t/p
title: lsq
dims: {m: [3, 5], n: [2, 3]}
variables:
  x: {shape: [n]}
  A: {shape: [m, n], constant: true}
  b: {shape: [m], constant: true}
function: (A*x - b)'*(A*x - b)
answer: {kind: gradient, wrt: [x], reference: 2*A'*(A*x - b)}
)y");
  const auto r = check_wrong(p, "A'*(A*x - b)/norm(A*x - b)");
  BOOST_TEST(key_of(r) == "scalar-factor");
  BOOST_TEST(contains(r.feedback, "A factor 2*sqrt((A*x - b)'*(A*x - b)) is missing"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_constant_factor_stays_factor) {
  BOOST_TEST(key_of(check_wrong(load_problem(kDet), "2*det(A)*inv(A)'")) == "factor");
}

// A constant answer is some varying multiple of any varying reference: "missing a factor
// x^2" would be a claim about nothing the student wrote.
BOOST_AUTO_TEST_CASE(a_constant_answer_gets_no_scalar_factor) {
  BOOST_TEST(key_of(check_wrong(load_problem(kCube), "3")) != "scalar-factor");
  BOOST_TEST(key_of(check_wrong(load_problem(kCube), "3*x")) == "scalar-factor");
}

BOOST_AUTO_TEST_CASE(an_answer_no_scalar_explains_gets_none_of_it) {
  BOOST_TEST(key_of(check_wrong(load_problem(kDet), "det(A)*inv(A)")) != "scalar-factor");
  BOOST_TEST(key_of(check_wrong(load_problem(kSoftmax), "exp.(x)/sum(x)")) != "scalar-factor");
}

BOOST_AUTO_TEST_SUITE_END()
