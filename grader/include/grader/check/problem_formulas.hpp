#pragma once
// What checking and validation both evaluate for a problem besides the answer: its lets, its
// inner product, and the stacked directions a Jacobian multiplies. Parsed once per use, not
// once per evaluation.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

using expr::HighBindings;
using expr::HighMatrix;
using HighDirections = std::map<std::string, HighMatrix, std::less<>>;

class ProblemFormulas {
 public:
  explicit ProblemFormulas(const spec::Problem& problem);

  // `bindings` with every let evaluated, in order (a let may use earlier ones).
  template <class T>
  expr::Bindings<T> with_lets(expr::Bindings<T> bindings) const {
    for (const auto& [name, formula] : lets_)
      bindings.values[name] = expr::evaluate(formula, bindings);
    return bindings;
  }

  // <u, v>: the problem's inner_product formula in u and v (other names from `bindings`), or
  // the Frobenius sum(u .* v).
  expr::High inner(const HighMatrix& u, const HighMatrix& v, const HighBindings& bindings) const;

  // Whether every let is analytic: the complex step evaluates them all (a C++ function
  // receives every let), so one eigvals among them rules it out.
  bool lets_analytic() const {
    for (const auto& [name, formula] : lets_) {
      if (!formula.is_analytic()) return false;
    }
    return true;
  }

  // The names `formula` depends on, through the lets it uses: variables, differentials,
  // dimensions (a let's own name is replaced by the names of its formula).
  std::set<std::string> depends_on(const expr::Formula& formula) const;

 private:
  std::vector<std::pair<std::string, expr::Formula>> lets_;
  std::optional<expr::Formula> inner_product_;
};

// A student's formula for one part of an answer, read as the checker reads it: parsed, the
// notations that need the problem's names and shapes read (expr/notation.hpp: A^T, x_0,
// kron(I, X), ...), and shape-checked against the shape the part must have. When another
// notation than the canonical one was used, `reading` is the canonical text and `formula` is
// parsed from it, so that diagnoses rewrite and quote the canonical form. Throws FormulaError.
struct ReadAnswer {
  expr::Formula formula;
  expr::Shape shape;
  std::string reading;  // empty when the answer was written canonically
};
ReadAnswer read_answer(const std::string& text, const spec::Location& where,
                       const expr::ShapeEnv& env, const expr::Shape& expected);

// The variables part `part` of an answer is taken with respect to: the part's own name, or
// for an unnamed part every variable the problem varies.
std::vector<std::string> part_variables(const spec::Problem& problem, const std::string& part);

// Whether a part with respect to `variables` is compared through the allowed directions: a
// gradient or Jacobian of a variable whose directions are restricted (symmetric, unit, ...)
// is defined only up to what no allowed direction sees (dF = <G, dX>, vec(dF) = J vec(dX)),
// so its entries mean nothing one by one. Every other answer is compared entry by entry.
bool compared_through_directions(const spec::Problem& problem,
                                 const std::vector<std::string>& variables);

// The column-major vec of each variable's direction, stacked in the order of `variables`: the
// vec(dX) a Jacobian multiplies.
HighMatrix stacked_directions(const std::vector<std::string>& variables,
                              const HighDirections& directions);

}  // namespace grader::check
