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
//
// The answer-independent work (points, reference values) lives in ProblemTrials, prepared
// once and shared by every answer checked against the same problem and seed.

#include <cstdint>

#include "grader/check/trials.hpp"
#include "grader/check/verdict.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

struct CheckOptions {
  // Wall-clock seconds one answer may take to evaluate over all its trials (0: no limit).
  // An answer stopped by it is `invalid`, with the reason. The deterministic work limit of
  // expr::Limits catches nearly every costly formula before this one is reached.
  double time_limit = 0;
  // The work bound of one evaluation of the answer (expr::Limits::max_work): arithmetic
  // operations at the concrete sizes. Deterministic, unlike the time limit.
  long max_work = 1'000'000;
  // Record the failing trial's inputs in the result (CheckResult::inputs): --show-inputs.
  bool show_inputs = false;
  // Seconds since 1970 (UTC): when a spec with feedback.reveal_reference: after_deadline
  // may show its reference. The command line passes the clock; 0 reveals nothing then.
  std::int64_t now = 0;
};

CheckResult check_answer(const ProblemTrials& trials, const spec::AnswerText& answer,
                         const CheckOptions& options = {});

// Prepares the trials for this one answer.
CheckResult check_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed, const CheckOptions& options = {});

// A result for a problem that was not answered.
CheckResult missing_answer(const spec::Problem& problem, std::uint64_t seed);

}  // namespace grader::check
