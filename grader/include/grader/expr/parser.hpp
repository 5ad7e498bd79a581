#pragma once
// Parses the formula language (see docs/formula-language.md).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/expr/ast.hpp"
#include "grader/expr/limits.hpp"
#include "grader/expr/shape.hpp"
#include "grader/expr/source.hpp"

namespace grader::expr {

// A parsed formula: its source (kept for diagnostics) and its syntax tree.
class Formula {
 public:
  Formula(std::shared_ptr<const Source> source, std::unique_ptr<Node> root)
      : source_(std::move(source)), root_(std::move(root)) {}

  const Node& root() const { return *root_; }
  const Source& source() const { return *source_; }
  const std::shared_ptr<const Source>& source_ptr() const { return source_; }

  // The names the formula refers to (variables, differentials, dimensions), sorted, unique;
  // builtins, I and pi are not included.
  std::vector<std::string> names() const;
  // The non-analytic builtins it calls (sorted, unique). Empty means the complex step is valid.
  std::vector<std::string> non_analytic_builtins() const;
  bool is_analytic() const { return non_analytic_builtins().empty(); }

  // Written in a notation other than the canonical one (A**2, A², trace(...), ‖x‖, A^T read
  // as a transpose, ...): to_formula(root()) is then how it was read.
  bool alternative_notation() const { return alternative_; }
  void set_alternative_notation(bool value) { alternative_ = value; }
  Node& mutable_root() { return *root_; }
  std::unique_ptr<Node>& root_pointer() { return root_; }

  // When the formula's value is an identity of no size of its own (c*I, I/norm(x)), the
  // size it must take (set by the checker from the shape the answer must have; evaluation
  // gives the identity that size).
  const std::optional<Shape>& identity_shape() const { return identity_shape_; }
  void set_identity_shape(Shape shape) { identity_shape_ = std::move(shape); }

 private:
  std::shared_ptr<const Source> source_;
  std::unique_ptr<Node> root_;
  bool alternative_ = false;
  std::optional<Shape> identity_shape_;
};

// Throws FormulaError (syntax or limit) with a diagnostic pointing into the text.
Formula parse(std::shared_ptr<const Source> source, const Limits& limits = {});
Formula parse(std::string text, std::string source_name = "formula", const Limits& limits = {});

}  // namespace grader::expr
