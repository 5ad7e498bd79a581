#include "grader/check/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "grader/check/checker.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/oracle/line.hpp"
#include "grader/oracle/oracles.hpp"
#include "grader/sample/rng.hpp"
#include "grader/sample/sampler.hpp"

namespace grader::check {

namespace {

using expr::Complex;
using expr::High;
template <class T>
using M = expr::Matrix<T>;
template <class T>
using Dirs = std::map<std::string, M<T>, std::less<>>;

template <class T>
Dirs<T> cast_dirs(const Dirs<double>& d) {
  Dirs<T> out;
  for (const auto& [name, m] : d) out.emplace(name, m.template cast<T>());
  return out;
}

M<double> to_double(const M<High>& m) {
  M<double> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  return out;
}

// An example's text in a message: the formula, or the first of its parts.
const std::string& shown(const spec::AnswerText& a) {
  return a.single.empty() && !a.parts.empty() ? a.parts.begin()->second : a.single;
}

template <class T>
M<T> vec(const M<T>& m) {
  return Eigen::Map<const M<T>>(m.data(), m.size(), 1);
}

class Validator {
 public:
  Validator(const spec::Problem& p, Validation& out, const ValidateOptions& options)
      : p_(p), out_(out), options_(options), formulas_(p) {}

  void run(std::uint64_t seed) {
    if (p_.answer.kind == spec::AnswerKind::code) {
      // The reference formula against the oracles, as the derivative it says it is.
      if (p_.answer.code->derivative && p_.function) {
        spec::Problem as_derivative = p_;
        as_derivative.answer.kind = *p_.answer.code->derivative;
        as_derivative.answer.code.reset();
        Validator(as_derivative, out_, options_).check_oracles(seed);
      }
      check_code(seed);
      return;
    }
    if (p_.function && p_.answer.kind != spec::AnswerKind::value &&
        p_.answer.kind != spec::AnswerKind::choice && !p_.answer.cpp_reference) {
      check_oracles(seed);
    }
    check_examples(seed);
  }

 private:
  void agree(const std::string& oracle, double r, double tolerance, std::uint64_t seed, int trial) {
    auto it = std::find_if(out_.oracles.begin(), out_.oracles.end(),
                           [&](const OracleAgreement& a) { return a.oracle == oracle; });
    if (it == out_.oracles.end()) {
      out_.oracles.push_back({oracle, 0.0, tolerance, 0});
      it = std::prev(out_.oracles.end());
    }
    it->worst_rel = std::max(it->worst_rel, r);
    ++it->trials;
    if (!(r <= tolerance)) {
      out_.failures.push_back(fmt::format(
          "seed {}, point {}: the reference disagrees with the {} of F (relative difference "
          "{:.2g}, tolerance {:.0e})",
          seed, trial + 1, oracle, r, tolerance));
    }
  }

  // t -> F(x + t*dx) with the lets evaluated at the moved point (F may use them), in T.
  template <class T>
  oracle::LineFunction<T> line(const expr::Formula& f, const expr::Bindings<T>& base,
                               const Dirs<T>& dirs) const {
    if (p_.lets.empty()) return oracle::line_function<T>(f, base, dirs);
    return [this, &f, base, dirs](const T& t) {
      expr::Bindings<T> b = base;
      for (const auto& [name, d] : dirs) b.values[name] = (b.values.at(name) + d * t).eval();
      return expr::evaluate(f, formulas_.with_lets(std::move(b)));
    };
  }

  // (s, t) -> F(x + s*u + t*v), lets evaluated at the moved point, in 50 digits.
  std::function<M<High>(const High&, const High&)> plane(const expr::Formula& f,
                                                         const expr::Bindings<High>& base,
                                                         const Dirs<High>& u,
                                                         const Dirs<High>& v) const {
    if (p_.lets.empty()) return oracle::plane_function<High>(f, base, u, v);
    return [this, &f, base, u, v](const High& s, const High& t) {
      expr::Bindings<High> b = base;
      for (const auto& [name, d] : u) b.values[name] = (b.values.at(name) + d * s).eval();
      for (const auto& [name, d] : v) b.values[name] = (b.values.at(name) + d * t).eval();
      return expr::evaluate(f, formulas_.with_lets(std::move(b)));
    };
  }

