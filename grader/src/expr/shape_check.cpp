#include "grader/expr/shape_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "detail/shape_rules.hpp"
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

namespace {

// The walk over a formula: the shape of every node from its children's, by the rules of
// detail/shape_rules.hpp, with the names resolved, the sizes bounded and the work counted.
class ShapeChecker {
 public:
  ShapeChecker(const Formula& formula, const ShapeEnv& env, const Limits& limits)
      : formula_(formula), env_(env), limits_(limits), rules_(formula, env, limits) {}

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
    rules_.fail(kind, primary, std::move(message), std::move(help), std::move(secondary));
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
    rules_.require_square(a, node, *node.args[0], "invert");
    return a;
  }

  Shape check_binary(const Node& node) {
    const Shape a = check(*node.args[0]);
    const Shape b = check(*node.args[1]);
    return rules_.binary(node, a, b);
  }

  Shape check_call(const Node& node) {
    if (detail::ShapeRules::takes_sizes(node.builtin->id)) return rules_.sized_call(node);
    std::vector<Shape> shapes;
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      if (node.builtin->id == BuiltinId::reshape && i > 0) break;  // the others are sizes
      shapes.push_back(check(*node.args[i]));
    }
    return rules_.call(node, shapes);
  }

  Shape check_broadcast(const Node& node) {
    const Shape a = check(*node.args[0]);
    if (a.unsized_identity) rules_.unsized(node, *node.args[0], fmt::format("{}.(...)", node.text));
    return a;
  }

  Shape check_index(const Node& node) {
    const Node& base_node = *node.args[0];
    const Shape base = check(base_node);
    if (base.unsized_identity) rules_.unsized(node, base_node, "an index");
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
      const auto i = rules_.size_expression(index);
      const auto value = i ? i->constant_value() : std::nullopt;
      const auto bound = extent.constant_value();
      const long v = value.value_or(1);
      if (value && (v < 1 || (bound && v > *bound))) {
        // A literal index is shown as written (a huge one was clamped to detail::kHugeSize).
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
        if (s.unsized_identity) rules_.unsized(node, entry, "a matrix literal");
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
  detail::ShapeRules rules_;
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
