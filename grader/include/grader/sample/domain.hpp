#pragma once
// What keeps a spec's formula defined at every draw. When a formula of a problem (F, a let, a
// `value:` or the reference) is undefined at a drawn point, the evaluator names the operation
// (logdet, inv, log, sqrt, a power, a division, eigvals); this maps it to the declaration
// that rules the failure out, in words an author can act on:
//   logdet(S), det S < 0  -> "log det needs det > 0 at every point: declare S positive-definite"
//   inv(A), A singular    -> "inv needs a nonsingular A at every point: declare A invertible"
//   log(x), x <= 0        -> "log needs x > 0 at every point: declare x positive"
// An operand that is not a plain variable gets a `require:` to add instead.

#include <string>

#include "grader/expr/diagnostic.hpp"
#include "grader/expr/parser.hpp"
#include "grader/spec/problem.hpp"

namespace grader::sample {

// The fix for `error` (a domain error raised while evaluating `formula`, a formula of
// `problem`): a sentence, never empty.
std::string domain_fix(const spec::Problem& problem, const expr::Formula& formula,
                       const expr::FormulaError& error);

}  // namespace grader::sample
