#pragma once
// The syntax tree of a formula. One node type with a kind, so that passes (shape checking,
// evaluation, printing) are plain recursive switches. Every node carries its source span.

#include <memory>
#include <string>
#include <vector>

#include "grader/expr/builtins.hpp"
#include "grader/expr/source.hpp"

namespace grader::expr {

enum class NodeKind {
  number,     // text = the literal as written
  name,       // text = the identifier (a variable, dX, a dimension, I, pi)
  call,       // text = function name, builtin set; args = arguments
  broadcast,  // f.(x): text = function name, builtin set; args = {x}
  unary,      // unary_op; args = {operand}
  binary,     // binary_op; args = {lhs, rhs}
  postfix,    // postfix_op; args = {operand}
  index,      // args = {base, i} or {base, i, j}; a colon index is a NodeKind::colon node
  matrix,     // [a b; c d]: args = entries row by row; row_sizes = entries per row
  colon,      // the `:` of A[:, j]
};

enum class UnaryOp { negate, plus };
enum class BinaryOp {
  add,
  sub,
  mul,
  div,
  ldiv,
  pow,
  elem_mul,
  elem_div,
  elem_pow,
  kron,
  elem_add,  // .+ : entrywise, with a scalar (or a dimension of 1) broadcast, as in Julia
  elem_sub,  // .-
};
enum class PostfixOp { transpose, inverse };

const char* to_string(BinaryOp op);  // the operator as written: "+", ".*", "⊗", ...

struct Node {
  NodeKind kind;
  Span span;     // the whole node
  Span op_span;  // the operator, function name or brackets: what a diagnostic underlines
  std::string text;
  UnaryOp unary_op = UnaryOp::negate;
  BinaryOp binary_op = BinaryOp::add;
  PostfixOp postfix_op = PostfixOp::transpose;
  const Builtin* builtin = nullptr;
  std::vector<std::unique_ptr<Node>> args;
  std::vector<std::size_t> row_sizes;
  std::size_t height = 1;  // 1 + the largest height of the args; bounded by Limits::max_depth
};

// A fully parenthesised prefix form, e.g. "(neg (^ x 2))", used by tests and debugging.
std::string to_sexpr(const Node& node);

// The formula in the canonical notation, with as few parentheses as the grammar allows:
// parse(to_formula(n)) gives n's tree again. "dX*B*X' + X*B*dX'", "tr(A)", "inv(A)'".
std::string to_formula(const Node& node);

// How tightly a node binds, as the parser reads it (parser.cpp's kBinaryTable) and
// to_formula parenthesises: + - .+ .- 1; * / \ .* ./ ⊗ 2; unary minus 3; ^ .^ 4; postfix
// ' ⁻¹ and indexing 5; the rest 6.
int precedence(const Node& node);

}  // namespace grader::expr
