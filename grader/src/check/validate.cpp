#include "grader/check/validate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "grader/check/checker.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/trials.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/oracle/line.hpp"
#include "grader/oracle/oracles.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

namespace {

using expr::Complex;
using expr::High;
using expr::Matrix;
template <class T>
using Dirs = std::map<std::string, Matrix<T>, std::less<>>;

template <class T>
Dirs<T> cast_dirs(const Dirs<double>& d) {
  Dirs<T> out;
  for (const auto& [name, m] : d) out.emplace(name, m.template cast<T>());
  return out;
}

Matrix<double> to_double(const HighMatrix& m) {
  Matrix<double> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  return out;
}

// An example's text in a message: the formula, or the first of its parts.
const std::string& shown(const spec::AnswerText& a) {
  return a.single.empty() && !a.parts.empty() ? a.parts.begin()->second : a.single;
}

template <class T>
Matrix<T> vec(const Matrix<T>& m) {
  return Eigen::Map<const Matrix<T>>(m.data(), m.size(), 1);
}

// Failures that repeat over seeds, folded into one line each: the first occurrence's
// message and every seed it happened at, in the order first seen.
class Folded {
 public:
  void add(const std::string& key, std::uint64_t seed, const std::string& message) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.key == key; });
    if (it == entries_.end()) {
      entries_.push_back({key, message, {}});
      it = std::prev(entries_.end());
    }
    if (std::find(it->seeds.begin(), it->seeds.end(), seed) == it->seeds.end())
      it->seeds.push_back(seed);
  }
  void emit(std::vector<std::string>& out) const {
    for (const Entry& e : entries_) {
      out.push_back(fmt::format("seed{} {}: {}", e.seeds.size() == 1 ? "" : "s",
                                fmt::join(e.seeds, ", "), e.message));
    }
  }

 private:
  struct Entry {
    std::string key;
    std::string message;
    std::vector<std::uint64_t> seeds;
  };
  std::vector<Entry> entries_;
};

// More redrawn draws than this share, at any seed, fail a spec: its trials would then come
// from a distribution the author did not describe, and other seeds may run out of redraws.
constexpr double kMaxRedrawnShare = 0.8;

// "problems/x.yaml:12:14" for where the reference was written (its first part, or its C++).
std::string reference_location(const spec::Problem& p) {
  const spec::Location& w = p.answer.cpp_reference ? p.answer.cpp_reference->where
                                                   : p.answer.reference.begin()->second.where;
  const std::string& file = w.file.empty() ? p.file : w.file;
  if (w.line == 0) return file;
  return fmt::format("{}:{}:{}", file, w.line, w.column);
}

class Validator {
 public:
  Validator(const spec::Problem& p, Validation& out, const ValidateOptions& options, Folded& folded)
      : problem_(p), out_(out), options_(options), folded_(folded), formulas_(p) {}

  void run(std::uint64_t seed) {
    if (problem_.answer.kind == spec::AnswerKind::code) {
      // The reference formula against the oracles, as the derivative it says it is.
      if (problem_.answer.code->derivative && problem_.has_function()) {
        spec::Problem as_derivative = problem_;
        as_derivative.answer.kind = *problem_.answer.code->derivative;
        as_derivative.answer.code.reset();
        const ProblemTrials trials(as_derivative, seed);
        Validator(as_derivative, out_, options_, folded_).check_oracles(trials);
      }
      const ProblemTrials trials(problem_, seed);
      check_points(trials);
      check_code(trials);
      return;
    }
    if (problem_.answer.kind == spec::AnswerKind::choice) {
      check_examples(std::nullopt, seed);
      return;
    }
    const ProblemTrials trials(problem_, seed);
    check_points(trials);
    if (problem_.has_function() && problem_.answer.kind != spec::AnswerKind::value)
      check_oracles(trials);
    check_examples(trials, seed);
  }

