#pragma once
// Diagnoses of a wrong matrix answer by its structure (issue 21): its Kronecker products
// (diagnose_kron.cpp) and its entries, rows and columns (diagnose_entries.cpp). Each is a
// claim verified in 50 digits at the failing trial and the problem's other trials; the
// Diagnoser (diagnose.cpp) tries them in the order check/diagnose.hpp lists.

#include <optional>

#include "grader/check/diagnose.hpp"

namespace grader::check {

// kron-order: with the factors of one kron(P, Q) (or P ⊗ Q) swapped, or swapped and one of
// them transposed, the answer is right. transposed-factor: with one factor of one kron
// transposed (or its transpose removed) it is right, where no single name's transpose is.
// At most three Kronecker products of the answer are rewritten.
std::optional<Diagnosis> diagnose_kron(const FailingAnswer& failing);

}  // namespace grader::check
