#pragma once
// The finite-difference lesson of Lecture 3, as numbers: how far the forward and central
// differences of F along a line are from a given derivative, step size by step size.
//
// For a correct derivative the error first falls with h (truncation: O(h) forward, O(h²)
// central) and then rises again as h shrinks (rounding: about eps·|F|/h), which draws a V on
// a log-log plot with its bottom near h = sqrt(eps) (forward) and cbrt(eps) (central). For a
// wrong derivative both curves stay above a floor: the relative size of its error.
//
// Everything is in double, as a student's own finite differences would be; the derivative
// compared with may come from 50-digit arithmetic.

#include <optional>
#include <vector>

#include "grader/expr/evaluate.hpp"
#include "grader/oracle/line.hpp"

namespace grader::oracle {

struct StepStudyOptions {
  // 1: first differences against F'[dx] (the derivative of t -> F(x + t dx) at 0).
  // 2: second differences against d²F[dx, dx] (its second derivative at 0).
  int order = 1;
  // Steps 10^0, 10^(-1/per_decade), ..., down to 10^-decades.
  int decades = 16;
  int per_decade = 2;
};

// One step size. An entry is missing when F is undefined (a FormulaError of kind domain) at
// a point its stencil needs.
struct StepRow {
  double h = 0.0;
  std::optional<double> forward;  // relative error of the forward difference
  std::optional<double> central;  // relative error of the central difference
};

// The smallest error of one curve and the step that reaches it (the first such step, from
// the largest h down), among the steps where rounding alone stays below about 1e-4
// (eps/h^order <= 1e-4: h >= 2.2e-12 for first differences, 1.5e-6 for second ones). Below
// them the differences are noise, which can come close to any value by chance, a wrong
// derivative's included.
struct CurveMinimum {
  double error = 0.0;
  double h = 0.0;
};

struct StepStudy {
  int order = 1;
  std::vector<StepRow> rows;                 // largest step first
  std::optional<CurveMinimum> best_forward;  // empty when every entry is missing
  std::optional<CurveMinimum> best_central;
};

// The steps of a study: 10^(-k/per_decade) for k = 0..decades*per_decade, largest first.
std::vector<double> study_steps(const StepStudyOptions& options = {});

// The study of `f` (t -> F(x + t dx)) against `derivative`, F'[dx] (order 1) or
// d²F[dx, dx] (order 2), of the same number of entries as F (the shapes may differ: a
// Jacobian's J*vec(dx) is a column, F a matrix; entries are compared in column-major order).
//
// Relative error: ‖D_h − derivative‖_F / ‖derivative‖_F, where D_h is
//   order 1: forward (F(h) − F(0))/h                    truncation O(h)
//            central (F(h) − F(−h))/(2h)                truncation O(h²)
//   order 2: forward (F(2h) − 2F(h) + F(0))/h²          truncation O(h)
//            central (F(h) − 2F(0) + F(−h))/h²          truncation O(h²)
// When the derivative is exactly zero the error is measured relative to ‖D_h‖_F instead
// (1 for any nonzero difference, 0 for a zero one), so that a zero answer shows a floor at 1.
//
// Throws InternalError when the derivative has another number of entries than F, and lets
// a FormulaError that is not of kind domain (a work limit, ...) through.
StepStudy step_study(const LineFunction<double>& f, const expr::Matrix<double>& derivative,
                     const StepStudyOptions& options = {});
StepStudy step_study(const LineFunction<double>& f, const expr::HighMatrix& derivative,
                     const StepStudyOptions& options = {});

}  // namespace grader::oracle
