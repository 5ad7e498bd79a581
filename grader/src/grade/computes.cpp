#include "grader/grade/computes.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "grader/check/problem_formulas.hpp"
#include "grader/core/digest.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"

namespace grader::grade {

namespace {

// The text of part `part` of the answer, as the checker reads it.
std::string part_text(const spec::AnswerText& answer, const std::string& part) {
  if (part.empty()) {
    if (answer.single.empty() && answer.parts.size() == 1) return answer.parts.begin()->second;
    return answer.single;
  }
  const auto it = answer.parts.find(part);
  return it == answer.parts.end() ? std::string() : it->second;
}

// The values of one trial into `digest`, scaled by their largest entry; false when one is not
// finite.
bool add_values(Fnv1a& digest, const std::vector<expr::HighMatrix>& values) {
  expr::High scale = 0;
  for (const auto& v : values) {
    for (Eigen::Index k = 0; k < v.size(); ++k) scale = std::max(scale, expr::High(abs(v(k))));
  }
  // The scale itself, to 8 significant digits: the values below are relative to it, so
  // without it 2*G and G would share a key.
  digest.field(fmt::format("{:.7e}", scale.convert_to<double>()));
  for (const auto& v : values) {
    digest.field(fmt::format("{}x{}", v.rows(), v.cols()));
    for (Eigen::Index k = 0; k < v.size(); ++k) {
      const double x = scale == 0 ? 0.0 : expr::High(v(k) / scale).convert_to<double>();
      if (!std::isfinite(x)) return false;
      digest.field(std::to_string(std::llround(x * 1e8)));
    }
  }
  return true;
}

// What the checker compares of one part's value at a trial: the value itself, or for a
// restricted variable's gradient or Jacobian what the allowed directions see of it (two
// answers equal along every allowed direction are the same answer there). A tangent gradient
// keeps its value: its part outside the tangent space decides its verdict.
expr::HighMatrix compared_value(const check::ProblemTrials& trials, const std::string& part,
                                const check::Trial& trial, expr::HighMatrix value) {
  const spec::Problem& problem = trials.problem();
  const std::vector<std::string> vars = check::part_variables(problem, part);
  if (!check::compared_through_directions(problem, vars)) return value;
  const bool gradient = problem.answer.kind == spec::AnswerKind::gradient;
  if (gradient) {
    const spec::Variable* v = problem.find_variable(vars[0]);
    if (vars.size() != 1 || v == nullptr || v->tangent_gradient) return value;
  }
  expr::HighMatrix seen(2, gradient ? 1 : value.rows());
  int row = 0;
  for (const auto* dirs : {&trial.point.directions, &trial.point.directions2}) {
    const check::HighDirections d = check::to_high(*dirs);
    if (gradient) {
      seen(row++, 0) = trials.formulas().inner(value, d.at(vars[0]), trial.bindings);
    } else {
      seen.row(row++) = (value * check::stacked_directions(vars, d)).transpose();
    }
  }
  return seen;
}

}  // namespace

std::string computes_key(const check::ProblemTrials& trials, const spec::AnswerText& answer) {
  const spec::Problem& problem = trials.problem();
  if (problem.answer.kind == spec::AnswerKind::code || trials.trials().empty()) return {};
  try {
    const expr::ShapeEnv env = spec::formula_env(problem, spec::uses_differentials(problem));
    std::vector<expr::Formula> formulas;
    for (const auto& part : trials.parts()) {
      const std::string text = part_text(answer, part);
      if (text.empty()) return {};
      const expr::Shape expected = spec::expected_shape(problem, part);
      check::ReadAnswer read = check::read_answer(text, {"answer", 0, 0}, env, expected);
      if (!(read.shape == expected)) return {};
      formulas.push_back(std::move(read.formula));
    }
    expr::Limits limits;
    limits.max_work = 1'000'000;  // the checker's bound: the answer was evaluated within it
    Fnv1a digest;
    const std::size_t n = std::min<std::size_t>(2, trials.trials().size());
    for (std::size_t k = 0; k < n; ++k) {
      const check::Trial& trial = trials.trials()[k];
      std::vector<expr::HighMatrix> values;
      for (std::size_t j = 0; j < formulas.size(); ++j) {
        values.push_back(compared_value(trials, trials.parts()[j], trial,
                                        expr::evaluate(formulas[j], trial.bindings, limits)));
      }
      if (!add_values(digest, values)) return {};
    }
    return digest.hex();
  } catch (const Error&) {
    return {};  // not readable or not defined there: grouped by its text
  }
}

bool analytics_disabled() {
  const char* off = std::getenv("GRADER_BENCH_NO_ANALYTICS");
  return off != nullptr && std::string(off) == "1";
}

}  // namespace grader::grade
