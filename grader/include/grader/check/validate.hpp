#pragma once
// `grader validate`: is a problem spec right? For every seed and trial, every applicable
// oracle (high-precision difference, central difference, complex step; second differences
// for Hessians) must agree with the reference; examples.accept must all pass; and
// examples.reject and every mistake must fail.

#include <cstdint>
#include <string>
#include <vector>

#include "grader/spec/problem.hpp"

namespace grader::check {

struct OracleAgreement {
  std::string oracle;      // "high-precision difference", "central difference", ...
  double worst_rel = 0.0;  // worst relative disagreement with the reference
  double tolerance = 0.0;
  int trials = 0;
};

struct Validation {
  std::string problem_id;
  std::vector<std::string> failures;  // each a sentence naming seed, point and oracle
  std::vector<std::string> notes;     // worth the author's attention, not failures
  std::vector<OracleAgreement> oracles;
  int examples_checked = 0;
  bool ok() const { return failures.empty(); }
};

// Seeds seed, seed+1, ..., seed+seeds-1.
Validation validate_problem(const spec::Problem& problem, std::uint64_t seed, int seeds);

}  // namespace grader::check
