#include "grader/expr/tex.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace grader::expr {

namespace {

constexpr std::array<std::string_view, 34> kGreek = {
    "alpha",   "beta",   "gamma", "delta",   "epsilon", "zeta",  "eta",   "theta", "iota",
    "kappa",   "lambda", "mu",    "nu",      "xi",      "pi",    "rho",   "sigma", "tau",
    "upsilon", "phi",    "chi",   "psi",     "omega",   "Gamma", "Delta", "Theta", "Lambda",
    "Xi",      "Pi",     "Sigma", "Upsilon", "Phi",     "Psi",   "Omega"};

bool is_ascii_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// One code point (ASCII or a UTF-8 sequence such as λ).
bool single_code_point(std::string_view text) {
  if (text.empty()) return false;
  const auto lead = static_cast<unsigned char>(text[0]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return text.size() == length;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) out += c == '_' ? std::string("\\_") : std::string(1, c);
  return out;
}

// The letters of a name before its subscript.
std::string base_to_tex(std::string_view base) {
  if (std::find(kGreek.begin(), kGreek.end(), base) != kGreek.end()) {
    return "\\" + std::string(base);
  }
  if (single_code_point(base)) return std::string(base);
  // dX, dx: the differential of a one-letter variable.
  if (base.size() == 2 && base[0] == 'd' && is_ascii_letter(base[1])) {
    return "\\mathrm{d}" + std::string(1, base[1]);
  }
  return "\\mathit{" + escaped(base) + "}";
}

std::string subscript_to_tex(std::string_view sub) {
  const bool digits = std::all_of(sub.begin(), sub.end(), is_digit);
  if (digits || single_code_point(sub)) return std::string(sub);
  if (std::find(kGreek.begin(), kGreek.end(), sub) != kGreek.end()) return "\\" + std::string(sub);
  return "\\mathrm{" + escaped(sub) + "}";
}

std::string number_to_tex(const std::string& text) {
  const std::size_t e = text.find_first_of("eE");
  if (e == std::string::npos) return text;
  std::string exponent = text.substr(e + 1);
  if (!exponent.empty() && exponent[0] == '+') exponent.erase(0, 1);
  return text.substr(0, e) + " \\cdot 10^{" + exponent + "}";
}

bool is_call(const Node& node, BuiltinId id) {
  return node.kind == NodeKind::call && node.builtin != nullptr && node.builtin->id == id;
}

// How tightly the TeX of a node binds, on to_formula's scale (+ 1, * 2, unary 3, ^ 4,
// postfix 5, atoms 6); a fraction binds as a power does (it is parenthesised before a
// superscript), kron(A, B) as the product A ⊗ B it is written as.
int tex_precedence(const Node& node) {
  if (node.kind == NodeKind::binary && node.binary_op == BinaryOp::div) return 4;
  if (is_call(node, BuiltinId::kron)) return 2;
  return precedence(node);
}

// TeX ending in a superscript, which another superscript cannot follow.
bool has_superscript(const Node& node) {
  switch (node.kind) {
    case NodeKind::postfix:
      return true;
    case NodeKind::binary:
      return node.binary_op == BinaryOp::pow || node.binary_op == BinaryOp::elem_pow;
    case NodeKind::number:
      return node.text.find_first_of("eE") != std::string::npos;
    case NodeKind::call:
      return is_call(node, BuiltinId::inv) || is_call(node, BuiltinId::transpose);
    default:
      return false;
  }
}

std::string wrapped(const Node& node, bool parenthesise) {
  const std::string text = to_tex(node);
  return parenthesise ? "\\left(" + text + "\\right)" : text;
}

std::string superscripted(const Node& base, const std::string& exponent) {
  return wrapped(base, tex_precedence(base) < 5 || has_superscript(base)) + "^{" + exponent + "}";
}

std::string joined(const Node& node, std::size_t from, const char* separator = ", ") {
  std::string out;
  for (std::size_t i = from; i < node.args.size(); ++i) {
    out += (i > from ? separator : "") + to_tex(*node.args[i]);
  }
  return out;
}

// A function's name before its parentheses: \exp, \operatorname{tr}, ...
std::string function_name(const Node& node) {
  static constexpr std::array<std::string_view, 9> kTexFunctions = {
      "exp", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det"};
  const std::string_view name = node.builtin != nullptr ? node.builtin->name : node.text;
  if (name == "logdet") return "\\log\\det";
  if (std::find(kTexFunctions.begin(), kTexFunctions.end(), name) != kTexFunctions.end()) {
    return "\\" + std::string(name);
  }
  return "\\operatorname{" + escaped(name) + "}";
}

std::string call_to_tex(const Node& node) {
  const auto arg = [&](std::size_t i) { return to_tex(*node.args[i]); };
  if (node.builtin != nullptr) {
    switch (node.builtin->id) {
      case BuiltinId::inv:
        return superscripted(*node.args[0], "-1");
      case BuiltinId::transpose:
        return superscripted(*node.args[0], "T");
      case BuiltinId::kron:
        return wrapped(*node.args[0], tex_precedence(*node.args[0]) < 2) + " \\otimes " +
               wrapped(*node.args[1], tex_precedence(*node.args[1]) <= 2);
      case BuiltinId::norm:
        return "\\left\\lVert " + arg(0) + " \\right\\rVert";
      case BuiltinId::abs:
        return "\\left\\lvert " + arg(0) + " \\right\\rvert";
      case BuiltinId::sqrt:
        return "\\sqrt{" + arg(0) + "}";
      case BuiltinId::dot:
        return "\\left\\langle " + joined(node, 0) + " \\right\\rangle";
      case BuiltinId::identity:
        return "I_{" + arg(0) + "}";
      case BuiltinId::zeros:
      case BuiltinId::ones:
        return std::string(node.builtin->id == BuiltinId::zeros ? "0" : "\\mathbf{1}") + "_{" +
               joined(node, 0, " \\times ") + "}";
      default:
        break;
    }
  }
  return function_name(node) + "\\left(" + joined(node, 0) + "\\right)";
}

std::string binary_to_tex(const Node& node) {
  const Node& lhs = *node.args[0];
  const Node& rhs = *node.args[1];
  if (node.binary_op == BinaryOp::div) return "\\frac{" + to_tex(lhs) + "}{" + to_tex(rhs) + "}";
  if (node.binary_op == BinaryOp::pow) return superscripted(lhs, to_tex(rhs));
  if (node.binary_op == BinaryOp::elem_pow) return superscripted(lhs, "\\circ " + to_tex(rhs));
  const int p = tex_precedence(node);
  // (A ⊗ B)*C: juxtaposition would bind B C first.
  const bool product_after_other =
      node.binary_op == BinaryOp::mul && tex_precedence(lhs) == 2 &&
      !(lhs.kind == NodeKind::binary && lhs.binary_op == BinaryOp::mul);
  const std::string left = wrapped(lhs, tex_precedence(lhs) < p || product_after_other);
  // A sign after a product would read as a difference: (-b) is parenthesised unless added.
  const bool rhs_bare = rhs.kind == NodeKind::unary ? p == 1 : tex_precedence(rhs) > p;
  const std::string right = wrapped(rhs, !rhs_bare);
  switch (node.binary_op) {
    case BinaryOp::add:
      return left + " + " + right;
    case BinaryOp::sub:
      return left + " - " + right;
    case BinaryOp::elem_add:
      return left + " \\mathbin{.+} " + right;
    case BinaryOp::elem_sub:
      return left + " \\mathbin{.-} " + right;
    case BinaryOp::mul:
      // Juxtaposed, but 2 3 would read as 23.
      return left + (is_digit(right[0]) || right[0] == '.' ? " \\cdot " : " ") + right;
    case BinaryOp::ldiv:
      return left + " \\backslash " + right;
    case BinaryOp::elem_mul:
      return left + " \\odot " + right;
    case BinaryOp::elem_div:
      return left + " \\oslash " + right;
    default:  // kron
      return left + " \\otimes " + right;
  }
}

std::string matrix_to_tex(const Node& node) {
  std::string out = "\\begin{bmatrix}";
  std::size_t k = 0;
  for (std::size_t r = 0; r < node.row_sizes.size(); ++r) {
    if (r > 0) out += " \\\\ ";
    for (std::size_t c = 0; c < node.row_sizes[r]; ++c) {
      out += (c > 0 ? " & " : "") + to_tex(*node.args[k++]);
    }
  }
  return out + "\\end{bmatrix}";
}

}  // namespace

std::string name_to_tex(const std::string& name) {
  if (name == "π") return "\\pi";
  std::string_view base = name;
  std::string_view sub;
  if (const std::size_t underscore = name.find('_');
      underscore != std::string::npos && underscore > 0 && underscore + 1 < name.size()) {
    base = base.substr(0, underscore);
    sub = std::string_view(name).substr(underscore + 1);
  } else {
    std::size_t end = name.size();
    while (end > 1 && is_digit(name[end - 1])) --end;
    base = base.substr(0, end);
    sub = std::string_view(name).substr(end);
  }
  const std::string tex = base_to_tex(base);
  return sub.empty() ? tex : tex + "_{" + subscript_to_tex(sub) + "}";
}

std::string to_tex(const Node& node) {
  switch (node.kind) {
    case NodeKind::number:
      return number_to_tex(node.text);
    case NodeKind::name:
      return name_to_tex(node.text);
    case NodeKind::colon:
      return ":";
    case NodeKind::call:
      return call_to_tex(node);
    case NodeKind::broadcast:
      return function_name(node) + ".\\left(" + joined(node, 0) + "\\right)";
    case NodeKind::unary: {
      const Node& operand = *node.args[0];
      return (node.unary_op == UnaryOp::negate ? "-" : "+") +
             wrapped(operand, tex_precedence(operand) < 4);
    }
    case NodeKind::binary:
      return binary_to_tex(node);
    case NodeKind::postfix:
      return superscripted(*node.args[0], node.postfix_op == PostfixOp::transpose ? "T" : "-1");
    case NodeKind::index: {
      const Node& base = *node.args[0];
      return wrapped(base, tex_precedence(base) < 5) + "\\left[" + joined(node, 1) + "\\right]";
    }
    case NodeKind::matrix:
      return matrix_to_tex(node);
  }
  return "?";
}

}  // namespace grader::expr
