#include "grader/expr/ast.hpp"

#include <fmt/format.h>

namespace grader::expr {

const char* to_string(BinaryOp op) {
  switch (op) {
    case BinaryOp::add:
      return "+";
    case BinaryOp::sub:
      return "-";
    case BinaryOp::mul:
      return "*";
    case BinaryOp::div:
      return "/";
    case BinaryOp::ldiv:
      return "\\";
    case BinaryOp::pow:
      return "^";
    case BinaryOp::elem_mul:
      return ".*";
    case BinaryOp::elem_div:
      return "./";
    case BinaryOp::elem_pow:
      return ".^";
    case BinaryOp::kron:
      return "⊗";
  }
  return "?";
}

std::string to_sexpr(const Node& node) {
  auto args = [&](std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < node.args.size(); ++i) out += " " + to_sexpr(*node.args[i]);
    return out;
  };
  switch (node.kind) {
    case NodeKind::number:
    case NodeKind::name:
      return node.text;
    case NodeKind::colon:
      return ":";
    case NodeKind::call:
      return fmt::format("({}{})", node.text, args(0));
    case NodeKind::broadcast:
      return fmt::format("({}.{})", node.text, args(0));
    case NodeKind::unary:
      return fmt::format("({}{})", node.unary_op == UnaryOp::negate ? "neg" : "pos", args(0));
    case NodeKind::binary:
      return fmt::format("({}{})", to_string(node.binary_op), args(0));
    case NodeKind::postfix:
      return fmt::format("({}{})", node.postfix_op == PostfixOp::transpose ? "'" : "inv", args(0));
    case NodeKind::index:
      return fmt::format("(index{})", args(0));
    case NodeKind::matrix: {
      std::string out = "[";
      std::size_t k = 0;
      for (std::size_t r = 0; r < node.row_sizes.size(); ++r) {
        if (r > 0) out += ";";
        for (std::size_t c = 0; c < node.row_sizes[r]; ++c) {
          out += (c > 0 || r > 0 ? " " : "") + to_sexpr(*node.args[k++]);
        }
      }
      return out + "]";
    }
  }
  return "?";
}

}  // namespace grader::expr
