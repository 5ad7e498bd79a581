#define BOOST_TEST_MODULE check_diagnose_quotient
// The quotient-rule diagnosis (src/check/diagnose_quotient.cpp), through the checker as a
// student meets it: the term -f*dg/g^2 dropped or with its sign flipped.

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

const std::string kRayleigh = R"y(id: t/p
title: rayleigh
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true, properties: [symmetric]}
require: ["x'*x - 0.1"]
function: x'*A*x/(x'*x)
answer: {kind: gradient, wrt: [x], reference: 2*(A*x - (x'*A*x)/(x'*x)*x)/(x'*x)}
)y";

const std::string kNormalize = R"y(id: t/p
title: normalize
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
require: ["norm(x) - 0.1"]
function: x/norm(x)
answer: {kind: jacobian, reference: (I(n) - x*x'/(x'*x))/norm(x)}
)y";

const std::string kHalf = R"y(id: t/p
title: half
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true, properties: [symmetric]}
function: x'*A*x/2
answer: {kind: gradient, wrt: [x], reference: A*x}
)y";

const std::string kRatio = R"y(id: t/p
title: ratio
variables:
  p: {shape: [], range: [0.5, 2]}
  q: {shape: [], range: [0.5, 2]}
function: sin(p)/q
answer: {kind: differential, wrt: [p, q], reference: cos(p)*dp/q - sin(p)*dq/q^2}
)y";

// F has no quotient at its root; its gradient, the softmax, is one.
const std::string kLogSumExp = R"y(id: t/p
title: logsumexp
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
let:
  p: exp.(x)/sum(exp.(x))
function: log(sum(exp.(x)))
answer: {kind: hessian, form: matrix, reference: diagm(p) - p*p'}
)y";

}  // namespace

BOOST_AUTO_TEST_SUITE(quotient_rule)

BOOST_AUTO_TEST_CASE(a_dropped_term_of_a_gradient_is_named) {
  const auto r = check_wrong(load_problem(kRayleigh), "2*A*x/(x'*x)");
  BOOST_TEST(key_of(r) == "quotient-rule");
  BOOST_TEST(contains(r.feedback, "The quotient rule's second term is missing"), r.feedback);
  BOOST_TEST(contains(r.feedback, "f = x'*A*x and g = x'*x"), r.feedback);
  BOOST_TEST(!contains(r.feedback, "(x'*A*x)/(x'*x)*x"), r.feedback);
}

BOOST_AUTO_TEST_CASE(a_flipped_sign_of_a_jacobian_is_named) {
  const auto r = check_wrong(load_problem(kNormalize), "I(n)/norm(x) + x*x'/norm(x)^3");
  BOOST_TEST(key_of(r) == "quotient-rule");
  BOOST_TEST(contains(r.feedback, "has the wrong sign"), r.feedback);
  BOOST_TEST(key_of(check_wrong(load_problem(kNormalize), "I(n)/norm(x)")) == "quotient-rule");
}

// df/g - f*dg/g: the second term over g where the rule has g^2.
BOOST_AUTO_TEST_CASE(a_second_term_over_g_not_g_squared_is_named) {
  const auto r = check_wrong(load_problem(kRayleigh), "2*A*x/(x'*x) - 2*(x'*A*x)*x/(x'*x)");
  BOOST_TEST(key_of(r) == "quotient-rule");
  BOOST_TEST(contains(r.feedback, "divides by g, not by g^2"), r.feedback);
  BOOST_TEST(key_of(check_wrong(load_problem(kRatio), "cos(p)*dp/q - sin(p)*dq/q")) ==
             "quotient-rule");
}

BOOST_AUTO_TEST_CASE(a_quotient_inside_f_over_g_not_g_squared_is_named) {
  const auto r = check_wrong(load_problem(kLogSumExp),
                             "diagm(exp.(x))/sum(exp.(x)) - exp.(x)*exp.(x)'/sum(exp.(x))");
  BOOST_TEST(key_of(r) == "quotient-rule");
  BOOST_TEST(contains(r.feedback,
                      "with '-exp.(x)*exp.(x)'/sum(exp.(x))' (column 31) divided by "
                      "sum(exp.(x)) once more"),
             r.feedback);
  // The first term over g^2 is not the rule's slip: no such claim.
  BOOST_TEST(key_of(check_wrong(load_problem(kLogSumExp),
                                "diagm(exp.(x))/sum(exp.(x))^2 - exp.(x)*exp.(x)'/sum(exp.(x))")) !=
             "quotient-rule");
}

BOOST_AUTO_TEST_CASE(a_differential_is_compared_as_it_is) {
  BOOST_TEST(key_of(check_wrong(load_problem(kRatio), "cos(p)*dp/q")) == "quotient-rule");
  BOOST_TEST(key_of(check_wrong(load_problem(kRatio), "cos(p)*dp/q + sin(p)*dq/q^2")) ==
             "quotient-rule");
}

BOOST_AUTO_TEST_CASE(a_constant_denominator_is_no_quotient) {
  BOOST_TEST(key_of(check_wrong(load_problem(kHalf), "2*A*x")) != "quotient-rule");
}

BOOST_AUTO_TEST_CASE(other_wrong_answers_get_none_of_it) {
  for (const char* text : {"2*A*x", "A*x/(x'*x)", "2*A*x - 2*(x'*A*x)*x"}) {
    const auto r = check_wrong(load_problem(kRayleigh), text);
    BOOST_TEST(key_of(r) != "quotient-rule", text << ": " << r.feedback);
  }
}

BOOST_AUTO_TEST_CASE(right_answers_are_not_diagnosed) {
  for (const char* text :
       {"(A + A')*x/(x'*x) - 2*(x'*A*x)*x/(x'*x)^2", "2*(I(n) - x*x'/(x'*x))*A*x/(x'*x)"}) {
    const auto r = check_text(load_problem(kRayleigh), text);
    BOOST_TEST((r.verdict == check::Verdict::pass), text);
    BOOST_TEST(!r.diagnosis.has_value(), text);
  }
}

BOOST_AUTO_TEST_SUITE_END()
