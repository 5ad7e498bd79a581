#include "grader/check/compare.hpp"

#include <algorithm>
#include <cmath>

namespace grader::check {

double relative_difference(const expr::HighMatrix& a, const expr::HighMatrix& b) {
  using expr::High;
  if (a.rows() != b.rows() || a.cols() != b.cols()) return INFINITY;
  High diff(0), ref(0);
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const High d = a(i, j) - b(i, j);
      diff += d * d;
      ref += b(i, j) * b(i, j);
    }
  }
  if (diff == 0) return 0.0;
  const High floor("1e-60");
  const High denominator = ref > floor * floor ? High(sqrt(ref)) : floor;
  return (sqrt(diff) / denominator).convert_to<double>();
}

double relative_difference(const expr::Matrix<double>& a, const expr::Matrix<double>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return INFINITY;
  const double d = (a - b).norm();
  return d == 0 ? 0.0 : d / std::max(b.norm(), 1e-300);
}

}  // namespace grader::check
