#pragma once
// The evaluator, generic over the scalar type. Included only by evaluate_double.cpp,
// evaluate_complex.cpp and evaluate_high.cpp, which instantiate it once each.
//
// Shapes were checked before evaluation (check_shapes on concrete sizes), so operand shapes
// here are known to fit; what is checked here is the domain: singular matrices, logs of
// non-positive numbers, non-integer matrix powers, and NaN or Inf in any subexpression.

#include <fmt/format.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "domain_errors.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "linear_algebra.hpp"
#include "scalar_functions.hpp"

namespace grader::expr::detail {

template <class T>
class Evaluator {
  using Traits = scalar_traits<T>;
  using Real = typename Traits::Real;
  using M = Matrix<T>;
  using Index = Eigen::Index;

  // A value; `identity` marks s*I of a size taken from context (m is the 1×1 [s]).
  struct Value {
    M m;
    bool identity = false;
  };

 public:
  Evaluator(const Formula& formula, const Bindings<T>& bindings, const Limits& limits)
      : formula_(formula), bindings_(bindings), limits_(limits), errors_(formula) {}

  M run() {
    Value v = eval(formula_.root());
    if (v.identity && formula_.identity_shape()) {
      // c*I as a whole answer: the size the answer must have (set by the checker).
      const auto n =
          formula_.identity_shape()->rows.substitute(bindings_.dimensions).constant_value();
      if (n) return materialize(v, static_cast<Index>(*n));
    }
    if (v.identity) throw InternalError("an unsized I reached the end of evaluation");
    return std::move(v.m);
  }

 private:
  // --- errors ----------------------------------------------------------------------------
  std::string quote(const Node& node) const { return errors_.quote(node); }
  [[noreturn]] void domain(Span primary, std::string message, std::string help = {},
                           std::vector<Span> secondary = {}) const {
    errors_.fail(primary, std::move(message), std::move(help), std::move(secondary));
  }

  void check_finite(const Value& v, const Node& node) const {
    for (Index j = 0; j < v.m.cols(); ++j) {
      for (Index i = 0; i < v.m.rows(); ++i) {
        if (Traits::is_finite(v.m(i, j))) continue;
        const Real re = Traits::real(v.m(i, j));
        const bool nan = !(re == re) || !(Traits::imag(v.m(i, j)) == Traits::imag(v.m(i, j)));
        const std::string where =
            v.m.size() == 1 ? "" : fmt::format(" in entry ({}, {})", i + 1, j + 1);
        domain(node.span,
               fmt::format("{} is not a finite number{}: it evaluated to {}", quote(node), where,
                           nan ? "NaN" : "Inf"),
               nan ? "" : "a value overflowed; the inputs may be too large for this formula");
      }
    }
  }

  // --- helpers ---------------------------------------------------------------------------
  static bool is_scalar(const Value& v) {
    return !v.identity && v.m.rows() == 1 && v.m.cols() == 1;
  }
  static const T& scalar_of(const Value& v) { return v.m(0, 0); }
  static Value scalar_value(const T& x) { return {M::Constant(1, 1, x), false}; }
  static M materialize(const Value& v, Index n) {
    if (!v.identity) return v.m;
    M out = M::Zero(n, n);
    for (Index i = 0; i < n; ++i) out(i, i) = v.m(0, 0);
    return out;
  }

  // The whole number an index or size argument stands for (beyond ±2^62, clamped there:
  // every bound rejects it anyway).
  long integer_of(const Node& node) {
    const Value v = eval(node);
    const T& x = scalar_of(v);
    const Real re = Traits::real(x);
    using std::round;
    if (Traits::imag(x) != 0 || re != round(re)) {
      domain(node.span, fmt::format("{} must be a whole number, but it is {}", quote(node),
                                    Traits::format(x, 6)));
    }
    const double d = Traits::to_double(re);
    constexpr double kClamp = 0x1p62;
    return static_cast<long>(d > kClamp ? kClamp : d < -kClamp ? -kClamp : d);
  }

