#include "grader/expr/scalar.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace grader::expr {

const char* to_string(Precision precision) {
  switch (precision) {
    case Precision::real:
      return "double";
    case Precision::complex:
      return "complex";
    case Precision::high:
      return "high";
  }
  return "?";
}

namespace {

// %g-style text with `digits` significant digits; -0 prints as 0.
std::string format_double(double x, int digits) {
  if (x == 0.0) return "0";
  return fmt::format("{:.{}g}", x, digits);
}

constexpr const char* kPi50 = "3.14159265358979323846264338327950288419716939937510582097494459";

}  // namespace

double scalar_traits<double>::from_text(const std::string& text) {
  return std::strtod(text.c_str(), nullptr);
}
double scalar_traits<double>::epsilon() {
  return std::numeric_limits<double>::epsilon();
}
double scalar_traits<double>::pi() {
  return 3.14159265358979323846;
}
std::string scalar_traits<double>::format(double x, int digits) {
  return format_double(x, digits);
}

Complex scalar_traits<Complex>::from_text(const std::string& text) {
  return {std::strtod(text.c_str(), nullptr), 0.0};
}
double scalar_traits<Complex>::epsilon() {
  return std::numeric_limits<double>::epsilon();
}
Complex scalar_traits<Complex>::pi() {
  return {scalar_traits<double>::pi(), 0.0};
}
std::string scalar_traits<Complex>::format(const Complex& x, int digits) {
  if (x.imag() == 0.0) return format_double(x.real(), digits);
  // Julia's notation: 1.5 + 2.0e-20im
  return fmt::format("{} {} {}im", format_double(x.real(), digits), x.imag() < 0 ? "-" : "+",
                     format_double(std::abs(x.imag()), digits));
}

High scalar_traits<High>::from_text(const std::string& text) {
  return High(text);
}
High scalar_traits<High>::epsilon() {
  return std::numeric_limits<High>::epsilon();
}
High scalar_traits<High>::pi() {
  return High(kPi50);
}
std::string scalar_traits<High>::format(const High& x, int digits) {
  if (x == 0) return "0";
  std::string s = x.str(digits, std::ios_base::fmtflags(0));
  return s;
}

}  // namespace grader::expr
