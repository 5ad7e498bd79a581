#pragma once
// The keys of the generic diagnoses of a wrong answer: one enumerator and one table row each.
// check/diagnose.hpp (and the checker) find them; a problem's partial_credit names them;
// reports write them (the JSON `diagnosis` field, the partial-credit sentence). The key names
// are strings only at those edges, always through this table, so that a misspelt key cannot
// compile and silently never earn credit. docs/diagnoses.md lists the table for readers;
// tests/unit/spec/diagnosis_test.cpp checks that it says exactly what the table says.
//
// The key lives in spec, the lowest layer that needs it: partial credit names keys, and the
// checker, a layer above, produces them.

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader::spec {

enum class DiagnosisKey {
  zero,
  sign,
  factor,
  transpose,
  transposed_factor,
  inner_product,
  extra_term,
  term_sign,
  missing_term,
  term_factor,
  symmetric_only,
  commuting,
  wrong_variable,
  nonlinear,
  gradient_for_differential,
  differential_for_gradient,
  not_tangent,
  scalar_factor,
  kron_order,
  wrong_entry,
  wrong_row,
  wrong_column,
  swapped_rows,
  swapped_columns,
  chain_rule,
  quotient_rule,
  mistake,  // not a generic diagnosis: the last, and the one partial_credit cannot name
};

struct DiagnosisInfo {
  DiagnosisKey key;
  std::string_view name;     // as reports and partial_credit write it
  std::string_view meaning;  // one line, for docs/diagnoses.md
};

// One row per key, in the order of the enumeration.
inline constexpr DiagnosisInfo kDiagnoses[] = {
    {DiagnosisKey::zero, "zero",
     "the answer is zero at the failing point, and the right one is not"},
    {DiagnosisKey::sign, "sign", "the answer is -1 times the right one"},
    {DiagnosisKey::factor, "factor",
     "the answer is a constant multiple of the right one, the same at every point and direction"},
    {DiagnosisKey::transpose, "transpose", "the answer is the transpose of the right one"},
    {DiagnosisKey::transposed_factor, "transposed-factor",
     "the answer with one name or Kronecker factor transposed, or one transpose removed, is "
     "right"},
    {DiagnosisKey::inner_product, "inner-product",
     "a gradient in the Frobenius inner product (wholly or in some terms) where the problem "
     "defines its own, or, for a symmetric matrix, the gradient of its independent entries "
     "(2G - diag(G)) where the Frobenius one is asked"},
    {DiagnosisKey::extra_term, "extra-term",
     "the answer has a term too many, or counts one of the right terms twice"},
    {DiagnosisKey::term_sign, "term-sign", "one term of the answer has the wrong sign"},
    {DiagnosisKey::missing_term, "missing-term",
     "the answer is the right sum of terms with some of them left out"},
    {DiagnosisKey::term_factor, "term-factor",
     "the answer is the right sum of terms with one of them scaled"},
    {DiagnosisKey::symmetric_only, "symmetric-only",
     "the answer is right only when the square inputs are symmetric"},
    {DiagnosisKey::commuting, "commuting",
     "the answer is right only when the square inputs commute"},
    {DiagnosisKey::wrong_variable, "wrong-variable",
     "the answer uses a variable the right one does not depend on, or ignores one it does, or is "
     "the gradient with respect to a whole matrix whose diagonal is the vector variable"},
    {DiagnosisKey::nonlinear, "nonlinear",
     "a differential, quadratic form or bilinear form that fails the test of its kind (linear, "
     "quadratic, bilinear)"},
    {DiagnosisKey::gradient_for_differential, "gradient-for-differential",
     "a gradient, with no differential in it, where the differential dF was asked"},
    {DiagnosisKey::differential_for_gradient, "differential-for-gradient",
     "a differential such as dX in a gradient, Jacobian or Hessian matrix"},
    {DiagnosisKey::not_tangent, "not-tangent",
     "a gradient right on every allowed direction but outside the tangent space, where the spec "
     "asks for the tangent one (gradient: tangent)"},
    {DiagnosisKey::scalar_factor, "scalar-factor",
     "the answer times, or divided by, a scalar of the problem that varies with the point (a "
     "subexpression of F, a let or the reference) is right"},
    {DiagnosisKey::kron_order, "kron-order",
     "the answer with the factors of one Kronecker product swapped (and perhaps one of them "
     "transposed) is right"},
    {DiagnosisKey::wrong_entry, "wrong-entry",
     "one entry of a matrix or vector answer is wrong, every other right at every trial compared"},
    {DiagnosisKey::wrong_row, "wrong-row",
     "one row of a matrix answer is wrong (perhaps by a factor or sign), the other rows right"},
    {DiagnosisKey::wrong_column, "wrong-column",
     "one column of a matrix answer is wrong (perhaps by a factor or sign), the others right"},
    {DiagnosisKey::swapped_rows, "swapped-rows",
     "two rows of a matrix answer (two entries of a column) are swapped, the rest right"},
    {DiagnosisKey::swapped_columns, "swapped-columns",
     "two columns of a matrix answer (two entries of a row) are swapped, the rest right"},
    {DiagnosisKey::chain_rule, "chain-rule",
     "the answer, or one part of it (a term, a factor), times one inner Jacobian of F (the A of a "
     "product A*x in F, a solve, or a name; from the left or the right, perhaps transposed, or "
     "entrywise, on both sides of a Hessian, M'*M in front of a gradient, perhaps with a factor "
     "2) is right, also when the shape is wrong"},
    {DiagnosisKey::quotient_rule, "quotient-rule",
     "F is a quotient f/g (scalar g) and the answer is df/g alone, or has the term -f*dg/g^2 "
     "with its sign flipped, or one term of the answer (of a quotient inside F) divided by g "
     "once more is right"},
    {DiagnosisKey::mistake, "mistake",
     "one of the spec's own mistakes that no generic diagnosis names (it has its own credit)"},
};

constexpr bool in_enumeration_order(const auto& table) {
  for (std::size_t k = 0; k < std::size(table); ++k) {
    if (static_cast<std::size_t>(table[k].key) != k) return false;
  }
  return true;
}
static_assert(in_enumeration_order(kDiagnoses) &&
                  std::size(kDiagnoses) == static_cast<std::size_t>(DiagnosisKey::mistake) + 1,
              "kDiagnoses has one row per DiagnosisKey, in order");

constexpr std::string_view to_string(DiagnosisKey key) {
  return kDiagnoses[static_cast<std::size_t>(key)].name;
}

// The key called `name`, or nothing when no key is.
constexpr std::optional<DiagnosisKey> parse_diagnosis_key(std::string_view name) {
  for (const DiagnosisInfo& row : kDiagnoses) {
    if (row.name == name) return row.key;
  }
  return std::nullopt;
}

// The names partial_credit may use: every key but `mistake`, in the table's order.
inline const std::vector<std::string>& diagnosis_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const DiagnosisInfo& row : kDiagnoses) {
      if (row.key != DiagnosisKey::mistake) out.emplace_back(row.name);
    }
    return out;
  }();
  return keys;
}

}  // namespace grader::spec
