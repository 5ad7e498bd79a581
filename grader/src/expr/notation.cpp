#include "grader/expr/notation.hpp"

#include <memory>
#include <string>
#include <utility>

namespace grader::expr {

namespace {

class Reader {
 public:
  Reader(Formula& formula, const ShapeEnv& env) : formula_(formula), env_(env) {}

  void run(const Shape* expected) {
    visit(formula_.root_pointer());
    if (expected != nullptr && !expected->unsized_identity) {
      size_identities(formula_.root_pointer(), *expected);
      // c*I, I/norm(x) as the whole answer: I takes the answer's size, and the reading says
      // so (I(n)). Only when the whole value is an identity of no size of its own; an I that
      // a sum sizes (I - x*x') is left as written.
      const auto shape = shape_of(formula_, formula_.root(), env_);
      if (shape && shape->unsized_identity && expected->rows == expected->cols) {
        size_whole(formula_.root_pointer(), expected->rows);
      }
    }
    if (changed_) formula_.set_alternative_notation(true);
  }

 private:
  bool is_name(std::string_view name) const { return env_.find(name) != nullptr; }

  static bool is_name_node(const Node& node, std::string_view name) {
    return node.kind == NodeKind::name && node.text == name;
  }

  std::unique_ptr<Node> node_like(const Node& from, NodeKind kind) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->span = from.span;
    node->op_span = from.op_span;
    return node;
  }

  std::unique_ptr<Node> call(const Node& from, std::string_view name,
                             std::unique_ptr<Node> argument) {
    auto node = node_like(from, NodeKind::call);
    node->text = std::string(name);
    node->builtin = find_builtin(name);
    node->height = argument->height + 1;
    node->args.push_back(std::move(argument));
    return node;
  }

  std::unique_ptr<Node> transpose(const Node& from, std::unique_ptr<Node> operand) {
    auto node = node_like(from, NodeKind::postfix);
    node->postfix_op = PostfixOp::transpose;
    node->height = operand->height + 1;
    node->args.push_back(std::move(operand));
    return node;
  }

  void visit(std::unique_ptr<Node>& node) {
    // e^(x) and ℯ^(x): exp(x), before the base itself is read (ℯ alone is exp(1)).
    if (node->kind == NodeKind::binary && node->binary_op == BinaryOp::pow) {
      const Node& base = *node->args[0];
      if ((is_name_node(base, "e") && !is_name("e")) || is_name_node(base, "ℯ")) {
        node = call(*node, "exp", std::move(node->args[1]));
        changed_ = true;
      }
    }
    for (auto& arg : node->args) visit(arg);
    Node& n = *node;
    if (n.kind == NodeKind::binary && n.binary_op == BinaryOp::pow) {
      Node& exponent = *n.args[1];
      // A^T: the transpose, where T names nothing of the problem.
      if (is_name_node(exponent, "T") && !is_name("T")) {
        node = transpose(n, std::move(n.args[0]));
        changed_ = true;
        return;
      }
      // A^-T: the inverse transpose.
      if (exponent.kind == NodeKind::unary && exponent.unary_op == UnaryOp::negate &&
          is_name_node(*exponent.args[0], "T") && !is_name("T")) {
        node = transpose(n, call(n, "inv", std::move(n.args[0])));
        changed_ = true;
        return;
      }
    }
    if (n.kind == NodeKind::name && n.text == "ℯ") {
      auto one = node_like(n, NodeKind::number);
      one->text = "1";
      node = call(n, "exp", std::move(one));
      changed_ = true;
      return;
    }
    // x_0 for the problem's x0.
    if (n.kind == NodeKind::name && n.text.find('_') != std::string::npos && !is_name(n.text)) {
      std::string joined;
      for (const char c : n.text) {
        if (c != '_') joined += c;
      }
      if (!joined.empty() && is_name(joined)) {
        n.text = joined;
        changed_ = true;
        return;
      }
    }
    // diag(v) of a vector: the diagonal matrix, as MATLAB's and NumPy's diag.
    if (n.kind == NodeKind::call && n.builtin != nullptr && n.builtin->id == BuiltinId::diag) {
      const auto shape = shape_of(formula_, *n.args[0], env_);
      if (shape && shape->is_vector() && !shape->is_scalar()) {
        n.text = "diagm";
        n.builtin = find_builtin("diagm");
        changed_ = true;
      }
    }
  }

