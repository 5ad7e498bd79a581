#pragma once
// C++ references for the unit and CLI tests of C++ references: F(X) = X*X, its right and
// wrong differentials, and entries that fail in each way a reference can.
#include "t/helpers.hpp"

namespace square {
using grader::reference::Inputs;
using grader::reference::Matrix;

template <class T>
Matrix<T> function(const Inputs<T>& in) {
  return in("X") * in("X");
}

template <class T>
Matrix<T> reference(const Inputs<T>& in) {
  return in("dX") * in("X") + in("X") * in("dX");
}

// The classic mistake: 2 X dX (as if X and dX commuted).
template <class T>
Matrix<T> wrong(const Inputs<T>& in) {
  return T(2) * in("X") * in("dX");
}

// exp of the (1,1) entry and n, to check that math and dimensions reach every scalar type.
template <class T>
Matrix<T> exp_entry(const Inputs<T>& in) {
  using std::exp;
  return Matrix<T>::Constant(1, 1, exp(in("X")(0, 0)) + T(helpers::twice(in.dim("n"))));
}

template <class T>
Matrix<T> throws(const Inputs<T>&) {
  throw grader::reference::Error("the matrix is singular here");
}

template <class T>
Matrix<T> nan(const Inputs<T>& in) {
  Matrix<T> m = in("X");
  m(0, 1) = T(std::numeric_limits<double>::quiet_NaN());
  return m;
}

template <class T>
Matrix<T> loops(const Inputs<T>& in) {
  for (volatile bool forever = true; forever;) {
  }
  return in("X");
}

template <class T>
Matrix<T> prints(const Inputs<T>& in) {
  std::cout << "debugging output\n";
  return in("X");
}
}  // namespace square
