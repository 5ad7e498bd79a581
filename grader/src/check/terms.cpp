#include "grader/check/terms.hpp"

#include <algorithm>

namespace grader::check {

namespace {

using expr::BinaryOp;
using expr::Node;
using expr::NodeKind;
using expr::PostfixOp;
using expr::UnaryOp;

std::size_t column_of(const expr::Formula& f, std::size_t offset) {
  return expr::code_points(std::string_view(f.source().text()).substr(0, offset)) + 1;
}

// Terms are expanded over the operations that are linear in an argument: products and
// Kronecker products on both sides, a division on the left, a left division on the right,
// transposes, and tr, sum, vec, diag and diagm. At most kMaxTerms terms (beyond, the sum is
// kept whole).
constexpr std::size_t kMaxTerms = 16;

bool linear_call(const Node& node) {
  return node.kind == NodeKind::call && node.args.size() == 1 &&
         (node.text == "tr" || node.text == "sum" || node.text == "vec" || node.text == "diag" ||
          node.text == "diagm");
}

std::vector<SignedTerm> expand(const expr::Formula& f, const Node& node);

// Every product of a term of `left` with one of `right`, as "(a)*(b)".
std::vector<SignedTerm> product(const std::vector<SignedTerm>& left,
                                const std::vector<SignedTerm>& right, const std::string& before,
                                const std::string& between, const std::string& after) {
  std::vector<SignedTerm> out;
  for (const auto& l : left) {
    for (const auto& r : right) {
      out.push_back({before + "(" + l.text + ")" + between + "(" + r.text + ")" + after,
                     l.sign * r.sign, l.column});
    }
  }
  return out;
}

std::vector<SignedTerm> expand(const expr::Formula& f, const Node& node) {
  const SignedTerm whole{std::string(f.source().slice(node.span)), 1,
                         column_of(f, node.span.begin)};
  std::vector<SignedTerm> out;
  if (node.kind == NodeKind::binary &&
      (node.binary_op == BinaryOp::add || node.binary_op == BinaryOp::sub)) {
    out = expand(f, *node.args[0]);
    for (SignedTerm t : expand(f, *node.args[1])) {
      if (node.binary_op == BinaryOp::sub) t.sign = -t.sign;
      out.push_back(std::move(t));
    }
  } else if (node.kind == NodeKind::unary) {
    out = expand(f, *node.args[0]);
    if (node.unary_op == UnaryOp::negate)
      for (auto& t : out) t.sign = -t.sign;
    return out.size() > kMaxTerms ? std::vector<SignedTerm>{whole} : out;
  } else if (node.kind == NodeKind::binary &&
             (node.binary_op == BinaryOp::mul || node.binary_op == BinaryOp::elem_mul ||
              node.binary_op == BinaryOp::kron)) {
    out = product(expand(f, *node.args[0]), expand(f, *node.args[1]), "",
                  expr::to_string(node.binary_op), "");
  } else if (node.kind == NodeKind::call && node.text == "kron" && node.args.size() == 2) {
    out = product(expand(f, *node.args[0]), expand(f, *node.args[1]), "kron", ", ", "");
    for (auto& t : out) t.text = "kron(" + t.text.substr(4) + ")";
  } else if (node.kind == NodeKind::binary &&
             (node.binary_op == BinaryOp::div || node.binary_op == BinaryOp::ldiv)) {
    const bool left = node.binary_op == BinaryOp::div;
    const std::string fixed(f.source().slice(node.args[left ? 1 : 0]->span));
    for (SignedTerm t : expand(f, *node.args[left ? 0 : 1])) {
      t.text = left ? "(" + t.text + ")/(" + fixed + ")" : "(" + fixed + ")\\(" + t.text + ")";
      out.push_back(std::move(t));
    }
  } else if (node.kind == NodeKind::postfix && node.postfix_op == PostfixOp::transpose) {
    for (SignedTerm t : expand(f, *node.args[0])) {
      t.text = "(" + t.text + ")'";
      out.push_back(std::move(t));
    }
  } else if (linear_call(node)) {
    for (SignedTerm t : expand(f, *node.args[0])) {
      t.text = node.text + "(" + t.text + ")";
      out.push_back(std::move(t));
    }
  }
  if (out.size() <= 1 || out.size() > kMaxTerms) return {whole};
  return out;
}

void collect_names(const expr::Formula& f, const Node& node, const Node* parent,
                   const std::vector<std::string>& names, std::vector<TransposedVariant>& out,
                   std::size_t max_variants) {
  if (out.size() >= max_variants) return;
  if (node.kind == NodeKind::name &&
      std::find(names.begin(), names.end(), node.text) != names.end()) {
    const std::string& text = f.source().text();
    const bool transposed = parent != nullptr && parent->kind == NodeKind::postfix &&
                            parent->postfix_op == PostfixOp::transpose;
    const expr::Span replaced = transposed ? parent->span : node.span;
    const std::string by = transposed ? node.text : node.text + "'";
    out.push_back({text.substr(0, replaced.begin) + by + text.substr(replaced.end), node.text,
                   transposed, column_of(f, node.span.begin)});
    return;
  }
  for (const auto& arg : node.args) collect_names(f, *arg, &node, names, out, max_variants);
}

}  // namespace

std::vector<SignedTerm> sum_terms(const expr::Formula& formula) {
  return expand(formula, formula.root());
}

std::vector<TransposedVariant> transposed_variants(const expr::Formula& formula,
                                                   const std::vector<std::string>& names,
                                                   std::size_t max_variants) {
  std::vector<TransposedVariant> out;
  collect_names(formula, formula.root(), nullptr, names, out, max_variants);
  return out;
}

}  // namespace grader::check
