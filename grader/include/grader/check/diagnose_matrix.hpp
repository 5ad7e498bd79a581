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

// wrong-entry, wrong-row, wrong-column, swapped-rows, swapped-columns: the answer compared
// with the reference entry by entry at the failing trial and up to three others (never for
// a restricted variable's gradient or Jacobian, compared through its directions): only one
// entry is wrong, or the wrong ones lie in one row or column, or two rows or columns are
// exchanged; everything else is right to the tolerance at every trial compared. The
// sentence names the 1-based index and, when the entry, row or column is the same multiple
// of the right one at every trial, the factor or sign.
std::optional<Diagnosis> diagnose_entries(const FailingAnswer& failing);

// zero, sign, factor of a restricted variable's gradient (symmetric, unit, ...), which the
// checker compares through the allowed directions: <G, dX> of the answer against the
// reference's over the directions of the failing trial and up to three others, so that an
// answer right only up to what no direction sees still gets its factor (2*A*x for the
// tangent gradient (I - x*x')*A*x on the sphere). diagnose_directions.cpp.
std::optional<Diagnosis> diagnose_through_directions(const FailingAnswer& failing);

}  // namespace grader::check
