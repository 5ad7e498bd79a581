#pragma once
// Readings of a formula that depend on the problem's names and shapes, each meaning exactly
// one thing once those are known:
//   A^T, A^{T}    the transpose A', unless T is a name of the problem (then a power)
//   A^-T, A^{-T}  inv(A)'
//   e^(x), ℯ^(x)  exp(x), unless e is a name of the problem (ℯ always); ℯ alone is exp(1)
//   x_0           x0, when the problem has x0 and no x_0
//   kron(I, X)    kron(I(k), X), k from the shape the answer must have
//   diag(v)       diagm(v) for a vector v (as MATLAB and NumPy; diag of a matrix keeps its
//                 meaning)
// The context-free notations (A**2, A², ‖x‖, trace(...), ...) are read by the lexer and the
// parser. Every reading marks the formula as written in another notation, so that the
// checker can show to_formula(root), the canonical reading.

#include "grader/expr/parser.hpp"
#include "grader/expr/shape_check.hpp"

namespace grader::expr {

// Rewrites `formula`'s tree in place; `env` holds the problem's names and shapes. With the
// shape the value must have (`expected`), a bare I in a Kronecker product gets the size that
// shape leaves: kron(I, X) for an n²×n² answer with X n×n is kron(I(n), X).
void read_notation(Formula& formula, const ShapeEnv& env, const Shape* expected = nullptr);

}  // namespace grader::expr
