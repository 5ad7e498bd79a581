#pragma once
// Generic diagnoses of a wrong answer (issue 7), found numerically for any problem without
// the spec listing them. Each has a stable key (spec/diagnosis.hpp: reports and partial
// credit use it) and a sentence a student learns from, with the evidence (the factor found,
// the term, the factor to transpose). None reveals the reference formula.
//
// Keys, in the order they are tried on a wrong value (the first that applies is given):
//   zero, sign, factor, transpose          at the failing point (diagnose_at_point)
//   inner-product                          sum(G.*dX) is right: the Frobenius gradient
//                                          (before scalar-factor: it is often the weight
//                                          times the right one)
//   scalar-factor                          the answer times (or divided by) a varying scalar
//                                          (a variable, a let, of F, a require, the
//                                          reference) is right
//                                          (diagnose_scalar.cpp)
//   quotient-rule                          F = f/g and the answer is df/g alone, or has the
//                                          f*dg/g^2 term's sign flipped (diagnose_quotient.cpp;
//                                          f'g - f*g' without /g^2 is scalar-factor)
//   chain-rule                             the answer times one inner Jacobian (the A of
//                                          A*x in F, a solve, a let, or a name) is right;
//                                          also on answers of the wrong shape
//                                          (diagnose_chain.cpp)
//   zero, sign, factor                     a restricted variable's gradient, through its
//                                          directions (diagnose_matrix.hpp); inner-product
//                                          for 2G - diag(G) of a symmetric one's
//   inner-product                          some terms converted to the problem's inner
//                                          product and others not
//   transposed-factor                      the answer with one name transposed (or its
//                                          transpose removed) is right
//   kron-order, transposed-factor          one kron(P, Q) with its factors swapped (perhaps
//                                          one transposed), or one factor transposed, is
//                                          right (diagnose_matrix.hpp)
//   extra-term, term-sign                  the reference is the answer's terms with one
//                                          left out / one negated (the term is quoted)
//   missing-term, extra-term, term-factor  the answer is the reference's terms with one
//                                          left out / counted twice / scaled
//   wrong-entry, wrong-row, wrong-column,  compared entry by entry, only one entry, row or
//   swapped-rows, swapped-columns          column is wrong, or two are exchanged
//                                          (diagnose_matrix.hpp; before symmetric-only: a
//                                          literal's entries are what the student fixes)
//   symmetric-only                         right on symmetric inputs (retest.hpp)
//   commuting                              right on commuting inputs (retest.hpp)
//   chain-rule                             one part of the answer (a term, a factor) times
//                                          an inner Jacobian is right (diagnose_chain.cpp)
//   wrong-variable                         uses a variable the reference does not, or
//                                          ignores one it uses (diagnose_variables.cpp)
// Keys given elsewhere: gradient-for-differential, transpose of another shape and
// transposed-factor of shapes that do not fit (diagnose_wrong_shape and
// diagnose_shape_mismatch below, when the answer's shape is wrong), nonlinear (the linearity
// test, check/linearity.hpp) and differential-for-gradient (the checker, when dX is in a
// gradient).

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/terms.hpp"
#include "grader/check/trials.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/expr/limits.hpp"
#include "grader/spec/diagnosis.hpp"

namespace grader::check {

struct Diagnosis {
  spec::DiagnosisKey key;  // sign, missing-term, ... (the list above)
  std::string sentence;    // what the student reads
};

// zero, sign, factor (as p/q with |p|, q ≤ 12 when it is one) and transpose of `got`
// against `expected` at one point. `tolerance`: how close (relative, Frobenius) is equal.
std::optional<Diagnosis> diagnose_at_point(const HighMatrix& got, const HighMatrix& expected,
                                           double tolerance);

// A wrong answer at the trial where it failed.
struct FailingAnswer {
  const ProblemTrials& trials;
  // The answer's parts (as ProblemTrials::parts()) with their parsed formulas.
  const std::vector<std::pair<std::string, expr::Formula>>& parts;
  std::size_t part = 0;   // the part that is wrong
  int trial = 0;          // the trial where it is wrong
  const HighMatrix& got;  // its value there
  double tolerance = 1e-17;
  expr::Limits limits;  // for the answer's re-evaluations
};

// Every diagnosis above, in order; nothing when none applies.
std::optional<Diagnosis> diagnose_wrong(const FailingAnswer& failing);

// Of those, only the term diagnoses: extra-term and term-sign found among the answer's own
// terms (the reference is their sum with one left out, or one negated), then missing-term,
// extra-term and term-factor among the reference's: what the checker asks of an answer that
// failed the linearity test (inv(A) - inv(A)*dA*inv(A): the term without dA is extra; one
// of a bilinear form's two terms alone: the other is missing).
std::optional<Diagnosis> diagnose_answer_terms(const FailingAnswer& failing);

// The diagnoses of an answer whose shape is wrong, at the problem's first trial
// (shape_diagnose.cpp); `tolerance` as above.
// An answer of shape `shape` where `expected` was asked: gradient-for-differential (a
// gradient where dF was asked) or transpose (the whole answer transposed).
std::optional<Diagnosis> diagnose_wrong_shape(const ProblemTrials& trials,
                                              const expr::Formula& formula,
                                              const expr::Shape& shape, const expr::Shape& expected,
                                              double tolerance, const expr::Limits& limits);
// An answer part (`text`, written at `where`) whose shapes do not fit inside: transposed-factor,
// when one name transposed (or one transpose removed) makes them fit and the answer right.
std::optional<Diagnosis> diagnose_shape_mismatch(const ProblemTrials& trials,
                                                 const std::string& text,
                                                 const spec::Location& where,
                                                 const std::string& part, const expr::ShapeEnv& env,
                                                 double tolerance, const expr::Limits& limits);

// The first variant of `formula` with one name (of a non-scalar value in `bindings`)
// transposed, or one transpose removed, whose value there equals `expected`; only variants
// `admit` accepts are evaluated (all, when it is empty). The transposed-factor diagnosis,
// also of answers whose shapes do not fit.
std::optional<TransposedVariant> right_with_one_transpose(
    const expr::Formula& formula, const HighBindings& bindings, const HighMatrix& expected,
    double tolerance, const expr::Limits& limits,
    const std::function<bool(const expr::Formula&)>& admit = {});

}  // namespace grader::check
