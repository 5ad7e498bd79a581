// F restricted to a line (t -> F(x + t dx)) or a plane (s, t -> F(x + s u + t v)) through
// the point, in double, Complex and High. The oracles differentiate these one-parameter
// (two-parameter) functions; they never see the formula or the bindings.
//
// Decisions:
//  - The returned function keeps a pointer to `formula` (a Formula cannot be copied): the
//    formula must outlive the function. Bindings and directions are copied, so the caller may
//    change or drop its own copies.
//  - A direction for a name that has no value in the bindings, or whose shape differs from
//    that value, is a bug in the caller (the checker builds the directions from the
//    variables it sampled): InternalError, thrown when the function is built, not when called.
//  - Each call copies the bindings and replaces v by v + t*dv for the moved variables only;
//    every other binding (other variables, the differentials dX, lets, dimensions) is passed
//    through unchanged.

#include "grader/oracle/line.hpp"

#include <fmt/format.h>

#include <memory>
#include <utility>

#include "grader/core/error.hpp"

namespace grader::oracle {

namespace {

template <class T>
using Directions = std::map<std::string, expr::Matrix<T>, std::less<>>;

// Every direction names a bound value of the same shape.
template <class T>
void check_directions(const expr::Bindings<T>& bindings, const Directions<T>& directions,
                      const char* which) {
  for (const auto& [name, d] : directions) {
    const auto it = bindings.values.find(name);
    if (it == bindings.values.end()) {
      throw InternalError(fmt::format("{} direction for '{}', which has no value", which, name));
    }
    if (it->second.rows() != d.rows() || it->second.cols() != d.cols()) {
      throw InternalError(fmt::format("{} direction for '{}' is {}×{}, but its value is {}×{}",
                                      which, name, d.rows(), d.cols(), it->second.rows(),
                                      it->second.cols()));
    }
  }
}

}  // namespace

template <class T>
LineFunction<T> line_function(const expr::Formula& formula, const expr::Bindings<T>& bindings,
                              const Directions<T>& directions) {
  check_directions(bindings, directions, "line");
  auto base = std::make_shared<const expr::Bindings<T>>(bindings);
  auto dirs = std::make_shared<const Directions<T>>(directions);
  const expr::Formula* f = &formula;
  return [f, base, dirs](const T& t) -> expr::Matrix<T> {
    expr::Bindings<T> moved = *base;
    for (const auto& [name, d] : *dirs) {
      expr::Matrix<T>& v = moved.values.find(name)->second;
      v = (v + t * d).eval();
    }
    return expr::evaluate(*f, moved);
  };
}

template <class T>
std::function<expr::Matrix<T>(const T& s, const T& t)> plane_function(
    const expr::Formula& formula, const expr::Bindings<T>& bindings, const Directions<T>& u,
    const Directions<T>& v) {
  check_directions(bindings, u, "first plane");
  check_directions(bindings, v, "second plane");
  auto base = std::make_shared<const expr::Bindings<T>>(bindings);
  auto du = std::make_shared<const Directions<T>>(u);
  auto dv = std::make_shared<const Directions<T>>(v);
  const expr::Formula* f = &formula;
  return [f, base, du, dv](const T& s, const T& t) -> expr::Matrix<T> {
    expr::Bindings<T> moved = *base;
    for (const auto& [name, d] : *du) {
      expr::Matrix<T>& x = moved.values.find(name)->second;
      x = (x + s * d).eval();
    }
    for (const auto& [name, d] : *dv) {
      expr::Matrix<T>& x = moved.values.find(name)->second;
      x = (x + t * d).eval();
    }
    return expr::evaluate(*f, moved);
  };
}

#define GRADER_ORACLE_INSTANTIATE(T)                                                        \
  template LineFunction<T> line_function<T>(const expr::Formula&, const expr::Bindings<T>&, \
                                            const Directions<T>&);                          \
  template std::function<expr::Matrix<T>(const T&, const T&)> plane_function<T>(            \
      const expr::Formula&, const expr::Bindings<T>&, const Directions<T>&, const Directions<T>&);

GRADER_ORACLE_INSTANTIATE(double)
GRADER_ORACLE_INSTANTIATE(expr::Complex)
GRADER_ORACLE_INSTANTIATE(expr::High)

#undef GRADER_ORACLE_INSTANTIATE

}  // namespace grader::oracle
