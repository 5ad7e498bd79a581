#pragma once
// The scalar functions of the formula language (exp, log, sqrt, the trigonometric and
// hyperbolic ones, abs) and powers, generic over the scalar type, with their domain errors.
// Included only by evaluate_impl.hpp.

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "domain_errors.hpp"
#include "grader/core/error.hpp"
#include "grader/expr/builtins.hpp"
#include "grader/expr/evaluate.hpp"

namespace grader::expr::detail {

template <class T>
bool is_zero(const T& x) {
  return scalar_traits<T>::real(x) == 0 && scalar_traits<T>::imag(x) == 0;
}

// x^p. A whole-number p uses repeated squaring, exact for negative x and analytic for the
// complex step; other p need x > 0.
template <class T>
T power(const T& x, const T& p, const Node& at, const DomainErrors& errors) {
  using Traits = scalar_traits<T>;
  using Real = typename Traits::Real;
  const Real re = Traits::real(p);
  using std::abs;
  using std::pow;
  using std::round;
  if (Traits::imag(p) == 0 && re == round(re)) {
    if (is_zero(x) && re < 0)
      errors.fail(at.op_span, fmt::format("{}: 0 to a negative power", errors.quote(at)));
    const double k_double = Traits::to_double(re);
    if (std::abs(k_double) >= 0x1p62) {
      // Such a whole number is even (beyond 2^53 every double is), so the sign drops out.
      const T magnitude = Traits::real(x) < 0 ? T(-x) : x;
      return pow(magnitude, p);
    }
    long k = static_cast<long>(k_double);
    T base = k < 0 ? T(1) / x : x;
    k = k < 0 ? -k : k;
    T result(1);
    while (k > 0) {  // repeated squaring
      if (k & 1) result *= base;
      base *= base;
      k >>= 1;
    }
    return result;
  }
  const Real xr = Traits::real(x);
  if (xr < 0) {
    errors.fail(at.op_span,
                fmt::format("{}: a negative number to a non-integer power", errors.quote(at)),
                "x^p with x < 0 needs a whole-number p");
  }
  if (xr == 0 && Traits::imag(x) == 0) {
    if (re > 0) return T(0);
    errors.fail(at.op_span, fmt::format("{}: 0 to a non-positive power", errors.quote(at)));
  }
  return pow(x, p);
}

// f(x) for a scalar function; (row, col) is the entry of f.(A) being computed, if any.
template <class T>
T apply(BuiltinId id, const T& x, const Node& at, const DomainErrors& errors, Eigen::Index row = -1,
        Eigen::Index col = -1) {
  using Traits = scalar_traits<T>;
  using Real = typename Traits::Real;
  const auto argument = [&] {
    const std::string entry = row < 0 ? "" : fmt::format("entry ({}, {}) of ", row + 1, col + 1);
    return entry + errors.quote(*at.args[0]);
  };
  using std::cos;
  using std::cosh;
  using std::exp;
  using std::log;
  using std::sin;
  using std::sinh;
  using std::sqrt;
  using std::tan;
  using std::tanh;
  const Real re = Traits::real(x);
  switch (id) {
    case BuiltinId::exp:
      return exp(x);
    case BuiltinId::log:
      if (!(re > 0)) {
        errors.fail(
            at.op_span,
            fmt::format("log of a non-positive number: {} = {}", argument(), Traits::format(x, 6)),
            "log is defined for positive numbers only");
      }
      return log(x);
    case BuiltinId::sqrt:
      if (re < 0) {
        errors.fail(at.op_span, fmt::format("square root of a negative number: {} = {}", argument(),
                                            Traits::format(x, 6)));
      }
      if (is_zero(x)) return T(0);
      return sqrt(x);
    case BuiltinId::sin:
      return sin(x);
    case BuiltinId::cos:
      return cos(x);
    case BuiltinId::tanh:
      return tanh(x);
    case BuiltinId::sinh:
      return sinh(x);
    case BuiltinId::cosh:
      return cosh(x);
    case BuiltinId::sech:
      return T(1) / cosh(x);
    case BuiltinId::tan:
      if (is_zero(T(cos(x)))) {
        errors.fail(at.op_span,
                    fmt::format("tan at a pole: {} = {}", argument(), Traits::format(x, 6)));
      }
      return tan(x);
    case BuiltinId::abs:
      // |x| through the sign of the real part: equal to |x| on real numbers, and carries a
      // complex step correctly away from 0.
      return re < 0 ? T(-x) : x;
    default:
      break;
  }
  throw InternalError(fmt::format("'{}' is not a scalar function", at.text));
}

}  // namespace grader::expr::detail
