#pragma once
// C++ reference of lecture08/eigenvector-derivative: for a symmetric S with distinct
// eigenvalues, F(S) = q, the unit eigenvector of the largest eigenvalue λ, with the sign
// that makes its entry of largest magnitude positive (as eigvecs does), and its derivative
// dq = (λI − S)⁺ dS q.
//
// The eigenpair is found in double by Eigen's solver, then refined in the scalar type by
// Newton's method on (S − λI) q = 0, (qᵀq − 1)/2 = 0 (qᵀ, not the conjugate transpose: the
// complex step needs the analytic continuation). dq and dλ solve the same bordered system:
// (S − λI) dq − q dλ = −dS q, qᵀdq = 0.

#include <Eigen/Eigenvalues>
#include <grader/code/reference_api.hpp>
#include <type_traits>

namespace eigenvector_derivative {

using grader::reference::Inputs;
using grader::reference::Matrix;
using grader::reference::real_part;
using grader::reference::Vector;

// [[S − λI, −q], [qᵀ, 0]].
template <class T>
Matrix<T> bordered(const Matrix<T>& S, const Vector<T>& q, const T& lambda) {
  const Eigen::Index n = S.rows();
  Matrix<T> M = Matrix<T>::Zero(n + 1, n + 1);
  M.topLeftCorner(n, n) = S;
  M.topLeftCorner(n, n).diagonal().array() -= lambda;
  M.topRightCorner(n, 1) = -q;
  M.bottomLeftCorner(1, n) = q.transpose();
  return M;
}

// The eigenpair (q, λ) of the largest eigenvalue, q with qᵀq = 1 and its largest entry > 0.
template <class T>
void eigenpair(const Matrix<T>& S, Vector<T>& q, T& lambda) {
  const Eigen::Index n = S.rows();
  Eigen::MatrixXd real(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) real(i, j) = real_part(S(i, j));
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(real);
  if (solver.info() != Eigen::Success) throw grader::reference::Error("no eigenvalues of S");
  const Eigen::VectorXd q0 = solver.eigenvectors().col(n - 1);
  q = q0.cast<T>();
  lambda = T(solver.eigenvalues()(n - 1));
  const double tolerance = std::is_same_v<T, grader::reference::High> ? 1e-45 : 1e-14;
  bool converged = false;
  for (int step = 0; step < 50 && !converged; ++step) {
    Vector<T> r(n + 1);
    r.head(n) = S * q - lambda * q;
    r(n) = ((q.transpose() * q)(0, 0) - T(1)) / T(2);
    const Vector<T> delta = bordered(S, q, lambda).partialPivLu().solve(r);
    q -= delta.head(n);
    lambda -= delta(n);
    double size = 0.0;
    for (Eigen::Index i = 0; i <= n; ++i) size = std::max(size, std::abs(real_part(delta(i))));
    if (!std::isfinite(size)) break;
    // Stop one step after the step reaches rounding level (quadratic convergence).
    if (size <= tolerance * std::max(1.0, std::abs(real_part(lambda)))) converged = step > 0;
  }
  if (!converged) throw grader::reference::Error("the eigenvector did not converge in 50 steps");
  Eigen::Index largest = 0;
  for (Eigen::Index i = 1; i < n; ++i) {
    if (std::abs(real_part(q(i))) > std::abs(real_part(q(largest)))) largest = i;
  }
  if (real_part(q(largest)) < 0) q = -q;
}

// F = q, an n-vector.
template <class T>
Matrix<T> eigenvector(const Inputs<T>& in) {
  Vector<T> q;
  T lambda;
  eigenpair<T>(in("S"), q, lambda);
  return q;
}

// dq = (λI − S)⁺ dS q, an n-vector.
template <class T>
Matrix<T> differential(const Inputs<T>& in) {
  const Matrix<T>& S = in("S");
  Vector<T> q;
  T lambda;
  eigenpair<T>(S, q, lambda);
  const Eigen::Index n = S.rows();
  Vector<T> rhs = Vector<T>::Zero(n + 1);
  rhs.head(n) = -(in("dS") * q);
  return bordered(S, q, lambda).partialPivLu().solve(rhs).head(n);
}

}  // namespace eigenvector_derivative
