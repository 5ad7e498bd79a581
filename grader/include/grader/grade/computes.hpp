#pragma once
// What a wrong formula answer computes, for the class analytics (report/analytics.hpp): two
// answers that agree at the problem's points are one group, however they are spelt.

#include <string>

#include "grader/check/trials.hpp"
#include "grader/spec/problem.hpp"

namespace grader::grade {

// A digest (16 hex digits) of the answer's values at the problem's first two trials (its
// points, directions and seed; of a restricted variable's gradient or Jacobian, what its
// allowed directions see, as the checker compares it), each value rounded to 8 significant digits
// of the largest entry at that trial. The values are computed in 50 digits, so two formulas that
// compute the same thing round alike (a difference would need to fall within 1e-40 of a rounding
// boundary). "" when the answer cannot be read or evaluated there (it is then grouped by its
// text). A handful of evaluations: a batch computes it once per distinct wrong answer.
std::string computes_key(const check::ProblemTrials& trials, const spec::AnswerText& answer);

// Whether the class analytics are switched off: only the benchmark does it
// (GRADER_BENCH_NO_ANALYTICS=1), to measure their cost in one run.
bool analytics_disabled();

}  // namespace grader::grade
