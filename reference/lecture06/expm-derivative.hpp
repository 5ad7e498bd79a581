#pragma once
// C++ reference of lecture06/expm-derivative-code: F(A) = e^{tA} and its derivative along dA,
// dF = ∫₀ᵗ e^{sA} dA e^{(t−s)A} ds. Both come from the matrix ODE Y' = A Y, Y(0) = I
// (Y(t) = e^{tA}) and its variation Z' = A Z + dA Y, Z(0) = 0 (Z(t) = dF), integrated by the
// Taylor-series integrator of common/taylor.hpp (to 50 digits in High).

#include "../common/taylor.hpp"

namespace expm_derivative {

using grader::reference::Inputs;
using grader::reference::Matrix;

// F = e^{tA}, n×n.
template <class T>
Matrix<T> exponential(const Inputs<T>& in) {
  const Matrix<T>& A = in("A");
  Matrix<T> Y = Matrix<T>::Identity(A.rows(), A.cols());
  reference_common::propagate<T>(A, in.scalar("t"), Y);
  return Y;
}

// dF = d/dε e^{t(A + ε dA)} at ε = 0, n×n.
template <class T>
Matrix<T> differential(const Inputs<T>& in) {
  const Matrix<T>& A = in("A");
  const Matrix<T>& dA = in("dA");
  Matrix<T> Y = Matrix<T>::Identity(A.rows(), A.cols());
  Matrix<T> Z = Matrix<T>::Zero(A.rows(), A.cols());
  reference_common::integrate<T>(A, in.scalar("t"), Y, Z,
                                 [&](const Matrix<T>& y) -> Matrix<T> { return dA * y; });
  return Z;
}

}  // namespace expm_derivative
