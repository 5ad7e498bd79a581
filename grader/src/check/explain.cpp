// grader explain: finite differences of F against a student's derivative (explain.hpp).
//
// Decisions:
//  - The point and direction are those of the checker's trial 1 (ProblemTrials, the same
//    seed), so that `grader try` and `grader explain` talk about the same numbers; both
//    directional derivatives are evaluated in 50 digits there and rounded to double once.
//  - An answer of the wrong form is handed to the checker itself, whose result carries the
//    diagnostic `grader try` shows: explain never words a parse or shape error differently.
//  - "Consistent" compares the student's best central error with a correct derivative's at
//    the same point, not with a fixed tolerance: how far differences get depends on F's
//    conditioning there, and the reference curve measures exactly that.
//  - The words never contain the reference formula, only what its curve reaches.

#include "grader/check/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "grader/check/checker.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/trials.hpp"
#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

namespace {

using expr::High;
using MD = expr::Matrix<double>;

// The answer as typed, for titles.
std::string answer_text(const spec::AnswerText& a) {
  if (a.parts.empty()) return a.single;
  std::string out;
  for (const auto& [var, text] : a.parts)
    out += fmt::format("{}{} = {}", out.empty() ? "" : "; ", var, text);
  return out;
}

// The directions' names, ", "-joined: "dX" for the varied variables, "dY" for a bilinear
// form's second directions.
std::string first_names(const std::vector<std::string>& vars) {
  std::string out;
  for (const auto& v : vars) out += (out.empty() ? "d" : ", d") + v;
  return out;
}
std::string second_names(const spec::Problem& p) {
  std::string out;
  for (const auto& [variable, name] : p.answer.hessian.second_directions)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

// What the differences are compared with.
std::string compared_text(const spec::Problem& p, const std::vector<std::string>& vars) {
  const std::string d = first_names(vars);
  switch (p.answer.kind) {
    case spec::AnswerKind::differential:
      return fmt::format("your dF along {}", d);
    case spec::AnswerKind::gradient: {
      const char* inner = p.answer.gradient.inner_product ? "the problem's" : "the Frobenius";
      if (vars.size() == 1)
        return fmt::format("<G, d{}> with your gradient G ({} inner product)", vars[0], inner);
      std::string sum;
      for (const auto& v : vars)
        sum += fmt::format("{}<G_{}, d{}>", sum.empty() ? "" : " + ", v, v);
      return fmt::format("{} with your gradients ({} inner product)", sum, inner);
    }
    case spec::AnswerKind::jacobian:
      return fmt::format("your J*vec({})", d);
    case spec::AnswerKind::hessian:
      switch (p.answer.hessian.form) {
        case spec::HessianForm::quadratic:
          return fmt::format("your d²F[{0}, {0}] (second differences)", d);
        case spec::HessianForm::bilinear:
          return fmt::format("your d²F[{}, {}] with {} = {} (second differences)", d,
                             second_names(p), second_names(p), d);
        default:
          return fmt::format("u'*H*u with your H and u = vec({}) (second differences)", d);
      }
    default:
      return {};
  }
}

// An error in the explanation's words: "0" when exact, else "1.2e-08".
std::string error_words(double e) {
  return e == 0 ? "0" : fmt::format("{:.1e}", e);
}

// Whether a curve is exact but for rounding: truncation error invisible already at the
// largest step (F is a polynomial of low degree along the line).
bool exact_curve(const oracle::StepStudy& s, bool central) {
  const std::optional<double>& first = central ? s.rows.front().central : s.rows.front().forward;
  return first && *first <= 1e-12;
}

// One curve of a consistent answer in a sentence: how far it gets, at which step, and why it
// turns (truncation error falling with h, rounding error rising as h shrinks).
std::string curve_words(const oracle::StepStudy& s, bool central) {
  const std::optional<oracle::CurveMinimum>& best = central ? s.best_central : s.best_forward;
  const std::string name = fmt::format("{} {}", central ? "Central" : "Forward",
                                       s.order == 2 ? "second differences" : "differences");
  if (!best) return fmt::format("{} are undefined at every step here.", name);
  const char* truncation = central ? "O(h²)" : "O(h)";
  const char* rounding = s.order == 2 ? "eps·|F|/h²" : "eps·|F|/h";
  const std::optional<double>& last = central ? s.rows.back().central : s.rows.back().forward;
  if (exact_curve(s, central)) {
    return fmt::format(
        "{} are exact but for rounding here ({} at h = {}: F is a polynomial of low degree along "
        "this line, so their {} truncation error vanishes), and rounding grows as h shrinks.",
        name, error_words(best->error), format_step(best->h), truncation);
  }
  if (last && *last > 100 * best->error) {
    return fmt::format(
        "{} come within {} of your derivative at h = {}, then rounding error (about {}) takes "
        "over from truncation error ({}) and grows again, to {} at h = {}: the V of a correct "
        "derivative.",
        name, error_words(best->error), format_step(best->h), rounding, truncation,
        error_words(*last), format_step(s.rows.back().h));
  }
  return fmt::format("{} come within {} of your derivative at h = {}.", name,
                     error_words(best->error), format_step(best->h));
}

class Explainer {
 public:
  Explainer(const spec::Problem& p, const spec::AnswerText& answer, std::uint64_t seed)
      : problem_(p),
        answer_(answer),
        seed_(seed),
        trials_(p, seed),
        vars_(sample::varied_variables(p)) {
    out_.problem_id = p.id;
    out_.seed = seed;
    out_.kind = p.answer.kind;
    out_.answer = answer_text(answer);
    limits_.max_work = CheckOptions{}.max_work;
  }

  Explanation run() {
    require_derivative();
    if (!compile()) return out_;
    if (trials_.trials().empty()) {
      const std::string why = trials_.failure() ? trials_.failure()->message : "no random point";
      throw InputError(fmt::format("{}: {}", problem_.id, why));
    }
    const Trial& trial = trials_.trials().front();
    describe_point(trial.point);
    out_.compared = compared_text(problem_, vars_);

    std::vector<HighMatrix> got;
    for (const auto& formula : parts_) {
      try {
        got.push_back(expr::evaluate(formula, trial.bindings, limits_));
      } catch (const expr::FormulaError& e) {
        throw InputError(fmt::format(
            "{}: your answer cannot be evaluated at random point 1 (seed {}), where the "
            "reference can:\n{}",
            problem_.id, seed_, e.what()));
      }
    }
    if (problem_.answer.kind == spec::AnswerKind::hessian &&
        problem_.answer.hessian.form == spec::HessianForm::matrix)
      asymmetric_ =
          relative_difference(HighMatrix(got[0].transpose()), got[0]) > problem_.check.rtol;
    if (asymmetric_) find_hidden(got[0], trial);
    out_.verdict = check_answer(trials_, answer_).verdict;
    std::vector<HighMatrix> along = got;  // what the differences along dX compare with
    std::vector<HighMatrix> along_reference = trial.expected;
    if (bilinear()) {
      // d²F[dX, dY] with dY = dX: the form on the line's one direction.
      HighBindings diagonal = trial.bindings;
      for (const auto& [variable, name] : problem_.answer.hessian.second_directions)
        diagonal.values[name] = trial.bindings.values.at("d" + variable);
      along = {evaluate_answer(diagonal)};
      along_reference = {trials_.references().at(0)(diagonal)};
      find_hidden_bilinear(got[0], trial, along[0], along_reference[0]);
    }
    const HighMatrix yours = directional(along, trial);
    const HighMatrix reference = directional(along_reference, trial);
    out_.relative_difference = relative_difference(yours, reference);

    const Computation f = problem_function(problem_);
    const oracle::LineFunction<double> line = line_of(f, trial.point);
    oracle::StepStudyOptions options;
    options.order = problem_.answer.kind == spec::AnswerKind::hessian ? 2 : 1;
    try {
      out_.yours = oracle::step_study(line, yours, options);
      out_.reference = oracle::step_study(line, reference, options);
    } catch (const code::ReferenceError& e) {
      throw InputError(fmt::format("{}: the problem's own C++ failed near the point: {}",
                                   problem_.id, e.what()));
    } catch (const expr::FormulaError& e) {
      throw InputError(fmt::format("{}: the problem's own formulas failed near the point: {}",
                                   problem_.id, e.what()));
    }
    interpret();
    return out_;
  }

 private:
  bool bilinear() const {
    return problem_.answer.kind == spec::AnswerKind::hessian &&
           problem_.answer.hessian.form == spec::HessianForm::bilinear;
  }

  // The answer (one part: a bilinear form is a Hessian's) at other bindings of the point.
  HighMatrix evaluate_answer(const HighBindings& bindings) const {
    try {
      return expr::evaluate(parts_.at(0), bindings, limits_);
    } catch (const expr::FormulaError& e) {
      throw InputError(fmt::format(
          "{}: your answer cannot be evaluated at random point 1 (seed {}) with the directions "
          "moved, where the reference can:\n{}",
          problem_.id, seed_, e.what()));
    }
  }

  // A bilinear form right on equal directions but not on two (explain.hpp).
  void find_hidden_bilinear(const HighMatrix& b, const Trial& trial, const HighMatrix& seen,
                            const HighMatrix& seen_correct) {
    const double rtol = problem_.check.rtol;
    const double difference = relative_difference(b, trial.expected.at(0));
    const double on_one = relative_difference(seen, seen_correct);
    if (difference <= rtol || on_one > rtol) return;
    const HighMatrix swapped = evaluate_answer(trial.swapped);
    out_.hidden_bilinear =
        Explanation::HiddenAsymmetry{first_names(vars_), second_names(problem_), difference,
                                     relative_difference(swapped, b), on_one};
  }

  // A Hessian matrix whose symmetric part is right but not the matrix (explain.hpp).
  void find_hidden(const HighMatrix& h, const Trial& trial) {
    const HighMatrix& r = trial.expected.at(0);
    const High half("0.5");
    const HighMatrix sym_h = (h + HighMatrix(h.transpose())) * half;
    const HighMatrix sym_r = (r + HighMatrix(r.transpose())) * half;
    const double rtol = problem_.check.rtol;
    if (relative_difference(sym_h, sym_r) > rtol || relative_difference(h, r) <= rtol) return;
    const HighMatrix u = stacked_directions(vars_, to_high(trial.point.directions));
    const HighMatrix v = stacked_directions(vars_, to_high(trial.point.directions2));
    const auto form = [](const HighMatrix& a, const HighMatrix& m, const HighMatrix& b) {
      return High(HighMatrix(a.transpose() * m * b)(0, 0)).convert_to<double>();
    };
    out_.hidden = Explanation::HiddenDifference{relative_difference(h, r), form(u, h, v),
                                                form(u, r, v), form(u, h, u), form(u, r, u)};
  }

  void require_derivative() const {
    using spec::AnswerKind;
    const AnswerKind k = problem_.answer.kind;
    if (k == AnswerKind::value || k == AnswerKind::choice || k == AnswerKind::code) {
      throw InputError(
          fmt::format("{} is a {} problem: grader explain shows finite differences of a derivative "
                      "(differential, gradient, jacobian and hessian problems)",
                      problem_.id, spec::to_string(k)));
    }
    if (!problem_.has_function()) {
      throw InputError(
          fmt::format("{} declares no function F to take differences of", problem_.id));
    }
  }

  // The answer's parts, parsed and shape-checked as the checker does. False when the answer
  // is not of the right form: out_.invalid is then the checker's own verdict on it.
  bool compile() {
    const expr::ShapeEnv env = spec::formula_env(problem_, spec::uses_differentials(problem_));
    bool ok = true;
    for (const auto& part : trials_.parts()) {
      std::string text = part.empty() ? answer_.single : "";
      if (part.empty() && text.empty() && answer_.parts.size() == 1)
        text = answer_.parts.begin()->second;
      if (const auto it = answer_.parts.find(part); !part.empty() && it != answer_.parts.end())
        text = it->second;
      spec::Location where = answer_.where;
      if (where.file.empty()) where = {"answer", 0, 0};
      try {
        // Read exactly as the checker reads it (A^T, kron(I, X), c*I, ...).
        const expr::Shape expected = spec::expected_shape(problem_, part);
        ReadAnswer read = read_answer(text, where, env, expected);
        ok = ok && read.shape == expected;
        parts_.push_back(std::move(read.formula));
      } catch (const expr::FormulaError&) {
        ok = false;
      }
      if (!ok) break;
    }
    if (ok) return true;
    CheckResult r = check_answer(problem_, answer_, seed_);
    if (r.verdict != Verdict::invalid) {
      throw InternalError(fmt::format("{}: explain found the answer malformed, the checker {} ({})",
                                      problem_.id, to_string(r.verdict), r.message));
    }
    out_.invalid = std::move(r);
    return false;
  }

  void describe_point(const sample::Point& point) {
    for (const auto& [name, n] : point.dims) out_.dims.emplace_back(name, n);
    for (const auto& v : problem_.variables) {
      if (const auto it = point.values.find(v.name); it != point.values.end())
        out_.sizes.emplace_back(v.name, fmt::format("{}×{}", it->second.rows(), it->second.cols()));
    }
  }

  // The directional derivative a derivative value (one matrix per part) stands for.
  HighMatrix directional(const std::vector<HighMatrix>& values, const Trial& trial) const {
    const HighDirections dirs = to_high(trial.point.directions);
    switch (problem_.answer.kind) {
      case spec::AnswerKind::gradient: {
        High total(0);
        for (std::size_t k = 0; k < values.size(); ++k) {
          const std::string& var = trials_.parts()[k].empty() ? vars_.at(0) : trials_.parts()[k];
          total += trials_.formulas().inner(values[k], dirs.at(var), trial.bindings);
        }
        return HighMatrix::Constant(1, 1, total);
      }
      case spec::AnswerKind::jacobian:
        return values[0] * stacked_directions(vars_, dirs);
      case spec::AnswerKind::hessian:
        if (problem_.answer.hessian.form == spec::HessianForm::matrix) {
          const HighMatrix u = stacked_directions(vars_, dirs);
          return u.transpose() * values[0] * u;
        }
        return values[0];
      default:
        return values[0];
    }
  }

  // t -> F(x + t*dX) in double, with the lets evaluated at the moved point (F may use them).
  oracle::LineFunction<double> line_of(const Computation& f, const sample::Point& point) const {
    const expr::Bindings<double> base = point.bindings(false);
    const auto dirs = point.directions;
    const ProblemFormulas& formulas = trials_.formulas();
    return [&f, &formulas, base, dirs](double t) {
      expr::Bindings<double> b = base;
      for (const auto& [name, d] : dirs) b.values[name] = (b.values.at(name) + t * d).eval();
      return f(formulas.with_lets(std::move(b)));
    };
  }

  // What differences cannot see, when the answer hides it (a Hessian's asymmetric part, a
  // bilinear form right only on equal directions); empty otherwise.
  std::string hidden_words() const {
    if (const auto& hidden = out_.hidden) {
      return fmt::format(
          " But your H is not a correct Hessian: it differs from one by a relative {1:.1e} "
          "entry by entry, while its symmetric part (H + H')/2 is right. Finite differences of "
          "F see only the quadratic form u'*H*u (u = vec({0})), which is the same for H and "
          "(H + H')/2, so no step size can show the difference. The check that does compares "
          "the matrices themselves, or the bilinear form on two directions: with v = vec of a "
          "second direction at this point, your u'*H*v = {2:.6g} where a correct Hessian gives "
          "{3:.6g}. A Hessian matrix is symmetric: make yours symmetric.",
          "d" + vars_.at(0), hidden->matrix_difference, hidden->yours, hidden->correct);
    } else if (const auto& b = out_.hidden_bilinear) {
      return fmt::format(
          " But your d²F[{0}, {1}] is not a correct second derivative: on this point's two "
          "directions it differs from one by a relative {2:.1e}, while with {1} = {0} it is "
          "right. Second differences along one direction see only d²F[{0}, {0}], so no step "
          "size can show the difference. The check that does uses two directions: a second "
          "derivative is symmetric, d²F[{0}, {1}] = d²F[{1}, {0}], and swapping them changes "
          "yours by a relative {3:.1e}. Differentiate the first derivative along {1} at every "
          "place where the variable occurs: the result is symmetric.",
          b->first, b->second, b->difference, b->swapped);
    } else if (asymmetric_) {
      return " Your H is not symmetric, and differences of F only ever see its symmetric part "
             "(H + H')/2: a Hessian matrix is symmetric, which grader try checks.";
    }
    return {};
  }

  // Two or three sentences a student learns from.
  void interpret() {
    const auto& yf = out_.yours.best_forward;
    const auto& yc = out_.yours.best_central;
    const auto& rc = out_.reference.best_central;
    const bool second = out_.yours.order == 2;
    const std::string differences = second ? "second differences" : "differences";
    if (!yc || !rc) {
      out_.consistent = false;
      out_.interpretation = fmt::format(
          "F is undefined at every step's stencil along this direction, so finite {} say "
          "nothing here; try another --seed.",
          differences);
      return;
    }
    out_.consistent = yc->error <= std::max(10 * rc->error, 1e-13);
    std::string text;
    if (out_.consistent) {
      const oracle::StepStudy& y = out_.yours;
      if (exact_curve(y, false) && exact_curve(y, true)) {
        text = fmt::format(
            "Forward and central {} are both exact but for rounding here ({} and {} at h = {}: F "
            "is a polynomial of low degree along this line, so there is no truncation error), "
            "and rounding error, about {}, grows as h shrinks.",
            differences, error_words(yf->error), error_words(yc->error), format_step(yc->h),
            second ? "eps·|F|/h²" : "eps·|F|/h");
      } else {
        text = curve_words(y, false) + " " + curve_words(y, true);
      }
      text += " Your derivative is consistent with F.";
      if (out_.relative_difference > problem_.check.rtol) {
        text += fmt::format(
            " Differences in double cannot see an error as small as yours, though (a relative "
            "{:.1e} at this point): grader try compares in 50 digits and can.",
            out_.relative_difference);
      }
      if (rc->error > 1e-4) {
        text += fmt::format(
            " (Even a correct derivative reaches only {:.1e} here: F is badly "
            "conditioned at this point, so the picture is blurred.)",
            rc->error);
      }
    } else {
      const double floor = std::min(yc->error, yf ? yf->error : yc->error);
      const auto& rf = out_.reference.best_forward;
      const bool central_better = !rf || rc->error <= rf->error;
      const oracle::CurveMinimum& best = central_better ? *rc : *rf;
      text = fmt::format(
          "Neither curve falls below {} (forward {} at best, central {}), where a correct "
          "derivative's {} reach {} ({}, at h = {}). That floor is the relative size "
          "of your derivative's error along this direction: it is not F's derivative, and no "
          "step size hides it. grader try says more about what is wrong.",
          error_words(floor), error_words(yf ? yf->error : NAN), error_words(yc->error),
          differences, error_words(best.error), central_better ? "central" : "forward",
          format_step(best.h));
    }
    text += hidden_words();
    out_.interpretation = std::move(text);
  }

  const spec::Problem& problem_;
  const spec::AnswerText& answer_;
  std::uint64_t seed_;
  ProblemTrials trials_;
  std::vector<std::string> vars_;
  std::vector<expr::Formula> parts_;
  expr::Limits limits_;
  bool asymmetric_ = false;  // a Hessian matrix answer that is not symmetric
  Explanation out_;
};

}  // namespace

Explanation explain_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                           std::uint64_t seed) {
  return Explainer(problem, answer, seed).run();
}

std::string format_step(double h) {
  const double k = std::log10(h);
  return std::abs(k - std::round(k)) < 1e-9 ? fmt::format("{:.0e}", h) : fmt::format("{:.1e}", h);
}

}  // namespace grader::check
