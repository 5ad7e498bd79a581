#include "grader/check/linearity.hpp"

#include <fmt/format.h>

#include "grader/check/compare.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using expr::High;

// The factor tripling the (first) directions multiplies a right answer by.
High tripling_factor(Degree degree) {
  return degree == Degree::quadratic ? High(9) : High(3);
}

// The first direction's name (dA when the problem has one direction, else dX) and the second's.
std::string first_of(const Trial& trial) {
  const auto& directions = trial.point.directions;
  return directions.size() == 1 ? "d" + directions.begin()->first : "dX";
}
std::string second_of(const std::vector<std::string>& second) {
  return second.size() == 1 ? second[0] : "dY";
}

// Every term of a right answer, in words, with the problem's direction names.
std::string every_term(Degree degree, const Trial& trial, const std::vector<std::string>& second) {
  switch (degree) {
    case Degree::linear:
      return "Every term of dF contains exactly one differential.";
    case Degree::quadratic:
      return fmt::format("Every term of d²F[{0}, {0}] contains exactly two differentials.",
                         first_of(trial));
    case Degree::bilinear:
      break;
  }
  return fmt::format("Every term of d²F[{}, {}] contains each of the two directions exactly once.",
                     first_of(trial), second_of(second));
}

// What kind of non-linearity part `formula` has, when its homogeneity failed: a term without
// differentials, a term of another degree, or other.
std::string homogeneity_kind(const expr::Formula& formula, const Trial& trial,
                             const HighMatrix& got, const HighMatrix& q3, Degree degree,
                             const std::vector<std::string>& second, double rtol,
                             const expr::Limits& limits) {
  try {
    HighBindings zero = trial.bindings;
    for (const auto& [name, d] : trial.point.directions) {
      zero.values["d" + name] = HighMatrix::Zero(d.rows(), d.cols());
    }
    for (const auto& name : second) {
      const HighMatrix& d = zero.values.at(name);
      zero.values[name] = HighMatrix::Zero(d.rows(), d.cols());
    }
    const HighMatrix at_zero = expr::evaluate(formula, zero, limits);
    if (at_zero.cwiseAbs().maxCoeff() > 0) {
      return fmt::format(
          "Your answer is not zero when the differentials are: it has a term "
          "without any differential (F itself, or a constant). {}",
          every_term(degree, trial, second));
    }
    const auto grows_by = [&](int factor) {
      return relative_difference(q3, HighMatrix(got * High(factor))) <= 1e3 * rtol;
    };
    const std::string dx = first_of(trial), dy = second_of(second);
    if (degree == Degree::linear && grows_by(9)) {
      return fmt::format(
          "Your answer grows like the square of the differentials: it has a product of two of "
          "them (such as {0}*{0}). Drop the terms of second order: dF keeps only what is linear "
          "in {0}.",
          dx);
    }
    if (degree == Degree::quadratic && grows_by(3)) {
      return fmt::format(
          "Your answer grows like the differentials, not like their square: it is linear in {0} "
          "(a first derivative, such as dF). d²F[{0}, {0}] differentiates dF once more, so every "
          "term has two differentials.",
          dx);
    }
    if (degree == Degree::bilinear && grows_by(1)) {
      return fmt::format(
          "Your answer does not change with the first direction {0}: a term lacks it (such as "
          "{1}*{1}). d²F[{0}, {1}] has {0} once and the second direction once in every term.",
          dx, dy);
    }
    if (degree == Degree::bilinear && grows_by(9)) {
      return fmt::format(
          "Your answer grows like the square of the first direction: a term has {0} twice (such "
          "as {0}*{0}). d²F[{0}, {1}] has {0} once and the second direction once in every term.",
          dx, dy);
    }
  } catch (const expr::FormulaError&) {
    // Undefined with the differentials zero: the general sentence below.
  }
  if (degree == Degree::linear) {
    return "Part of your answer is not linear in the differentials: tripling them does not "
           "triple it. A product of two differentials (such as dX*A*dX), a power or function of "
           "one, or a difference quotient has no place in dF: dF = F'(X)[dX] is linear in dX, "
           "with everything else evaluated at X.";
  }
  return fmt::format(
      "Part of your answer has the wrong degree in the differentials: a power "
      "or function of a differential, or a difference quotient, is no second "
      "derivative. {}",
      every_term(degree, trial, second));
}

