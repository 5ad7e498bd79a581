#pragma once
// The three scalar types a formula is evaluated in, and what differs between them.
//  - double: the everyday value and the finite-difference oracle;
//  - Complex: complex<double>, only to carry the complex step (transpose never conjugates);
//  - High: 50 significant decimal digits (Boost.Multiprecision cpp_bin_float_50 without
//    expression templates), the high-precision oracle. Chosen over mpfr_float_50 because it
//    was faster here with the same accuracy: tests/benchmarks/multiprecision_choice.sh.
// Algorithms use scalar_traits<T> instead of branching on the type.

#include <Eigen/Core>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <complex>
#include <string>
#include <string_view>

namespace grader::expr {

using Complex = std::complex<double>;
using High = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<50>,
                                           boost::multiprecision::et_off>;

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

// Eigen's description of the 50-digit type. Boost 1.74's own (boost/multiprecision/eigen.hpp)
// lacks infinity() and quiet_NaN(), which SelfAdjointEigenSolver needs, so we give a full one.
namespace Eigen {
template <>
struct NumTraits<grader::expr::High> : GenericNumTraits<grader::expr::High> {
  using Real = grader::expr::High;
  using NonInteger = grader::expr::High;
  using Literal = grader::expr::High;
  using Nested = grader::expr::High;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 8,
    AddCost = 30,
    MulCost = 60,
  };
  static Real epsilon() { return std::numeric_limits<Real>::epsilon(); }
  static Real dummy_precision() { return epsilon() * 1000; }
  static Real highest() { return (std::numeric_limits<Real>::max)(); }
  static Real lowest() { return std::numeric_limits<Real>::lowest(); }
  static Real infinity() { return std::numeric_limits<Real>::infinity(); }
  static Real quiet_NaN() { return std::numeric_limits<Real>::quiet_NaN(); }
  static int digits10() { return std::numeric_limits<Real>::digits10; }
};
}  // namespace Eigen
