#include "grader/check/trials.hpp"

#include <fmt/format.h>

#include "grader/expr/diagnostic.hpp"
#include "grader/sample/domain.hpp"
#include "grader/sample/rng.hpp"

namespace grader::check {

using expr::High;

HighDirections to_high(const std::map<std::string, expr::Matrix<double>, std::less<>>& directions) {
  HighDirections out;
  for (const auto& [name, d] : directions) out.emplace(name, d.cast<High>());
  return out;
}

namespace {

// The point's bindings in 50 digits with the lets evaluated, and dX bound to `directions`.
HighBindings high_bindings(const ProblemFormulas& formulas, const sample::Point& point,
                           const HighDirections& directions) {
  HighBindings b = expr::convert<High>(point.bindings(false));
  for (const auto& [name, d] : directions) b.values["d" + name] = d;
  return formulas.with_lets(std::move(b));
}

}  // namespace

ProblemTrials::ProblemTrials(const spec::Problem& problem, std::uint64_t seed)
    : problem_(&problem), seed_(seed), formulas_(problem) {
  const auto& answer = problem.answer;
  if (answer.kind == spec::AnswerKind::gradient && answer.wrt.size() > 1) {
    parts_ = answer.wrt;
  } else {
    parts_ = {""};
  }
  if (answer.kind == spec::AnswerKind::choice) return;
  planned_ = problem.variables.empty() ? 1 : problem.check.trials;
  try {
    prepare();
  } catch (const sample::SamplingError& e) {
    failure_ = TrialFailure{static_cast<int>(trials_.size()),
                            fmt::format("the grader could not check this answer: {}", e.what()),
                            {}};
  } catch (const code::ReferenceError& e) {
    // Instructors' C++ that does not compile, throws, loops or returns NaN: the problem's
    // error, never a student's fail.
    failure_ = TrialFailure{static_cast<int>(trials_.size()),
                            fmt::format("{} (the problem's fault, not an answer's: tell the "
                                        "instructor)",
                                        e.what()),
                            {}};
  } catch (const expr::FormulaError& e) {
    // A reference or let that fails on a drawn point: the spec's fault, not the student's.
    failure_ = TrialFailure{
        static_cast<int>(trials_.size()),
        fmt::format("the problem's own formulas failed: {}", e.diagnostic().message), e.what()};
  } catch (const std::exception& e) {
    // Anything else is the grader's fault (InternalError, bad_alloc): recorded, so that each
    // answer reaching this trial reports it as an error, and other problems still run.
    failure_ = TrialFailure{static_cast<int>(trials_.size()),
                            fmt::format("the grader failed on this problem: {}", e.what()),
                            {}};
  }
}

void ProblemTrials::prepare() {
  const spec::Problem& p = *problem_;
  for (const auto& part : parts_) references_.push_back(problem_reference(p, part));
  const bool linear = p.answer.kind == spec::AnswerKind::differential;
  const bool quadratic = p.answer.kind == spec::AnswerKind::hessian &&
                         p.answer.hessian.form == spec::HessianForm::quadratic;
  const std::uint64_t problem_seed = sample::derive_seed(seed_, p.id);
  // F too must be defined where an answer is judged (in double, the oracles' arithmetic, and
  // in 50 digits): grading and `grader validate` draw the same points through this filter.
  std::optional<Computation> function;
  if (p.has_function()) function = problem_function(p);
  for (int k = 0; k < planned_; ++k) {
    Trial trial;
    // A point where F and the reference are defined (and finite), else a redraw whose fix
    // names the missing property; validate fails a spec that needs any.
    const auto filter = [&](const sample::Point& candidate) -> std::optional<sample::Redraw> {
      const Computation* at = nullptr;
      try {
        if (function) {
          const auto plain = formulas_.with_lets(candidate.bindings(false));
          at = &*function;
          (*function)(plain);
          at = nullptr;
        }
        trial.bindings = high_bindings(formulas_, candidate, to_high(candidate.directions));
        if (function) {
          at = &*function;
          (*function)(trial.bindings);
        }
        trial.expected.clear();
        for (const auto& ref : references_) {
          at = &ref;
          trial.expected.push_back(ref(trial.bindings));
        }
      } catch (const expr::FormulaError& e) {
        if (e.kind() != expr::ErrorKind::domain) throw;
        if (at == nullptr) {  // a let, defined in double at this point but not in 50 digits
          return sample::Redraw{
              sample::Redraw::Cause::undefined,
              fmt::format("a let is undefined there in 50 digits ({})", e.diagnostic().message),
              "add a require: that keeps the lets well away from where they "
              "are undefined"};
        }
        return sample::Redraw{sample::Redraw::Cause::undefined,
                              fmt::format("{} is undefined there ({})",
                                          function && at == &*function ? "F" : "the reference",
                                          e.diagnostic().message),
                              at->formula() ? sample::domain_fix(p, *at->formula(), e)
                                            : std::string("fix the C++ reference")};
      }
      return std::nullopt;
    };
    trial.point = sample::draw_point(p, problem_seed, k, filter);
    if (linear || quadratic) {
      // Combined in 50 digits, where 3*dX and dX + dX2 are exact.
      const HighDirections d1 = to_high(trial.point.directions);
      const HighDirections d2 = to_high(trial.point.directions2);
      HighDirections tripled = d1;
      for (auto& [name, d] : tripled) d *= High(3);
      HighDirections summed = d1;
      for (auto& [name, d] : summed) d += d2.at(name);
      trial.tripled = high_bindings(formulas_, trial.point, tripled);
      trial.second = high_bindings(formulas_, trial.point, d2);
      trial.summed = high_bindings(formulas_, trial.point, summed);
    }
    trials_.push_back(std::move(trial));
  }
}

}  // namespace grader::check
