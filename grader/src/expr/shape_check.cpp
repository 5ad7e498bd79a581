#include "grader/expr/shape_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "grader/core/utf8.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/lookalike.hpp"

namespace grader::expr {

void ShapeEnv::declare(const std::string& name, Shape shape, NameRole role) {
  names_[name] = {role, std::move(shape)};
}

void ShapeEnv::declare_dimension(const std::string& name, std::optional<long> value) {
  names_[name] = {NameRole::dimension, Shape::scalar()};
  if (value) {
    values_[name] = *value;
  } else {
    values_.erase(name);
  }
}

const Declaration* ShapeEnv::find(std::string_view name) const {
  const auto it = names_.find(name);
  return it == names_.end() ? nullptr : &it->second;
}

Dim ShapeEnv::dimension(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? Dim::symbol(std::string(name)) : Dim::constant(it->second);
}

std::vector<std::string> ShapeEnv::names() const {
  std::vector<std::string> out;
  for (const auto& [name, declaration] : names_) out.push_back(name);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

namespace {}  // namespace

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  // How far apart the first differing characters are: 'Y' is nearer 'X' than 'A'.
  auto letter_gap = [](std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      if (a[i] != b[i]) return std::abs(int{a[i]} - int{b[i]});
    }
    return 0;
  };
  // A one-letter name has no likely typo but its other case: T is not a misspelt X.
  if (code_points(name) < 2) {
    for (const auto& candidate : candidates) {
      if (candidate != name && lower(candidate) == lower(name)) return candidate;
    }
    return std::nullopt;
  }
  const std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  std::pair<std::size_t, int> best_score{2 * allowed + 1, 0};
  for (const auto& candidate : candidates) {
    // A difference of case only counts as half an edit, so 'x' prefers 'X' over 'y'.
    const std::size_t d = lower(name) == lower(candidate) ? 1 : 2 * edit_distance(name, candidate);
    const std::pair<std::size_t, int> score{d, letter_gap(name, candidate)};
    if (score < best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

namespace {

// Larger than any size a limit allows, and small enough that products of two stay exact.
constexpr long kHugeSize = 1L << 30;

class ShapeChecker {
 public:
  ShapeChecker(const Formula& formula, const ShapeEnv& env, const Limits& limits)
      : formula_(formula), env_(env), limits_(limits) {}

  Shape shape_of(const Node& node) { return check(node); }

  Shape run(const Shape* expected) {
    const Node& root = formula_.root();
    Shape shape = check(root);
    // An identity of no size of its own (c*I, I/norm(x)) as the whole value: the size the
    // value must have, where it is square.
    if (shape.unsized_identity && expected != nullptr && !expected->unsized_identity &&
        expected->rows == expected->cols) {
      return *expected;
    }
    if (shape.unsized_identity && formula_.identity_shape()) {
      const Shape& s = *formula_.identity_shape();
      return Shape::matrix(s.rows.substitute(env_.dimension_values()),
                           s.cols.substitute(env_.dimension_values()));
    }
    if (shape.unsized_identity) {
      fail(ErrorKind::shape, root.span, "the size of I cannot be inferred from this formula",
           "write I(n) for the n×n identity");
    }
    return shape;
  }

 private:
  [[noreturn]] void fail(ErrorKind kind, Span primary, std::string message, std::string help = {},
                         std::vector<Span> secondary = {}) const {
    throw FormulaError({kind, std::move(message), primary, std::move(secondary), std::move(help)},
                       formula_.source_ptr());
  }

  [[noreturn]] void unsized(const Node& at, const Node& identity, std::string_view where) const {
    fail(ErrorKind::shape, identity.span,
         fmt::format("the size of I cannot be inferred in {}", where),
         "write I(n) for the n×n identity", {at.op_span});
  }

  // Rejects values larger than the limits, once their size is concrete.
  Shape bounded(Shape shape, const Node& node) const {
    const auto rows = shape.rows.constant_value();
    const auto cols = shape.cols.constant_value();
    if (!rows || !cols) return shape;
    const long r = *rows;
    const long c = *cols;
    if (r > limits_.max_dimension || c > limits_.max_dimension || r * c > limits_.max_entries) {
      fail(ErrorKind::limit, node.op_span,
           fmt::format(
               "this would make a {}×{} matrix; the limit is {} rows or columns and {} entries", r,
               c, limits_.max_dimension, limits_.max_entries));
    }
    return shape;
  }

  Shape check(const Node& node) {
    try {
      Shape shape = check_node(node);
      shapes_[&node] = shape;
      if (node.kind == NodeKind::binary || node.kind == NodeKind::call ||
          node.kind == NodeKind::broadcast || node.kind == NodeKind::matrix) {
        charge(node, shape);
      }
      return shape;
    } catch (const DimOverflow&) {
      fail(ErrorKind::limit, node.op_span, "the sizes in this expression are too large");
    }
  }

  // The arithmetic a node costs at concrete sizes (multiply-adds, roughly): products and
  // factorizations cost r·k·c and n³, everything else one operation per entry. Symbolic
  // sizes cost nothing here: the work limit applies to concrete evaluations.
  void charge(const Node& node, const Shape& result) {
    auto value = [](const Dim& d) -> double {
      const auto v = d.constant_value();
      return v ? static_cast<double>(*v) : -1.0;
    };
    const double r = value(result.rows), c = value(result.cols);
    if (r < 0 || c < 0 || result.unsized_identity) return;
    auto arg = [&](std::size_t k) -> const Shape* {
      const auto it = shapes_.find(node.args.size() > k ? node.args[k].get() : nullptr);
      return it == shapes_.end() ? nullptr : &it->second;
    };
    double cost = r * c;
    const Shape* a = arg(0);
    const Shape* b = arg(1);
    const bool matrices = a && b && !a->unsized_identity && !b->unsized_identity &&
                          !a->is_scalar() && !b->is_scalar();
    if (node.kind == NodeKind::binary && matrices) {
      const double n = value(a->rows), k = value(a->cols), m = value(b->cols);
      switch (node.binary_op) {
        case BinaryOp::mul:
          cost = n * k * m;
          break;
        case BinaryOp::div:
          cost = std::pow(value(b->rows), 3) + n * k * value(b->rows);
          break;
        case BinaryOp::ldiv:
          cost = std::pow(n, 3) + n * n * m;
          break;
        default:
          break;
      }
    } else if (node.kind == NodeKind::binary && node.binary_op == BinaryOp::pow && a &&
               !a->is_scalar() && !a->unsized_identity) {
      cost = 20 * std::pow(value(a->rows), 3);  // up to ~20 squarings for |p| ≤ 1000
    } else if (node.kind == NodeKind::call && a && !a->unsized_identity) {
      switch (node.builtin->id) {
        case BuiltinId::inv:
        case BuiltinId::det:
        case BuiltinId::logdet:
          cost = std::pow(value(a->rows), 3);
          break;
        case BuiltinId::eigvals:
        case BuiltinId::eigvecs:
          cost = 10 * std::pow(value(a->rows), 3);
          break;
        default:
          break;
      }
    }
    work_ += std::max(cost, 0.0);
    if (work_ > static_cast<double>(limits_.max_work)) {
      fail(ErrorKind::limit, node.op_span,
           fmt::format("this formula would take too long to evaluate: about {:.1e} operations at "
                       "these sizes, and the limit is {:.0e}",
                       work_, static_cast<double>(limits_.max_work)));
    }
  }

  Shape check_node(const Node& node) {
    switch (node.kind) {
      case NodeKind::number:
        return Shape::scalar();
      case NodeKind::name:
        return check_name(node);
      case NodeKind::unary:
        return check(*node.args[0]);
      case NodeKind::postfix:
        return check_postfix(node);
      case NodeKind::binary:
        return bounded(check_binary(node), node);
      case NodeKind::call:
        return bounded(check_call(node), node);
      case NodeKind::broadcast:
        return check_broadcast(node);
      case NodeKind::index:
        return check_index(node);
      case NodeKind::matrix:
        return bounded(check_matrix(node), node);
      case NodeKind::colon:
        fail(ErrorKind::syntax, node.span, "':' can only be used as an index, as in A[:, j]");
    }
    throw InternalError("unknown node kind in the shape checker");
  }

  Shape check_name(const Node& node) {
    if (node.text == "I") return Shape::identity();
    if (node.text == "pi" || node.text == "π") return Shape::scalar();
    if (const Declaration* d = env_.find(node.text)) return d->shape;
    unknown_name(node);
  }

  [[noreturn]] void unknown_name(const Node& node) const {
    const std::string& name = node.text;
    std::string help;
    // dA for a constant A, or for a name that is not an input at all.
    if (name.size() > 1 && name[0] == 'd') {
      const std::string base = name.substr(1);
      if (const Declaration* d = env_.find(base)) {
        if (d->role == NameRole::constant) {
          help = fmt::format(
              "{} is a constant of this problem, so d{} = 0: leave out the terms with d{}", base,
              base, base);
        } else {
          help = fmt::format("{} is not varied here, so it has no differential d{}", base, base);
        }
      }
    }
    if (const std::string latin = latin_spelling(name); help.empty() && latin != name) {
      // Α (Greek) for A: a name that reads like a known one but is not it.
      fail(ErrorKind::name, node.span,
           fmt::format("unknown name '{}': it is written with letters of another script that "
                       "look like the Latin '{}'",
                       name, latin),
           env_.find(latin) != nullptr ? fmt::format("type '{}' with Latin letters", latin)
                                       : std::string());
    }
    if (help.empty()) {
      std::vector<std::string> candidates = env_.names();
      if (name.size() > 1 || name == "i") candidates.insert(candidates.end(), {"I", "pi"});
      if (auto best = closest_name(name, candidates)) {
        help = fmt::format("did you mean '{}'?", *best);
      } else if (!candidates.empty() && env_.names().size() <= 12) {
        std::string known;
        for (const auto& n : env_.names()) known += (known.empty() ? "" : ", ") + n;
        if (!known.empty()) help = fmt::format("the names known here are {}", known);
      }
    }
    fail(ErrorKind::name, node.span, fmt::format("unknown name '{}'", name), help);
  }

  Shape check_postfix(const Node& node) {
    const Shape a = check(*node.args[0]);
    if (a.unsized_identity) return a;
    if (node.postfix_op == PostfixOp::transpose) return Shape::matrix(a.cols, a.rows);
    require_square(a, node, *node.args[0], "invert");
    return a;
  }

  void require_square(const Shape& a, const Node& at, const Node& operand, std::string_view verb,
                      std::string help = {}) const {
    if (a.is_square()) return;
    fail(ErrorKind::shape, at.op_span,
         fmt::format("cannot {} a {} matrix: it is not square", verb, a.to_string()), help,
         {operand.span});
  }

  Shape check_binary(const Node& node) {
    const Node& lhs_node = *node.args[0];
    const Node& rhs_node = *node.args[1];
    const Shape a = check(lhs_node);
    const Shape b = check(rhs_node);
    switch (node.binary_op) {
      case BinaryOp::add:
      case BinaryOp::sub: {
        const char* verb = node.binary_op == BinaryOp::add ? "add" : "subtract";
        // s*I + t*I, and a scalar plus I, are still an I of unknown size (as in Julia).
        if (a.unsized_identity && (b.unsized_identity || b.is_scalar())) return a;
        if (b.unsized_identity && a.is_scalar()) return b;
        if (a.unsized_identity || b.unsized_identity) {
          const Shape& m = a.unsized_identity ? b : a;
          if (!m.is_square()) {
            mismatched(
                node, fmt::format("cannot {} I and a {} matrix: I is square", verb, m.to_string()));
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
        mismatched(node,
                   fmt::format("cannot {} {} and {}: the shapes differ", verb, a.to_string(),
                               b.to_string()),
                   help);
      }
      case BinaryOp::mul: {
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
        mismatched(
            node,
            fmt::format("cannot multiply {} by {}: inner dimensions {} and {} differ",
                        a.to_string(), b.to_string(), a.cols.to_string(), b.rows.to_string()),
            help);
      }
      case BinaryOp::div: {                                 // B / A = B * inv(A)
        if (b.unsized_identity && a.is_scalar()) return b;  // x/I is x*I
        if (b.is_scalar() || b.unsized_identity) return a;
        if (!b.is_square()) {
          mismatched(
              node,
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
            node, fmt::format(
                      "cannot compute B/A for B {} and A {}: B needs as many columns as A has rows",
                      a.to_string(), b.to_string()));
      }
      case BinaryOp::ldiv: {                                // A \ B = inv(A) * B
        if (a.unsized_identity && b.is_scalar()) return a;  // I\x is x*I
        if (a.is_scalar() || a.unsized_identity) return b;
        if (!a.is_square()) {
          mismatched(
              node,
              fmt::format("cannot solve with a {} matrix: A\\B means inv(A)*B, and A is not square",
                          a.to_string()));
        }
        if (b.unsized_identity) return a;
        if (b.is_scalar()) {
          mismatched(node, fmt::format("cannot divide a scalar by a {} matrix", a.to_string()),
                     "write inv(A)*x for the inverse times x");
        }
        if (a.rows == b.rows) return b;
        mismatched(node,
                   fmt::format("cannot solve A\\B for A {} and B {}: B needs as many rows as A",
                               a.to_string(), b.to_string()));
      }
      case BinaryOp::pow: {
        if (!b.is_scalar()) {
          mismatched(node,
                     fmt::format("the exponent of ^ must be a scalar, not {}", b.to_string()));
        }
        if (!a.is_square()) {
          mismatched(
              node,
              fmt::format("cannot raise a {} matrix to a power: it is not square", a.to_string()),
              "for the power of each entry write A.^p");
        }
        return a;
      }
      case BinaryOp::elem_mul:
      case BinaryOp::elem_div:
      case BinaryOp::elem_pow:
      case BinaryOp::elem_add:
      case BinaryOp::elem_sub:
        return broadcast(node, a, b);
      case BinaryOp::kron: {
        if (a.unsized_identity) unsized(node, lhs_node, "a Kronecker product");
        if (b.unsized_identity) unsized(node, rhs_node, "a Kronecker product");
        return Shape::matrix(a.rows * b.rows, a.cols * b.cols);
      }
    }
    throw InternalError("unknown binary operator in the shape checker");
  }

  // A binary operator whose operands do not fit: underline the operator and both operands.
  [[noreturn]] void mismatched(const Node& node, std::string message, std::string help = {}) const {
    fail(ErrorKind::shape, node.op_span, std::move(message), std::move(help),
         {node.args[0]->span, node.args[1]->span});
  }

  // Julia broadcasting: each dimension equal, or 1 on one side.
  Shape broadcast(const Node& node, Shape a, Shape b) const {
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

  // A size argument (of I, zeros, ones, reshape) or an index: a whole number, a dimension
  // name, or +, -, * of those. Returns nullopt for an index computed from values.
  std::optional<Dim> size_expression(const Node& node) const {
    switch (node.kind) {
      case NodeKind::number: {
        // Whole numbers only; those beyond kHugeSize stand for kHugeSize, which every
        // limit rejects, so that no cast overflows.
        const double v = std::strtod(node.text.c_str(), nullptr);
        if (v != std::floor(v)) return std::nullopt;
        return Dim::constant(v >= static_cast<double>(kHugeSize) ? kHugeSize
                                                                 : static_cast<long>(v));
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

  Dim size_argument(const Node& call, const Node& arg) const {
    auto d = size_expression(arg);
    if (!d) {
      fail(
          ErrorKind::shape, arg.span,
          fmt::format("the size given to {} must be a whole number or a dimension name", call.text),
          "for example I(3), zeros(n, 1), reshape(v, n, m)", {call.op_span});
    }
    if (const auto v = d->constant_value()) {
      if (*v < 1) {
        fail(ErrorKind::shape, arg.span, fmt::format("a size must be at least 1, not {}", *v));
      }
      if (*v > limits_.max_dimension) {
        const std::string size =
            arg.kind == NodeKind::number
                ? fmt::format("{:.15g}", std::strtod(arg.text.c_str(), nullptr))
                : std::to_string(*v);
        fail(ErrorKind::limit, arg.span,
             fmt::format("size {} is larger than the limit of {}", size, limits_.max_dimension));
      }
    }
    return *d;
  }

  Shape check_call(const Node& node) {
    const BuiltinId id = node.builtin->id;
    // Functions whose arguments are sizes, not values.
    if (id == BuiltinId::identity) {
      const Dim n = size_argument(node, *node.args[0]);
      return Shape::matrix(n, n);
    }
    if (id == BuiltinId::zeros || id == BuiltinId::ones) {
      const Dim m = size_argument(node, *node.args[0]);
      const Dim n = node.args.size() > 1 ? size_argument(node, *node.args[1]) : Dim::constant(1);
      return Shape::matrix(m, n);
    }
    std::vector<Shape> shapes;
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      if (id == BuiltinId::reshape && i > 0) break;
      shapes.push_back(check(*node.args[i]));
    }
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
      case BuiltinId::reshape: {
        needs_size("reshape");
        const Dim m = size_argument(node, *node.args[1]);
        const Dim n = size_argument(node, *node.args[2]);
        if (!(m * n == a.rows * a.cols)) {
          const Shape target = Shape::matrix(m, n);
          fail(ErrorKind::shape, node.op_span,
               fmt::format("cannot reshape {} into {}: the number of entries differs",
                           a.to_string(), target.to_string()),
               {}, {arg.span});
        }
        return Shape::matrix(m, n);
      }
      case BuiltinId::diag:
        needs_size("diag");
        require_square(a, node, arg, "take the diagonal of");
        return Shape::matrix(a.rows, Dim::constant(1));
      case BuiltinId::diagm: {
        needs_size("diagm");
        if (!a.cols.is_one() && !a.rows.is_one()) {
          fail(ErrorKind::shape, node.op_span,
               fmt::format("diagm needs a vector, not a {} matrix", a.to_string()),
               "diag(A) takes the diagonal of a matrix; diagm(v) builds one", {arg.span});
        }
        const Dim n = a.cols.is_one() ? a.rows : a.cols;
        return Shape::matrix(n, n);
      }
      case BuiltinId::sum:
      case BuiltinId::norm:
        needs_size(name);
        return Shape::scalar();
      case BuiltinId::dot: {
        const Shape& b = shapes[1];
        if (a.unsized_identity && b.unsized_identity) unsized(node, arg, "dot");
        // I takes the size of the other argument, which must then be square.
        const Shape& other = a.unsized_identity ? b : a;
        const bool fits = (a.unsized_identity || b.unsized_identity)
                              ? other.is_square() && !other.is_scalar()
                              : a == b;
        if (!fits) {
          fail(ErrorKind::shape, node.op_span,
               fmt::format("dot needs two arguments of the same shape, not {} and {}",
                           a.to_string(), b.to_string()),
               {}, {arg.span, node.args[1]->span});
        }
        return Shape::scalar();
      }
      case BuiltinId::transpose:
        if (a.unsized_identity) return a;
        return Shape::matrix(a.cols, a.rows);
      case BuiltinId::eigvals:
      case BuiltinId::eigvecs:
        needs_size(name);
        require_square(a, node, arg, fmt::format("take {} of", name));
        return id == BuiltinId::eigvals ? Shape::matrix(a.rows, Dim::constant(1)) : a;
      default:
        break;
    }
    // Scalar functions.
    if (!a.is_scalar()) {
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
    return a;
  }

  Shape check_broadcast(const Node& node) {
    const Shape a = check(*node.args[0]);
    if (a.unsized_identity) unsized(node, *node.args[0], fmt::format("{}.(...)", node.text));
    return a;
  }

  Shape check_index(const Node& node) {
    const Node& base_node = *node.args[0];
    const Shape base = check(base_node);
    if (base.unsized_identity) unsized(node, base_node, "an index");
    std::vector<Dim> extents;
    if (node.args.size() == 2) {
      extents.push_back(base.rows * base.cols);
    } else {
      extents.push_back(base.rows);
      extents.push_back(base.cols);
    }
    std::vector<Dim> result;
    for (std::size_t k = 1; k < node.args.size(); ++k) {
      const Node& index = *node.args[k];
      const Dim& extent = extents[k - 1];
      if (index.kind == NodeKind::colon) {
        result.push_back(extent);
        continue;
      }
      const Shape s = check(index);
      if (!s.is_scalar()) {
        fail(ErrorKind::shape, index.span,
             fmt::format("an index must be a scalar, not {}", s.to_string()), {}, {node.op_span});
      }
      result.push_back(Dim::constant(1));
      const auto i = size_expression(index);
      const auto value = i ? i->constant_value() : std::nullopt;
      const auto bound = extent.constant_value();
      const long v = value.value_or(1);
      if (value && (v < 1 || (bound && v > *bound))) {
        // A literal index is shown as written (a huge one was clamped to kHugeSize).
        const std::string shown =
            index.kind == NodeKind::number
                ? fmt::format("{:.15g}", std::strtod(index.text.c_str(), nullptr))
                : std::to_string(v);
        fail(ErrorKind::shape, index.span,
             fmt::format("index {} is out of bounds for a {} matrix", shown, base.to_string()),
             "indices start at 1", {base_node.span});
      }
    }
    if (result.size() == 1) return Shape::matrix(result[0], Dim::constant(1));
    return Shape::matrix(result[0], result[1]);
  }

  Shape check_matrix(const Node& node) {
    std::size_t k = 0;
    std::optional<Shape> whole;
    for (std::size_t r = 0; r < node.row_sizes.size(); ++r) {
      std::optional<Shape> row;
      const Node* first = nullptr;
      for (std::size_t c = 0; c < node.row_sizes[r]; ++c, ++k) {
        const Node& entry = *node.args[k];
        const Shape s = check(entry);
        if (s.unsized_identity) unsized(node, entry, "a matrix literal");
        if (!row) {
          row = s;
          first = &entry;
        } else if (!(row->rows == s.rows)) {
          fail(ErrorKind::shape, entry.span,
               fmt::format(
                   "cannot place {} beside {} in a row of a matrix: they have {} and {} rows",
                   s.to_string(), row->to_string(), s.rows.to_string(), row->rows.to_string()),
               {}, {first->span});
        } else {
          row->cols = row->cols + s.cols;
        }
      }
      if (!whole) {
        whole = row;
      } else if (!(whole->cols == row->cols)) {
        fail(ErrorKind::shape, node.args[k - 1]->span,
             fmt::format("the rows of a matrix have different widths: {} and {} columns",
                         whole->cols.to_string(), row->cols.to_string()),
             "every row of [a b; c d] needs the same number of columns; inside [...] a space "
             "separates entries: a - b and a-b are one entry, a -b is two");
      } else {
        whole->rows = whole->rows + row->rows;
      }
    }
    return *whole;
  }

  const Formula& formula_;
  const ShapeEnv& env_;
  const Limits& limits_;
  std::unordered_map<const Node*, Shape> shapes_;
  double work_ = 0.0;
};

}  // namespace

Shape check_shapes(const Formula& formula, const ShapeEnv& env, const Limits& limits) {
  return ShapeChecker(formula, env, limits).run(nullptr);
}

Shape check_shapes(const Formula& formula, const ShapeEnv& env, const Shape& expected,
                   const Limits& limits) {
  return ShapeChecker(formula, env, limits).run(&expected);
}

std::optional<Shape> shape_of(const Formula& formula, const Node& node, const ShapeEnv& env) {
  try {
    return ShapeChecker(formula, env, Limits{}).shape_of(node);
  } catch (const FormulaError&) {
    return std::nullopt;  // a reading that cannot be decided is left as it was written
  }
}

}  // namespace grader::expr
