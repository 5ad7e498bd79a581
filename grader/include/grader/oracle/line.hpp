#pragma once
// F restricted to a line through the point: t -> F(x + t*dx), in each scalar type. This is
// what the difference and complex-step oracles differentiate.

#include <functional>
#include <map>
#include <string>

#include "grader/expr/evaluate.hpp"

namespace grader::oracle {

template <class T>
using LineFunction = std::function<expr::Matrix<T>(const T& t)>;

// t -> formula(bindings with every variable v in `directions` replaced by v + t*dv).
// The returned function refers to `formula`, which must outlive it, and copies the bindings
// and directions. A direction for an unbound name, or of another shape than its value,
// throws InternalError here. Instantiated for double, Complex and High (in line.cpp).
template <class T>
LineFunction<T> line_function(
    const expr::Formula& formula, const expr::Bindings<T>& bindings,
    const std::map<std::string, expr::Matrix<T>, std::less<>>& directions);

// (s, t) -> formula(x + s*u + t*v), for mixed second derivatives.
template <class T>
std::function<expr::Matrix<T>(const T& s, const T& t)> plane_function(
    const expr::Formula& formula, const expr::Bindings<T>& bindings,
    const std::map<std::string, expr::Matrix<T>, std::less<>>& u,
    const std::map<std::string, expr::Matrix<T>, std::less<>>& v);

}  // namespace grader::oracle
