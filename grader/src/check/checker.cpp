#include "grader/check/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "grader/check/compare.hpp"
#include "grader/check/diagnose.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/trials.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::invalid:
      return "invalid";
    case Verdict::missing:
      return "missing";
    case Verdict::error:
      return "error";
    case Verdict::compile_error:
      return "compile-error";
    case Verdict::timeout:
      return "timeout";
    case Verdict::crash:
      return "crash";
    case Verdict::memory_limit:
      return "memory-limit";
    case Verdict::bad_output:
      return "bad-output";
  }
  return "error";
}

namespace {

using expr::High;
using MH = expr::Matrix<High>;
using BindingsH = expr::Bindings<High>;

// The first line of a rendered diagnostic ("error: ..." without the prefix).
std::string headline(const expr::FormulaError& e) {
  return e.diagnostic().message;
}

// What the answer stands for, for messages: "dF", "the gradient with respect to x", ...
std::string answer_noun(const spec::Problem& p, const std::string& part) {
  switch (p.answer.kind) {
    case spec::AnswerKind::differential:
      return "dF";
    case spec::AnswerKind::gradient: {
      const std::string var = part.empty() ? (p.answer.wrt.empty() ? "" : p.answer.wrt[0]) : part;
      return fmt::format("the gradient with respect to {}", var);
    }
    case spec::AnswerKind::jacobian:
      return "the Jacobian";
    case spec::AnswerKind::hessian:
      return p.answer.form == spec::HessianForm::matrix ? "the Hessian matrix"
                                                        : "the quadratic form d²F[dX, dX]";
    case spec::AnswerKind::value:
      return "the value";
    case spec::AnswerKind::choice:
      return "the choice";
    case spec::AnswerKind::code:
      return "your function's result";
  }
  return "the answer";
}

// What the matrix of a non-differential answer is, in terms of the differential it omits.
std::string matrix_meaning(const spec::Problem& p, const std::string& differential) {
  switch (p.answer.kind) {
    case spec::AnswerKind::gradient:
      return p.answer.inner_product
                 ? fmt::format("the G with dF = <G, {}> in the problem's inner product",
                               differential)
                 : fmt::format("the G with dF = sum(G .* {})", differential);
    case spec::AnswerKind::jacobian:
      return fmt::format("the J with vec(dF) = J*vec({})", differential);
    default:
      return "the H with d²F[u, v] = u'*H*v";
  }
}

class Checker {
 public:
  Checker(const ProblemTrials& trials, const spec::AnswerText& answer, const CheckOptions& options)
      : p_(trials.problem()),
        trials_(trials),
        answer_(answer),
        options_(options),
        seed_(trials.seed()),
        formulas_(trials.formulas()) {
    result_.problem_id = p_.id;
    result_.max_score = p_.points;
    result_.seed = seed_;
    // An answer to these problems never needs much arithmetic: a tenth of the language's
    // default bound keeps one evaluation (of the ~20 per answer) under about 0.1 s in 50
    // digits, deterministically, long before the wall-clock limit matters.
    limits_.max_work = options.max_work;
    if (options.time_limit > 0) {
      limits_.deadline = std::chrono::steady_clock::now() +
                         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(options.time_limit));
    }
  }

  CheckResult run() {
    try {
      if (p_.answer.cpp_reference) {
        finish(Verdict::error,
               fmt::format("this problem's reference is C++ ('{}'), and C++ references cannot be "
                           "checked yet",
                           *p_.answer.cpp_reference));
      } else if (p_.answer.kind == spec::AnswerKind::code) {
        // Code is compiled and run with the submission's folder: check/code_checker.hpp.
        finish(Verdict::error, "a code answer is checked with its submission's folder "
                               "(grader check FOLDER or grader grade), not on its own");
      } else if (p_.answer.kind == spec::AnswerKind::choice) {
        check_choice();
      } else if (compile()) {
        check_trials();
      }
    } catch (const expr::FormulaError& e) {
      // A let or inner product that fails on a drawn point: the spec's fault.
      finish(Verdict::error, fmt::format("the problem's own formulas failed: {}", headline(e)));
      result_.diagnostic = e.what();
    } catch (const std::exception& e) {
      // Never lose the other problems' results to one problem's failure.
      finish(Verdict::error, fmt::format("the grader failed on this problem: {}", e.what()));
    }
    result_.score = result_.verdict == Verdict::pass ? p_.points : 0.0;
    return result_;
  }

 private:
  void finish(Verdict verdict, std::string message, std::string oracle = {}) {
    result_.verdict = verdict;
    result_.message = std::move(message);
    if (!oracle.empty()) result_.oracle = std::move(oracle);
  }

