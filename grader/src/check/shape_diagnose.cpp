// The diagnoses of an answer whose shapes are wrong (diagnose.hpp): a gradient where dF was
// asked, a whole answer transposed, a Kronecker factor transposed or swapped, the chain rule's
// inner factor left out, and one factor that needs a transpose (or has one too many), which
// also names answers of the right shape that are wrong.

#include <fmt/format.h>

#include <algorithm>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/diagnose.hpp"
#include "grader/check/diagnose_matrix.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/terms.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using Key = spec::DiagnosisKey;

// An answer of the shape of the one variable, or of one entry per variable, with no
// differential, where dF was asked: a gradient. Nothing when `got` is not one.
std::optional<Diagnosis> gradient_for_differential(const Trial& trial, const spec::Problem& p,
                                                   const HighMatrix& got, const expr::Shape& shape,
                                                   double tolerance) {
  // G of the shape of the one variable, or the gradients of several stacked.
  const auto& wrt = p.answer.wrt;
  const spec::Variable* v = wrt.size() == 1 ? p.find_variable(wrt[0]) : nullptr;
  const HighMatrix stacked = stacked_directions(wrt, to_high(trial.point.directions));
  const bool one = v != nullptr && shape == spec::variable_shape(*v);
  const bool several =
      wrt.size() > 1 && got.size() == stacked.size() && (got.rows() == 1 || got.cols() == 1);
  if (!one && !several) return std::nullopt;
  const HighMatrix g = Eigen::Map<const HighMatrix>(got.data(), got.size(), 1);
  const bool right_gradient =
      relative_difference(HighMatrix(g.transpose() * stacked), trial.expected.at(0)) <= tolerance;
  std::string ds;
  for (const auto& x : wrt) ds += (ds.empty() ? "d" : ", d") + x;
  return Diagnosis{
      Key::gradient_for_differential,
      fmt::format("This looks like a gradient ({0}, with no {1}), but the problem asks for the "
                  "differential dF, a scalar linear in {1}: {2}. {3}",
                  one ? fmt::format("it has the shape of {}", v->name) : "one entry per variable",
                  ds,
                  one ? fmt::format("dF = sum(G .* d{0}) (G'*d{0} for a vector)", v->name)
                      : "dF is the sum of each partial derivative times its differential",
                  right_gradient ? "With your gradient that is the right dF: write it that way."
                                 : "With your gradient, that is not dF either.")};
}

// An n×n answer where the gradient with respect to a vector of n is asked, whose diagonal is
// right at every trial: the gradient with respect to a whole matrix that depends on the
// vector through its diagonal (A0 + diagm(p)). Nothing otherwise.
std::optional<Diagnosis> whole_matrix_gradient(const ProblemTrials& trials,
                                               const expr::Formula& formula, const HighMatrix& got,
                                               double tolerance, const expr::Limits& limits) {
  const spec::Problem& p = trials.problem();
  if (p.answer.kind != spec::AnswerKind::gradient || trials.parts().size() != 1) return {};
  const HighMatrix& right = trials.trials()[0].expected.at(0);
  if (right.cols() != 1 || got.rows() != right.rows() || got.cols() != right.rows()) return {};
  for (const Trial& t : trials.trials()) {
    const HighMatrix g =
        &t == &trials.trials()[0] ? got : expr::evaluate(formula, t.bindings, limits);
    if (relative_difference(HighMatrix(g.diagonal()), t.expected.at(0)) > tolerance) return {};
  }
  const std::string& v = p.answer.wrt.at(0);
  return Diagnosis{
      Key::wrong_variable,
      fmt::format("Your answer is the gradient G with respect to a whole matrix: its diagonal, "
                  "diag(G), is right at every point checked. {0} is a vector; where a matrix "
                  "depends on {0} through its diagonal (diagm({0})), dF = sum(G .* diagm(d{0})) "
                  "= diag(G)'*d{0}, so the gradient with respect to {0} is diag(G).",
                  v)};
}

}  // namespace

