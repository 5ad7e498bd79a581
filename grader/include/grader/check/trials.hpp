#pragma once
// The answer-independent half of checking a problem: the random points of its trials, the
// reference's values there in 50 digits, and the bindings an answer is evaluated with.
// Prepared once per problem and seed, then shared read-only by every answer checked against
// it: `grader check` prepares each problem once, `grader grade` once per class, and
// `grader validate` checks the spec at exactly these points (the same seeds and redraws).
// A point is used only where F (when the spec has one) and the reference are defined; a
// candidate where one is not is redrawn, and recorded in Trial::point.redraws with the fix.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grader/check/computation.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/sample/sampler.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

struct Trial {
  sample::Point point;
  HighBindings bindings;             // the point in 50 digits, lets evaluated, dX = direction
  std::vector<HighMatrix> expected;  // the reference's value, one per answer part
  // The linearity test's bindings (differential and quadratic-form answers only): the
  // directions tripled, the second direction, and the sum of both.
  HighBindings tripled, second, summed;
};

// Why not every trial could be prepared: the spec's (or the grader's) fault, never an
// answer's. An answer reaching `trial` gets an `error` verdict with this message.
struct TrialFailure {
  int trial = 0;
  std::string message;
  std::string diagnostic;
};

class ProblemTrials {
 public:
  // Never throws for a problem the loader accepted: a failure is recorded instead.
  // Choice problems have no trials.
  ProblemTrials(const spec::Problem& problem, std::uint64_t seed);

  const spec::Problem& problem() const { return *problem_; }
  std::uint64_t seed() const { return seed_; }
  const ProblemFormulas& formulas() const { return formulas_; }
  // The answer's parts: the wrt variables of a gradient with several, else one part "".
  const std::vector<std::string>& parts() const { return parts_; }
  // The reference of each part: a parsed formula, or the problem's C++.
  const std::vector<Computation>& references() const { return references_; }
  // How many trials an answer must pass (one when the problem has no variables).
  int planned() const { return planned_; }
  // The prepared trials, in order: fewer than planned() exactly when failure() is set.
  const std::vector<Trial>& trials() const { return trials_; }
  const std::optional<TrialFailure>& failure() const { return failure_; }

 private:
  void prepare();

  const spec::Problem* problem_;
  std::uint64_t seed_;
  ProblemFormulas formulas_;
  std::vector<std::string> parts_;
  std::vector<Computation> references_;
  int planned_ = 0;
  std::vector<Trial> trials_;
  std::optional<TrialFailure> failure_;
};

// Directions as 50-digit matrices.
HighDirections to_high(const std::map<std::string, expr::Matrix<double>, std::less<>>& directions);

}  // namespace grader::check
