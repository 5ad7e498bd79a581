#define BOOST_TEST_MODULE check_diagnose_directions
#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/diagnosed.hpp"
#include "grader/check/diagnose_matrix.hpp"

using namespace grader;

namespace {

using grader_test::diagnosed;
using grader_test::diagnosis_key;
using grader_test::load_problem;

const std::string kSphere = R"y(id: t/p
title: sphere
dims: {n: [2, 6]}
variables:
  A: {shape: [n, n], constant: true, properties: [symmetric]}
  x: {shape: [n], properties: [unit]}
function: x'*A*x/2
answer: {kind: gradient, wrt: [x], reference: (I(n) - x*x')*A*x}
)y";

const std::string kEigenvalue = R"y(id: t/p
title: eigenvalue
dims: {n: [2, 5]}
variables:
  S: {shape: [n, n], properties: [symmetric, distinct-eigenvalues]}
let:
  q: "eigvecs(S)[:, 1]"
function: eigvals(S)[1]
answer: {kind: gradient, wrt: [S], reference: q*q'}
)y";

}  // namespace

BOOST_AUTO_TEST_CASE(a_factor_or_sign_seen_only_along_the_allowed_directions_is_named) {
  const auto p = load_problem(kSphere);
  const std::string twice = diagnosed(p, "2*A*x");
  BOOST_TEST(twice.rfind("factor: Along the allowed directions", 0) == 0, twice);
  BOOST_TEST(twice.find("2 times the right one") != std::string::npos, twice);
  const std::string half = diagnosed(p, "A*x/2 + 5*x");  // x is normal to every direction
  BOOST_TEST(half.find("1/2 times the right one") != std::string::npos, half);
  const std::string sign = diagnosed(p, "-A*x");
  BOOST_TEST(sign.rfind("sign: Along the allowed directions", 0) == 0, sign);
}

BOOST_AUTO_TEST_CASE(a_symmetric_gradient_with_a_skew_part_gets_its_factor) {
  const auto p = load_problem(kEigenvalue);
  // A skew part is invisible to symmetric dS: 2*q*q' plus one is still "2 times".
  const std::string d = diagnosed(p, "2*q*q' + q*ones(n)' - ones(n)*q'");
  BOOST_TEST(d.find("factor: Along the allowed directions") == 0, d);
  BOOST_TEST(d.find("2 times the right one") != std::string::npos, d);
}

BOOST_AUTO_TEST_CASE(no_claim_when_the_directional_values_are_no_multiple) {
  const auto p = load_problem(kSphere);
  const std::string d = diagnosed(p, "A*x + x'*x*ones(n)");
  BOOST_TEST(d.find("Along the allowed directions") == std::string::npos, d);
}

// The Matrix Cookbook's gradient for a symmetric matrix, 2G - diag(G) (the gradient with
// respect to the independent entries), where the Frobenius one is asked: inner-product.
BOOST_AUTO_TEST_CASE(the_gradient_of_the_independent_entries_is_named) {
  const auto p = load_problem(kEigenvalue);
  for (const char* answer : {"2*q*q' - diagm(diag(q*q'))", "2*q*q' - I(n) .* (q*q')"}) {
    const std::string d = diagnosed(p, answer);
    BOOST_TEST(d.rfind("inner-product: Your gradient is 2G − diag(G)", 0) == 0, d);
    BOOST_TEST(d.find("off-diagonal entries of yours halved") != std::string::npos, d);
  }
  // Not for another mix of the two.
  BOOST_TEST(diagnosed(p, "3*q*q' - diagm(diag(q*q'))").find("2G − diag(G)") == std::string::npos);
}
