#pragma once
// The linearity test of a differential or quadratic-form answer (the checker's "linearity"
// oracle). A differential must be linear in the differentials: F'(x)[3 dx] = 3 F'(x)[dx] and
// F'(x)[dx + dx2] = F'(x)[dx] + F'(x)[dx2]; a quadratic form must scale by 9.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/trials.hpp"
#include "grader/expr/evaluate.hpp"

namespace grader::check {

// How an answer part fails the test.
struct Nonlinearity {
  std::size_t part = 0;      // the part that fails
  double homogeneity = 0.0;  // relative difference of its value at the tripled directions
                             // from 3 (a quadratic form: 9) times its value
  std::string what;          // the property that fails: "tripling dX does not triple it"
  std::string feedback;      // which kind of non-linearity it is, for the student
};

// The first of the answer's `parts` (with their values `got` at `trial`) that fails the test
// at `trial`, to the relative tolerance `rtol`; nothing when every part passes. Throws
// FormulaError when a part cannot be evaluated at the other directions.
std::optional<Nonlinearity> find_nonlinearity(
    const std::vector<std::pair<std::string, expr::Formula>>& parts, const Trial& trial,
    const std::vector<HighMatrix>& got, bool quadratic, double rtol, const expr::Limits& limits);

// The trial's differentials, for messages: "dX, dY".
std::string differentials_of(const Trial& trial);

}  // namespace grader::check
