#include "detail/shape_rules.hpp"

#include <fmt/format.h>

namespace grader::expr::detail {

void ShapeRules::unsized(const Node& at, const Node& identity, std::string_view where) const {
  fail(ErrorKind::shape, identity.span,
       fmt::format("the size of I cannot be inferred in {}", where),
       "write I(n) for the n×n identity", {at.op_span});
}

void ShapeRules::require_square(const Shape& a, const Node& at, const Node& operand,
                                std::string_view verb, std::string help) const {
  if (a.is_square()) return;
  fail(ErrorKind::shape, at.op_span,
       fmt::format("cannot {} a {} matrix: it is not square", verb, a.to_string()), help,
       {operand.span});
}

void ShapeRules::mismatched(const Node& node, std::string message, std::string help) const {
  fail(ErrorKind::shape, node.op_span, std::move(message), std::move(help),
       {node.args[0]->span, node.args[1]->span});
}

// --- binary operators ----------------------------------------------------------------------

Shape ShapeRules::binary(const Node& node, const Shape& a, const Shape& b) const {
  switch (node.binary_op) {
    case BinaryOp::add:
    case BinaryOp::sub:
      return sum(node, a, b);
    case BinaryOp::mul:
      return product(node, a, b);
    case BinaryOp::div:
      return division(node, a, b);
    case BinaryOp::ldiv:
      return left_division(node, a, b);
    case BinaryOp::pow:
      return power(node, a, b);
    case BinaryOp::elem_mul:
    case BinaryOp::elem_div:
    case BinaryOp::elem_pow:
    case BinaryOp::elem_add:
    case BinaryOp::elem_sub:
      return broadcast(node, a, b);
    case BinaryOp::kron:
      if (a.unsized_identity) unsized(node, *node.args[0], "a Kronecker product");
      if (b.unsized_identity) unsized(node, *node.args[1], "a Kronecker product");
      return Shape::matrix(a.rows * b.rows, a.cols * b.cols);
  }
  throw InternalError("unknown binary operator in the shape checker");
}

Shape ShapeRules::sum(const Node& node, const Shape& a, const Shape& b) const {
  const char* verb = node.binary_op == BinaryOp::add ? "add" : "subtract";
  // s*I + t*I, and a scalar plus I, are still an I of unknown size (as in Julia).
  if (a.unsized_identity && (b.unsized_identity || b.is_scalar())) return a;
  if (b.unsized_identity && a.is_scalar()) return b;
  if (a.unsized_identity || b.unsized_identity) {
    const Shape& m = a.unsized_identity ? b : a;
    if (!m.is_square()) {
      mismatched(node,
                 fmt::format("cannot {} I and a {} matrix: I is square", verb, m.to_string()));
    }
    return m;
  }
  if (a == b) return a;
  std::string help;
  if (a.is_scalar() || b.is_scalar()) {
    const Shape& m = a.is_scalar() ? b : a;
    help = m.is_vector()
               ? fmt::format("to add a scalar to every entry write it with .{0}: 1 .{0} v",
                             node.binary_op == BinaryOp::add ? "+" : "-")
               : fmt::format(
                     "to add a scalar x to the diagonal write x*I (I {0} A); to "
                     "every entry, x .{0} A",
                     node.binary_op == BinaryOp::add ? "+" : "-");
  }
  mismatched(
      node,
      fmt::format("cannot {} {} and {}: the shapes differ", verb, a.to_string(), b.to_string()),
      help);
}

Shape ShapeRules::product(const Node& node, const Shape& a, const Shape& b) const {
  // A scalar (or a 1×1 result) scales; I takes the size of what it multiplies.
  if (b.is_scalar()) return a;
  if (a.is_scalar() || a.unsized_identity) return b;
  if (b.unsized_identity) return a;
  if (a.cols == b.rows) return Shape::matrix(a.rows, b.cols);
  std::string help;
  if (a.rows == b.rows && a.cols == b.cols) {
    help = "for the product of corresponding entries write .*";
  } else if (a.rows == b.rows) {
    help = "did you mean to transpose the left factor?";
  } else if (a.cols == b.cols) {
    help = "did you mean to transpose the right factor?";
  }
  mismatched(node,
             fmt::format("cannot multiply {} by {}: inner dimensions {} and {} differ",
                         a.to_string(), b.to_string(), a.cols.to_string(), b.rows.to_string()),
             help);
}

// B / A = B * inv(A)
Shape ShapeRules::division(const Node& node, const Shape& a, const Shape& b) const {
  if (b.unsized_identity && a.is_scalar()) return b;  // x/I is x*I
  if (b.is_scalar() || b.unsized_identity) return a;
  if (!b.is_square()) {
    mismatched(node,
               fmt::format("cannot divide by a {} matrix: B/A means B*inv(A), and A is not square",
                           b.to_string()));
  }
  if (a.unsized_identity) return b;
  if (a.is_scalar()) {
    mismatched(node, fmt::format("cannot divide a scalar by a {} matrix", b.to_string()),
               "write x*inv(A) for x times the inverse");
  }
  if (a.cols == b.rows) return a;
  mismatched(
      node,
      fmt::format("cannot compute B/A for B {} and A {}: B needs as many columns as A has rows",
                  a.to_string(), b.to_string()));
}

// A \ B = inv(A) * B
Shape ShapeRules::left_division(const Node& node, const Shape& a, const Shape& b) const {
  if (a.unsized_identity && b.is_scalar()) return a;  // I\x is x*I
  if (a.is_scalar() || a.unsized_identity) return b;
  if (!a.is_square()) {
    mismatched(
        node, fmt::format("cannot solve with a {} matrix: A\\B means inv(A)*B, and A is not square",
                          a.to_string()));
  }
  if (b.unsized_identity) return a;
  if (b.is_scalar()) {
    mismatched(node, fmt::format("cannot divide a scalar by a {} matrix", a.to_string()),
               "write inv(A)*x for the inverse times x");
  }
  if (a.rows == b.rows) return b;
  mismatched(node, fmt::format("cannot solve A\\B for A {} and B {}: B needs as many rows as A",
                               a.to_string(), b.to_string()));
}

Shape ShapeRules::power(const Node& node, const Shape& a, const Shape& b) const {
  if (!b.is_scalar()) {
    mismatched(node, fmt::format("the exponent of ^ must be a scalar, not {}", b.to_string()));
  }
  if (!a.is_square()) {
    mismatched(node,
               fmt::format("cannot raise a {} matrix to a power: it is not square", a.to_string()),
               "for the power of each entry write A.^p");
  }
  return a;
}

Shape ShapeRules::broadcast(const Node& node, Shape a, Shape b) const {
  const Node& lhs_node = *node.args[0];
  const Node& rhs_node = *node.args[1];
  if (a.unsized_identity && b.unsized_identity) unsized(node, lhs_node, "an entrywise operation");
  if (a.unsized_identity) {
    if (!b.is_square() || b.is_scalar()) unsized(node, lhs_node, "an entrywise operation");
    a = b;
  }
  if (b.unsized_identity) {
    if (!a.is_square() || a.is_scalar()) unsized(node, rhs_node, "an entrywise operation");
    b = a;
  }
  auto combine = [&](const Dim& x, const Dim& y) -> Dim {
    if (x == y || y.is_one()) return x;
    if (x.is_one()) return y;
    fail(ErrorKind::shape, node.op_span,
         fmt::format("cannot apply {} to {} and {}: each dimension must match or be 1",
                     to_string(node.binary_op), a.to_string(), b.to_string()),
         {}, {lhs_node.span, rhs_node.span});
  };
  return Shape::matrix(combine(a.rows, b.rows), combine(a.cols, b.cols));
}

// --- sizes and builtins ------------------------------------------------------------------

std::optional<Dim> ShapeRules::size_expression(const Node& node) const {
  switch (node.kind) {
    case NodeKind::number: {
      // Whole numbers only; those beyond kHugeSize stand for kHugeSize, which every
      // limit rejects, so that no cast overflows.
      const double v = std::strtod(node.text.c_str(), nullptr);
      if (v != std::floor(v)) return std::nullopt;
      return Dim::constant(v >= static_cast<double>(kHugeSize) ? kHugeSize : static_cast<long>(v));
    }
    case NodeKind::name: {
      const Declaration* d = env_.find(node.text);
      if (d != nullptr && d->role == NameRole::dimension) return env_.dimension(node.text);
      return std::nullopt;
    }
    case NodeKind::binary: {
      const auto a = size_expression(*node.args[0]);
      const auto b = size_expression(*node.args[1]);
      if (!a || !b) return std::nullopt;
      if (node.binary_op == BinaryOp::add) return *a + *b;
      if (node.binary_op == BinaryOp::sub) return *a - *b;
      if (node.binary_op == BinaryOp::mul) return *a * *b;
      return std::nullopt;
    }
    case NodeKind::unary: {
      const auto a = size_expression(*node.args[0]);
      if (!a) return std::nullopt;
      return node.unary_op == UnaryOp::negate ? Dim::constant(-1) * *a : *a;
    }
    default:
      return std::nullopt;
  }
}

Dim ShapeRules::size_argument(const Node& call, const Node& arg) const {
  auto d = size_expression(arg);
  if (!d) {
    fail(ErrorKind::shape, arg.span,
         fmt::format("the size given to {} must be a whole number or a dimension name", call.text),
         "for example I(3), zeros(n, 1), reshape(v, n, m)", {call.op_span});
  }
  if (const auto v = d->constant_value()) {
    if (*v < 1) {
      fail(ErrorKind::shape, arg.span, fmt::format("a size must be at least 1, not {}", *v));
    }
    if (*v > limits_.max_dimension) {
      const std::string size = arg.kind == NodeKind::number
                                   ? fmt::format("{:.15g}", std::strtod(arg.text.c_str(), nullptr))
                                   : std::to_string(*v);
      fail(ErrorKind::limit, arg.span,
           fmt::format("size {} is larger than the limit of {}", size, limits_.max_dimension));
    }
  }
  return *d;
}

Shape ShapeRules::sized_call(const Node& node) const {
  const Dim m = size_argument(node, *node.args[0]);
  if (node.builtin->id == BuiltinId::identity) return Shape::matrix(m, m);
  const Dim n = node.args.size() > 1 ? size_argument(node, *node.args[1]) : Dim::constant(1);
  return Shape::matrix(m, n);
}

Shape ShapeRules::call(const Node& node, const std::vector<Shape>& shapes) const {
  if (auto shape = matrix_function(node, shapes)) return *shape;
  return scalar_function(node, shapes[0]);
}

std::optional<Shape> ShapeRules::matrix_function(const Node& node,
                                                 const std::vector<Shape>& shapes) const {
  const BuiltinId id = node.builtin->id;
  const Shape& a = shapes[0];
  const Node& arg = *node.args[0];
  const std::string name = node.text;
  auto needs_size = [&](std::string_view where) {
    if (a.unsized_identity) unsized(node, arg, where);
  };
  switch (id) {
    case BuiltinId::inv:
      require_square(a, node, arg, "invert");
      return a;
    case BuiltinId::det:
    case BuiltinId::logdet:
      needs_size(name);
      require_square(a, node, arg, fmt::format("take {} of", name));
      return Shape::scalar();
    case BuiltinId::tr:
      needs_size("a trace");
      require_square(a, node, arg, "take the trace of");
      return Shape::scalar();
    case BuiltinId::kron: {
      if (a.unsized_identity) unsized(node, arg, "a Kronecker product");
      if (shapes[1].unsized_identity) unsized(node, *node.args[1], "a Kronecker product");
      return Shape::matrix(a.rows * shapes[1].rows, a.cols * shapes[1].cols);
    }
    case BuiltinId::vec:
      needs_size("vec");
      return Shape::matrix(a.rows * a.cols, Dim::constant(1));
    case BuiltinId::reshape:
      needs_size("reshape");
      return reshape(node, a);
    case BuiltinId::diag:
      needs_size("diag");
      require_square(a, node, arg, "take the diagonal of");
      return Shape::matrix(a.rows, Dim::constant(1));
    case BuiltinId::diagm:
      needs_size("diagm");
      return diagm(node, a);
    case BuiltinId::sum:
    case BuiltinId::norm:
      needs_size(name);
      return Shape::scalar();
    case BuiltinId::dot:
      return dot(node, a, shapes[1]);
    case BuiltinId::transpose:
      if (a.unsized_identity) return a;
      return Shape::matrix(a.cols, a.rows);
    case BuiltinId::eigvals:
    case BuiltinId::eigvecs:
      needs_size(name);
      require_square(a, node, arg, fmt::format("take {} of", name));
      return id == BuiltinId::eigvals ? Shape::matrix(a.rows, Dim::constant(1)) : a;
    default:
      return std::nullopt;
  }
}

Shape ShapeRules::reshape(const Node& node, const Shape& a) const {
  const Dim m = size_argument(node, *node.args[1]);
  const Dim n = size_argument(node, *node.args[2]);
  if (!(m * n == a.rows * a.cols)) {
    const Shape target = Shape::matrix(m, n);
    fail(ErrorKind::shape, node.op_span,
         fmt::format("cannot reshape {} into {}: the number of entries differs", a.to_string(),
                     target.to_string()),
         {}, {node.args[0]->span});
  }
  return Shape::matrix(m, n);
}

Shape ShapeRules::diagm(const Node& node, const Shape& a) const {
  if (!a.cols.is_one() && !a.rows.is_one()) {
    fail(ErrorKind::shape, node.op_span,
         fmt::format("diagm needs a vector, not a {} matrix", a.to_string()),
         "diag(A) takes the diagonal of a matrix; diagm(v) builds one", {node.args[0]->span});
  }
  const Dim n = a.cols.is_one() ? a.rows : a.cols;
  return Shape::matrix(n, n);
}

Shape ShapeRules::dot(const Node& node, const Shape& a, const Shape& b) const {
  if (a.unsized_identity && b.unsized_identity) unsized(node, *node.args[0], "dot");
  // I takes the size of the other argument, which must then be square.
  const Shape& other = a.unsized_identity ? b : a;
  const bool fits =
      (a.unsized_identity || b.unsized_identity) ? other.is_square() && !other.is_scalar() : a == b;
  if (!fits) {
    fail(ErrorKind::shape, node.op_span,
         fmt::format("dot needs two arguments of the same shape, not {} and {}", a.to_string(),
                     b.to_string()),
         {}, {node.args[0]->span, node.args[1]->span});
  }
  return Shape::scalar();
}

Shape ShapeRules::scalar_function(const Node& node, const Shape& a) const {
  if (a.is_scalar()) return a;
  const BuiltinId id = node.builtin->id;
  const std::string name = node.text;
  const Node& arg = *node.args[0];
  std::string help = fmt::format("for {} of each entry write {}.({})", name, name,
                                 formula_.source().slice(arg.span));
  std::string message = fmt::format("{} takes a scalar, not a {} matrix", name, a.to_string());
  if (id == BuiltinId::abs) help += "; for a size write norm(...)";
  if (id == BuiltinId::exp || id == BuiltinId::log || id == BuiltinId::sqrt) {
    message += fmt::format(" (the matrix {} is not part of this language)",
                           id == BuiltinId::exp   ? "exponential"
                           : id == BuiltinId::log ? "logarithm"
                                                  : "square root");
  }
  fail(ErrorKind::shape, node.op_span, message, help, {arg.span});
}

}  // namespace grader::expr::detail
