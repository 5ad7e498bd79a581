#include "grader/check/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "answer_words.hpp"
#include "grader/check/choice.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/diagnose.hpp"
#include "grader/check/linearity.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/tangent.hpp"
#include "grader/check/trials.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

namespace {

using detail::answer_noun;
using detail::literal;
using detail::matrix_meaning;
using expr::High;

// The first line of a rendered diagnostic ("error: ..." without the prefix).
std::string headline(const expr::FormulaError& e) {
  return e.diagnostic().message;
}

// GRADER_BENCH_NO_DIAGNOSES=1, set only by tests/benchmarks/analytics_batch.sh, skips the
// generic diagnoses (a spec's mistakes still match) to measure their cost in one run.
bool diagnoses_disabled() {
  static const bool off = [] {
    const char* value = std::getenv("GRADER_BENCH_NO_DIAGNOSES");
    return value != nullptr && std::string(value) == "1";
  }();
  return off;
}

class Checker {
 public:
  Checker(const ProblemTrials& trials, const spec::AnswerText& answer, const CheckOptions& options)
      : problem_(trials.problem()),
        trials_(trials),
        answer_(answer),
        options_(options),
        seed_(trials.seed()),
        formulas_(trials.formulas()) {
    result_ = result_for(problem_, seed_);
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
    if (problem_.answer.kind == spec::AnswerKind::choice) {
      return check_choice(problem_, answer_, seed_, options_.now);
    }
    try {
      if (problem_.answer.kind == spec::AnswerKind::code) {
        // Code is compiled and run with the submission's folder: check/code_checker.hpp.
        finish(Verdict::error,
               "a code answer is checked with its submission's folder "
               "(grader check FOLDER or grader grade), not on its own");
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
    result_.score = result_.verdict == Verdict::pass ? problem_.points : problem_.points * credit();
    if (result_.verdict != Verdict::pass && result_.score > 0) {
      result_.message += fmt::format(
          " Partial credit: {:.12g} of {:.12g} points for this "
          "near-miss{}.",
          result_.score, problem_.points,
          mistake_ != nullptr && mistake_->credit
              ? ""
              : fmt::format(" ({})", spec::to_string(result_.diagnosis.value())));
    }
    return result_;
  }

 private:
  // A diagnosis found, as the result's key and what the student reads.
  void record(const std::optional<Diagnosis>& diagnosis) {
    if (!diagnosis) return;
    result_.diagnosis = diagnosis->key;
    result_.feedback = diagnosis->sentence;
  }

  void finish(Verdict verdict, std::string message, std::string oracle = {}) {
    result_.verdict = verdict;
    result_.message = std::move(message);
    if (!oracle.empty()) result_.oracle = std::move(oracle);
  }

  // --- formulas -------------------------------------------------------------------------

  // Parses every part of the answer and checks names and shapes. False: verdict decided.
  bool compile() {
    const std::vector<std::string>& wanted = trials_.parts();
    env_ = spec::formula_env(problem_, spec::uses_differentials(problem_));
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
                                                            answer_noun(problem_, part)));
        return false;
      }
      spec::Location where = answer_.where;
      if (where.file.empty()) where = {"answer", 0, 0};
      try {
        const expr::Shape expected = spec::expected_shape(problem_, part);
        ReadAnswer read = read_answer(text, where, env_, expected);
        expr::Formula& formula = read.formula;
        const expr::Shape& shape = read.shape;
        if (!read.reading.empty()) {
          result_.read_as +=
              (result_.read_as.empty() ? "" : "; ") +
              (wanted.size() > 1 ? fmt::format("{} = {}", part, read.reading) : read.reading);
        }
        if (!(shape == expected)) {
          finish(Verdict::invalid,
                 fmt::format("your answer is {}, but {} is {}", shape.to_string(),
                             answer_noun(problem_, part), expected.to_string()),
                 "shape");
          if (!diagnoses_disabled())
            record(diagnose_wrong_shape(trials_, formula, shape, expected,
                                        1e3 * problem_.check.rtol, limits_));
          return false;
        }
        parts_.emplace_back(part, std::move(formula));
      } catch (const expr::FormulaError& e) {
        result_.diagnostic = e.what();
        std::string message = fmt::format("{}: {}", expr::to_string(e.kind()), headline(e));
        const std::string name(e.source().slice(e.diagnostic().primary));
        if (e.kind() == expr::ErrorKind::name && !spec::uses_differentials(problem_) &&
            problem_.differential_of(name) != nullptr) {
          // dX in a gradient, Jacobian or Hessian matrix: say what the answer is instead.
          expr::Diagnostic d = e.diagnostic();
          d.help = fmt::format("write {} itself, without differentials: {}",
                               answer_noun(problem_, part), matrix_meaning(problem_, name));
          result_.diagnostic = expr::render(d, e.source());
          message +=
              fmt::format(": {} is written without differentials", answer_noun(problem_, part));
          result_.diagnosis = spec::DiagnosisKey::differential_for_gradient;
        }
        if (env_.find("T") != nullptr && text.find("^T") != std::string::npos) {
          message +=
              "; T is a name of this problem, so A^T is a power: write A' for the "
              "transpose";
        }
        finish(Verdict::invalid, message, "parser");
        if (e.kind() == expr::ErrorKind::shape && !diagnoses_disabled()) {
          record(diagnose_shape_mismatch(trials_, text, where, part, env_,
                                         1e3 * problem_.check.rtol, limits_));
        }
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
  bool evaluate_answer(std::vector<HighMatrix>& got, const HighBindings& bindings, int trial,
                       int planned, const std::string& oracle) {
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
    const std::optional<Degree> degree = degree_of(problem_);
    const double rtol = problem_.answer.kind == spec::AnswerKind::value ? problem_.answer.tolerance
                                                                        : problem_.check.rtol;
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

      std::vector<HighMatrix> got;
      if (!evaluate_answer(got, trial.bindings, k, planned, "reference")) return;
      std::vector<double> rels(got.size());
      bool agrees = true;
      for (std::size_t j = 0; j < got.size(); ++j) {
        rels[j] = compare(j, got[j], trial.expected[j], point, trial.bindings);
        agrees = agrees && rels[j] <= rtol;
      }
      // Linearity (three more evaluations of the answer) is tested at the first point, and at
      // any point where the answer disagrees with the reference, before the disagreement is
      // reported: an answer that agrees with the linear reference to 1e-20 along a random
      // direction is that linear map there, so testing it again at every point would only
      // double the cost of a right answer.
      if (degree && (k == 0 || !agrees) && !check_linearity(trial, got, *degree, k)) {
        return;
      }

      for (std::size_t j = 0; j < got.size(); ++j) {
        const double rel = rels[j];
        worst = std::max(worst, rel);
        result_.max_rel_error = worst;
        if (!(rel <= rtol)) {
          result_.failed_trial = k + 1;
          finish(Verdict::fail,
                 fmt::format(
                     "wrong: at random point {} of {}, {} differs from the reference by a "
                     "relative {:.2g} (tolerance {:.0e}; reproduce with --seed {})",
                     k + 1, planned,
                     parts_.size() > 1 ? answer_noun(problem_, parts_[j].first) : "your answer",
                     rel, rtol, seed_),
                 "reference");
          explain_failure(k, j, got);
          return;
        }
        if (!check_tangent(k, j, got)) return;
      }
    }
    result_.max_rel_error = worst;
    finish(Verdict::pass,
           fmt::format("correct: agrees with the 50-digit reference on {} random point{} "
                       "(worst relative difference {:.1e}; seed {})",
                       result_.trials, result_.trials == 1 ? "" : "s", worst, seed_),
           "reference");
  }

