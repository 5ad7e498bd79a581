#pragma once
// The form test of an answer written in the differentials (the checker's "linearity" oracle),
// at the trial's two random directions d1, d2 (in 50 digits, where 3*d1 and d1 ± d2 are exact):
//  - a differential is linear: q(3 d1) = 3 q(d1) and q(d1 + d2) = q(d1) + q(d2);
//  - a quadratic form d²F[dX, dX] is one: q(3 d1) = 9 q(d1) and the parallelogram law
//    q(d1 + d2) + q(d1 - d2) = 2 q(d1) + 2 q(d2) (with continuity, the two characterise
//    quadratic forms: Jordan-von Neumann);
//  - a bilinear form d²F[dX, dY] is linear in dX, q(3 d1, d2) = 3 q(d1, d2) and
//    q(d1 + d2, d2) = q(d1, d2) + q(d2, d2), and symmetric, q(d2, d1) = q(d1, d2), as the
//    second derivative of every twice continuously differentiable F is (Schwarz); with the
//    symmetry, linearity in dY follows.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/trials.hpp"
#include "grader/expr/evaluate.hpp"

namespace grader::check {

// What an answer in the differentials is: dF, d²F[dX, dX] or d²F[dX, dY].
enum class Degree { linear, quadratic, bilinear };

// The degree of the problem's answers, or nothing when they are not written in the
// differentials (spec::uses_differentials).
std::optional<Degree> degree_of(const spec::Problem& problem);

// How an answer part fails the test.
struct Nonlinearity {
  std::size_t part = 0;      // the part that fails
  double homogeneity = 0.0;  // relative difference of its value at the tripled (first)
                             // directions from 3 (a quadratic form: 9) times its value
  std::string what;          // the property that fails: "tripling dX does not triple it"
  std::string feedback;      // which kind of non-linearity it is, for the student
};

// The first of the answer's `parts` (with their values `got` at `trial`) that fails the test
// of `degree` at `trial`, to the relative tolerance `rtol`; nothing when every part passes.
// `second` names a bilinear form's second directions (dY), empty otherwise. Throws
// FormulaError when a part cannot be evaluated at the other directions.
std::optional<Nonlinearity> find_nonlinearity(
    const std::vector<std::pair<std::string, expr::Formula>>& parts, const Trial& trial,
    const std::vector<HighMatrix>& got, Degree degree, const std::vector<std::string>& second,
    double rtol, const expr::Limits& limits);

// The differentials answers are written in, for messages: "dX, dY" (the trial's), then a
// bilinear form's `second` directions.
std::string differentials_of(const Trial& trial, const std::vector<std::string>& second = {});

// The property in words: "linear", "a quadratic form", "a symmetric bilinear form".
const char* degree_noun(Degree degree);
// What an answer of `degree` is, in one or two sentences for the form test's message, with
// the directions of `trial` (and a bilinear form's `second`) by name.
std::string form_rule(Degree degree, const Trial& trial, const std::vector<std::string>& second);

}  // namespace grader::check
