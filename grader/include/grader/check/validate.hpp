#pragma once
// `grader validate`: is a problem spec right? For every seed and trial, every applicable
// oracle (high-precision difference, central difference, complex step; second differences
// for Hessians) must agree with the reference; examples.accept must all pass; and
// examples.reject and every mistake must fail. A code problem has no oracles of its own (its
// reference is a formula evaluated in 50 digits); instead its C++ solution,
// reference/<id>.cpp, must pass on every seed and its starter,
// submissions/starters/<id>.cpp, must not.
//
// The points are the ones grading draws (check::ProblemTrials, same seeds and redraws), and
// they must need no redraw because F, a let or the reference is undefined (the failure names
// the property to declare), be conditioned within check.max_condition, and not be redrawn
// more than 80% of the time. Failures that repeat over seeds are folded into one line each;
// the oracles' disagreements into one line per problem, at the reference's file:line:column.
// docs/validate.md lists every check with its message.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "grader/check/code_checker.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

struct OracleAgreement {
  std::string oracle;      // "high-precision difference", "central difference", ...
  double worst_rel = 0.0;  // worst relative disagreement with the reference
  double tolerance = 0.0;
  int trials = 0;                // points compared, over every seed
  int failed = 0;                // of them, past the tolerance
  std::uint64_t worst_seed = 0;  // where worst_rel was seen: the seed and 1-based point
  int worst_point = 0;
};

struct Validation {
  std::string problem_id;
  std::vector<std::string> failures;  // each a sentence naming the seeds, point or oracle
  std::vector<std::string> notes;     // worth the author's attention, not failures
  std::vector<OracleAgreement> oracles;
  int examples_checked = 0;
  bool ok() const { return failures.empty(); }
};

struct ValidateOptions {
  // Where code problems' solutions (<id>.cpp) and starters (<id>.cpp) are. An empty
  // reference folder makes every code problem fail ("no reference solution").
  std::filesystem::path reference_dir;
  std::filesystem::path starters_dir;
  CodeOptions code;
};

// Seeds seed, seed+1, ..., seed+seeds-1.
Validation validate_problem(const spec::Problem& problem, std::uint64_t seed, int seeds,
                            const ValidateOptions& options = {});

}  // namespace grader::check