  // The variables part k of the answer is with respect to (problem_formulas.hpp).
  std::vector<std::string> part_variables(std::size_t k) const {
    return check::part_variables(problem_, parts_[k].first);
  }

  // Whether a part in `vars` is compared entry by entry (not through the allowed directions).
  bool entrywise(const std::vector<std::string>& vars) const {
    return !compared_through_directions(problem_, vars);
  }

  double compare(std::size_t k, const HighMatrix& got, const HighMatrix& expected,
                 const sample::Point& point, const HighBindings& bindings) const {
    const auto kind = problem_.answer.kind;
    const std::vector<std::string> vars = part_variables(k);
    if (entrywise(vars)) return relative_difference(got, expected);
    double worst = 0.0;
    const HighMatrix delta = got - expected;
    for (const auto* dirs : {&point.directions, &point.directions2}) {
      if (kind == spec::AnswerKind::gradient) {
        const HighMatrix d = to_high(*dirs).at(vars[0]);  // tangent to 50 digits
        const High seen = formulas_.inner(delta, d, bindings);
        const High scale =
            sqrt(High(expected.array().square().sum())) * sqrt(High(d.array().square().sum()));
        if (seen == 0) continue;
        worst = std::max(worst, (abs(seen) / std::max(scale, High("1e-60"))).convert_to<double>());
      } else {
        const HighMatrix stacked = stacked_directions(vars, to_high(*dirs));
        worst = std::max(
            worst, relative_difference(HighMatrix(got * stacked), HighMatrix(expected * stacked)));
      }
    }
    return worst;
  }

