#define BOOST_TEST_MODULE check_diagnose
#include "grader/check/diagnose.hpp"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../support/specs.hpp"
#include "grader/check/checker.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;
using expr::High;
using expr::HighMatrix;

namespace {

HighMatrix reference_value() {
  HighMatrix m(2, 2);
  m << High(1), High(2), High("0.5"), High(-3);
  return m;
}

std::string at_point(const HighMatrix& got, const HighMatrix& expected = reference_value()) {
  const auto d = check::diagnose_at_point(got, expected, 1e-17);
  return d ? std::string(spec::to_string(d->key)) + ": " + d->sentence : "none";
}

spec::Problem load(const std::string& yaml) {
  return spec::load_problem_text(yaml, "problems/t/p.yaml", "t/p");
}

check::CheckResult run(const spec::Problem& p, const std::string& text, std::uint64_t seed = 1) {
  spec::AnswerText a;
  a.single = text;
  return check::check_answer(p, a, seed);
}

// The diagnosis key of a wrong answer (and that it is wrong, with a sentence).
std::string key(const spec::Problem& p, const std::string& text) {
  const auto r = run(p, text);
  BOOST_TEST((r.verdict != check::Verdict::pass), text);
  if (r.diagnosis) BOOST_TEST(!(r.feedback.empty() && r.message.empty()), text);
  return r.diagnosis ? std::string(spec::to_string(*r.diagnosis)) : "none";
}

const std::string kXax = R"y(id: t/p
title: XAX
dims: {n: [2, 5]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: X*A*X
answer: {kind: differential, reference: dX*A*X + X*A*dX}
)y";

const std::string kGradient = R"y(id: t/p
title: x'Ax
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true}
  b: {shape: [n], constant: true}
function: x'*A*x
answer: {kind: gradient, reference: (A + A')*x}
)y";

const std::string kSquareJacobian = R"y(id: t/p
title: square jacobian
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
function: X*X
answer:
  kind: jacobian
  reference: "kron(I(n), X) + kron(X', I(n))"
)y";

}  // namespace

BOOST_AUTO_TEST_CASE(sign_factor_transpose_and_zero_are_named_at_a_point) {
  const HighMatrix ref = reference_value();
  BOOST_TEST(at_point((ref * High(-1)).eval()) ==
             "sign: Check the sign: at this point your answer is exactly −1 times the right one.");
  BOOST_TEST(at_point((ref * High(2)).eval()) ==
             "factor: Off by a constant factor: at this point your answer is 2 times the right "
             "one.");
  BOOST_TEST(at_point((ref / High(2)).eval()).find("is 1/2 times") != std::string::npos);
  BOOST_TEST(at_point((ref * High(-3) / High(2)).eval()).find("is -3/2 times") !=
             std::string::npos);
  BOOST_TEST(at_point((ref * High("3.7")).eval()).find("is 3.7 times") != std::string::npos);
  // A factor near a fraction is not that fraction: 1 + 1e-12 is not "1 times" (issue 9's
  // benchmark found this), and the sentence says how far from 1 it is.
  BOOST_TEST(at_point((ref * High("1.000000000001")).eval()) ==
             "factor: Off by a factor very close to 1: at this point your answer is (1 + 1e-12) "
             "times the right one, a relative error of 1e-12, far above rounding. Is a number in "
             "your answer rounded or slightly off?");
  BOOST_TEST(at_point((ref * High("0.99999")).eval()).find("is (1 − 1e-05) times") !=
             std::string::npos);
  BOOST_TEST(at_point(ref.transpose().eval()).find("transpose: Transposed: at this point") == 0u);
  BOOST_TEST(at_point(HighMatrix::Zero(2, 2)).find("zero: Your answer is zero at this point") ==
             0u);
}

BOOST_AUTO_TEST_CASE(other_values_get_no_diagnosis_at_a_point) {
  HighMatrix other = reference_value();
  other(0, 0) += High(1);
  BOOST_TEST(at_point(other) == "none");
  HighMatrix almost = (reference_value() * High(2)).eval();
  almost(1, 1) += High("1e-10");  // nearly a factor, but not to the tolerance
  BOOST_TEST(at_point(almost) == "none");
  BOOST_TEST(at_point(HighMatrix::Zero(3, 1)) == "none");  // another shape
  HighMatrix sym(2, 2);
  sym << High(1), High(2), High(2), High(1);
  BOOST_TEST(at_point(sym, HighMatrix::Zero(2, 2)) == "none");  // against zero: nothing to say
}

