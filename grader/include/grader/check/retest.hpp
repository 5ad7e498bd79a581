#pragma once
// Inputs of another kind than the sampler's, for re-testing a wrong answer (the
// symmetric-only and commuting diagnoses of check/diagnose.hpp): the failing trial's point
// with its square matrices replaced, and the bindings (lets evaluated, dX = direction) an
// answer and the reference are evaluated with there.

#include <optional>

#include "grader/check/trials.hpp"

namespace grader::check {

// The trial's point with every square matrix variable that may be changed (no structural
// property but invertible, full-rank, positive, distinct-eigenvalues or skew-symmetric)
// replaced by its symmetric part (M + M')/2 (zero for a skew-symmetric one), and its
// direction likewise. Nothing when there is no such variable.
std::optional<HighBindings> symmetric_inputs(const ProblemTrials& trials, int trial);

// The trial's point with the square matrices of each size, and their directions, replaced
// by simultaneously diagonalisable ones V*D*inv(V) (V random and well conditioned; V
// orthogonal when a matrix of that size must be symmetric), so that they commute. Nothing
// when fewer than two square matrices (values and directions counted) share a size.
std::optional<HighBindings> commuting_inputs(const ProblemTrials& trials, int trial);

}  // namespace grader::check