  M inverse(const Value& a, const Node& matrix_node, const Node& at) const {
    return factor(a.m, matrix_node, at, "cannot invert", errors_).inverse();
  }

  // --- nodes -----------------------------------------------------------------------------
  Value eval(const Node& node) {
    if (limits_.deadline != std::chrono::steady_clock::time_point::max() &&
        std::chrono::steady_clock::now() > limits_.deadline) {
      throw FormulaError({ErrorKind::limit,
                          "evaluation was stopped: it took longer than the time limit",
                          node.span,
                          {},
                          "a formula this slow is almost certainly not the intended one; "
                          "simplify it"},
                         formula_.source_ptr());
    }
    Value v = eval_node(node);
    check_finite(v, node);
    return v;
  }

  Value eval_node(const Node& node) {
    switch (node.kind) {
      case NodeKind::number:
        return scalar_value(Traits::from_text(node.text));
      case NodeKind::name:
        return eval_name(node);
      case NodeKind::unary: {
        Value v = eval(*node.args[0]);
        if (node.unary_op == UnaryOp::negate) v.m = -v.m;
        return v;
      }
      case NodeKind::postfix: {
        Value v = eval(*node.args[0]);
        if (node.postfix_op == PostfixOp::transpose) {
          // Plain transpose, never the adjoint: complex numbers only carry the complex step.
          if (!v.identity) v.m = v.m.transpose().eval();
          return v;
        }
        return invert(v, *node.args[0], node);
      }
      case NodeKind::binary:
        return eval_binary(node);
      case NodeKind::call:
        return eval_call(node);
      case NodeKind::broadcast: {
        Value v = eval(*node.args[0]);
        for (Index j = 0; j < v.m.cols(); ++j) {
          for (Index i = 0; i < v.m.rows(); ++i) {
            v.m(i, j) = v.m.size() == 1 ? apply(node.builtin->id, v.m(i, j), node, errors_)
                                        : apply(node.builtin->id, v.m(i, j), node, errors_, i, j);
          }
        }
        return v;
      }
      case NodeKind::index:
        return eval_index(node);
      case NodeKind::matrix:
        return eval_matrix(node);
      case NodeKind::colon:
        break;
    }
    throw InternalError("unexpected node in evaluation");
  }

  Value eval_name(const Node& node) const {
    if (node.text == "I") return {M::Constant(1, 1, T(1)), true};
    if (node.text == "pi" || node.text == "π") return scalar_value(Traits::pi());
    if (const auto it = bindings_.values.find(node.text); it != bindings_.values.end()) {
      return {it->second, false};
    }
    if (const auto it = bindings_.dimensions.find(node.text); it != bindings_.dimensions.end()) {
      return scalar_value(T(it->second));
    }
    throw InternalError(fmt::format("no value for '{}' after the shape check", node.text));
  }

  Value invert(const Value& v, const Node& operand, const Node& at) const {
    if (v.identity || is_scalar(v)) {
      if (is_zero(scalar_of(v)))
        domain(at.op_span, fmt::format("cannot invert {}: it is zero", quote(operand)));
      return {M::Constant(1, 1, T(1) / scalar_of(v)), v.identity};
    }
    return {inverse(v, operand, at), false};
  }