  static bool is_bare_identity(const Node& node) { return is_name_node(node, "I"); }

  bool is_scalar(const Node& node) const {
    const auto shape = shape_of(formula_, node, env_);
    return shape && shape->is_scalar();
  }

  // I(k) in place of a bare I whose size follows from the shape its value must have.
  void size_identity(std::unique_ptr<Node>& identity, const Dim& size) {
    Formula parsed = parse(size.to_formula(), "size");
    auto node = node_like(*identity, NodeKind::call);
    node->text = "I";
    node->builtin = find_builtin("I");
    node->height = parsed.root().height + 1;
    node->args.push_back(std::move(parsed.root_pointer()));
    identity = std::move(node);
    changed_ = true;
  }

  // Top-down from the shape the answer must have: kron(I, X) and I ⊗ X, where the size of I
  // is what the answer's shape leaves once X's is divided out, through sums, signs and
  // scalar factors (2*kron(I, X) + kron(X', I)).
  void size_identities(std::unique_ptr<Node>& node, const Shape& want) {
    Node& n = *node;
    if (n.kind == NodeKind::unary) {
      size_identities(n.args[0], want);
      return;
    }
    const bool kron =
        (n.kind == NodeKind::binary && n.binary_op == BinaryOp::kron) ||
        (n.kind == NodeKind::call && n.builtin != nullptr && n.builtin->id == BuiltinId::kron);
    if (kron) {
      for (int side = 0; side < 2; ++side) {
        std::unique_ptr<Node>& identity = n.args[static_cast<std::size_t>(side)];
        const Node& other = *n.args[static_cast<std::size_t>(1 - side)];
        if (!is_bare_identity(*identity) || is_bare_identity(other)) continue;
        const auto shape = shape_of(formula_, other, env_);
        if (!shape || shape->unsized_identity) continue;
        const auto rows = want.rows.divided_by(shape->rows);
        const auto cols = want.cols.divided_by(shape->cols);
        if (rows && cols && *rows == *cols) size_identity(identity, *rows);
      }
      return;
    }
    if (n.kind != NodeKind::binary) return;
    switch (n.binary_op) {
      case BinaryOp::add:
      case BinaryOp::sub:
      case BinaryOp::elem_add:
      case BinaryOp::elem_sub:
        size_identities(n.args[0], want);
        size_identities(n.args[1], want);
        return;
      case BinaryOp::mul:
      case BinaryOp::div:
        if (is_scalar(*n.args[1])) {
          size_identities(n.args[0], want);
        } else if (n.binary_op == BinaryOp::mul && is_scalar(*n.args[0])) {
          size_identities(n.args[1], want);
        }
        return;
      default:
        return;
    }
  }

  // Every bare I the value of `node` is made of (through signs, sums and products with
  // scalars): the whole value is an identity of no size, so each of them is `size`.
  void size_whole(std::unique_ptr<Node>& node, const Dim& size) {
    Node& n = *node;
    if (is_bare_identity(n)) {
      size_identity(node, size);
    } else if (n.kind == NodeKind::unary) {
      size_whole(n.args[0], size);
    } else if (n.kind == NodeKind::binary &&
               (n.binary_op == BinaryOp::add || n.binary_op == BinaryOp::sub ||
                n.binary_op == BinaryOp::mul || n.binary_op == BinaryOp::div)) {
      size_whole(n.args[0], size);
      size_whole(n.args[1], size);
    }
  }

  Formula& formula_;
  const ShapeEnv& env_;
  bool changed_ = false;
};

}  // namespace

void read_notation(Formula& formula, const ShapeEnv& env, const Shape* expected) {
  Reader(formula, env).run(expected);
}

}  // namespace grader::expr