  // With `gradient: tangent` on part j's variable (check/tangent.hpp): whether the answer,
  // right along the allowed directions, lies in the tangent space. False: verdict decided.
  bool check_tangent(int k, std::size_t j, const std::vector<HighMatrix>& got) {
    if (problem_.answer.kind != spec::AnswerKind::gradient) return true;
    const std::vector<std::string> vars = part_variables(j);
    const spec::Variable* v = vars.size() == 1 ? problem_.find_variable(vars[0]) : nullptr;
    if (v == nullptr || !v->tangent_gradient) return true;
    const Trial& trial = trials_.trials()[static_cast<std::size_t>(k)];
    const auto failure = find_not_tangent(*v, trial.bindings.values.at(v->name), got[j],
                                          trial.expected[j], problem_.check.rtol);
    if (!failure) return true;
    result_.failed_trial = k + 1;
    finish(Verdict::fail,
           fmt::format("wrong: at random point {} of {}, {}. It agrees with the reference along "
                       "every allowed direction, but its part outside the tangent space is a "
                       "relative {:.2g} (tolerance {:.0e}; reproduce with --seed {})",
                       k + 1, trials_.planned(), failure->sentence, failure->relative,
                       problem_.check.rtol, seed_),
           "reference");
    result_.diagnosis = spec::DiagnosisKey::not_tangent;
    mistake_ = match_mistakes(trial.bindings, got);
    if (mistake_ != nullptr && mistake_->kind) result_.diagnosis = *mistake_->kind;
    result_.feedback = mistake_ != nullptr ? mistake_->feedback : failure->sentence;
    show_inputs(trial.point);
    reveal();
    return false;
  }

