#include "grader/check/problem_formulas.hpp"

namespace grader::check {

ProblemFormulas::ProblemFormulas(const spec::Problem& problem) {
  for (const auto& [name, text] : problem.lets) lets_.emplace_back(name, spec::parse_formula(text));
  if (problem.answer.inner_product)
    inner_product_.emplace(spec::parse_formula(*problem.answer.inner_product));
}

expr::High ProblemFormulas::inner(const HighMatrix& u, const HighMatrix& v,
                                  const expr::Bindings<expr::High>& bindings) const {
  if (!inner_product_) return (u.array() * v.array()).sum();
  expr::Bindings<expr::High> b = bindings;
  b.values["u"] = u;
  b.values["v"] = v;
  return expr::evaluate(*inner_product_, b)(0, 0);
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