// The test of one part whose value at the trial is `value`: what fails, if anything.
std::optional<Nonlinearity> test_part(const expr::Formula& formula, const Trial& trial,
                                      const HighMatrix& value, Degree degree,
                                      const std::vector<std::string>& second, double rtol,
                                      const expr::Limits& limits) {
  const auto at = [&](const HighBindings& b) { return expr::evaluate(formula, b, limits); };
  const HighMatrix q3 = at(trial.tripled);
  Nonlinearity out;
  out.homogeneity = relative_difference(q3, HighMatrix(value * tripling_factor(degree)));
  const std::string differentials = differentials_of(trial);
  if (!(out.homogeneity <= rtol)) {
    out.what = degree == Degree::quadratic
                   ? fmt::format(
                         "tripling {} should multiply a quadratic form by 9, and it "
                         "does not",
                         differentials)
                   : fmt::format("tripling {} does not triple it", differentials);
    out.feedback = homogeneity_kind(formula, trial, value, q3, degree, second, rtol, limits);
    return out;
  }
  const HighMatrix q2 = at(trial.second);
  const HighMatrix q12 = at(trial.summed);
  if (degree == Degree::quadratic) {
    // The parallelogram law: what separates a quadratic form from other functions that scale
    // by 9, such as norm(dx, 1)^2 or sum(dx)^3/tr(dx).
    const HighMatrix q1m2 = at(trial.differenced);
    if (relative_difference(HighMatrix(q12 + q1m2), HighMatrix(High(2) * (value + q2))) <= rtol)
      return std::nullopt;
    out.what = fmt::format(
        "it breaks the parallelogram law q(u + v) + q(u - v) = 2q(u) + 2q(v) "
        "of a quadratic form, for u = {} and a second direction v",
        differentials);
    out.feedback = homogeneity_kind(formula, trial, value, q3, degree, second, rtol, limits);
    return out;
  }
  if (!(relative_difference(q12, HighMatrix(value + q2)) <= rtol)) {
    out.what = degree == Degree::linear
                   ? "its value at a sum of two directions is not the sum of its values"
                   : "it is not linear in the first direction: at a sum of two first directions "
                     "it is not the sum of its values";
    out.feedback = homogeneity_kind(formula, trial, value, q3, degree, second, rtol, limits);
    return out;
  }
  if (degree != Degree::bilinear) return std::nullopt;
  if (relative_difference(at(trial.swapped), value) <= rtol) return std::nullopt;
  out.what = "swapping the two directions changes it";
  out.feedback =
      "Your answer treats the two directions differently, but a second derivative is symmetric: "
      "d²F[dX, dY] = d²F[dY, dX]. Differentiating F'(X)[dX] along the second direction puts it "
      "in every place where X occurs, in every order: for F = X², d²F[dX, dY] = dX*dY + dY*dX, "
      "not 2*dX*dY.";
  return out;
}

}  // namespace

std::optional<Degree> degree_of(const spec::Problem& problem) {
  switch (problem.answer.kind) {
    case spec::AnswerKind::differential:
      return Degree::linear;
    case spec::AnswerKind::hessian:
      if (problem.answer.hessian.form == spec::HessianForm::quadratic) return Degree::quadratic;
      if (problem.answer.hessian.form == spec::HessianForm::bilinear) return Degree::bilinear;
      break;
    default:
      break;
  }
  return std::nullopt;
}

const char* degree_noun(Degree degree) {
  switch (degree) {
    case Degree::linear:
      return "linear";
    case Degree::quadratic:
      return "a quadratic form";
    case Degree::bilinear:
      break;
  }
  return "a symmetric bilinear form";
}

std::string form_rule(Degree degree, const Trial& trial, const std::vector<std::string>& second) {
  const std::string dx = first_of(trial), dy = second_of(second);
  switch (degree) {
    case Degree::linear:
      return "A differential is linear in the differentials: a term without them, a product "
             "of two of them, or a difference quotient such as (F(X + h*dX) - F(X))/h is not "
             "a derivative.";
    case Degree::quadratic:
      return fmt::format("d²F[{0}, {0}] has every term of degree exactly 2 in the differentials.",
                         dx);
    case Degree::bilinear:
      break;
  }
  return fmt::format(
      "d²F[{0}, {1}] is linear in each direction and symmetric: d²F[{0}, {1}] = "
      "d²F[{1}, {0}].",
      dx, dy);
}

std::string differentials_of(const Trial& trial, const std::vector<std::string>& second) {
  std::string differentials;
  for (const auto& [name, d] : trial.point.directions)
    differentials += (differentials.empty() ? "d" : ", d") + name;
  for (const auto& name : second) differentials += ", " + name;
  return differentials;
}

std::optional<Nonlinearity> find_nonlinearity(
    const std::vector<std::pair<std::string, expr::Formula>>& parts, const Trial& trial,
    const std::vector<HighMatrix>& got, Degree degree, const std::vector<std::string>& second,
    double rtol, const expr::Limits& limits) {
  for (std::size_t j = 0; j < parts.size(); ++j) {
    auto failure = test_part(parts[j].second, trial, got[j], degree, second, rtol, limits);
    if (!failure) continue;
    failure->part = j;
    return failure;
  }
  return std::nullopt;
}

}  // namespace grader::check
