#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "grader/check/compare.hpp"
#include "grader/check/diagnose_matrix.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/sample/sampler.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

namespace {

using expr::High;

constexpr std::size_t kMaxTrials = 4;  // the failing one and up to three others

// The variable of a restricted gradient, or nothing when the answer is compared entry by
// entry (checker.cpp: only a restricted variable's gradient goes through its directions).
std::optional<std::string> restricted_variable(const FailingAnswer& f) {
  const spec::Problem& p = f.trials.problem();
  if (p.answer.kind != spec::AnswerKind::gradient) return std::nullopt;
  const std::vector<std::string> vars = part_variables(p, f.parts.at(f.part).first);
  if (vars.size() != 1 || !compared_through_directions(p, vars)) return std::nullopt;
  return vars[0];
}

// The gradient with respect to a symmetric matrix's independent entries S_ij, i <= j (the
// Matrix Cookbook's 2G - diag(G)) where the Frobenius gradient G is asked.
HighMatrix entries_gradient(const HighMatrix& g) {
  const HighMatrix sym = (g + HighMatrix(g.transpose())) * High("0.5");
  HighMatrix out = sym * High(2);
  for (Eigen::Index i = 0; i < out.rows(); ++i) out(i, i) = sym(i, i);
  return out;
}

Diagnosis entries_gradient_diagnosis(const std::string& var) {
  return Diagnosis{
      spec::DiagnosisKey::inner_product,
      fmt::format(
          "Your gradient is 2G − diag(G), the Matrix Cookbook's gradient for a symmetric "
          "matrix: the one with respect to its independent entries {0}_ij, i ≤ j, where each "
          "off-diagonal entry counts once. This problem asks for the gradient G under the "
          "Frobenius inner product on symmetric matrices, df = sum(G .* d{0}) for every "
          "symmetric d{0}, in which {0}_ij and {0}_ji both count: G itself, with the "
          "off-diagonal entries of yours halved.",
          var)};
}

}  // namespace

std::optional<Diagnosis> diagnose_through_directions(const FailingAnswer& failing) {
  const auto var = restricted_variable(failing);
  if (!var) return std::nullopt;
  const auto& trials = failing.trials.trials();
  const auto k = static_cast<std::size_t>(failing.trial);
  const ProblemFormulas& formulas = failing.trials.formulas();
  std::vector<High> seen, right;  // <G, dX> of the answer and of the reference
  std::vector<High> entries;      // and of the reference's entries_gradient
  const spec::Variable* v = failing.trials.problem().find_variable(*var);
  const bool symmetric = v != nullptr && v->has(spec::Property::symmetric);
  std::vector<std::size_t> order = {k};
  for (std::size_t j = 0; j < trials.size() && order.size() < kMaxTrials; ++j)
    if (j != k) order.push_back(j);
  for (const std::size_t j : order) {
    const Trial& t = trials[j];
    HighMatrix got;
    try {
      got = j == k
                ? failing.got
                : expr::evaluate(failing.parts.at(failing.part).second, t.bindings, failing.limits);
    } catch (const expr::FormulaError&) {
      continue;  // undefined at this trial: not compared
    }
    for (const auto* dirs : {&t.point.directions, &t.point.directions2}) {
      const HighMatrix d = to_high(*dirs).at(*var);
      seen.push_back(formulas.inner(got, d, t.bindings));
      right.push_back(formulas.inner(t.expected.at(failing.part), d, t.bindings));
      if (symmetric)
        entries.push_back(
            formulas.inner(entries_gradient(t.expected.at(failing.part)), d, t.bindings));
    }
  }
  if (seen.size() < 4) return std::nullopt;
  const auto column = [](const std::vector<High>& values) {
    HighMatrix c(static_cast<Eigen::Index>(values.size()), 1);
    for (std::size_t i = 0; i < values.size(); ++i) c(static_cast<Eigen::Index>(i)) = values[i];
    return c;
  };
  const HighMatrix a = column(seen);
  if (symmetric && relative_difference(a, column(entries)) <= failing.tolerance)
    return entries_gradient_diagnosis(*var);
  const HighMatrix r = column(right);
  auto d = diagnose_at_point(a, r, failing.tolerance);
  if (!d || d->key == spec::DiagnosisKey::transpose) return std::nullopt;
  const std::string along =
      "Along the allowed directions (the only ones this gradient is tested on), ";
  if (d->key == spec::DiagnosisKey::zero) {
    d->sentence = along +
                  "your gradient gives df = 0 at every point, and the right one does not: "
                  "a term, or the whole derivative, is missing.";
  } else {
    // "... at this point your answer is 2 times the right one." → at every point and direction.
    std::string s = d->sentence;
    const auto at = s.find("at this point ");
    if (at != std::string::npos) s.replace(at, 14, "");
    d->sentence = along +
                  "your gradient gives a df that is a constant multiple of the right one "
                  "at every point checked. " +
                  s;
  }
  return d;
}

}  // namespace grader::check
