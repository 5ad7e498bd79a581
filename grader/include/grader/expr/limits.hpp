#pragma once
// Bounds on untrusted input. A formula that exceeds one is rejected with a clear message
// (ErrorKind::limit) before it can exhaust time, memory or the stack. docs/limits.md lists
// them for readers; tests/unit/expr/limits_test.cpp checks that it gives these values.

#include <chrono>
#include <cstddef>

namespace grader::expr {

// The digits of a number literal's exponent (1e-9999 ... 1e9999); more is a syntax error:
// Boost.Multiprecision's reader overflows on exponents of many digits (UB found by
// tests/fuzz/formula_fuzz), and no matrix-calculus answer needs more.
inline constexpr std::size_t kMaxExponentDigits = 4;

struct Limits {
  std::size_t max_formula_bytes = 10'000;  // length of a formula's text
  std::size_t max_depth = 256;  // nesting of the syntax tree (a sum of k terms is k deep)
  std::size_t max_literal_entries = 10'000;  // entries of one [...] literal
  long max_matrix_power = 1'000;             // |p| in A^p for a matrix A
  long max_dimension = 1'000;                // rows or columns of any value
  long max_entries = 250'000;                // rows*columns of any value
  // Arithmetic of one evaluation at concrete sizes (products r·k·c, factorizations n³, one
  // per entry otherwise): 1e7 stays well under a second even in 50 digits.
  long max_work = 10'000'000;
  // Wall-clock bound on one evaluation, checked at every subexpression: the last line of
  // defence behind max_work (which is deterministic and catches almost everything first).
  // A formula still running past it is stopped with ErrorKind::limit. max(): none.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

}  // namespace grader::expr
