#pragma once
// How an evaluation names what went wrong: domain errors (a singular matrix, log of a
// negative number, ...) underline the subexpression at fault and quote it. Shared by the
// evaluator (evaluate_impl.hpp) and the functions it applies (scalar_functions.hpp,
// linear_algebra.hpp).

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grader/expr/diagnostic.hpp"
#include "grader/expr/parser.hpp"

namespace grader::expr::detail {

class DomainErrors {
 public:
  explicit DomainErrors(const Formula& formula) : formula_(formula) {}

  // A subexpression as a message quotes it: 'A*x', or "this subexpression" when it is long.
  std::string quote(const Node& node) const {
    const std::string_view text = formula_.source().slice(node.span);
    if (code_points(text) > 40) return "this subexpression";
    return fmt::format("'{}'", text);
  }
  // A subexpression as written, unquoted and whole.
  std::string_view text_of(const Node& node) const { return formula_.source().slice(node.span); }

  [[noreturn]] void fail(Span primary, std::string message, std::string help = {},
                         std::vector<Span> secondary = {}) const {
    throw FormulaError(
        {ErrorKind::domain, std::move(message), primary, std::move(secondary), std::move(help)},
        formula_.source_ptr());
  }

 private:
  const Formula& formula_;
};

}  // namespace grader::expr::detail
