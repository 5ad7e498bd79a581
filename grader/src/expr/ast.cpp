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
    case BinaryOp::elem_add:
      return ".+";
    case BinaryOp::elem_sub:
      return ".-";
  }
  return "?";
}

namespace {

std::string wrapped(const Node& node, bool parenthesise) {
  const std::string text = to_formula(node);
  return parenthesise ? "(" + text + ")" : text;
}

}  // namespace

int precedence(const Node& node) {
  switch (node.kind) {
    case NodeKind::binary:
      switch (node.binary_op) {
        case BinaryOp::add:
        case BinaryOp::sub:
        case BinaryOp::elem_add:
        case BinaryOp::elem_sub:
          return 1;
        case BinaryOp::pow:
        case BinaryOp::elem_pow:
          return 4;
        default:
          return 2;
      }
    case NodeKind::unary:
      return 3;
    case NodeKind::postfix:
    case NodeKind::index:
      return 5;
    default:
      return 6;
  }
}

std::string to_formula(const Node& node) {
  const auto list = [&](std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < node.args.size(); ++i) {
      out += (i > from ? ", " : "") + to_formula(*node.args[i]);
    }
    return out;
  };
  switch (node.kind) {
    case NodeKind::number:
    case NodeKind::name:
      return node.text;
    case NodeKind::colon:
      return ":";
    case NodeKind::call:
      return fmt::format("{}({})", node.text, list(0));
    case NodeKind::broadcast:
      return fmt::format("{}.({})", node.text, list(0));
    case NodeKind::unary: {
      const Node& operand = *node.args[0];
      return (node.unary_op == UnaryOp::negate ? "-" : "+") +
             wrapped(operand, precedence(operand) < 4);
    }
    case NodeKind::binary: {
      const Node& lhs = *node.args[0];
      const Node& rhs = *node.args[1];
      const int p = precedence(node);
      const bool right_assoc = p == 4;
      // The right operand may be a unary minus without parentheses (a*-b, A^-1): the parser
      // reads a sign wherever an operand starts.
      const bool rhs_bare =
          rhs.kind == NodeKind::unary || (right_assoc ? precedence(rhs) >= p : precedence(rhs) > p);
      const bool lhs_bare = right_assoc ? precedence(lhs) > p : precedence(lhs) >= p;
      const std::string op = to_string(node.binary_op);
      const std::string sep = p == 1 || node.binary_op == BinaryOp::kron ? " " : "";
      return wrapped(lhs, !lhs_bare) + sep + op + sep + wrapped(rhs, !rhs_bare);
    }
    case NodeKind::postfix: {
      const Node& operand = *node.args[0];
      return wrapped(operand, precedence(operand) < 5) +
             (node.postfix_op == PostfixOp::transpose ? "'" : "⁻¹");
    }
    case NodeKind::index: {
      const Node& base = *node.args[0];
      return wrapped(base, precedence(base) < 5) + "[" + list(1) + "]";
    }
    case NodeKind::matrix: {
      // Entries that are sums are parenthesised: inside [...] `a -b` is two entries.
      std::string out = "[";
      std::size_t k = 0;
      for (std::size_t r = 0; r < node.row_sizes.size(); ++r) {
        if (r > 0) out += "; ";
        for (std::size_t c = 0; c < node.row_sizes[r]; ++c) {
          const Node& entry = *node.args[k++];
          out += (c > 0 ? " " : "") + wrapped(entry, precedence(entry) <= 1);
        }
      }
      return out + "]";
    }
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
