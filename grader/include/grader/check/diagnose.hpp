#pragma once
// Generic diagnoses of a wrong answer, found numerically at the point where it failed,
// for any problem and without the spec listing them (a first part of issue 7): a flipped
// sign, a constant factor, a transpose, an answer that is zero. None reveals the reference.

#include <optional>
#include <string>

#include "grader/expr/evaluate.hpp"

namespace grader::check {

// A sentence for a student, or nothing when `got` is none of these near-misses of
// `expected`. `tolerance` is how close (relative, Frobenius) "equal" must be.
std::optional<std::string> diagnose_wrong(const expr::Matrix<expr::High>& got,
                                          const expr::Matrix<expr::High>& expected,
                                          double tolerance);

}  // namespace grader::check