  Value eval_binary(const Node& node) {
    const Node& lhs = *node.args[0];
    const Node& rhs = *node.args[1];
    Value a = eval(lhs);
    Value b = eval(rhs);
    switch (node.binary_op) {
      case BinaryOp::add:
      case BinaryOp::sub: {
        if (node.binary_op == BinaryOp::sub) b.m = -b.m;
        // s*I + t*I and a scalar plus I stay an I of unknown size, as in the shape checker.
        if ((a.identity || b.identity) && (a.identity || is_scalar(a)) &&
            (b.identity || is_scalar(b))) {
          return {a.m + b.m, true};
        }
        const Index n = a.identity ? b.m.rows() : a.m.rows();
        return {materialize(a, n) + materialize(b, n), false};
      }
      case BinaryOp::mul:
        if (is_scalar(b)) return {a.m * scalar_of(b), a.identity};
        if (is_scalar(a) || a.identity) return {b.m * scalar_of(a), b.identity};
        if (b.identity) return {a.m * scalar_of(b), false};
        return {a.m * b.m, false};
      case BinaryOp::div: {  // B / A = B * inv(A), by solving A' X' = B'
        if (is_scalar(b) || b.identity) {
          if (is_zero(scalar_of(b))) domain(node.span, "division by zero", {}, {rhs.span});
          // x/(s*I) is (x/s)*I: still an I of unknown size.
          return {a.m / scalar_of(b), a.identity || (b.identity && is_scalar(a))};
        }
        if (a.identity) return {inverse(b, rhs, node) * scalar_of(a), false};
        const auto lu = factor<T>(b.m.transpose(), rhs, node, "cannot divide", errors_);
        return {lu.solve(a.m.transpose()).transpose(), false};
      }
      case BinaryOp::ldiv: {  // A \ B = inv(A) * B, by solving A X = B
        if (is_scalar(a) || a.identity) {
          if (is_zero(scalar_of(a))) domain(node.span, "division by zero", {}, {lhs.span});
          return {b.m / scalar_of(a), b.identity || (a.identity && is_scalar(b))};
        }
        if (b.identity) return {inverse(a, lhs, node) * scalar_of(b), false};
        return {factor(a.m, lhs, node, "cannot solve", errors_).solve(b.m), false};
      }
      case BinaryOp::pow:
        return eval_power(node, a, scalar_of(b));
      case BinaryOp::elem_mul:
      case BinaryOp::elem_div:
      case BinaryOp::elem_pow:
      case BinaryOp::elem_add:
      case BinaryOp::elem_sub:
        return {entrywise(node, a, b), false};
      case BinaryOp::kron:
        return {kron(a.m, b.m), false};
    }
    throw InternalError("unknown binary operator in evaluation");
  }

  Value eval_power(const Node& node, const Value& a, const T& p) {
    if (is_scalar(a) || a.identity)
      return {M::Constant(1, 1, power(scalar_of(a), p, node, errors_)), a.identity};
    const Real re = Traits::real(p);
    using std::round;
    if (Traits::imag(p) != 0 || re != round(re)) {
      domain(
          node.args[1]->span,
          fmt::format("a matrix power needs a whole-number exponent, not {}", Traits::format(p, 6)),
          "for the power of each entry write A.^p", {node.op_span});
    }
    const double k_double = Traits::to_double(re);
    if (std::abs(k_double) > static_cast<double>(limits_.max_matrix_power)) {
      throw FormulaError(
          {ErrorKind::limit,
           fmt::format("the exponent {} is too large: a matrix power is limited to ±{}", k_double,
                       limits_.max_matrix_power),
           node.args[1]->span,
           {},
           {}},
          formula_.source_ptr());
    }
    long k = static_cast<long>(k_double);
    M base = k < 0 ? inverse(a, *node.args[0], node) : a.m;
    k = k < 0 ? -k : k;
    M result = M::Identity(a.m.rows(), a.m.cols());
    while (k > 0) {  // repeated squaring
      if (k & 1) result = (result * base).eval();
      k >>= 1;
      if (k > 0) base = (base * base).eval();
    }
    return {result, false};
  }

