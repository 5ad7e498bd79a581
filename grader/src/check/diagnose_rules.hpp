#pragma once
// Diagnoses of a wrong answer by the rule of differentiation it broke (issue 21), tried by
// diagnose_wrong (diagnose.cpp) in the order of check/diagnose.hpp. Each is a claim verified
// in 50 digits at every prepared trial, and names what the student can fix (a factor of the
// function, a term of the quotient rule) without quoting the reference.

#include <optional>

#include "grader/check/diagnose.hpp"

namespace grader::check {

// scalar-factor: the answer times (or divided by) a scalar that varies with the point is
// right, the scalar being a subexpression of F, of a let or of the reference.
std::optional<Diagnosis> diagnose_scalar_factor(const FailingAnswer& failing);

}  // namespace grader::check
