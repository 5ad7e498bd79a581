#pragma once
// Checks a formula's shapes before any number is computed, and resolves its names.
// Throws FormulaError (name, shape or limit) with a diagnostic that names both shapes and
// underlines the operator or function at fault.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/expr/limits.hpp"
#include "grader/expr/parser.hpp"
#include "grader/expr/shape.hpp"
#include "grader/expr/spelling.hpp"  // closest_name for unknown names, here and in callers

namespace grader::expr {

// What a name stands for; used to explain a wrong use (dA where A is a constant).
enum class NameRole {
  variable,      // an input that varies (has a differential)
  constant,      // a fixed input of the problem (its differential is zero)
  differential,  // dX for a variable X
  value,         // a named quantity: a `let`, or a value bound on the command line
  dimension,     // a size such as n; a scalar in formulas, a size in I(n), zeros(m, n)
};

struct Declaration {
  NameRole role = NameRole::variable;
  Shape shape;
};

class ShapeEnv {
 public:
  void declare(const std::string& name, Shape shape, NameRole role = NameRole::variable);
  // A dimension name; with a value, its uses are concrete sizes.
  void declare_dimension(const std::string& name, std::optional<long> value = std::nullopt);

  const Declaration* find(std::string_view name) const;
  // The size a dimension name stands for: its value if set, otherwise the symbol.
  Dim dimension(std::string_view name) const;
  const std::map<std::string, long, std::less<>>& dimension_values() const { return values_; }
  std::vector<std::string> names() const;

 private:
  std::map<std::string, Declaration, std::less<>> names_;
  std::map<std::string, long, std::less<>> values_;
};

// The shape of the formula's value. Throws FormulaError.
Shape check_shapes(const Formula& formula, const ShapeEnv& env, const Limits& limits = {});
// The same, for a value that must have the shape `expected`: an identity of no size of its
// own (c*I, I/norm(x), 9*tr(A)^8*I) takes that shape when it is square.
Shape check_shapes(const Formula& formula, const ShapeEnv& env, const Shape& expected,
                   const Limits& limits = {});
// The shape of one subexpression of `formula`, or nullopt when it has none (a name or shape
// error inside it).
std::optional<Shape> shape_of(const Formula& formula, const Node& node, const ShapeEnv& env);

}  // namespace grader::expr
