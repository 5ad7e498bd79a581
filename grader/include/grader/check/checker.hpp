#pragma once
// The checker: decides whether an answer to a problem is right by evaluating it and the
// reference in 50-digit arithmetic on random points (and directions), and says why not.
//
// Per trial: the point is drawn from derive_seed(seed, problem id) and the trial number;
// the answer is parsed and shape-checked against the answer's expected shape (invalid
// otherwise); a differential answer must be linear in the differentials (and a quadratic
// form homogeneous of degree 2); then answer and reference are compared with a relative
// tolerance of check.rtol (1e-20 by default: far below any real mistake, far above 50-digit
// rounding). A failing answer that matches one of the spec's `mistakes` gets its feedback.

#include <cstdint>

#include "grader/check/verdict.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

CheckResult check_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed);

// A result for a problem that was not answered.
CheckResult missing_answer(const spec::Problem& problem, std::uint64_t seed);

}  // namespace grader::check
