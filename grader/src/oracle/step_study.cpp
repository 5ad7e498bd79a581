// Forward and central differences of a line function against a given derivative, over a
// sweep of step sizes (see step_study.hpp for the formulas and their error orders).
//
// Decisions:
//  - Steps are exact powers of ten at half decades (std::pow(10, -k/2)); they are not scaled
//    to the data: the sampled inputs and directions are O(1), and an unscaled h is what a
//    student would try first.
//  - F is evaluated once per stencil point (F(0) once for the whole study); a domain error
//    at a point makes only the entries that need it missing.

#include "grader/oracle/step_study.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::oracle {

namespace {

using MD = expr::Matrix<double>;

// F(t), or nothing where F is undefined.
std::optional<MD> value_at(const LineFunction<double>& f, double t) {
  try {
    return f(t);
  } catch (const expr::FormulaError& e) {
    if (e.kind() != expr::ErrorKind::domain) throw;
    return std::nullopt;
  }
}

// ‖d − D‖_F / ‖D‖_F over the entries in column-major order (‖d‖_F when D = 0).
double relative_error(const MD& d, const MD& derivative) {
  if (d.size() != derivative.size()) {
    throw InternalError(fmt::format("step study: F has {} entries, its derivative {}", d.size(),
                                    derivative.size()));
  }
  const auto a = d.reshaped();
  const auto b = derivative.reshaped();
  const double scale = b.norm() > 0 ? b.norm() : a.norm();
  const double diff = (a - b).norm();
  return diff == 0 ? 0.0 : diff / scale;
}

void keep_minimum(std::optional<CurveMinimum>& best, const std::optional<double>& error, double h) {
  if (error && (!best || *error < best->error)) best = CurveMinimum{*error, h};
}

// Whether rounding alone, about eps/h^order relative, leaves the differences meaningful.
bool meaningful(double h, int order) {
  return std::numeric_limits<double>::epsilon() / std::pow(h, order) <= 1e-4;
}

}  // namespace

std::vector<double> study_steps(const StepStudyOptions& options) {
  if (options.decades < 1 || options.per_decade < 1) {
    throw InternalError(
        fmt::format("a step study needs at least one decade and one step per "
                    "decade (got {} and {})",
                    options.decades, options.per_decade));
  }
  std::vector<double> steps;
  const int n = options.decades * options.per_decade;
  for (int k = 0; k <= n; ++k)
    steps.push_back(std::pow(10.0, -static_cast<double>(k) / options.per_decade));
  return steps;
}

StepStudy step_study(const LineFunction<double>& f, const MD& derivative,
                     const StepStudyOptions& options) {
  if (options.order != 1 && options.order != 2)
    throw InternalError(fmt::format("step study of order {} (1 or 2)", options.order));
  StepStudy out;
  out.order = options.order;
  const std::optional<MD> f0 = value_at(f, 0.0);
  for (const double h : study_steps(options)) {
    StepRow row{h, std::nullopt, std::nullopt};
    const std::optional<MD> plus = value_at(f, h);
    const std::optional<MD> minus = value_at(f, -h);
    if (options.order == 1) {
      if (plus && f0) row.forward = relative_error((*plus - *f0) / h, derivative);
      if (plus && minus) row.central = relative_error((*plus - *minus) / (2 * h), derivative);
    } else {
      const std::optional<MD> plus2 = value_at(f, 2 * h);
      if (plus2 && plus && f0)
        row.forward = relative_error((*plus2 - 2 * *plus + *f0) / (h * h), derivative);
      if (plus && f0 && minus)
        row.central = relative_error((*plus - 2 * *f0 + *minus) / (h * h), derivative);
    }
    if (meaningful(h, options.order)) {
      keep_minimum(out.best_forward, row.forward, h);
      keep_minimum(out.best_central, row.central, h);
    }
    out.rows.push_back(row);
  }
  return out;
}

StepStudy step_study(const LineFunction<double>& f, const expr::HighMatrix& derivative,
                     const StepStudyOptions& options) {
  MD d(derivative.rows(), derivative.cols());
  for (Eigen::Index j = 0; j < d.cols(); ++j)
    for (Eigen::Index i = 0; i < d.rows(); ++i) d(i, j) = derivative(i, j).convert_to<double>();
  return step_study(f, d, options);
}

}  // namespace grader::oracle