  // The reference's prediction of the first directional derivative of F along `dirs`.
  M<High> predicted_first(const std::vector<expr::Formula>& refs, expr::Bindings<High> b,
                          const Dirs<High>& dirs) const {
    for (const auto& [name, d] : dirs) b.values["d" + name] = d;
    switch (p_.answer.kind) {
      case spec::AnswerKind::differential:
        return expr::evaluate(refs[0], b);
      case spec::AnswerKind::gradient: {
        High total(0);
        const auto wrt = sample::varied_variables(p_);
        for (std::size_t k = 0; k < wrt.size(); ++k) {
          const M<High> g = expr::evaluate(refs.size() > 1 ? refs[k] : refs[0], b);
          total += formulas_.inner(g, dirs.at(wrt[k]), b);
        }
        return M<High>::Constant(1, 1, total);
      }
      case spec::AnswerKind::jacobian:
        return expr::evaluate(refs[0], b) * stacked_directions(sample::varied_variables(p_), dirs);
      default:
        break;
    }
    throw InternalError("no first-derivative prediction for this kind");
  }

  void check_oracles(std::uint64_t seed) {
    const expr::Formula f = spec::parse_formula(*p_.function);
    std::vector<expr::Formula> refs;
    const auto wrt = sample::varied_variables(p_);
    if (p_.answer.reference.size() > 1) {
      for (const auto& v : wrt) refs.push_back(spec::parse_formula(p_.answer.reference.at(v)));
    } else {
      refs.push_back(spec::parse_formula(p_.answer.reference.begin()->second));
    }
    const bool second = p_.answer.kind == spec::AnswerKind::hessian;
    const bool analytic = oracle::complex_step_applies(f);
    const std::uint64_t problem_seed = sample::derive_seed(seed, p_.id);
    for (int trial = 0; trial < p_.check.trials; ++trial) {
      const auto filter = [&](const sample::Point& c) -> std::optional<std::string> {
        try {
          const auto bd = formulas_.with_lets(c.bindings(false));
          expr::evaluate(f, bd);
          expr::evaluate(f, formulas_.with_lets(expr::convert<High>(c.bindings(false))));
        } catch (const expr::FormulaError& e) {
          if (e.kind() != expr::ErrorKind::domain) throw;
          return fmt::format("F is undefined there ({})", e.diagnostic().message);
        }
        return std::nullopt;
      };
      const sample::Point point = sample::draw_point(p_, problem_seed, trial, filter);
      const auto plain_d = point.bindings(false);
      const auto plain_h = expr::convert<High>(plain_d);
      const auto bh = formulas_.with_lets(plain_h);
      const Dirs<double> d1(point.directions.begin(), point.directions.end());
      const Dirs<double> d2(point.directions2.begin(), point.directions2.end());
      if (!second) {
        M<High> predicted = predicted_first(refs, bh, cast_dirs<High>(d1));
        const M<High> hd = oracle::high_difference(line<High>(f, plain_h, cast_dirs<High>(d1)));
        M<High> hd_cmp = p_.answer.kind == spec::AnswerKind::jacobian ? vec(hd) : hd;
        if (p_.answer.kind == spec::AnswerKind::gradient)
          hd_cmp = M<High>::Constant(1, 1, hd.sum());
        agree("high-precision difference", relative_difference(predicted, hd_cmp), 1e-15, seed,
              trial);
        const M<double> pd = to_double(predicted);
        auto shape_like = [&](const M<double>& m) -> M<double> {
          if (p_.answer.kind == spec::AnswerKind::jacobian) return vec(m);
          if (p_.answer.kind == spec::AnswerKind::gradient)
            return M<double>::Constant(1, 1, m.sum());
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
        const bool quadratic = p_.answer.form == spec::HessianForm::quadratic;
        const Dirs<double>& v = quadratic ? d1 : d2;
        const M<High> dd = oracle::high_second_difference(
            plane(f, plain_h, cast_dirs<High>(d1), cast_dirs<High>(v)));
        M<High> predicted;
        if (quadratic) {
          auto b = bh;
          for (const auto& [name, d] : d1) b.values["d" + name] = d.cast<High>();
          predicted = expr::evaluate(refs[0], b);
        } else {
          const M<High> h = expr::evaluate(refs[0], bh);
          const M<High> u = stacked_directions(wrt, cast_dirs<High>(d1));
          const M<High> w = stacked_directions(wrt, cast_dirs<High>(d2));
          predicted = u.transpose() * h * w;
          if (relative_difference(M<High>(h.transpose()), h) > 1e-30) {
            out_.failures.push_back(fmt::format(
                "seed {}, point {}: the reference Hessian is not symmetric", seed, trial + 1));
          }
        }
        agree("high-precision second difference", relative_difference(predicted, dd), 1e-12, seed,
              trial);
      }
    }
  }

  void check_examples(std::uint64_t seed) {
    auto run = [&](const spec::AnswerText& a, bool should_pass,
                   const std::string& what) -> CheckResult {
      const CheckResult r = check_answer(p_, a, seed);
      ++out_.examples_checked;
      const bool passed = r.verdict == Verdict::pass;
      if (passed != should_pass) {
        const std::string text = shown(a);
        out_.failures.push_back(fmt::format("seed {}: {} '{}' was {}: {}", seed, what, text,
                                            to_string(r.verdict), r.message));
      }
      return r;
    };
    // The reference typed as a student's answer must pass, under the student's bounds: a
    // reference that costs more than an answer may (CheckOptions::max_work, at the largest
    // sizes drawn) would leave a student who writes it "too costly to check".
    if (!p_.answer.reference.empty() && !p_.answer.cpp_reference &&
        p_.answer.kind != spec::AnswerKind::choice && p_.answer.kind != spec::AnswerKind::code) {
      run(p_.reference_as_answer(), true, "the reference, as a student's answer,");
    }
    for (const auto& a : p_.examples.accept) run(a, true, "examples.accept");
    for (const auto& a : p_.examples.reject) run(a, false, "examples.reject");
    for (const auto& m : p_.mistakes) {
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
  void check_code(std::uint64_t seed) {
    const ProblemTrials trials(p_, seed);
    const std::string file = p_.id + ".cpp";
    std::error_code ec;
    const auto run = [&](const std::filesystem::path& folder) {
      spec::AnswerText answer;
      answer.parts["file"] = file;
      CodeSubmission code(folder, options_.code);
      code.add(p_, answer);
      ++out_.examples_checked;
      return code.check(trials, answer);
    };
    if (options_.reference_dir.empty() ||
        !std::filesystem::is_regular_file(options_.reference_dir / file, ec)) {
      out_.failures.push_back(fmt::format(
          "no reference solution: {} does not exist (a code problem needs one)",
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
      agree("reference solution", worst, p_.answer.tolerance, seed, 0);
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
      out_.failures.push_back(fmt::format("seed {}: the starter {} passes: it must leave work to "
                                          "do",
                                          seed, (options_.starters_dir / file).string()));
    }
  }

  const spec::Problem& p_;
  Validation& out_;
  const ValidateOptions& options_;
  ProblemFormulas formulas_;
};

}  // namespace

Validation validate_problem(const spec::Problem& problem, std::uint64_t seed, int seeds,
                            const ValidateOptions& options) {
  Validation out;
  out.problem_id = problem.id;
  for (int k = 0; k < seeds; ++k) {
    try {
      Validator(problem, out, options).run(seed + static_cast<std::uint64_t>(k));
    } catch (const Error& e) {
      out.failures.push_back(
          fmt::format("seed {}: {}", seed + static_cast<std::uint64_t>(k), e.what()));
    }
  }
  return out;
}

}  // namespace grader::check
