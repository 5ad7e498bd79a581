#pragma once
// `grader explain`: Lecture 3's finite-difference lesson with a student's own answer. At the
// checker's first random point x and direction dX (trial 1 of the seed), the forward and
// central differences of the problem's F along dX, in double, are compared with the
// directional derivative the answer stands for, over steps h = 1 ... 1e-16:
//
//   differential         dF = F'(X)[dX]                 first differences
//   gradient             <G, dX> (the problem's inner product; summed over the variables)
//   jacobian             J * vec(dX) (vec of every varied variable, stacked)
//   hessian, quadratic   d²F[dX, dX]                    second differences
//   hessian, bilinear    d²F[dX, dY] with dY = dX       second differences
//   hessian, matrix      u' * H * u, u = vec(dX)        second differences
//
// A correct derivative draws a V (truncation error falling with h, rounding error rising as
// h shrinks); a wrong one a floor. The same curves are computed against the problem's
// reference derivative (in 50 digits), so that the explanation can say what a correct
// derivative reaches here, without ever showing the reference formula.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/verdict.hpp"
#include "grader/oracle/step_study.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

struct Explanation {
  std::string problem_id;
  std::uint64_t seed = 0;
  spec::AnswerKind kind = spec::AnswerKind::differential;
  // The answer as typed: the formula, or "x = ...; y = ..." for a gradient in several
  // variables.
  std::string answer;
  // Set when the answer is not of the right form (a syntax error, an unknown name, a wrong
  // shape, an empty answer): the checker's own result for it, with the same diagnostic as
  // `grader try`. Nothing else is filled in then.
  std::optional<CheckResult> invalid;

  // The point: dimensions (name, size) and every variable's size ("3×3").
  std::vector<std::pair<std::string, long>> dims;
  std::vector<std::pair<std::string, std::string>> sizes;
  // What the differences are compared with, in words: "your dF = F'(X)[dX]".
  std::string compared;

  oracle::StepStudy yours;      // against the answer's directional derivative
  oracle::StepStudy reference;  // against the reference's (a correct derivative's)
  // ‖yours − reference‖ / ‖reference‖ of the directional derivatives, in 50 digits.
  double relative_difference = 0.0;
  // The curves say the derivative is consistent with F: the answer's best central error is
  // within 10 times a correct derivative's (or below 1e-13).
  bool consistent = false;
  // Two or three sentences reading the curves, for a student.
  std::string interpretation;

  // The checker's verdict on the answer (grader try's), shown with the curves: the curves
  // can be consistent with F while the answer is wrong (see `hidden`).
  Verdict verdict = Verdict::error;
  // A Hessian matrix H that differs from a correct one R while its symmetric part is right
  // ((H + H')/2 = (R + R')/2 at the point): finite differences of F see only the quadratic
  // form dX'·H·dX, the same for both. What does see it: the matrices themselves, and the
  // bilinear form on two directions u = vec(dX), v = vec(dY) of the point.
  struct HiddenDifference {
    double matrix_difference = 0.0;  // ‖H − R‖/‖R‖, entry by entry
    double yours = 0.0;              // u'·H·v
    double correct = 0.0;            // u'·R·v
    double quadratic = 0.0;          // u'·H·u: what differences see, ...
    double quadratic_correct = 0.0;  // ... the same as u'·R·u
  };
  std::optional<HiddenDifference> hidden;
  // The same for a bilinear form B = d²F[dX, dY]: right on equal directions (B(u, u) is what
  // second differences along u see) but not on the point's two directions u, v; what sees
  // it: B(u, v) against a correct one, and the symmetry B(u, v) = B(v, u) a second
  // derivative has. Relative differences (Frobenius), in 50 digits.
  struct HiddenAsymmetry {
    std::string first, second;  // the directions' names: "dX", "dY"
    double difference = 0.0;    // ‖B(u, v) − R(u, v)‖/‖R(u, v)‖
    double swapped = 0.0;  // ‖B(u, v) − B(v, u)‖/‖B(u, v)‖ (0 for a second derivative)
    double seen = 0.0;     // ‖B(u, u) − R(u, u)‖/‖R(u, u)‖: what differences see
  };
  std::optional<HiddenAsymmetry> hidden_bilinear;
};

// Explains `answer` to `problem` at trial 1 of `seed`. Throws InputError for problems
// without a derivative of a function (value, choice, code; a C++ reference; no `function`),
// for an answer that cannot be evaluated at the point, and when the problem's own formulas
// fail there.
Explanation explain_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                           std::uint64_t seed);

// A step as the explanation writes it: "1e-08" for a power of ten, else "3.2e-05".
std::string format_step(double h);

}  // namespace grader::check
