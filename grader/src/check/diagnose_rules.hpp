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

// chain-rule: the answer times one non-scalar M (the A of a product A*x in F or a let, or a
// name), from the left or the right, M or M', or entrywise, is right: an inner Jacobian left
// out (diagnose_chain.cpp). Also tried on answers of the wrong shape (shape_diagnose.cpp).
std::optional<Diagnosis> diagnose_chain_rule(const FailingAnswer& failing);

// quotient-rule: F = f/g with a scalar g, and the answer is df/g alone or has the term
// -f*dg/g^2 with its sign flipped (diagnose_quotient.cpp).
std::optional<Diagnosis> diagnose_quotient_rule(const FailingAnswer& failing);

}  // namespace grader::check
