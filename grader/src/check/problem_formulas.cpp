#include "grader/check/problem_formulas.hpp"

#include <algorithm>

#include "grader/expr/notation.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

ProblemFormulas::ProblemFormulas(const spec::Problem& problem) {
  for (const auto& [name, text] : problem.lets) lets_.emplace_back(name, spec::parse_formula(text));
  if (problem.answer.gradient.inner_product)
    inner_product_.emplace(spec::parse_formula(*problem.answer.gradient.inner_product));
}

expr::High ProblemFormulas::inner(const HighMatrix& u, const HighMatrix& v,
                                  const HighBindings& bindings) const {
  if (!inner_product_) return (u.array() * v.array()).sum();
  HighBindings b = bindings;
  b.values["u"] = u;
  b.values["v"] = v;
  return expr::evaluate(*inner_product_, b)(0, 0);
}

std::set<std::string> ProblemFormulas::depends_on(const expr::Formula& formula) const {
  std::set<std::string> out;
  std::vector<std::string> todo = formula.names();
  std::set<std::string> expanded;
  while (!todo.empty()) {
    const std::string name = todo.back();
    todo.pop_back();
    const auto let =
        std::find_if(lets_.begin(), lets_.end(), [&](const auto& l) { return l.first == name; });
    if (let == lets_.end()) {
      out.insert(name);
    } else if (expanded.insert(name).second) {
      for (const auto& n : let->second.names()) todo.push_back(n);
    }
  }
  return out;
}

ReadAnswer read_answer(const std::string& text, const spec::Location& where,
                       const expr::ShapeEnv& env, const expr::Shape& expected) {
  expr::Formula formula = spec::parse_formula({text, where});
  expr::read_notation(formula, env, &expected);
  const expr::Shape shape = expr::check_shapes(formula, env, expected);
  std::string reading;
  if (formula.alternative_notation()) {
    reading = expr::to_formula(formula.root());
    formula = spec::parse_formula({reading, where});
  }
  // c*I as the whole answer takes the answer's size (when its value is an identity).
  if (expected.is_square()) formula.set_identity_shape(expected);
  return {std::move(formula), shape, std::move(reading)};
}

std::vector<std::string> part_variables(const spec::Problem& problem, const std::string& part) {
  if (part.empty()) return sample::varied_variables(problem);
  return {part};
}

bool compared_through_directions(const spec::Problem& problem,
                                 const std::vector<std::string>& variables) {
  const auto kind = problem.answer.kind;
  if (kind != spec::AnswerKind::gradient && kind != spec::AnswerKind::jacobian) return false;
  return std::any_of(variables.begin(), variables.end(), [&](const std::string& name) {
    const spec::Variable* v = problem.find_variable(name);
    return v != nullptr &&
           std::any_of(v->properties.begin(), v->properties.end(), spec::restricts_directions);
  });
}

HighMatrix stacked_directions(const std::vector<std::string>& variables,
                              const HighDirections& directions) {
  Eigen::Index n = 0;
  for (const auto& v : variables) n += directions.at(v).size();
  HighMatrix out(n, 1);
  Eigen::Index k = 0;
  for (const auto& v : variables) {
    const HighMatrix& d = directions.at(v);
    out.middleRows(k, d.size()) = Eigen::Map<const HighMatrix>(d.data(), d.size(), 1);
    k += d.size();
  }
  return out;
}

}  // namespace grader::check