BOOST_AUTO_TEST_CASE(each_generic_diagnosis_of_a_differential) {
  const auto p = load(kXax);
  BOOST_TEST(key(p, "-(dX*A*X + X*A*dX)") == "sign");
  BOOST_TEST(key(p, "3*(dX*A*X + X*A*dX)/2") == "factor");
  BOOST_TEST(key(p, "(dX*A*X + X*A*dX)'") == "transpose");
  BOOST_TEST(key(p, "0*dX") == "zero");
  BOOST_TEST(key(p, "dX'*A*X + X*A*dX") == "transposed-factor");
  BOOST_TEST(key(p, "dX*A*X") == "missing-term");
  BOOST_TEST(key(p, "dX*A*X + 2*X*A*dX") == "extra-term");  // a term counted twice
  BOOST_TEST(key(p, "dX*A*X + X*A*dX + X*dX") == "extra-term");
  BOOST_TEST(key(p, "dX*A*X - X*A*dX") == "term-sign");
  BOOST_TEST(key(p, "dX*A*X + X*A*dX/2") == "term-factor");
  BOOST_TEST(key(p, "2*X*A*dX") == "commuting");
  BOOST_TEST(key(p, "dX*A*X + X*A*dX + X") == "nonlinear");
  BOOST_TEST(key(p, "dX*A*dX") == "nonlinear");
  BOOST_TEST(key(p, "X*dX + dX*X") == "wrong-variable");                    // ignores A
  BOOST_TEST(key(p, "dX*A*X + X*A*dX + dX*X*X - X*dX*X") == "extra-term");  // two extra
  BOOST_TEST(key(p, "dX*A*X*X + X*A*dX") == "none");
}

BOOST_AUTO_TEST_CASE(the_gradient_with_respect_to_the_whole_matrix_is_named) {
  const auto p = load(R"y(id: t/p
title: diagonal
dims: {n: [2, 4]}
variables:
  p: {shape: [n], properties: [positive]}
  B: {shape: [n, n], constant: true, properties: [positive-definite]}
  b: {shape: [n], constant: true}
  c: {shape: [n], constant: true}
function: c'*((B + diagm(p))\b)
answer: {kind: gradient, wrt: [p], reference: '-(((B + diagm(p))\b) .* ((B + diagm(p))''\c))'}
)y");
  const auto r = run(p, "-((B + diagm(p))'\\c)*((B + diagm(p))\\b)'");
  BOOST_TEST(key(p, "-((B + diagm(p))'\\c)*((B + diagm(p))\\b)'") == "wrong-variable");
  BOOST_TEST(r.feedback.find("its diagonal, diag(G), is right") != std::string::npos, r.feedback);
  // An n×n answer whose diagonal is wrong too gets no such claim.
  BOOST_TEST(key(p, "((B + diagm(p))'\\c)*((B + diagm(p))\\b)'") != "wrong-variable");
}

BOOST_AUTO_TEST_CASE(a_nonlinear_answer_is_told_which_term_to_drop_or_fix) {
  // The key stays nonlinear (the test that failed); the feedback names the term.
  const auto p = load(kXax);
  const auto extra = run(p, "X + dX*A*X + X*A*dX");
  BOOST_TEST(key(p, "X + dX*A*X + X*A*dX") == "nonlinear");
  BOOST_TEST(extra.feedback.find("it has a term without any differential") != std::string::npos,
             extra.feedback);
  BOOST_TEST(extra.feedback.find("An extra term: without the term 'X' (column 1) your answer "
                                 "would be right.") != std::string::npos,
             extra.feedback);
  BOOST_TEST(extra.feedback.find("this one does not") == std::string::npos, extra.feedback);
  const auto squared = run(p, "dX*A*dX");
  BOOST_TEST(key(p, "dX*A*dX") == "nonlinear");
  BOOST_TEST(squared.feedback.find("An extra term") == std::string::npos, squared.feedback);
}