 private:
  // The points grading draws must need no redraw where F, a let or the reference is
  // undefined (a property or require is missing), must be conditioned within the bound, and
  // must not be mostly redrawn.
  void check_points(const ProblemTrials& trials) {
    const std::uint64_t seed = trials.seed();
    if (trials.failure()) {
      folded_.add(
          "trials: " + trials.failure()->message, seed,
          fmt::format("point {}: {}", trials.failure()->trial + 1, trials.failure()->message));
    }
    int draws = 0;
    const sample::Redraw* last = nullptr;
    struct Undefined {
      const sample::Redraw* first;
      int count;
    };
    std::vector<Undefined> undefined;  // one per fix
    for (const Trial& trial : trials.trials()) {
      draws += trial.point.attempts;
      for (const sample::Redraw& r : trial.point.redraws) {
        last = &r;
        if (r.cause != sample::Redraw::Cause::undefined) continue;
        auto it = std::find_if(undefined.begin(), undefined.end(),
                               [&](const Undefined& u) { return u.first->fix == r.fix; });
        if (it == undefined.end()) {
          undefined.push_back({&r, 1});
        } else {
          ++it->count;
        }
      }
      if (trial.point.condition > problem_.check.max_condition) {
        folded_.add("condition", seed,
                    fmt::format("the inputs' condition number is {:.2g} at a point, past "
                                "check.max_condition = {:g} (a value: or a let is ill-conditioned; "
                                "drawn variables are redrawn)",
                                trial.point.condition, problem_.check.max_condition));
      }
    }
    for (const Undefined& u : undefined) {
      folded_.add("undefined: " + u.first->fix, seed,
                  fmt::format("{}, at {} of {} draws of seed {} (grading redraws them): {}",
                              u.first->reason, u.count, draws, seed, u.first->fix));
    }
    const int redrawn = draws - static_cast<int>(trials.trials().size());
    if (last != nullptr && redrawn > kMaxRedrawnShare * draws) {
      folded_.add("share", seed,
                  fmt::format("{} of {} draws were redrawn, more than {:.0f}% (the last: {}): "
                              "describe the inputs by properties, a range or a require: that "
                              "holds more often",
                              redrawn, draws, 100 * kMaxRedrawnShare, last->reason));
    }
  }

  void agree(const std::string& oracle, double r, double tolerance, std::uint64_t seed, int trial) {
    auto it = std::find_if(out_.oracles.begin(), out_.oracles.end(),
                           [&](const OracleAgreement& a) { return a.oracle == oracle; });
    if (it == out_.oracles.end()) {
      out_.oracles.push_back({oracle, 0.0, tolerance, 0});
      it = std::prev(out_.oracles.end());
    }
    if (!(r <= it->worst_rel)) {  // NaN counts as the worst
      it->worst_rel = r;
      it->worst_seed = seed;
      it->worst_point = trial + 1;
    }
    it->tolerance = std::max(it->tolerance, tolerance);
    ++it->trials;
    if (!(r <= tolerance)) ++it->failed;
  }

  // t -> F(x + t*dx) with the lets evaluated at the moved point (F may use them), in T.
  template <class T>
  oracle::LineFunction<T> line(const Computation& f, const expr::Bindings<T>& base,
                               const Dirs<T>& dirs) const {
    return [this, &f, base, dirs](const T& t) {
      expr::Bindings<T> b = base;
      for (const auto& [name, d] : dirs) b.values[name] = (b.values.at(name) + d * t).eval();
      return f(formulas_.with_lets(std::move(b)));
    };
  }

  // (s, t) -> F(x + s*u + t*v), lets evaluated at the moved point, in 50 digits.
  std::function<HighMatrix(const High&, const High&)> plane(const Computation& f,
                                                            const HighBindings& base,
                                                            const Dirs<High>& u,
                                                            const Dirs<High>& v) const {
    return [this, &f, base, u, v](const High& s, const High& t) {
      HighBindings b = base;
      for (const auto& [name, d] : u) b.values[name] = (b.values.at(name) + d * s).eval();
      for (const auto& [name, d] : v) b.values[name] = (b.values.at(name) + d * t).eval();
      return f(formulas_.with_lets(std::move(b)));
    };
  }

  // The reference's prediction of the first directional derivative of F along `dirs`.
  HighMatrix predicted_first(const std::vector<Computation>& refs, HighBindings b,
                             const Dirs<High>& dirs) const {
    for (const auto& [name, d] : dirs) b.values["d" + name] = d;
    switch (problem_.answer.kind) {
      case spec::AnswerKind::differential:
        return refs[0](b);
      case spec::AnswerKind::gradient: {
        High total(0);
        const auto wrt = sample::varied_variables(problem_);
        for (std::size_t k = 0; k < wrt.size(); ++k) {
          const HighMatrix g = (refs.size() > 1 ? refs[k] : refs[0])(b);
          total += formulas_.inner(g, dirs.at(wrt[k]), b);
        }
        return HighMatrix::Constant(1, 1, total);
      }
      case spec::AnswerKind::jacobian:
        return refs[0](b) * stacked_directions(sample::varied_variables(problem_), dirs);
      default:
        break;
    }
    throw InternalError("no first-derivative prediction for this kind");
  }