  // .* ./ .^ with Julia broadcasting (a dimension of 1 stretches).
  M entrywise(const Node& node, const Value& a, const Value& b) const {
    const M x = a.identity ? materialize(a, b.m.rows()) : a.m;
    const M y = b.identity ? materialize(b, a.m.rows()) : b.m;
    const Index rows = std::max(x.rows(), y.rows());
    const Index cols = std::max(x.cols(), y.cols());
    M out(rows, cols);
    for (Index j = 0; j < cols; ++j) {
      for (Index i = 0; i < rows; ++i) {
        const T& u = x(x.rows() == 1 ? 0 : i, x.cols() == 1 ? 0 : j);
        const T& v = y(y.rows() == 1 ? 0 : i, y.cols() == 1 ? 0 : j);
        switch (node.binary_op) {
          case BinaryOp::elem_mul:
            out(i, j) = u * v;
            break;
          case BinaryOp::elem_add:
            out(i, j) = u + v;
            break;
          case BinaryOp::elem_sub:
            out(i, j) = u - v;
            break;
          case BinaryOp::elem_div:
            if (is_zero(v)) {
              domain(node.span, fmt::format("division by zero in entry ({}, {})", i + 1, j + 1), {},
                     {node.args[1]->span});
            }
            out(i, j) = u / v;
            break;
          default:
            out(i, j) = power(u, v, node, errors_);
            break;
        }
      }
    }
    return out;
  }

  Value eval_call(const Node& node) {
    const BuiltinId id = node.builtin->id;
    switch (id) {
      case BuiltinId::identity: {
        const long n = integer_of(*node.args[0]);
        return {M::Identity(n, n), false};
      }
      case BuiltinId::zeros:
      case BuiltinId::ones: {
        const long m = integer_of(*node.args[0]);
        const long n = node.args.size() > 1 ? integer_of(*node.args[1]) : 1;
        return {M::Constant(m, n, T(id == BuiltinId::ones ? 1 : 0)), false};
      }
      case BuiltinId::reshape: {
        const Value v = eval(*node.args[0]);
        const long m = integer_of(*node.args[1]);
        const long n = integer_of(*node.args[2]);
        return {Eigen::Map<const M>(v.m.data(), m, n), false};
      }
      default:
        break;
    }
    const Node& arg = *node.args[0];
    Value a = eval(arg);
    switch (id) {
      case BuiltinId::inv:
        return invert(a, arg, node);
      case BuiltinId::det:
        return scalar_value(is_scalar(a) ? scalar_of(a)
                                         : Eigen::PartialPivLU<M>(a.m).determinant());
      case BuiltinId::logdet:
        return scalar_value(logdet(a.m, arg, node, errors_));
      case BuiltinId::tr:
        return scalar_value(a.m.trace());
      case BuiltinId::kron:
        return {kron(a.m, eval(*node.args[1]).m), false};
      case BuiltinId::vec:
        return {Eigen::Map<const M>(a.m.data(), a.m.size(), 1), false};
      case BuiltinId::diag:
        return {a.m.diagonal(), false};
      case BuiltinId::diagm: {
        const M v = a.m.reshaped();
        return {M(v.col(0).asDiagonal()), false};
      }
      case BuiltinId::sum:
        return scalar_value(a.m.sum());
      case BuiltinId::norm: {
        // sqrt(sum of squares), never |x|^2 = x*conj(x), so the complex step passes through.
        const T squares = a.m.array().square().sum();
        using std::sqrt;
        return scalar_value(is_zero(squares) ? T(0) : T(sqrt(squares)));
      }
      case BuiltinId::dot: {
        Value b = eval(*node.args[1]);
        const Index n = a.identity ? b.m.rows() : a.m.rows();
        return scalar_value((materialize(a, n).array() * materialize(b, n).array()).sum());
      }
      case BuiltinId::transpose:
        if (!a.identity) a.m = a.m.transpose().eval();
        return a;
      case BuiltinId::eigvals:
      case BuiltinId::eigvecs:
        return {eigen(a.m, arg, node, id == BuiltinId::eigvecs, errors_), false};
      default:
        break;
    }
    // A scalar function of a scalar.
    return scalar_value(apply(id, scalar_of(a), node, errors_));
  }

