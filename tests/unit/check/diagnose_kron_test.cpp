#define BOOST_TEST_MODULE check_diagnose_kron
#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/diagnosed.hpp"
#include "grader/check/diagnose_matrix.hpp"

using namespace grader;

namespace {

using grader_test::diagnosed;
using grader_test::diagnosis_key;
using grader_test::load_problem;

const std::string kAxb = R"y(id: t/p
title: AXB
dims: {m: [2, 4], n: [2, 4], p: [2, 4]}
variables:
  X: {shape: [n, p]}
  A: {shape: [m, n], constant: true}
  B: {shape: [p, p], constant: true}
function: A*X*B
answer: {kind: jacobian, reference: "kron(B', A)"}
)y";

const std::string kSquare = R"y(id: t/p
title: square
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
function: X^2
answer: {kind: jacobian, reference: "kron(I(n), X) + kron(X', I(n))"}
)y";

const std::string kCube = R"y(id: t/p
title: cube
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
function: X^3
answer:
  kind: jacobian
  reference: "kron(I(n), X^2) + kron(X', X) + kron((X^2)', I(n))"
)y";

}  // namespace

BOOST_AUTO_TEST_CASE(swapped_kronecker_factors_are_named_by_the_call_as_written) {
  const auto p = load_problem(kAxb);
  const std::string d = diagnosed(p, "kron(A, B')");
  BOOST_TEST(d.rfind("kron-order: Swap the factors of kron(A, B'):", 0) == 0, d);
  BOOST_TEST(d.find("does not commute") != std::string::npos, d);
  BOOST_TEST(diagnosis_key(p, "A ⊗ B'") == "kron-order");
  BOOST_TEST(diagnosed(p, "A ⊗ B'").find("factors of A ⊗ B'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_kron_swapped_at_once_is_named) {
  // vec(A*X*B) from vec(A*X) = kron(I, A)*vec(X) and vec(X*B) = kron(B', I)*vec(X), each in
  // the wrong order; the product is kron(A, B'), but no one swap of the two makes it right.
  const auto p = load_problem(kAxb);
  const std::string d = diagnosed(p, "kron(A, I(p))*kron(I(n), B')");
  BOOST_TEST(d.rfind("kron-order: Swap the factors of every Kronecker product", 0) == 0, d);
  // One of them in the wrong order: that one is named.
  const std::string one = diagnosed(p, "kron(I(p), A)*kron(I(n), B')");
  BOOST_TEST(one.rfind("kron-order: Swap the factors of kron(I(n), B'):", 0) == 0, one);
}

BOOST_AUTO_TEST_CASE(swapped_factors_with_one_transpose_name_both_changes) {
  const auto p = load_problem(kAxb);
  const std::string d = diagnosed(p, "kron(A, B)");
  BOOST_TEST(d.find("Two changes make kron(A, B) right: swap its factors, and transpose B.") !=
                 std::string::npos,
             d);
  const std::string removed = diagnosed(load_problem(kSquare), "kron(X', I(n)) + kron(X', I(n))");
  BOOST_TEST(removed.find("Two changes make kron(X', I(n)) right: swap its factors, and remove "
                          "the transpose of X'.") != std::string::npos,
             removed);
  // The reference itself is never revealed.
  BOOST_TEST(d.find("kron(B', A)") == std::string::npos, d);
}

BOOST_AUTO_TEST_CASE(one_kron_of_a_sum_is_found_and_a_compound_factor_transposed) {
  const auto p = load_problem(kCube);
  BOOST_TEST(diagnosis_key(p, "kron(I(n), X^2) + kron(X, X') + kron((X^2)', I(n))") ==
             "kron-order");
  BOOST_TEST(diagnosis_key(p, "kron(X^2, I(n)) + kron(X', X) + kron((X^2)', I(n))") ==
             "kron-order");
  const std::string d = diagnosed(p, "kron(I(n), X^2) + kron(X', X) + kron(X*X, I(n))");
  BOOST_TEST(d.rfind("transposed-factor: In kron(X*X, I(n)), transpose X*X:", 0) == 0, d);
  // A single name's transpose is still the transposed-factor of that name.
  BOOST_TEST(diagnosis_key(p, "kron(I(n), X^2) + kron(X, X) + kron((X^2)', I(n))") ==
             "transposed-factor");
}

BOOST_AUTO_TEST_CASE(no_kron_claim_when_no_rewrite_is_right) {
  const auto p = load_problem(kCube);
  // Two krons wrong at once: no single rewrite makes it right.
  BOOST_TEST(diagnosis_key(p, "kron(X^2, I(n)) + kron(X', X) + kron(I(n), (X^2)')") !=
             "kron-order");
  BOOST_TEST(diagnosis_key(p, "kron(X, X)") == "none");
  BOOST_TEST(diagnosis_key(p, "kron(X', X)") != "kron-order");
}

// A is m×n: kron(B', A') has the wrong shape, and the shape error names the factor.
BOOST_AUTO_TEST_CASE(a_transposed_factor_that_breaks_the_shape_is_named) {
  const auto p = load_problem(kAxb);
  const std::string d = diagnosed(p, "kron(B', A')");
  BOOST_TEST(d.rfind("transposed-factor: In kron(B', A'), remove the transpose of A':", 0) == 0, d);
  BOOST_TEST(diagnosis_key(p, "kron(A', B')") == "kron-order");
}