  void check_oracles(const ProblemTrials& trials) {
    const std::uint64_t seed = trials.seed();
    const Computation f = problem_function(problem_);
    std::vector<Computation> refs;
    const auto wrt = sample::varied_variables(problem_);
    if (problem_.answer.reference.size() > 1) {
      for (const auto& v : wrt) refs.push_back(problem_reference(problem_, v));
    } else {
      refs.push_back(problem_reference(problem_, ""));
    }
    const bool second = problem_.answer.kind == spec::AnswerKind::hessian;
    const bool analytic = f.complex_step_applies() && formulas_.lets_analytic();
    for (int trial = 0; trial < static_cast<int>(trials.trials().size()); ++trial) {
      const sample::Point& point = trials.trials()[static_cast<std::size_t>(trial)].point;
      const auto plain_d = point.bindings(false);
      const auto plain_h = expr::convert<High>(plain_d);
      const auto bh = formulas_.with_lets(plain_h);
      const Dirs<double> d1(point.directions.begin(), point.directions.end());
      const Dirs<double> d2(point.directions2.begin(), point.directions2.end());
      if (!second) {
        // From the point's exact 50-digit values and directions (sample/sampler.hpp): a
        // tangent reference, (I - x*x')*A*x on the sphere, sees along dx exactly what F does.
        const HighBindings exact = point.exact_bindings(false);
        const Dirs<High> e1 = to_high(point.directions);
        HighMatrix predicted = predicted_first(refs, formulas_.with_lets(exact), e1);
        const HighMatrix hd = oracle::high_difference(line<High>(f, exact, e1));
        HighMatrix hd_cmp = problem_.answer.kind == spec::AnswerKind::jacobian ? vec(hd) : hd;
        if (problem_.answer.kind == spec::AnswerKind::gradient)
          hd_cmp = HighMatrix::Constant(1, 1, hd.sum());
        agree("high-precision difference", relative_difference(predicted, hd_cmp), 1e-15, seed,
              trial);
        const Matrix<double> pd = to_double(predicted);
        auto shape_like = [&](const Matrix<double>& m) -> Matrix<double> {
          if (problem_.answer.kind == spec::AnswerKind::jacobian) return vec(m);
          if (problem_.answer.kind == spec::AnswerKind::gradient)
            return Matrix<double>::Constant(1, 1, m.sum());
          return m;
        };
        // An unresolved central difference (error estimate infinite, or too large to refute
        // anything) is inconclusive for this point, not an agreement.
        const oracle::Estimate cd = oracle::central_difference(line<double>(f, plain_d, d1));
        const double cd_tol = std::max(1e-5, 10 * cd.error / std::max(pd.norm(), 1e-300));
        if (cd_tol <= 1e-2)
          agree("central difference", relative_difference(pd, shape_like(cd.value)), cd_tol, seed,
                trial);
        if (analytic) {
          const auto bc = expr::convert<Complex>(plain_d);
          const oracle::Estimate cs =
              oracle::complex_step(line<Complex>(f, bc, cast_dirs<Complex>(d1)));
          agree("complex step", relative_difference(pd, shape_like(cs.value)),
                std::max(1e-8, 100 * point.condition * 2.2e-16), seed, trial);
        }
      } else {
        const HighMatrix predicted = predicted_second(refs, bh, d1, d2, seed, trial);
        const bool quadratic = problem_.answer.hessian.form == spec::HessianForm::quadratic;
        const Dirs<double>& v = quadratic ? d1 : d2;
        const HighMatrix dd = oracle::high_second_difference(
            plane(f, plain_h, cast_dirs<High>(d1), cast_dirs<High>(v)));
        agree("high-precision second difference", relative_difference(predicted, dd), 1e-12, seed,
              trial);
        if (analytic) check_complex_steps(f, predicted, plain_d, d1, v, seed, trial);
      }
    }
  }

