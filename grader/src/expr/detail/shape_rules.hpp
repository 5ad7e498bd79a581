#pragma once
// The shape each operator and builtin gives, from the shapes of its operands, and the errors
// that name a misfit. The shape checker (shape_check.cpp) walks the formula and asks these
// rules at every operator and call; the rules never recurse into a subexpression themselves.
// Included only by shape_check.cpp and shape_rules.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/expr/diagnostic.hpp"
#include "grader/expr/shape_check.hpp"

namespace grader::expr::detail {

// Larger than any size a limit allows, and small enough that products of two stay exact.
inline constexpr long kHugeSize = 1L << 30;

class ShapeRules {
 public:
  ShapeRules(const Formula& formula, const ShapeEnv& env, const Limits& limits)
      : formula_(formula), env_(env), limits_(limits) {}

  // A binary operator with operands of shapes a and b.
  Shape binary(const Node& node, const Shape& a, const Shape& b) const;
  // Julia broadcasting (.* ./ .^ .+ .-): each dimension equal, or 1 on one side.
  Shape broadcast(const Node& node, Shape a, Shape b) const;
  // I(n), zeros(m, n), ones(m, n): functions whose arguments are sizes, not values.
  static bool takes_sizes(BuiltinId id) {
    return id == BuiltinId::identity || id == BuiltinId::zeros || id == BuiltinId::ones;
  }
  Shape sized_call(const Node& node) const;
  // Any other builtin, with the shapes of its arguments (reshape: of the first only; the
  // others are sizes).
  Shape call(const Node& node, const std::vector<Shape>& shapes) const;

  // A size argument (of I, zeros, ones, reshape) or an index: a whole number, a dimension
  // name, or +, -, * of those. Returns nullopt for an index computed from values.
  std::optional<Dim> size_expression(const Node& node) const;
  // A size argument, which must be one of those and within the limits.
  Dim size_argument(const Node& call, const Node& arg) const;

  [[noreturn]] void fail(ErrorKind kind, Span primary, std::string message, std::string help = {},
                         std::vector<Span> secondary = {}) const {
    throw FormulaError({kind, std::move(message), primary, std::move(secondary), std::move(help)},
                       formula_.source_ptr());
  }
  // An I whose size nothing around it gives.
  [[noreturn]] void unsized(const Node& at, const Node& identity, std::string_view where) const;
  void require_square(const Shape& a, const Node& at, const Node& operand, std::string_view verb,
                      std::string help = {}) const;

 private:
  // A binary operator whose operands do not fit: underline the operator and both operands.
  [[noreturn]] void mismatched(const Node& node, std::string message, std::string help = {}) const;

  Shape sum(const Node& node, const Shape& a, const Shape& b) const;
  Shape product(const Node& node, const Shape& a, const Shape& b) const;
  Shape division(const Node& node, const Shape& a, const Shape& b) const;
  Shape left_division(const Node& node, const Shape& a, const Shape& b) const;
  Shape power(const Node& node, const Shape& a, const Shape& b) const;

  // The functions of matrices; nothing for a scalar function.
  std::optional<Shape> matrix_function(const Node& node, const std::vector<Shape>& shapes) const;
  Shape reshape(const Node& node, const Shape& a) const;
  Shape diagm(const Node& node, const Shape& a) const;
  Shape dot(const Node& node, const Shape& a, const Shape& b) const;
  // exp, log, sqrt, sin, ...: a scalar in, a scalar out.
  Shape scalar_function(const Node& node, const Shape& a) const;

  const Formula& formula_;
  const ShapeEnv& env_;
  const Limits& limits_;
};

}  // namespace grader::expr::detail
