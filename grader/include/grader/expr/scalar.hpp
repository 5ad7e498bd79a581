#pragma once
// The three scalar types a formula is evaluated in, and what differs between them.
//  - double: the everyday value and the finite-difference oracle;
//  - Complex: complex<double>, only to carry the complex step (transpose never conjugates);
//  - High: 50 significant decimal digits (Boost.Multiprecision cpp_bin_float_50 without
//    expression templates), the high-precision oracle. Chosen over mpfr_float_50 because it
//    was faster here with the same accuracy: tests/benchmarks/multiprecision_choice.sh.
// Algorithms use scalar_traits<T> instead of branching on the type.

#include <Eigen/Core>
#include <cmath>
#include <complex>
#include <string>
#include <string_view>

#include "grader/expr/high.hpp"

namespace grader::expr {

using Complex = std::complex<double>;

enum class Precision { real, complex, high };
const char* to_string(Precision precision);  // "double", "complex", "high"

template <class T>
struct scalar_traits;

template <>
struct scalar_traits<double> {
  using Real = double;
  static constexpr Precision precision = Precision::real;
  static constexpr bool is_complex = false;
  static constexpr int default_digits = 15;
  static double from_text(const std::string& text);
  static double from_double(double x) { return x; }
  static Real real(double x) { return x; }
  static Real imag(double) { return 0.0; }
  static double to_double(double x) { return x; }
  static bool is_finite(double x) { return std::isfinite(x); }
  static Real epsilon();
  static double pi();
  static std::string format(double x, int digits);
};

template <>
struct scalar_traits<Complex> {
  using Real = double;
  static constexpr Precision precision = Precision::complex;
  static constexpr bool is_complex = true;
  static constexpr int default_digits = 15;
  static Complex from_text(const std::string& text);
  static Complex from_double(double x) { return {x, 0.0}; }
  static Real real(const Complex& x) { return x.real(); }
  static Real imag(const Complex& x) { return x.imag(); }
  static double to_double(const Complex& x) { return x.real(); }
  static bool is_finite(const Complex& x) {
    return std::isfinite(x.real()) && std::isfinite(x.imag());
  }
  static Real epsilon();
  static Complex pi();
  static std::string format(const Complex& x, int digits);
};

template <>
struct scalar_traits<High> {
  using Real = High;
  static constexpr Precision precision = Precision::high;
  static constexpr bool is_complex = false;
  static constexpr int default_digits = 50;
  static High from_text(const std::string& text);
  static High from_double(double x) { return High(x); }
  static Real real(const High& x) { return x; }
  static Real imag(const High&) { return High(0); }
  static double to_double(const High& x) { return x.convert_to<double>(); }
  static bool is_finite(const High& x) { return boost::multiprecision::isfinite(x); }
  static Real epsilon();
  static High pi();
  static std::string format(const High& x, int digits);
};

}  // namespace grader::expr
