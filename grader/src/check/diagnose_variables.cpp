// wrong-variable (diagnose_rules.hpp): the answer uses a variable (or differential) the
// reference does not, or ignores one it uses; inner-product when what it ignores is in the
// problem's own inner product.

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "diagnose_rules.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

using Key = spec::DiagnosisKey;

std::optional<Diagnosis> diagnose_wrong_variable(const FailingAnswer& failing) {
  const spec::Problem& problem = failing.trials.problem();
  const expr::Formula& answer = failing.parts.at(failing.part).second;
  const Computation& reference = failing.trials.references().at(failing.part);
  const auto& formulas = failing.trials.formulas();
  const std::set<std::string> mine = formulas.depends_on(answer);
  if (reference.formula() == nullptr) return {};
  const std::set<std::string> right = formulas.depends_on(*reference.formula());
  const auto relevant = [&](const std::string& name) {
    return problem.find_variable(name) != nullptr || problem.differential_of(name) != nullptr;
  };
  std::vector<std::string> extra, ignored;
  for (const auto& n : mine)
    if (relevant(n) && right.count(n) == 0) extra.push_back(n);
  for (const auto& n : right)
    if (relevant(n) && mine.count(n) == 0) ignored.push_back(n);
  if (!extra.empty()) {
    return Diagnosis{Key::wrong_variable,
                     fmt::format("Your answer uses {}, but the right answer does not depend on "
                                 "{}: check which quantities F really involves.",
                                 joined(extra), extra.size() > 1 ? "them" : "it")};
  }
  if (problem.answer.gradient.inner_product && !ignored.empty()) {
    const std::set<std::string> in_inner =
        formulas.depends_on(spec::parse_formula(*problem.answer.gradient.inner_product));
    for (const auto& n : ignored) {
      if (in_inner.count(n) == 0) continue;
      return Diagnosis{
          Key::inner_product,
          fmt::format("Your answer does not use {}, but this problem's inner product does: "
                      "<u, v> = {}. The gradient is the G with dF = <G, dX> in that inner "
                      "product, not the Frobenius one.",
                      n, problem.answer.gradient.inner_product->text)};
    }
  }
  if (!ignored.empty()) {
    const bool differential = problem.find_variable(ignored[0]) == nullptr;
    return Diagnosis{
        Key::wrong_variable,
        differential
            ? fmt::format("Your answer has no {0}: F depends on {1}, so its derivative has a "
                          "part in {0}. Differentiate with respect to every varying input.",
                          ignored[0], ignored[0].substr(1))
            : fmt::format("Your answer does not use {}, but the right answer depends on {}.",
                          joined(ignored), ignored.size() > 1 ? "them" : "it")};
  }
  return {};
}

}  // namespace grader::check