  // The reference's prediction of d²F[d1, v] (v = d1 for a quadratic form, else d2); a
  // Hessian matrix that is not symmetric is a failure of its own.
  HighMatrix predicted_second(const std::vector<Computation>& refs, HighBindings b,
                              const Dirs<double>& d1, const Dirs<double>& d2, std::uint64_t seed,
                              int trial) {
    const spec::HessianAnswer& hessian = problem_.answer.hessian;
    if (hessian.form != spec::HessianForm::matrix) {
      for (const auto& [name, d] : d1) b.values["d" + name] = d.cast<High>();
      for (const auto& [variable, name] : hessian.second_directions)
        b.values[name] = d2.at(variable).cast<High>();
      return refs[0](b);
    }
    const auto wrt = sample::varied_variables(problem_);
    const HighMatrix h = refs[0](b);
    if (relative_difference(HighMatrix(h.transpose()), h) > 1e-30) {
      folded_.add("symmetric", seed,
                  fmt::format("the reference Hessian ({}) is not symmetric (point {})",
                              reference_location(problem_), trial + 1));
    }
    return stacked_directions(wrt, cast_dirs<High>(d1)).transpose() * h *
           stacked_directions(wrt, cast_dirs<High>(d2));
  }

  // d²F[u, v] in double as the central difference along v of the complex step along u:
  // t -> Im F(x + t v + i h u) / h = F'(x + t v)[u] exactly to rounding (h = 1e-20, no
  // cancellation), so the central difference (Richardson-extrapolated, error O(t⁶), its error
  // measured) differentiates a smooth function of O(eps) noise: ~1e-10 relative for O(1) data.
  // An unresolved difference is inconclusive, as for first derivatives.
  void check_complex_steps(const Computation& f, const HighMatrix& predicted,
                           const expr::Bindings<double>& plain, const Dirs<double>& u,
                           const Dirs<double>& v, std::uint64_t seed, int trial) {
    const Dirs<Complex> uc = cast_dirs<Complex>(u);
    const oracle::LineFunction<double> first = [&](double t) -> Matrix<double> {
      expr::Bindings<double> moved = plain;
      for (const auto& [name, d] : v) moved.values[name] = (moved.values.at(name) + t * d).eval();
      constexpr double h = 1e-20;
      return line<Complex>(f, expr::convert<Complex>(moved), uc)(Complex(0, h)).imag() / h;
    };
    const oracle::Estimate cd = oracle::central_difference(first);
    const Matrix<double> pd = to_double(predicted);
    const double tol = std::max(1e-5, 10 * cd.error / std::max(pd.norm(), 1e-300));
    if (tol <= 1e-2) {
      agree("central difference of complex steps", relative_difference(pd, cd.value), tol, seed,
            trial);
    }
  }

  // `trials` is empty for problems checked without random points (choice, C++ references).
  void check_examples(const std::optional<std::reference_wrapper<const ProblemTrials>>& trials,
                      std::uint64_t seed) {
    auto run = [&](const spec::AnswerText& a, bool should_pass,
                   const std::string& what) -> CheckResult {
      const CheckResult r =
          trials ? check_answer(trials->get(), a) : check_answer(problem_, a, seed);
      ++out_.examples_checked;
      const bool passed = r.verdict == Verdict::pass;
      if (passed != should_pass) {
        const std::string text = shown(a);
        folded_.add(fmt::format("{}\n{}\n{}", what, text, to_string(r.verdict)), seed,
                    fmt::format("{} '{}' was {}: {}", what, text, to_string(r.verdict), r.message));
      }
      return r;
    };
    // The reference typed as a student's answer must pass, under the student's bounds: a
    // reference that costs more than an answer may (CheckOptions::max_work, at the largest
    // sizes drawn) would leave a student who writes it "too costly to check".
    if (!problem_.answer.reference.empty() && !problem_.answer.cpp_reference &&
        problem_.answer.kind != spec::AnswerKind::choice &&
        problem_.answer.kind != spec::AnswerKind::code) {
      run(problem_.reference_as_answer(), true, "the reference, as a student's answer,");
    }
    for (const auto& a : problem_.examples.accept) run(a, true, "examples.accept");
    for (const auto& a : problem_.examples.reject) run(a, false, "examples.reject");
    for (const auto& m : problem_.mistakes) {
      const CheckResult r = run(m.answer, false, "the mistake");
      // A mistake that is invalid (a wrong shape) or fails on linearity before the mistakes
      // are matched never shows its feedback: worth knowing, not a failure.
      if (r.verdict != Verdict::pass && r.feedback != m.feedback) {
        const std::string text = shown(m.answer);
        const std::string note =
            fmt::format("the feedback of mistake '{}' is never shown: that answer is {} ({})", text,
                        to_string(r.verdict), r.oracle.empty() ? "not compared" : r.oracle);
        if (std::find(out_.notes.begin(), out_.notes.end(), note) == out_.notes.end()) {
          out_.notes.push_back(note);
        }
      }
    }
  }

