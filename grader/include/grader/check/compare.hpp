#pragma once
// The one comparison of a value with a reference that checking and validation use:
// the relative Frobenius difference ‖a − b‖_F / ‖b‖_F.

#include "grader/expr/evaluate.hpp"

namespace grader::check {

// ‖a − b‖_F / max(‖b‖_F, floor); 0 when equal; infinity when the shapes differ. The floor
// (1e-60 in 50 digits, 1e-300 in double) keeps an exactly-zero reference from dividing by 0.
double relative_difference(const expr::HighMatrix& a, const expr::HighMatrix& b);
double relative_difference(const expr::Matrix<double>& a, const expr::Matrix<double>& b);

}  // namespace grader::check
