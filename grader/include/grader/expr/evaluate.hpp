#pragma once
// Evaluates a formula in one of the three scalar types. Shapes are checked on the concrete
// sizes of the bindings before any number is computed. Domain errors (a singular matrix, log
// of a negative number, a non-integer matrix power, a NaN or Inf) throw FormulaError naming
// the subexpression; they never crash and never return a silent NaN.
//
// The templates are instantiated once per scalar type, in evaluate_{double,complex,high}.cpp.

#include <map>
#include <string>

#include "grader/expr/limits.hpp"
#include "grader/expr/parser.hpp"
#include "grader/expr/scalar.hpp"
#include "grader/expr/shape_check.hpp"

namespace grader::expr {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

// The values of a formula's names: variables, differentials, lets, and dimensions.
template <class T>
struct Bindings {
  std::map<std::string, Matrix<T>, std::less<>> values;
  std::map<std::string, long, std::less<>> dimensions;

  // The shape environment of these concrete values (role: value; dimensions with values).
  ShapeEnv shape_env() const;
};

// The 50-digit values of the checker and the high-precision oracle, by one name each.
using HighMatrix = Matrix<High>;
using HighBindings = Bindings<High>;

// The value of `formula`; a scalar is a 1×1 matrix.
template <class T>
Matrix<T> evaluate(const Formula& formula, const Bindings<T>& bindings, const Limits& limits = {});

// Casts every value to another scalar type (double -> Complex or High).
template <class To, class From>
Bindings<To> convert(const Bindings<From>& bindings) {
  Bindings<To> out;
  out.dimensions = bindings.dimensions;
  for (const auto& [name, value] : bindings.values) {
    Matrix<To> m(value.rows(), value.cols());
    for (Eigen::Index j = 0; j < value.cols(); ++j) {
      for (Eigen::Index i = 0; i < value.rows(); ++i) m(i, j) = To(value(i, j));
    }
    out.values.emplace(name, std::move(m));
  }
  return out;
}

// A value as text: a scalar alone; a matrix as "2×2 matrix:" then aligned rows.
template <class T>
std::string format_value(const Matrix<T>& value, int digits = scalar_traits<T>::default_digits);

extern template struct Bindings<double>;
extern template Matrix<double> evaluate<double>(const Formula&, const Bindings<double>&,
                                                const Limits&);
extern template std::string format_value<double>(const Matrix<double>&, int);
extern template struct Bindings<Complex>;
extern template Matrix<Complex> evaluate<Complex>(const Formula&, const Bindings<Complex>&,
                                                  const Limits&);
extern template std::string format_value<Complex>(const Matrix<Complex>&, int);
extern template struct Bindings<High>;
extern template Matrix<High> evaluate<High>(const Formula&, const Bindings<High>&, const Limits&);
extern template std::string format_value<High>(const Matrix<High>&, int);

}  // namespace grader::expr
