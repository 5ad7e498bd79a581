#pragma once
// C++ reference of lecture04/newton-sensitivity-code: x(p) solves
// g(x, p) = A x + p .* x.³ − c = 0 with A = S + K (S positive-definite, K skew-symmetric, p > 0,
// so ∂g/∂x = A + 3 diag(p .* x.²) has a positive-definite symmetric part and the root is
// unique). F = x(p), found by Newton's method from x = 0; its Jacobian is
// dx/dp = −(∂g/∂x)⁻¹ ∂g/∂p = −(A + 3 diag(p .* x.²))⁻¹ diag(x.³).

#include <grader/code/reference_api.hpp>
#include <type_traits>

namespace newton_sensitivity {

using grader::reference::Inputs;
using grader::reference::Matrix;
using grader::reference::Vector;

// ∂g/∂x at x.
template <class T>
Matrix<T> jacobian_x(const Matrix<T>& A, const Vector<T>& p, const Vector<T>& x) {
  Matrix<T> J = A;
  J.diagonal() += T(3) * (p.array() * x.array() * x.array()).matrix();
  return J;
}

// The root x(p), to the type's rounding (a step below 1e-45 in High, then one more step).
template <class T>
Vector<T> root(const Inputs<T>& in) {
  const Matrix<T> A = in("S") + in("K");
  const Vector<T> p = in.vector("p");
  const Vector<T> c = in.vector("c");
  const double tolerance = std::is_same_v<T, grader::reference::High> ? 1e-45 : 1e-13;
  Vector<T> x = Vector<T>::Zero(c.size());
  for (int step = 0; step < 100; ++step) {
    const Vector<T> g = A * x + (p.array() * x.array().cube()).matrix() - c;
    const Vector<T> delta = jacobian_x(A, p, x).partialPivLu().solve(g);
    x -= delta;
    double size = 0.0;
    double scale = 1.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      size = std::max(size, std::abs(grader::reference::real_part(delta(i))));
      scale = std::max(scale, std::abs(grader::reference::real_part(x(i))));
    }
    if (!std::isfinite(size)) break;
    if (size <= tolerance * scale) {
      // One more step: the complex step's imaginary part converges with it.
      const Vector<T> g2 = A * x + (p.array() * x.array().cube()).matrix() - c;
      return x - jacobian_x(A, p, x).partialPivLu().solve(g2);
    }
  }
  throw grader::reference::Error("Newton's method did not converge in 100 steps");
}

// F = x(p), an n-vector.
template <class T>
Matrix<T> solution(const Inputs<T>& in) {
  return root(in);
}

// dx/dp, n×n.
template <class T>
Matrix<T> sensitivity(const Inputs<T>& in) {
  const Matrix<T> A = in("S") + in("K");
  const Vector<T> p = in.vector("p");
  const Vector<T> x = root(in);
  const Matrix<T> dg_dp = (x.array().cube()).matrix().asDiagonal();
  return -jacobian_x(A, p, x).partialPivLu().solve(dg_dp);
}

}  // namespace newton_sensitivity
