#pragma once
// Parses the formula language (see README.md, "The formula language").

#include <memory>
#include <string>
#include <vector>

#include "grader/expr/ast.hpp"
#include "grader/expr/limits.hpp"
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

 private:
  std::shared_ptr<const Source> source_;
  std::unique_ptr<Node> root_;
};

// Throws FormulaError (syntax or limit) with a diagnostic pointing into the text.
Formula parse(std::shared_ptr<const Source> source, const Limits& limits = {});
Formula parse(std::string text, std::string source_name = "formula", const Limits& limits = {});

}  // namespace grader::expr