  // The solution must pass and the starter must not, at this seed's points.
  void check_code(const ProblemTrials& trials) {
    const std::uint64_t seed = trials.seed();
    const std::string file = problem_.id + ".cpp";
    std::error_code ec;
    const auto run = [&](const std::filesystem::path& folder) {
      spec::AnswerText answer;
      answer.parts["file"] = file;
      CodeSubmission code(folder, options_.code);
      code.add(problem_, answer);
      ++out_.examples_checked;
      return code.check(trials, answer);
    };
    if (options_.reference_dir.empty() ||
        !std::filesystem::is_regular_file(options_.reference_dir / file, ec)) {
      out_.failures.push_back(
          fmt::format("no reference solution: {} does not exist (a code problem needs one)",
                      (options_.reference_dir.empty() ? std::filesystem::path("reference") / file
                                                      : options_.reference_dir / file)
                          .string()));
      return;
    }
    const CheckResult reference = run(options_.reference_dir);
    if (reference.verdict != Verdict::pass) {
      out_.failures.push_back(fmt::format("seed {}: the reference solution {} is {}: {}", seed,
                                          (options_.reference_dir / file).string(),
                                          to_string(reference.verdict), reference.message));
    } else {
      // Recorded like an oracle: how far the solution is from the 50-digit reference.
      const double worst = std::max(0.0, reference.max_rel_error);
      agree("reference solution", worst, problem_.answer.tolerance, seed, 0);
    }
    if (options_.starters_dir.empty()) return;
    if (!std::filesystem::is_regular_file(options_.starters_dir / file, ec)) {
      const std::string note =
          fmt::format("no starter file {}", (options_.starters_dir / file).string());
      if (std::find(out_.notes.begin(), out_.notes.end(), note) == out_.notes.end())
        out_.notes.push_back(note);
      return;
    }
    const CheckResult starter = run(options_.starters_dir);
    if (starter.verdict == Verdict::pass) {
      out_.failures.push_back(
          fmt::format("seed {}: the starter {} passes: it must leave work to "
                      "do",
                      seed, (options_.starters_dir / file).string()));
    }
  }

  const spec::Problem& problem_;
  Validation& out_;
  const ValidateOptions& options_;
  Folded& folded_;
  ProblemFormulas formulas_;
};

}  // namespace

Validation validate_problem(const spec::Problem& problem, std::uint64_t seed, int seeds,
                            const ValidateOptions& options) {
  Validation out;
  out.problem_id = problem.id;
  Folded folded;
  for (int k = 0; k < seeds; ++k) {
    const std::uint64_t s = seed + static_cast<std::uint64_t>(k);
    try {
      Validator(problem, out, options, folded).run(s);
    } catch (const Error& e) {
      folded.add(e.what(), s, e.what());
    }
  }
  // The oracles' disagreements, one line for the problem: a wrong reference disagrees with
  // every oracle at every point, and the author needs where it is, not 95 lines.
  std::vector<std::string> disagreeing;
  int failed = 0;
  int points = 0;
  for (const OracleAgreement& a : out.oracles) {
    points = std::max(points, a.trials);
    if (a.failed == 0) continue;
    failed = std::max(failed, a.failed);
    disagreeing.push_back(
        fmt::format("{} (worst relative difference {:.2g} at seed {} point {}, "
                    "tolerance {:.0e})",
                    a.oracle, a.worst_rel, a.worst_seed, a.worst_point, a.tolerance));
  }
  if (!disagreeing.empty()) {
    const std::string where = problem.answer.reference.empty() && !problem.answer.cpp_reference
                                  ? problem.file
                                  : reference_location(problem);
    out.failures.push_back(fmt::format(
        "{}: the {}reference disagrees with the numerical derivatives of F at {} of {} points "
        "(seeds {}..{}): {}",
        where, problem.answer.cpp_reference ? "C++ " : "", failed, points, seed,
        seed + static_cast<std::uint64_t>(seeds) - 1, fmt::join(disagreeing, "; ")));
  }
  folded.emit(out.failures);
  return out;
}

}  // namespace grader::check