  Value eval_index(const Node& node) {
    const Value base = eval(*node.args[0]);
    const M& m = base.m;
    std::vector<std::pair<Index, Index>> ranges;  // (first, count) per index, 0-based
    const std::vector<Index> extents = node.args.size() == 2
                                           ? std::vector<Index>{m.size()}
                                           : std::vector<Index>{m.rows(), m.cols()};
    for (std::size_t k = 1; k < node.args.size(); ++k) {
      const Node& index = *node.args[k];
      const Index extent = extents[k - 1];
      if (index.kind == NodeKind::colon) {
        ranges.emplace_back(0, extent);
        continue;
      }
      const long i = integer_of(index);
      if (i < 1 || i > extent) {
        domain(index.span,
               fmt::format("index {} is out of bounds for a {}×{} matrix", i, m.rows(), m.cols()),
               "indices start at 1", {node.args[0]->span});
      }
      ranges.emplace_back(i - 1, 1);
    }
    if (ranges.size() == 1) {
      const M flat = Eigen::Map<const M>(m.data(), m.size(), 1);
      return {flat.block(ranges[0].first, 0, ranges[0].second, 1), false};
    }
    return {m.block(ranges[0].first, ranges[1].first, ranges[0].second, ranges[1].second), false};
  }

  Value eval_matrix(const Node& node) {
    std::vector<M> rows;
    std::size_t k = 0;
    for (const std::size_t count : node.row_sizes) {
      std::vector<M> blocks;
      Index cols = 0;
      for (std::size_t c = 0; c < count; ++c, ++k) {
        blocks.push_back(eval(*node.args[k]).m);
        cols += blocks.back().cols();
      }
      M row(blocks.front().rows(), cols);
      Index at = 0;
      for (const M& b : blocks) {
        row.middleCols(at, b.cols()) = b;
        at += b.cols();
      }
      rows.push_back(std::move(row));
    }
    Index total = 0;
    for (const M& r : rows) total += r.rows();
    M out(total, rows.front().cols());
    Index at = 0;
    for (const M& r : rows) {
      out.middleRows(at, r.rows()) = r;
      at += r.rows();
    }
    return {out, false};
  }

  const Formula& formula_;
  const Bindings<T>& bindings_;
  const Limits& limits_;
  DomainErrors errors_;
};

}  // namespace grader::expr::detail

namespace grader::expr {

template <class T>
ShapeEnv Bindings<T>::shape_env() const {
  ShapeEnv env;
  for (const auto& [name, dim] : dimensions) env.declare_dimension(name, dim);
  for (const auto& [name, value] : values) {
    env.declare(name, Shape::matrix(Dim::constant(value.rows()), Dim::constant(value.cols())),
                NameRole::value);
  }
  return env;
}

template <class T>
Matrix<T> evaluate(const Formula& formula, const Bindings<T>& bindings, const Limits& limits) {
  check_shapes(formula, bindings.shape_env(), limits);
  return detail::Evaluator<T>(formula, bindings, limits).run();
}

// Columns right-aligned; a 1×1 value prints as a scalar.
template <class T>
std::string format_value(const Matrix<T>& value, int digits) {
  if (value.rows() == 1 && value.cols() == 1) return scalar_traits<T>::format(value(0, 0), digits);
  std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(value.rows()));
  std::vector<std::size_t> widths(static_cast<std::size_t>(value.cols()), 0);
  for (Eigen::Index i = 0; i < value.rows(); ++i) {
    for (Eigen::Index j = 0; j < value.cols(); ++j) {
      auto text = scalar_traits<T>::format(value(i, j), digits);
      widths[j] = std::max(widths[j], code_points(text));
      cells[i].push_back(std::move(text));
    }
  }
  std::string out = fmt::format("{}×{} {}:\n", value.rows(), value.cols(),
                                value.cols() == 1 ? "column" : "matrix");
  for (const auto& row : cells) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      out += std::string(2 + widths[j] - code_points(row[j]), ' ') + row[j];
    }
    out += '\n';
  }
  out.pop_back();
  return out;
}

}  // namespace grader::expr
