#pragma once
// Shared by the C++ references of the linear-ODE problems (lecture06/linear-ode.hpp,
// lecture06/expm-derivative.hpp): a Taylor-series integrator for a linear ODE and its
// first-order variation,
//
//   Y' = A Y,            Y(0) = Y0,
//   Z' = A Z + B(Y),     Z(0) = 0      (B linear; Z is the derivative of Y along a direction),
//
// on [0, t], accurate to the type's rounding: in 50 digits (grader::reference::High) each step
// has ‖hA‖₁ ≤ 1/2 and 36 terms (truncation below 1e-54 a step), in double and complex<double>
// 18 terms (below 1e-22). The step count and every branch depend on real parts only, so the
// complex step sees the same computation as the real point.

#include <algorithm>
#include <cmath>
#include <complex>
#include <grader/code/reference_api.hpp>
#include <type_traits>

namespace reference_common {

using grader::reference::Matrix;
using grader::reference::real_part;

// Terms of the Taylor series for each step (see above).
template <class T>
constexpr int taylor_terms() {
  return std::is_same_v<T, grader::reference::High> ? 36 : 18;
}

// ‖A‖₁ of the real parts (the largest column sum).
template <class T>
double real_norm1(const Matrix<T>& A) {
  double best = 0.0;
  for (Eigen::Index j = 0; j < A.cols(); ++j) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < A.rows(); ++i) sum += std::abs(real_part(A(i, j)));
    best = std::max(best, sum);
  }
  return best;
}

// Steps for [0, t] with ‖hA‖₁ ≤ 1/2 (on real parts), at least one.
template <class T>
int taylor_steps(const Matrix<T>& A, const T& t) {
  const double size = std::abs(real_part(t)) * real_norm1(A);
  if (!std::isfinite(size)) throw grader::reference::Error("the matrix or the time is not finite");
  const int steps = std::max(1, static_cast<int>(std::ceil(2.0 * size)));
  if (steps > 100000) throw grader::reference::Error("‖tA‖ is too large to integrate");
  return steps;
}

// Y(t) and Z(t) as above; B(Y) returns a matrix of Z's shape.
template <class T, class Coupling>
void integrate(const Matrix<T>& A, const T& t, Matrix<T>& Y, Matrix<T>& Z, Coupling B) {
  const int steps = taylor_steps(A, t);
  const T h = t / T(steps);
  const Matrix<T> hA = h * A;
  for (int s = 0; s < steps; ++s) {
    // Scaled terms: Y_k = h^k Y^(k) / k!, Z_k likewise; Y_{k+1} = hA Y_k / (k+1),
    // Z_{k+1} = (hA Z_k + h B(Y_k)) / (k+1).
    Matrix<T> y = Y;
    Matrix<T> z = Z;
    for (int k = 1; k <= taylor_terms<T>(); ++k) {
      const T inv = T(1) / T(k);
      z = ((hA * z + h * B(y)) * inv).eval();
      y = ((hA * y) * inv).eval();
      Y += y;
      Z += z;
    }
  }
}

// Y(t) alone: Y' = A Y.
template <class T>
void propagate(const Matrix<T>& A, const T& t, Matrix<T>& Y) {
  const int steps = taylor_steps(A, t);
  const T h = t / T(steps);
  const Matrix<T> hA = h * A;
  for (int s = 0; s < steps; ++s) {
    Matrix<T> y = Y;
    for (int k = 1; k <= taylor_terms<T>(); ++k) {
      y = ((hA * y) * (T(1) / T(k))).eval();
      Y += y;
    }
  }
}

}  // namespace reference_common