std::optional<Diagnosis> diagnose_wrong_shape(const ProblemTrials& trials,
                                              const expr::Formula& formula,
                                              const expr::Shape& shape, const expr::Shape& expected,
                                              double tolerance, const expr::Limits& limits) {
  if (trials.trials().empty()) return std::nullopt;
  const spec::Problem& p = trials.problem();
  const Trial& trial = trials.trials()[0];
  try {
    const HighMatrix got = expr::evaluate(formula, trial.bindings, limits);
    const HighMatrix& right = trial.expected.at(0);
    const auto names = formula.names();
    const bool has_differential = std::any_of(
        names.begin(), names.end(), [&](const auto& n) { return p.differential_of(n) != nullptr; });
    if (p.answer.kind == spec::AnswerKind::differential && expected.is_scalar() &&
        !has_differential) {
      if (auto d = gradient_for_differential(trial, p, got, shape, tolerance)) return d;
    }
    if (got.rows() == right.cols() && got.cols() == right.rows() &&
        relative_difference(HighMatrix(got.transpose()), right) <= tolerance) {
      return Diagnosis{
          Key::transpose,
          "Transposed: your answer is the transpose of the right one (its shape is swapped, "
          "and so is every entry). A gradient has the shape of its variable; a Jacobian has one "
          "row per entry of F and one column per entry of the variables."};
    }
    if (auto d = whole_matrix_gradient(trials, formula, got, tolerance, limits)) return d;
    if (trials.parts().size() == 1) {
      // A Kronecker factor transposed or swapped (kron(B', A') for kron(B', A) with A not
      // square), and an inner Jacobian left out (2*(A*x - b)), often show as a wrong shape.
      std::vector<std::pair<std::string, expr::Formula>> parts;
      parts.emplace_back("", expr::parse(expr::to_formula(formula.root())));
      const FailingAnswer failing{trials, parts, 0, 0, got, tolerance, limits};
      if (auto d = diagnose_kron(failing)) return d;
      if (auto d = diagnose_chain_rule(failing)) return d;
      if (auto d = diagnose_chain_rule_inside(trials, 0, expr::to_formula(formula.root()),
                                              tolerance, limits))
        return d;
    }
  } catch (const expr::FormulaError&) {
    // Not evaluable here: the shape message is all there is to say.
  }
  return std::nullopt;
}

std::optional<Diagnosis> diagnose_shape_mismatch(const ProblemTrials& trials,
                                                 const std::string& text,
                                                 const spec::Location& where,
                                                 const std::string& part, const expr::ShapeEnv& env,
                                                 double tolerance, const expr::Limits& limits) {
  if (trials.trials().empty()) return std::nullopt;
  const auto& parts = trials.parts();
  const auto j =
      static_cast<std::size_t>(std::find(parts.begin(), parts.end(), part) - parts.begin());
  const Trial& trial = trials.trials()[0];
  try {
    const expr::Shape wanted = spec::expected_shape(trials.problem(), part);
    const auto v = right_with_one_transpose(
        spec::parse_formula({text, where}), trial.bindings, trial.expected.at(j), tolerance, limits,
        [&](const expr::Formula& f) { return expr::check_shapes(f, env) == wanted; });
    if (!v) return diagnose_chain_rule_inside(trials, j, text, tolerance, limits);
    return Diagnosis{
        Key::transposed_factor,
        fmt::format(
            "{} at column {}: with {} your answer's shapes fit, and it is right. Work out the "
            "shape of each factor; in a gradient, what multiplied the differential from the left "
            "comes back transposed.",
            v->removed ? fmt::format("The transpose of {} is one too many", v->name)
                       : fmt::format("{} needs a transpose", v->name),
            v->column, v->removed ? v->name + " in place of " + v->name + "'" : v->name + "'")};
  } catch (const expr::FormulaError&) {
    // The answer or its rewrite does not parse or evaluate here: no transposed factor to
    // name, and the shape message is all there is to say.
  }
  return std::nullopt;
}

std::optional<TransposedVariant> right_with_one_transpose(
    const expr::Formula& formula, const HighBindings& bindings, const HighMatrix& expected,
    double tolerance, const expr::Limits& limits,
    const std::function<bool(const expr::Formula&)>& admit) {
  std::vector<std::string> names;
  for (const auto& [name, value] : bindings.values) {
    if (value.size() > 1) names.push_back(name);
  }
  for (auto& variant : transposed_variants(formula, names)) {
    try {
      const expr::Formula rewritten = expr::parse(variant.text);
      if (admit && !admit(rewritten)) continue;
      if (relative_difference(expr::evaluate(rewritten, bindings, limits), expected) <= tolerance)
        return variant;
    } catch (const expr::FormulaError&) {
      // A transpose of the wrong shape.
    }
  }
  return std::nullopt;
}

}  // namespace grader::check
