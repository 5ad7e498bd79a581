#pragma once
// A formula as TeX, for the browser's page (KaTeX renders it): how a student's answer was
// read, and the formulas of a statement. Products are juxtaposed (A X, 2 x; a \cdot before
// a number), A' is A^{T}, inv(A) and A⁻¹ are A^{-1}, a/b is a fraction, kron and ⊗ are
// \otimes, .* ./ .^ are \odot, \oslash and a ∘ power, tr is \operatorname{tr}, norm and abs
// are bars, f.(x) keeps its dot, Greek names are letters (alpha -> \alpha), a name's digits
// or _suffix are a subscript (x0 -> x_{0}) and dX is \mathrm{d}X.

#include <string>

#include "grader/expr/ast.hpp"

namespace grader::expr {

// Parenthesised where to_formula parenthesises (and around a superscript that takes
// another one), so the TeX reads as the formula does.
std::string to_tex(const Node& node);

// A name as TeX: "x0" -> "x_{0}", "alpha" -> "\alpha", "dX" -> "\mathrm{d}X",
// "rho_k" -> "\rho_{k}", "foo" -> "\mathit{foo}".
std::string name_to_tex(const std::string& name);

}  // namespace grader::expr
