#include "grader/check/linearity.hpp"

#include <fmt/format.h>

#include "grader/check/compare.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using expr::High;

// What kind of non-linearity part `formula` has: a term without differentials, a product of
// two, or other.
std::string nonlinear_kind(const expr::Formula& formula, const Trial& trial, const HighMatrix& got,
                           const HighMatrix& q3, const High& factor, double rtol,
                           const expr::Limits& limits) {
  try {
    HighBindings zero = trial.bindings;
    for (const auto& [name, d] : trial.point.directions)
      zero.values["d" + name] = HighMatrix::Zero(d.rows(), d.cols());
    const HighMatrix at_zero = expr::evaluate(formula, zero, limits);
    if (at_zero.cwiseAbs().maxCoeff() > 0) {
      return "Your answer is not zero when the differentials are: it has a term without any "
             "differential (F itself, or a constant). Every term of dF contains exactly one "
             "differential.";
    }
    if (factor == High(3) && relative_difference(q3, HighMatrix(got * High(9))) <= 1e3 * rtol) {
      return "Your answer grows like the square of the differentials: it has a product of two "
             "of them (such as dX*dX). Drop the terms of second order: dF keeps only what is "
             "linear in dX.";
    }
  } catch (const expr::FormulaError&) {
    // Undefined with the differentials zero or tripled: the general sentence below.
  }
  return "Part of your answer is not linear in the differentials: tripling them does not "
         "triple it. A product of two differentials (such as dX*A*dX), a power or function of "
         "one, or a difference quotient has no place in dF: dF = F'(X)[dX] is linear in dX, "
         "with everything else evaluated at X.";
}

}  // namespace

std::string differentials_of(const Trial& trial) {
  std::string differentials;
  for (const auto& [name, d] : trial.point.directions)
    differentials += (differentials.empty() ? "d" : ", d") + name;
  return differentials;
}

std::optional<Nonlinearity> find_nonlinearity(
    const std::vector<std::pair<std::string, expr::Formula>>& parts, const Trial& trial,
    const std::vector<HighMatrix>& got, bool quadratic, double rtol, const expr::Limits& limits) {
  const High factor = quadratic ? High(9) : High(3);
  for (std::size_t j = 0; j < parts.size(); ++j) {
    const expr::Formula& formula = parts[j].second;
    const HighMatrix q3 = expr::evaluate(formula, trial.tripled, limits);
    const double homogeneity = relative_difference(q3, HighMatrix(got[j] * factor));
    bool additive = true;
    if (!quadratic) {
      const HighMatrix q2 = expr::evaluate(formula, trial.second, limits);
      const HighMatrix q12 = expr::evaluate(formula, trial.summed, limits);
      additive = relative_difference(q12, HighMatrix(got[j] + q2)) <= rtol;
    }
    if (homogeneity <= rtol && additive) continue;
    const std::string differentials = differentials_of(trial);
    std::string what =
        quadratic
            ? fmt::format("tripling {} should multiply a quadratic form by 9, and it does not",
                          differentials)
        : !(homogeneity <= rtol)
            ? fmt::format("tripling {} does not triple it", differentials)
            : fmt::format("its value at a sum of two directions is not the sum of its values");
    return Nonlinearity{j, homogeneity, std::move(what),
                        nonlinear_kind(formula, trial, got[j], q3, factor, rtol, limits)};
  }
  return std::nullopt;
}

}  // namespace grader::check
