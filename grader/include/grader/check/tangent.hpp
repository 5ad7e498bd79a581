#pragma once
// Tangent gradients (`gradient: tangent` on a restricted variable, problems/README.md). A
// gradient with respect to a variable whose directions are restricted (spec/property.hpp) is
// defined only up to what those directions cannot see; `gradient: tangent` asks for the one
// in the tangent space (the Riemannian gradient: (I - x*x')*A*x on the unit sphere). An
// answer that agrees with the reference on every allowed direction is then right only if it
// lies in that space too; the part of it outside is measured here, in 50 digits, where the
// sampled point and its tangent space are exact (sample/sampler.hpp).

#include <optional>
#include <string>

#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

// The orthogonal (Frobenius) projection of g onto the tangent space at x of `variable`'s
// structure: (G + G')/2 for symmetric, (G - G')/2 for skew-symmetric, Q*(Q'G - G'Q)/2 for
// orthogonal, the zero pattern for diagonal and triangular, G - x*(x'G) for unit; combined
// properties apply each. G itself for a variable without a restriction.
expr::HighMatrix tangent_part(const spec::Variable& variable, const expr::HighMatrix& x,
                              const expr::HighMatrix& g);

// A gradient that is not tangent: how far, and what the student reads.
struct NotTangent {
  double relative = 0.0;  // ‖G - P(G)‖ / max(‖G‖, ‖reference‖)
  // "your gradient is not tangent to the unit sphere at x: project it with (I - x*x')*G".
  std::string sentence;
};

// Whether `got`, a gradient with respect to `variable` at x, lies in the tangent space there
// (to `rtol`, relative to the larger of ‖got‖ and ‖expected‖): nothing if so.
std::optional<NotTangent> find_not_tangent(const spec::Variable& variable,
                                           const expr::HighMatrix& x, const expr::HighMatrix& got,
                                           const expr::HighMatrix& expected, double rtol);

}  // namespace grader::check
