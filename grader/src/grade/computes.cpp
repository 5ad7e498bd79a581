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
      std::vector<expr::HighMatrix> values;
      for (const auto& f : formulas)
        values.push_back(expr::evaluate(f, trials.trials()[k].bindings, limits));
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
