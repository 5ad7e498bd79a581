#pragma once
// C++ reference of lecture06/linear-ode-sensitivity-code and lecture06/linear-ode-adjoint-code:
// the linear ODE x' = A(p) x, x(0) = x0, with A(p) = A0 − diag(p) (A0 a full matrix, so no
// closed form per component), integrated to t = T by the Taylor-series integrator of
// common/taylor.hpp (to 50 digits in High). The forward sensitivity S = ∂x/∂p solves
// S' = A S + (∂A/∂p)x = A S − diag(x), S(0) = 0, integrated alongside x.

#include "../common/taylor.hpp"

namespace linear_ode {

using grader::reference::Inputs;
using grader::reference::Matrix;

template <class T>
Matrix<T> system_matrix(const Inputs<T>& in) {
  Matrix<T> A = in("A0");
  A.diagonal() -= in.vector("p");
  return A;
}

// x(T) and S(T) = ∂x(T)/∂p.
template <class T>
void solve(const Inputs<T>& in, Matrix<T>& x, Matrix<T>& S) {
  const Matrix<T> A = system_matrix(in);
  const Eigen::Index n = A.rows();
  x = in("x0");
  S = Matrix<T>::Zero(n, n);
  reference_common::integrate<T>(A, in.scalar("T"), x, S, [](const Matrix<T>& y) -> Matrix<T> {
    return Matrix<T>((-y.col(0)).asDiagonal());
  });
}

// F = x(T), an n-vector.
template <class T>
Matrix<T> state(const Inputs<T>& in) {
  const Matrix<T> A = system_matrix(in);
  Matrix<T> x = in("x0");
  reference_common::propagate<T>(A, in.scalar("T"), x);
  return x;
}

// ∂x(T)/∂p, n×n (row i: x_i(T); column j: p_j).
template <class T>
Matrix<T> sensitivity(const Inputs<T>& in) {
  Matrix<T> x;
  Matrix<T> S;
  solve(in, x, S);
  return S;
}

// F = ½‖x(T) − y‖², 1×1.
template <class T>
Matrix<T> loss(const Inputs<T>& in) {
  const Matrix<T> r = state(in) - in("y");
  return Matrix<T>::Constant(1, 1, T(0.5) * (r.transpose() * r)(0, 0));
}

// ∇L(p) = S(T)ᵀ(x(T) − y), an n-vector.
template <class T>
Matrix<T> gradient(const Inputs<T>& in) {
  Matrix<T> x;
  Matrix<T> S;
  solve(in, x, S);
  return S.transpose() * (x - in("y"));
}

}  // namespace linear_ode
