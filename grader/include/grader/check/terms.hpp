#pragma once
// Rewrites of a formula that the diagnoses try (check/diagnose.hpp): its terms as a sum,
// and its variants with one name transposed. Text level: each result is a formula text
// built from slices of the original, so it can be parsed, evaluated and quoted.

#include <string>
#include <vector>

#include "grader/expr/parser.hpp"

namespace grader::check {

// One term of a sum: a + b - (c - d) has the terms +a, +b, -c, +d.
struct SignedTerm {
  std::string text;        // the term as written (or as expanded), without its sign
  int sign = 1;            // +1 or -1
  std::size_t column = 0;  // 1-based column of the term in the formula (code points)
};

// The terms of `formula` as a sum (one term when it is not one): unary minus and plus are
// folded into the sign, and products, Kronecker products, divisions, transposes and the
// linear builtins tr, sum, vec, diag and diagm are expanded over sums in their arguments, so that
// (A + A')*x has the terms (A)*(x) and (A')*(x). At most 16 terms; beyond, the whole.
std::vector<SignedTerm> sum_terms(const expr::Formula& formula);

// The formula with one occurrence of a name transposed: X -> X' where X is not already
// transposed, X' -> X where it is.
struct TransposedVariant {
  std::string text;        // the whole rewritten formula
  std::string name;        // the name rewritten
  bool removed = false;    // true: a transpose was removed (X' -> X)
  std::size_t column = 0;  // 1-based column of the name in the formula
};

// One variant per occurrence of each of `names` (others, such as dimensions, are left
// alone); at most `max_variants`.
std::vector<TransposedVariant> transposed_variants(const expr::Formula& formula,
                                                   const std::vector<std::string>& names,
                                                   std::size_t max_variants = 64);

}  // namespace grader::check
