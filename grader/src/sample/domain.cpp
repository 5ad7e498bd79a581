#include "grader/sample/domain.hpp"

#include <fmt/format.h>

#include <string_view>

namespace grader::sample {
namespace {

using expr::BinaryOp;
using expr::BuiltinId;
using expr::Node;
using expr::NodeKind;

// What an operation needs of its operand for the value to exist.
enum class Need {
  positive_det,  // logdet
  nonsingular,   // inv, A', /, \, negative powers
  positive,      // log, sqrt, non-integer powers
  symmetric,     // eigvals, eigvecs
  other,         // a non-finite value, tan at a pole, a non-integer index: no property helps
};

struct Failing {
  Need need = Need::other;
  std::string operation;  // "log det", "inv", "division", ...
  const Node* operand = nullptr;
};

// The node the diagnostic underlines: its operator or function name, or the whole node.
const Node* find_at(const Node& node, expr::Span primary) {
  for (const auto& arg : node.args) {
    if (const Node* hit = find_at(*arg, primary)) return hit;
  }
  return node.op_span == primary || node.span == primary ? &node : nullptr;
}

Failing classify(const Node& at, std::string_view message) {
  if (message.find("not a finite number") != std::string_view::npos) return {};
  if ((at.kind == NodeKind::call || at.kind == NodeKind::broadcast) && at.builtin != nullptr &&
      !at.args.empty()) {
    const Node* arg = at.args[0].get();
    switch (at.builtin->id) {
      case BuiltinId::logdet:
        return {Need::positive_det, "log det", arg};
      case BuiltinId::inv:
        return {Need::nonsingular, "inv", arg};
      case BuiltinId::log:
        return {Need::positive, "log", arg};
      case BuiltinId::sqrt:
        return {Need::positive, "sqrt", arg};
      case BuiltinId::eigvals:
      case BuiltinId::eigvecs:
        return {Need::symmetric, std::string(at.builtin->name), arg};
      default:
        return {};
    }
  }
  if (at.kind == NodeKind::postfix && at.postfix_op == expr::PostfixOp::inverse) {
    return {Need::nonsingular, "the inverse", at.args[0].get()};
  }
  if (at.kind != NodeKind::binary) return {};
  switch (at.binary_op) {
    case BinaryOp::div:
    case BinaryOp::elem_div:
      return {Need::nonsingular, "division", at.args[1].get()};
    case BinaryOp::ldiv:
      return {Need::nonsingular, "a solve (\\)", at.args[0].get()};
    case BinaryOp::pow:
    case BinaryOp::elem_pow:
      // 0 or a singular matrix to a negative power, or a negative number to a fraction.
      if (message.find("non-integer") != std::string_view::npos)
        return {Need::positive, "a non-integer power", at.args[0].get()};
      return {Need::nonsingular, "a negative power", at.args[0].get()};
    default:
      return {};
  }
}

// X for X, X' and transpose(X): a transpose keeps every property asked for here.
const Node& untransposed(const Node& node) {
  if (node.kind == NodeKind::postfix && node.postfix_op == expr::PostfixOp::transpose)
    return untransposed(*node.args[0]);
  if (node.kind == NodeKind::call && node.builtin != nullptr &&
      node.builtin->id == BuiltinId::transpose && node.args.size() == 1)
    return untransposed(*node.args[0]);
  return node;
}

bool is_square_matrix(const spec::Variable& v) {
  return v.shape.size() == 2 &&
         (v.shape[0].name.empty() ? v.shape[1].name.empty() && v.shape[0].size == v.shape[1].size
                                  : v.shape[0].name == v.shape[1].name);
}

// The property that makes `need` hold for variable v, or nullptr when none does.
const char* property_for(Need need, const spec::Variable& v) {
  const bool square = is_square_matrix(v);
  switch (need) {
    case Need::positive_det:
      return square ? "positive-definite" : "positive";
    case Need::nonsingular:
      return square ? "invertible" : "positive";
    case Need::positive:
      return "positive";
    case Need::symmetric:
      return square ? "symmetric" : nullptr;
    case Need::other:
      break;
  }
  return nullptr;
}

std::string requirement(Need need, const std::string& operand) {
  switch (need) {
    case Need::positive_det:
      return fmt::format("det({}) > 0", operand);
    case Need::nonsingular:
      return fmt::format("a nonsingular {}", operand);
    case Need::positive:
      return fmt::format("{} > 0", operand);
    case Need::symmetric:
      return fmt::format("a symmetric {}", operand);
    case Need::other:
      break;
  }
  return "";
}

}  // namespace

std::string domain_fix(const spec::Problem& problem, const expr::Formula& formula,
                       const expr::FormulaError& error) {
  const std::string generic =
      "add a require: that holds exactly where it is defined, or give the variables properties "
      "or a range that keep it defined";
  const Node* at = find_at(formula.root(), error.diagnostic().primary);
  if (at == nullptr) return generic;
  const Failing failing = classify(*at, error.diagnostic().message);
  if (failing.need == Need::other || failing.operand == nullptr) return generic;
  const Node& operand = untransposed(*failing.operand);
  const std::string text(formula.source().slice(failing.operand->span));
  const std::string head =
      fmt::format("{} needs {} at every point", failing.operation, requirement(failing.need, text));
  if (operand.kind == NodeKind::name) {
    if (const spec::Variable* v = problem.find_variable(operand.text)) {
      if (v->value) {
        return fmt::format("{}: {} is a fixed value (value: {}); change it", head, v->name,
                           v->value->text);
      }
      if (const char* property = property_for(failing.need, *v))
        return fmt::format("{}: declare {} {}", head, v->name, property);
    }
  }
  switch (failing.need) {
    case Need::positive_det:
      return fmt::format("{}: declare its inputs so, or add require: [\"det({})\"]", head, text);
    case Need::positive:
      return fmt::format(
          "{}: declare its inputs positive, or add require: [\"{}\"] when it is a "
          "scalar",
          head, text);
    default:
      return fmt::format(
          "{}: declare its inputs so (invertible, positive-definite, symmetric, "
          "...), or add a require: that holds exactly there",
          head);
  }
}

}  // namespace grader::sample