BOOST_AUTO_TEST_CASE(the_sentences_carry_the_evidence) {
  const auto p = load(kXax);
  BOOST_TEST(run(p, "dX*A*X + X*A*dX + X*dX").feedback ==
             "An extra term: without the term 'X*dX' (column 19) your answer would be right. Each "
             "term of a derivative comes from one place where the variable appears in F; this "
             "one does not.");
  BOOST_TEST(run(p, "dX*A*X - X*A*dX").feedback ==
             "A sign error in one term: with the sign of '-X*A*dX' (column 10) flipped your "
             "answer would be right; the other terms are right.");
  BOOST_TEST(run(p, "dX'*A*X + X*A*dX")
                 .feedback.find("your answer would be right with dX in place of dX' at column 1") !=
             std::string::npos);
  BOOST_TEST(run(p, "dX*A*X")
                 .feedback.find("a sum of 2 terms, and yours is that sum with 1 of "
                                "them left out (a term in dX)") != std::string::npos);
  // None of them quotes the reference.
  for (const char* wrong : {"dX*A*X", "2*X*A*dX", "dX*A*X - X*A*dX", "dX'*A*X + X*A*dX"}) {
    BOOST_TEST(run(p, wrong).feedback.find("dX*A*X + X*A*dX") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(each_generic_diagnosis_of_a_gradient) {
  const auto p = load(kGradient);
  BOOST_TEST(key(p, "2*A*x") == "symmetric-only");
  BOOST_TEST(key(p, "A*x") == "missing-term");
  BOOST_TEST(key(p, "A*x + A*x'") == "none");              // invalid: a shape error
  BOOST_TEST(key(p, "(A + A)*x") == "transposed-factor");  // one A should be A'
  BOOST_TEST(key(p, "2*A*x") == "symmetric-only");
  BOOST_TEST(key(p, "A*x + A'*x + b") == "extra-term");
  BOOST_TEST(key(p, "x'*(A + A')") == "transpose");  // of another shape
  BOOST_TEST(key(p, "dx'*(A + A')*x") == "differential-for-gradient");
  BOOST_TEST(key(p, "(A + A')*b") == "wrong-variable");
}

BOOST_AUTO_TEST_CASE(a_gradient_in_another_inner_product) {
  const auto p = load(R"y(id: t/p
title: weighted
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  M: {shape: [n, n], constant: true, properties: [positive-definite]}
  c: {shape: [n], constant: true}
  B: {shape: [n, n], constant: true}
function: c'*x + x'*B*x
answer: {kind: gradient, reference: M\(c + (B + B')*x), inner_product: "u'*M*v"}
)y");
  BOOST_TEST(key(p, "c + (B + B')*x") == "inner-product");       // the Frobenius gradient
  BOOST_TEST(key(p, "c + M\\((B + B')*x)") == "inner-product");  // half converted
  BOOST_TEST(key(p, "c + 2*B*x") == "inner-product");            // does not use M
  BOOST_TEST(key(p, "M\\(c + 2*B*x)") == "symmetric-only");
  BOOST_TEST(run(p, "c + M\\((B + B')*x)").feedback.find("Half converted: 1 of the 3 terms") == 0u);
}

BOOST_AUTO_TEST_CASE(a_weight_that_varies_is_named_as_the_inner_product) {
  // The Frobenius gradient is h times the right one, h varying with n: inner-product, the
  // mistake, before scalar-factor, the arithmetic.
  const auto p = load(R"y(id: t/p
title: grid
dims: {n: [3, 6]}
variables:
  u: {shape: [n]}
let:
  h: 1/(n-1)
function: h*sum(u.^4)/4
answer: {kind: gradient, reference: u.^3, inner_product: h*sum(u .* v)}
)y");
  BOOST_TEST(key(p, "h*u.^3") == "inner-product");
  BOOST_TEST(key(p, "u.^3/h") == "scalar-factor");
}

BOOST_AUTO_TEST_CASE(entries_of_a_literal_come_before_symmetric_inputs) {
  // The inputs are a matrix's entries: two entries swapped in a row agree for symmetric X
  // (q = r), but the row is what the student fixes.
  const auto p = load(R"y(id: t/p
title: entries
variables:
  X: {shape: [2, 2]}
let:
  p: "X[1, 1]"
  q: "X[2, 1]"
  r: "X[1, 2]"
function: "[q*r, p]"
answer: {kind: jacobian, reference: "[0 r q 0; 1 0 0 0]"}
)y");
  BOOST_TEST(key(p, "[0 q r 0; 1 0 0 0]") == "swapped-columns");
}

BOOST_AUTO_TEST_CASE(a_gradient_where_a_differential_is_asked) {
  const auto p = load(R"y(id: t/p
title: det
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n], properties: [invertible]}
function: det(A)
answer: {kind: differential, reference: det(A)*tr(inv(A)*dA)}
)y");
  const auto r = run(p, "det(A)*inv(A)'");
  BOOST_TEST(to_string(r.verdict) == "invalid");
  BOOST_TEST((r.diagnosis == spec::DiagnosisKey::gradient_for_differential));
  BOOST_TEST(r.feedback.find("With your gradient that is the right dF") != std::string::npos,
             r.feedback);
  BOOST_TEST(run(p, "det(A)*inv(A)").feedback.find("that is not dF either") != std::string::npos);
  // A scalar answer is a multiple of the right one at one point: a factor must hold at all.
  BOOST_TEST(key(p, "tr(inv(A)*dA)") != "factor");
  BOOST_TEST(key(p, "2*det(A)*tr(inv(A)*dA)") == "factor");
}

BOOST_AUTO_TEST_CASE(a_transpose_that_makes_the_shapes_fit) {
  const auto p = load(R"y(id: t/p
title: lsq
dims: {n: [2, 4], m: [5, 7]}
variables:
  x: {shape: [n]}
  A: {shape: [m, n], constant: true}
  b: {shape: [m], constant: true}
function: (A*x - b)'*(A*x - b)
answer: {kind: gradient, reference: 2*A'*(A*x - b)}
)y");
  const auto r = run(p, "2*A*(A*x - b)");
  BOOST_TEST(to_string(r.verdict) == "invalid");
  BOOST_TEST((r.diagnosis == spec::DiagnosisKey::transposed_factor));
  BOOST_TEST(r.feedback.find("A needs a transpose at column 3") == 0u, r.feedback);
  BOOST_TEST(key(p, "2*A'*(A*x)") == "missing-term");  // the term in b
}

BOOST_AUTO_TEST_CASE(commuting_kronecker_jacobians_are_tested_along_commuting_directions) {
  const auto p = load(kSquareJacobian);
  BOOST_TEST(key(p, "2*kron(X', I(n))") == "commuting");
  BOOST_TEST(key(p, "kron(X, I(n)) + kron(I(n), X')") == "transpose");
  BOOST_TEST(key(p, "kron(X, X)") == "none");
}

BOOST_AUTO_TEST_CASE(a_matrix_answer_gets_its_worst_entries) {
  const auto p = load(kXax);
  const auto r = run(p, "dX*A*X");
  BOOST_TEST(r.worst_entries.size() <= 5u);
  BOOST_TEST_REQUIRE(!r.worst_entries.empty());
  for (std::size_t k = 1; k < r.worst_entries.size(); ++k) {
    const auto& a = r.worst_entries[k - 1];
    const auto& b = r.worst_entries[k];
    BOOST_TEST(std::abs(a.received - a.expected) >= std::abs(b.received - b.expected));
  }
  BOOST_TEST(r.failed_trial == 1);
  BOOST_TEST(r.inputs.empty());  // only with show_inputs
  check::CheckOptions show;
  show.show_inputs = true;
  spec::AnswerText a;
  a.single = "dX*A*X";
  const auto shown = check::check_answer(p, a, 1, show);
  BOOST_TEST_REQUIRE(shown.inputs.size() == 4u);  // n, X, A, dX
  BOOST_TEST(shown.inputs[0].first == "n");
  BOOST_TEST(shown.inputs[1].first == "X");
  BOOST_TEST(shown.inputs[1].second.front() == '[');
  BOOST_TEST(shown.inputs[3].first == "dX");
}

// Only a formula's failure means "no evidence" to a diagnosis. A fault of the grader inside
// one propagates (and the checker reports it as an error verdict): here a caller's part that
// is no variable, whose direction the commuting re-test looks up. No InternalError can be
// provoked from outside; this lookup is caught by the same handler.
BOOST_AUTO_TEST_CASE(a_fault_inside_a_diagnosis_is_not_swallowed) {
  const auto p = load(kSquareJacobian);
  const check::ProblemTrials trials(p, 1);
  std::vector<std::pair<std::string, expr::Formula>> parts;
  parts.emplace_back("Z", expr::parse("kron(X, X)"));
  const HighMatrix got = expr::evaluate(parts[0].second, trials.trials().at(0).bindings);
  const check::FailingAnswer failing{trials, parts, 0, 0, got, 1e-17, expr::Limits{}};
  BOOST_CHECK_THROW(check::diagnose_wrong(failing), std::out_of_range);
  parts[0].first = "";  // the same answer as the checker passes it: no diagnosis, no fault
  BOOST_TEST(!check::diagnose_wrong(failing));
}
