#pragma once
// What a C++ reference in reference/ sees (problems/README.md, "C++ references"). A problem's
// `function` or `answer.reference` may name a function template in a header there:
//
//   function: {cpp: lecture06/ode-linear.hpp, entry: ode_linear::loss}
//   answer: {kind: code, derivative: gradient,
//            reference: {cpp: lecture06/ode-linear.hpp, entry: ode_linear::gradient}}
//
// The entry is a template over the scalar type T, called with T = double, std::complex<double>
// (the complex step) and grader::reference::High (50 digits), and returns what the formula it
// replaces would: a Matrix<T> (1x1 for a scalar, n x 1 for a vector). It reads the point as a
// formula would: every variable, let and dimension by name, and a direction dX by its name.
//
//   namespace ode_linear {
//   template <class T>
//   grader::reference::Matrix<T> loss(const grader::reference::Inputs<T>& in) {
//     const auto& A = in("A");        // a matrix variable (or a let, or the direction "dA")
//     const T t = in.scalar("t");      // a 1x1 value
//     const int n = in.dim("n");       // a dimension of dims:
//     ...
//   }
//   }  // namespace ode_linear
//
// This file is self-contained (the standard library, Eigen, Boost.Multiprecision): the grader
// compiles each reference against a copy of it, so that both compute in the same types. Math
// functions are called unqualified (exp(x)) after `using std::exp;`: argument-dependent lookup
// then finds the 50-digit and complex versions. Branch on real_part(x), never on x itself,
// so that the complex step goes through the same branch.

#include <Eigen/Dense>
#include <cmath>
#include <complex>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "grader/expr/high.hpp"

namespace grader::reference {

using High = grader::expr::High;
using Complex = std::complex<double>;
template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// The real part, for branching and loop counts: the complex step needs every branch taken as
// for the real point.
inline double real_part(double x) {
  return x;
}
inline double real_part(const Complex& x) {
  return x.real();
}
inline double real_part(const High& x) {
  return x.convert_to<double>();
}

// A reference that cannot compute a value at this point (a singular matrix, a loop that does
// not converge) throws this, or any std::exception: the grader reports the problem's error
// with this message, never a student's failure.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The point, by name: variables, lets, directions (dX) and dimensions.
template <class T>
class Inputs {
 public:
  const Matrix<T>& operator()(std::string_view name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) throw Error("no input named '" + std::string(name) + "'");
    return it->second;
  }
  // A 1x1 value (a scalar variable, a scalar let, or a dimension).
  T scalar(std::string_view name) const {
    const Matrix<T>& m = (*this)(name);
    if (m.rows() != 1 || m.cols() != 1) throw Error("input '" + std::string(name) + "' is not 1x1");
    return m(0, 0);
  }
  // A column vector (n x 1).
  Vector<T> vector(std::string_view name) const {
    const Matrix<T>& m = (*this)(name);
    if (m.cols() != 1) throw Error("input '" + std::string(name) + "' is not a column vector");
    return m.col(0);
  }
  // A dimension of the spec's dims: (or any integer-valued 1x1 input).
  int dim(std::string_view name) const {
    return static_cast<int>(std::lround(real_part(scalar(name))));
  }
  bool has(std::string_view name) const { return values_.find(name) != values_.end(); }

  // Used by the grader's driver.
  void set(std::string name, Matrix<T> value) { values_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, Matrix<T>, std::less<>> values_;
};

}  // namespace grader::reference