  // --- choice ---------------------------------------------------------------------------
  void check_choice() {
    result_.oracle = "choice";
    std::set<std::string> given;
    std::string token;
    std::string text = answer_.single;
    for (const auto& [k, v] : answer_.parts) text += " " + v;
    for (const char c : text + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        token += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!token.empty()) {
        given.insert(token);
        token.clear();
      }
    }
    if (given.empty()) {
      finish(Verdict::invalid, "the answer names no option");
      return;
    }
    for (const auto& g : given) {
      if (p_.answer.options.find(g) == p_.answer.options.end()) {
        std::string letters;
        for (const auto& [k, v] : p_.answer.options) letters += (letters.empty() ? "" : ", ") + k;
        finish(Verdict::invalid, fmt::format("'{}' is not one of the options ({})", g, letters));
        return;
      }
    }
    const std::set<std::string> correct(p_.answer.correct.begin(), p_.answer.correct.end());
    result_.trials = 1;
    if (given == correct) {
      finish(Verdict::pass, "correct");
    } else {
      finish(Verdict::fail,
             correct.size() > 1 ? "not the right set of options" : "not the right option");
    }
    if (!p_.answer.explanation.empty()) result_.feedback = p_.answer.explanation;
  }

  // --- formulas -------------------------------------------------------------------------

  // Parses every part of the answer and checks names and shapes. False: verdict decided.
  bool compile() {
    const std::vector<std::string>& wanted = trials_.parts();
    const expr::ShapeEnv env = spec::formula_env(p_, spec::uses_differentials(p_));
    for (const auto& part : wanted) {
      std::string text;
      if (part.empty()) {
        text = answer_.single;
        if (text.empty() && answer_.parts.size() == 1) text = answer_.parts.begin()->second;
      } else if (const auto it = answer_.parts.find(part); it != answer_.parts.end()) {
        text = it->second;
      }
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        finish(Verdict::invalid, part.empty() ? "the answer is empty"
                                              : fmt::format("the answer has no formula for {}",
                                                            answer_noun(p_, part)));
        return false;
      }
      spec::Location where = answer_.where;
      if (where.file.empty()) where = {"answer", 0, 0};
      try {
        expr::Formula formula = spec::parse_formula({text, where});
        const expr::Shape shape = expr::check_shapes(formula, env);
        const expr::Shape expected = spec::expected_shape(p_, part);
        if (!(shape == expected)) {
          finish(Verdict::invalid,
                 fmt::format("your answer is {}, but {} is {}", shape.to_string(),
                             answer_noun(p_, part), expected.to_string()),
                 "shape");
          return false;
        }
        parts_.emplace_back(part, std::move(formula));
      } catch (const expr::FormulaError& e) {
        result_.diagnostic = e.what();
        std::string message = fmt::format("{}: {}", expr::to_string(e.kind()), headline(e));
        const std::string name(e.source().slice(e.diagnostic().primary));
        if (e.kind() == expr::ErrorKind::name && !spec::uses_differentials(p_) && name.size() > 1 &&
            name[0] == 'd' && p_.find_variable(name.substr(1)) != nullptr) {
          // dX in a gradient, Jacobian or Hessian matrix: say what the answer is instead.
          expr::Diagnostic d = e.diagnostic();
          d.help = fmt::format("write {} itself, without differentials: {}", answer_noun(p_, part),
                               matrix_meaning(p_, name));
          result_.diagnostic = expr::render(d, e.source());
          message += fmt::format(": {} is written without differentials", answer_noun(p_, part));
        }
        finish(Verdict::invalid, message, "parser");
        return false;
      }
    }
    return true;
  }

  // A limit (the work bound or the time limit) stopped the answer: invalid, not wrong.
  void too_costly(const expr::FormulaError& e, int trial) {
    result_.diagnostic = e.what();
    finish(Verdict::invalid,
           fmt::format("your answer is too costly to check: at random point {} of {}, {}{}",
                       trial + 1, trials_.planned(), headline(e),
                       options_.time_limit > 0
                           ? fmt::format(" ({:g} s per answer)", options_.time_limit)
                           : ""),
           "limit");
  }

  // The answer's evaluation (a limit error when it is too costly: invalid, not wrong).
  bool evaluate_answer(std::vector<MH>& got, const BindingsH& bindings, int trial, int planned,
                       const std::string& oracle) {
    got.clear();
    for (const auto& [part, formula] : parts_) {
      try {
        got.push_back(expr::evaluate(formula, bindings, limits_));
      } catch (const expr::FormulaError& e) {
        result_.diagnostic = e.what();
        if (e.kind() == expr::ErrorKind::limit) {
          too_costly(e, trial);
        } else {
          finish(Verdict::fail,
                 fmt::format("your answer cannot be evaluated at random point {} of {}, where the "
                             "reference can: {} (reproduce with --seed {})",
                             trial + 1, planned, headline(e), seed_),
                 oracle);
        }
        return false;
      }
    }
    return true;
  }

  void check_trials() {
    const bool linear = p_.answer.kind == spec::AnswerKind::differential;
    const bool quadratic = p_.answer.kind == spec::AnswerKind::hessian &&
                           p_.answer.form == spec::HessianForm::quadratic;
    const double rtol =
        p_.answer.kind == spec::AnswerKind::value ? p_.answer.tolerance : p_.check.rtol;
    const int planned = trials_.planned();
    double worst = 0.0;
    for (int k = 0; k < planned; ++k) {
      if (k >= static_cast<int>(trials_.trials().size())) {
        // The problem could not prepare this trial: the spec's fault, not the answer's.
        const TrialFailure& failure = *trials_.failure();
        finish(Verdict::error, failure.message);
        result_.diagnostic = failure.diagnostic;
        return;
      }
      const Trial& trial = trials_.trials()[static_cast<std::size_t>(k)];
      const sample::Point& point = trial.point;
      result_.condition = std::max(result_.condition, point.condition);
      if (point.eigen_gap > 0) {
        result_.eigen_gap =
            result_.eigen_gap > 0 ? std::min(result_.eigen_gap, point.eigen_gap) : point.eigen_gap;
      }
      result_.trials = k + 1;

      std::vector<MH> got;
      if (!evaluate_answer(got, trial.bindings, k, planned, "reference")) return;
      if ((linear || quadratic) && !check_linearity(trial, got, quadratic, k)) return;

      for (std::size_t j = 0; j < got.size(); ++j) {
        const double rel = compare(j, got[j], trial.expected[j], point, trial.bindings);
        worst = std::max(worst, rel);
        result_.max_rel_error = worst;
        if (!(rel <= rtol)) {
          finish(Verdict::fail,
                 fmt::format("wrong: at random point {} of {}, {} differs from the reference by a "
                             "relative {:.2g} (tolerance {:.0e}; reproduce with --seed {})",
                             k + 1, planned,
                             parts_.size() > 1 ? answer_noun(p_, parts_[j].first) : "your answer",
                             rel, rtol, seed_),
                 "reference");
          match_mistakes(trial.bindings, got);
          // The spec's mistakes first; a generic near-miss (sign, factor, transpose) else.
          if (result_.feedback.empty()) {
            if (auto d = diagnose_wrong(got[j], trial.expected[j], 1e3 * rtol)) {
              result_.feedback = *d;
            }
          }
          return;
        }
      }
    }
    result_.max_rel_error = worst;
    finish(Verdict::pass,
           fmt::format("correct: agrees with the 50-digit reference on {} random points (worst "
                       "relative difference {:.1e}; seed {})",
                       result_.trials, worst, seed_),
           "reference");
  }

  // A variable whose directions are restricted (symmetric, orthogonal, unit, triangular, ...):
  // its gradient is defined only up to what no allowed direction sees.
  bool restricted(const std::string& name) const {
    const spec::Variable* v = p_.find_variable(name);
    if (v == nullptr) return false;
    return std::any_of(v->properties.begin(), v->properties.end(), [](spec::Property q) {
      using spec::Property;
      return q == Property::symmetric || q == Property::skew_symmetric ||
             q == Property::positive_definite || q == Property::orthogonal ||
             q == Property::diagonal || q == Property::upper_triangular ||
             q == Property::lower_triangular || q == Property::unit ||
             q == Property::distinct_eigenvalues;
    });
  }

  // How far part k of the answer is from the reference. Gradients and Jacobians of
  // restricted variables are compared through the allowed directions (their definition:
  // dF = <G, dX>, vec(dF) = J vec(dX)); everything else entry by entry.
  double compare(std::size_t k, const MH& got, const MH& expected, const sample::Point& point,
                 const BindingsH& bindings) const {
    const auto kind = p_.answer.kind;
    std::vector<std::string> vars = {parts_[k].first};
    if (vars[0].empty()) vars = sample::varied_variables(p_);
    const bool through_directions =
        (kind == spec::AnswerKind::gradient || kind == spec::AnswerKind::jacobian) &&
        std::any_of(vars.begin(), vars.end(), [&](const std::string& v) { return restricted(v); });
    if (!through_directions) return relative_difference(got, expected);
    double worst = 0.0;
    const MH delta = got - expected;
    for (const auto* dirs : {&point.directions, &point.directions2}) {
      if (kind == spec::AnswerKind::gradient) {
        const MH d = dirs->at(vars[0]).cast<High>();
        const High seen = formulas_.inner(delta, d, bindings);
        const High scale =
            sqrt(High(expected.array().square().sum())) * sqrt(High(d.array().square().sum()));
        if (seen == 0) continue;
        worst = std::max(worst, (abs(seen) / std::max(scale, High("1e-60"))).convert_to<double>());
      } else {
        const MH stacked = stacked_directions(vars, to_high(*dirs));
        worst = std::max(worst, relative_difference(MH(got * stacked), MH(expected * stacked)));
      }
    }
    return worst;
  }

  // A differential must be linear in the differentials: F'(x)[3 dx] = 3 F'(x)[dx] and
  // F'(x)[dx + dx2] = F'(x)[dx] + F'(x)[dx2]; a quadratic form must scale by 9.
  bool check_linearity(const Trial& trial, const std::vector<MH>& got, bool quadratic, int k) {
    const High factor = quadratic ? High(9) : High(3);
    std::string differentials;
    for (const auto& [name, d] : trial.point.directions)
      differentials += (differentials.empty() ? "d" : ", d") + name;
    for (std::size_t j = 0; j < parts_.size(); ++j) {
      try {
        const MH q3 = expr::evaluate(parts_[j].second, trial.tripled, limits_);
        const double homogeneity = relative_difference(q3, MH(got[j] * factor));
        bool additive = true;
        if (!quadratic) {
          const MH q2 = expr::evaluate(parts_[j].second, trial.second, limits_);
          const MH q12 = expr::evaluate(parts_[j].second, trial.summed, limits_);
          additive = relative_difference(q12, MH(got[j] + q2)) <= p_.check.rtol;
        }
        if (homogeneity <= p_.check.rtol && additive) continue;
        std::string what =
            quadratic
                ? fmt::format("tripling {} should multiply a quadratic form by 9, and it does not",
                              differentials)
            : !(homogeneity <= p_.check.rtol)
                ? fmt::format("tripling {} does not triple it", differentials)
                : fmt::format("its value at a sum of two directions is not the sum of its values");
        finish(
            Verdict::fail,
            fmt::format("your answer is not {} in {}: at random point {} of {}, {}. {} (reproduce "
                        "with --seed {})",
                        quadratic ? "a quadratic form" : "linear", differentials, k + 1,
                        trials_.planned(), what,
                        quadratic
                            ? "d²F[dX, dX] has every term of degree exactly 2 in the differentials."
                            : "A differential is linear in the differentials: a term "
                              "without them, a product of two of them, or a difference "
                              "quotient such as (F(X + h*dX) - F(X))/h is not a derivative.",
                        seed_),
            "linearity");
        result_.max_rel_error = std::max(result_.max_rel_error, homogeneity);
        return false;
      } catch (const expr::FormulaError& e) {
        result_.diagnostic = e.what();
        if (e.kind() == expr::ErrorKind::limit) {
          too_costly(e, k);
          return false;
        }
        finish(Verdict::fail,
               fmt::format("your answer cannot be evaluated for other directions: {}", headline(e)),
               "linearity");
        return false;
      }
    }
    return true;
  }

  // On a wrong answer: is it one of the spec's recognised mistakes?
  void match_mistakes(const BindingsH& bindings, const std::vector<MH>& got) {
    for (const auto& mistake : p_.mistakes) {
      try {
        bool same = true;
        for (std::size_t k = 0; k < parts_.size() && same; ++k) {
          const std::string& part = parts_[k].first;
          std::string text = part.empty() ? mistake.answer.single : "";
          if (!part.empty()) {
            const auto it = mistake.answer.parts.find(part);
            if (it == mistake.answer.parts.end()) {
              same = false;
              break;
            }
            text = it->second;
          }
          if (text.empty() && !mistake.answer.parts.empty())
            text = mistake.answer.parts.begin()->second;
          const MH m = expr::evaluate(spec::parse_formula({text, mistake.answer.where}), bindings);
          same = relative_difference(got[k], m) <= 1e3 * p_.check.rtol;
        }
        if (same) {
          result_.feedback = mistake.feedback;
          return;
        }
      } catch (const expr::FormulaError&) {
        // A mistake that cannot be evaluated here does not match.
      }
    }
  }

  const spec::Problem& p_;
  const ProblemTrials& trials_;
  const spec::AnswerText& answer_;
  const CheckOptions& options_;
  std::uint64_t seed_;
  const ProblemFormulas& formulas_;
  expr::Limits limits_;
  CheckResult result_;
  std::vector<std::pair<std::string, expr::Formula>> parts_;
};

}  // namespace

CheckResult check_answer(const ProblemTrials& trials, const spec::AnswerText& answer,
                         const CheckOptions& options) {
  return Checker(trials, answer, options).run();
}

CheckResult check_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed, const CheckOptions& options) {
  const ProblemTrials trials(problem, seed);
  return check_answer(trials, answer, options);
}

CheckResult missing_answer(const spec::Problem& problem, std::uint64_t seed) {
  CheckResult r;
  r.problem_id = problem.id;
  r.verdict = Verdict::missing;
  r.max_score = problem.points;
  r.seed = seed;
  r.message = "not answered";
  return r;
}

}  // namespace grader::check
