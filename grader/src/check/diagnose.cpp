#include "grader/check/diagnose.hpp"

#include <fmt/format.h>

#include <cmath>

#include "grader/check/compare.hpp"

namespace grader::check {

namespace {

using expr::High;
using MH = expr::Matrix<High>;

// p/q with |p|, q ≤ 12 when c is one (to 1e-12 relative): "2", "1/2", "-3/2".
std::optional<std::string> small_fraction(double c) {
  for (int q = 1; q <= 12; ++q) {
    const double p = std::round(c * q);
    if (p == 0 || std::abs(p) > 12) continue;
    if (std::abs(c - p / q) <= 1e-12 * std::abs(c)) {
      return q == 1 ? fmt::format("{}", static_cast<int>(p))
                    : fmt::format("{}/{}", static_cast<int>(p), q);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> diagnose_wrong(const MH& got, const MH& expected, double tolerance) {
  if (got.rows() != expected.rows() || got.cols() != expected.cols()) return std::nullopt;
  High gg(0), ge(0), ee(0);
  for (Eigen::Index j = 0; j < got.cols(); ++j) {
    for (Eigen::Index i = 0; i < got.rows(); ++i) {
      gg += got(i, j) * got(i, j);
      ge += got(i, j) * expected(i, j);
      ee += expected(i, j) * expected(i, j);
    }
  }
  if (ee == 0) return std::nullopt;
  if (gg == 0) {
    return std::string("Your answer is zero at this point, and the right one is not: a term, or "
                       "the whole derivative, is missing.");
  }
  // The best factor c (least squares): is the answer c times the right one?
  const High c = ge / ee;
  const MH scaled = (expected * c).eval();
  if (relative_difference(got, scaled) <= tolerance) {
    const double factor = c.convert_to<double>();
    const auto fraction = small_fraction(factor);
    if (fraction && *fraction == "-1") {
      return std::string("Check the sign: at this point your answer is exactly −1 times the "
                         "right one.");
    }
    return fmt::format("Off by a constant factor: at this point your answer is {} times the "
                       "right one.",
                       fraction ? *fraction : fmt::format("{:.6g}", factor));
  }
  if (got.rows() == got.cols() && got.rows() > 1) {
    const MH transposed = expected.transpose();
    if (relative_difference(got, transposed) <= tolerance) {
      return std::string("Transposed: at this point your answer equals the transpose of the "
                         "right one. Check which side each factor multiplies, and whether a "
                         "factor needs a transpose (A' for A).");
    }
  }
  return std::nullopt;
}

}  // namespace grader::check
