#pragma once
// Diagnoses of a wrong answer by the rule of differentiation it broke (issue 21), tried by
// diagnose_wrong (diagnose.cpp) in the order of check/diagnose.hpp. Each is a claim verified
// in 50 digits at every prepared trial, and names what the student can fix (a factor of the
// function, a term of the quotient rule) without quoting the reference.

#include <optional>
#include <string>
#include <vector>

#include "grader/check/diagnose.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

// The answer's value at a prepared trial other than the failing one, where a rule's claim
// must hold too.
struct OtherTrial {
  const Trial* trial;
  HighMatrix answer;
};

// The answer at every prepared trial but the failing one, those where it is undefined left
// out.
inline std::vector<OtherTrial> other_trials(const FailingAnswer& failing) {
  const auto& trials = failing.trials.trials();
  const Trial* failing_trial = &trials.at(static_cast<std::size_t>(failing.trial));
  const expr::Formula& answer = failing.parts.at(failing.part).second;
  std::vector<OtherTrial> out;
  for (const Trial& t : trials) {
    if (&t == failing_trial) continue;
    try {
      out.push_back({&t, expr::evaluate(answer, t.bindings, failing.limits)});
    } catch (const expr::FormulaError&) {
      continue;  // undefined there: that trial does not count
    }
  }
  return out;
}

// A candidate's value at `bindings`; nothing where it is undefined or no value of its own
// (an I of no size).
template <class T>
std::optional<expr::Matrix<T>> value_at(const std::string& text, const expr::Bindings<T>& b,
                                        const expr::Limits& limits) {
  try {
    return expr::evaluate(expr::parse(text), b, limits);
  } catch (const expr::FormulaError&) {
    return std::nullopt;
  }
}

// A 50-digit value rounded to double: the cheap first test of a claim, before the 50-digit one.
inline expr::Matrix<double> in_double(const HighMatrix& m) {
  expr::Matrix<double> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  }
  return out;
}

inline expr::Bindings<double> in_double(const HighBindings& b) {
  expr::Bindings<double> out;
  for (const auto& [name, value] : b.values) out.values.emplace(name, in_double(value));
  out.dimensions = b.dimensions;
  return out;
}

// "X", "X and A", "X, A and B".
inline std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t k = 0; k < names.size(); ++k) {
    out += k == 0 ? "" : (k + 1 == names.size() ? " and " : ", ");
    out += names[k];
  }
  return out;
}

// scalar-factor: the answer times (or divided by) a scalar that varies with the point is
// right, the scalar being a subexpression of F, of a let or of the reference.
std::optional<Diagnosis> diagnose_scalar_factor(const FailingAnswer& failing);

// chain-rule: the answer times one non-scalar M (the A of a product A*x in F or a let, or a
// name), from the left or the right, M or M', or entrywise, is right: an inner Jacobian left
// out (diagnose_chain.cpp). Also tried on answers of the wrong shape (shape_diagnose.cpp).
std::optional<Diagnosis> diagnose_chain_rule(const FailingAnswer& failing);

// chain-rule inside the answer (`text`, of part `part`): one subexpression of it (a term, a
// factor, an argument) with such an M put back makes the answer right at every trial. Also
// for answers whose shapes do not fit inside (D*u/h^2 + u.^3, the D' left out of one term).
std::optional<Diagnosis> diagnose_chain_rule_inside(const ProblemTrials& trials, std::size_t part,
                                                    const std::string& text, double tolerance,
                                                    const expr::Limits& limits);

// quotient-rule: F = f/g with a scalar g, and the answer is df/g alone or has the term
// -f*dg/g^2 with its sign flipped (diagnose_quotient.cpp).
std::optional<Diagnosis> diagnose_quotient_rule(const FailingAnswer& failing);

// wrong-variable: the answer uses a variable or differential the reference does not, or
// ignores one it uses (inner-product when that one is in the problem's inner product)
// (diagnose_variables.cpp).
std::optional<Diagnosis> diagnose_wrong_variable(const FailingAnswer& failing);

}  // namespace grader::check