  // The linearity test (check/linearity.hpp) at trial k. False: verdict decided.
  bool check_linearity(const Trial& trial, const std::vector<HighMatrix>& got, Degree degree,
                       int k) {
    std::optional<Nonlinearity> failure;
    try {
      failure = find_nonlinearity(parts_, trial, got, degree, second_directions(),
                                  problem_.check.rtol, limits_);
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
    if (!failure) return true;
    finish(Verdict::fail,
           fmt::format("your answer is not {} in {}: at random point {} of {}, {}. {} (reproduce "
                       "with --seed {})",
                       degree_noun(degree), differentials_of(trial, second_directions()), k + 1,
                       trials_.planned(), failure->what,
                       form_rule(degree, trial, second_directions()), seed_),
           "linearity");
    result_.max_rel_error = std::max(result_.max_rel_error, failure->homogeneity);
    result_.failed_trial = k + 1;
    result_.diagnosis = spec::DiagnosisKey::nonlinear;
    result_.feedback = failure->feedback;
    // A term of another degree added to a right answer (F itself, a first-order term in a
    // second derivative), or one term's sign flipped in a bilinear form (which breaks its
    // symmetry, or one of its two terms left out): the term diagnoses name the term, which
    // the sentence above cannot. The key stays nonlinear, the test the answer failed; the
    // term's key is `also`.
    if (!diagnoses_disabled()) {
      const std::size_t j = failure->part;
      if (const auto d = diagnose_answer_terms(
              {trials_, parts_, j, k, got[j], 1e3 * problem_.check.rtol, limits_})) {
        const auto end = d->sentence.find(". ");  // its first sentence: which term
        result_.feedback +=
            " " + (end == std::string::npos ? d->sentence : d->sentence.substr(0, end + 1));
        result_.also.push_back(d->key);
      }
    }
    // A second derivative's typical mistakes (2*dX*dY for X², a sign) are often no form of the
    // right kind either: the spec's own feedback on them says more than the generic sentence.
    if (degree != Degree::linear) {
      if (const spec::Mistake* m = match_mistakes(trial.bindings, got)) {
        mistake_ = m;
        result_.feedback = m->feedback;
        if (m->kind &&
            std::find(result_.also.begin(), result_.also.end(), *m->kind) == result_.also.end())
          result_.also.push_back(*m->kind);
      }
    }
    show_inputs(trial.point);
    return false;
  }

  // A bilinear form's second directions (dY), in the order of wrt; empty for other answers.
  std::vector<std::string> second_directions() const {
    std::vector<std::string> names;
    for (const auto& [variable, name] : problem_.answer.hessian.second_directions)
      names.push_back(name);
    return names;
  }

  // On a wrong answer: is it one of the spec's recognised mistakes?
  // A mistake is read as a student's answer is (1/det(X)*I with the I of the answer's size).
  const spec::Mistake* match_mistakes(const HighBindings& bindings,
                                      const std::vector<HighMatrix>& got) {
    for (const auto& mistake : problem_.mistakes) {
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
          const HighMatrix m = expr::evaluate(
              read_answer(text, mistake.answer.where, env_, spec::expected_shape(problem_, part))
                  .formula,
              bindings);
          same = relative_difference(got[k], m) <= 1e3 * problem_.check.rtol;
        }
        if (same) return &mistake;
      } catch (const expr::FormulaError&) {
        // A mistake that cannot be evaluated here does not match.
      }
    }
    return nullptr;
  }

  // Why answer part j is wrong at trial k: the spec's mistakes first, then the generic
  // diagnoses; the worst entries; the inputs (--show-inputs); the reference where allowed.
  void explain_failure(int k, std::size_t j, const std::vector<HighMatrix>& got) {
    const Trial& trial = trials_.trials()[static_cast<std::size_t>(k)];
    mistake_ = match_mistakes(trial.bindings, got);
    // A spec mistake with its kind needs no generic diagnosis: the instructor named it.
    const bool named = mistake_ != nullptr && mistake_->kind;
    const std::optional<Diagnosis> generic =
        diagnoses_disabled() || named
            ? std::nullopt
            : diagnose_wrong({trials_, parts_, j, k, got[j], 1e3 * problem_.check.rtol, limits_});
    if (generic) result_.diagnosis = generic->key;
    if (mistake_ != nullptr) {
      result_.feedback = mistake_->feedback;
      if (named) {
        result_.diagnosis = *mistake_->kind;
      } else if (!generic) {
        result_.diagnosis = spec::DiagnosisKey::mistake;
      }
    } else if (generic) {
      result_.feedback = generic->sentence;
    }
    if (got[j].size() > 1 && entrywise(part_variables(j))) worst_entries(got[j], trial.expected[j]);
    show_inputs(trial.point);
    reveal();
  }

