#pragma once
// The 50-digit type, alone: Boost.Multiprecision cpp_bin_float_50 without expression templates,
// and Eigen's description of it. Self-contained (Eigen and Boost only), because C++ references
// (code/reference_api.hpp) are compiled against a copy of this very file: the grader and the
// instructors' code then compute in exactly the same type.

#include <Eigen/Core>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <limits>

namespace grader::expr {

using High = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<50>,
                                           boost::multiprecision::et_off>;

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
