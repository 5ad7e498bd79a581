#pragma once
// The numerical oracles for directional derivatives, each independent of any reference
// formula (they only evaluate F). Each returns an estimate with its own error estimate, or
// says why it does not apply.
//
//  - central_difference: double precision, step chosen from the scale of F and shrunk when
//    F is undefined at a stencil point (near a singularity), Richardson-extrapolated; error
//    estimated from the difference between extrapolation levels.
//  - complex_step: Im F(x + i h dx) / h with h = 1e-20 in complex<double>; exact to rounding,
//    valid only when every builtin on the path is analytic (Formula::is_analytic()).
//  - high_difference: central difference of F evaluated in 50 digits with h = 1e-20:
//    truncation error O(h^2) = 1e-40, rounding 1e-50/h = 1e-30.
//  - high_second_difference: d²F[u, v] = (F(+u+v) - F(+u-v) - F(-u+v) + F(-u-v)) / (4h²)
//    in 50 digits with h = 1e-12 (truncation 1e-24, rounding 1e-26).

#include <optional>
#include <string>

#include "grader/expr/evaluate.hpp"
#include "grader/oracle/line.hpp"

namespace grader::oracle {

struct Estimate {
  expr::Matrix<double> value;
  double error = 0.0;  // estimated absolute error (Frobenius norm)
  std::string method;  // "central difference", "complex step", ...
};

// Throws expr::FormulaError when F is undefined at the point itself (or at every stencil
// tried). The error is +inf when the derivative is not resolved (no two steps agree: a
// singularity closer than ~1e-12 * scale, or F too noisy); callers compare it with the
// tolerance they need.
Estimate central_difference(const LineFunction<double>& f);
// The same with the first step cbrt(eps)*scale instead of cbrt(eps): scale is the size of t
// over which F changes by O(1) (|x|/|dx| for a well-conditioned F); 1 for O(1) data.
Estimate central_difference(const LineFunction<double>& f, double scale);
Estimate complex_step(const LineFunction<expr::Complex>& f);
expr::HighMatrix high_difference(const LineFunction<expr::High>& f);
expr::HighMatrix high_second_difference(
    const std::function<expr::HighMatrix(const expr::High&, const expr::High&)>& f);

// Whether complex_step may be used on this formula: every builtin it calls is analytic
// (formula.is_analytic()). complex_step itself does not check; calling it otherwise is the
// caller's error (it may return a silently wrong value, or throw FormulaError of kind domain
// for eigvals and the like).
bool complex_step_applies(const expr::Formula& formula);

}  // namespace grader::oracle