  // The five entries that differ most, worst first; equal differences (common in symmetric
  // answers) in column-major order, so that every standard library (libstdc++ natively,
  // libc++ in the browser's build) reports the same entries in the same order.
  void worst_entries(const HighMatrix& got, const HighMatrix& expected) {
    std::vector<EntryDifference> all;
    for (Eigen::Index c = 0; c < got.cols(); ++c) {
      for (Eigen::Index r = 0; r < got.rows(); ++r) {
        const double e = expected(r, c).convert_to<double>();
        const double g = got(r, c).convert_to<double>();
        if (got(r, c) != expected(r, c)) all.push_back({r, c, e, g});
      }
    }
    const std::size_t n = std::min<std::size_t>(all.size(), 5);
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                      [](const EntryDifference& a, const EntryDifference& b) {
                        const double da = std::abs(a.received - a.expected);
                        const double db = std::abs(b.received - b.expected);
                        if (da != db) return da > db;
                        return std::tie(a.col, a.row) < std::tie(b.col, b.row);
                      });
    all.resize(n);
    result_.worst_entries = std::move(all);
  }

  void show_inputs(const sample::Point& point) {
    if (!options_.show_inputs) return;
    for (const auto& [name, n] : point.dims)
      result_.inputs.emplace_back(name, fmt::format("{}", n));
    for (const auto& v : problem_.variables) {
      if (auto it = point.values.find(v.name); it != point.values.end())
        result_.inputs.emplace_back(v.name, literal(it->second));
    }
    for (const auto& [name, d] : point.directions)
      result_.inputs.emplace_back("d" + name, literal(d));
    for (const auto& [variable, name] : problem_.answer.hessian.second_directions)
      result_.inputs.emplace_back(name, literal(point.directions2.at(variable)));
  }

  // The reference formula, when the spec's feedback options allow it now (C++ is not shown:
  // its file is named).
  void reveal() {
    if (!problem_.feedback.reveals_at(options_.now)) return;
    std::string text;
    if (problem_.answer.cpp_reference)
      text = "computed by C++ (" + problem_.answer.cpp_reference->describe() + ")";
    for (const auto& [part, ref] : problem_.answer.reference)
      text += (text.empty() ? "" : "; ") + (part.empty() ? ref.text : part + " = " + ref.text);
    result_.reference = text;
  }

  // The fraction of the points a wrong answer earns (partial credit, off by default).
  double credit() const {
    if (result_.verdict != Verdict::fail) return 0.0;
    if (mistake_ != nullptr && mistake_->credit) return *mistake_->credit;
    if (!result_.diagnosis) return 0.0;
    const auto it = problem_.partial_credit.find(*result_.diagnosis);
    return it == problem_.partial_credit.end() ? 0.0 : it->second;
  }

  const spec::Problem& problem_;
  expr::ShapeEnv env_;  // the answer's names and shapes, set by compile()
  const ProblemTrials& trials_;
  const spec::AnswerText& answer_;
  const CheckOptions& options_;
  std::uint64_t seed_;
  const ProblemFormulas& formulas_;
  expr::Limits limits_;
  CheckResult result_;
  std::vector<std::pair<std::string, expr::Formula>> parts_;
  const spec::Mistake* mistake_ = nullptr;
};

}  // namespace

CheckResult check_answer(const ProblemTrials& trials, const spec::AnswerText& answer,
                         const CheckOptions& options) {
  return with_answer(Checker(trials, answer, options).run(), answer);
}

CheckResult check_answer(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed, const CheckOptions& options) {
  const ProblemTrials trials(problem, seed);
  return check_answer(trials, answer, options);
}

CheckResult missing_answer(const spec::Problem& problem, std::uint64_t seed) {
  CheckResult r = result_for(problem, seed);
  r.verdict = Verdict::missing;
  r.message = "not answered";
  return r;
}

}  // namespace grader::check
