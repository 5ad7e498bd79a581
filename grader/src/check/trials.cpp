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

HighDirections to_high(const sample::Directions& directions) {
  HighDirections out;
  for (const auto& [name, d] : directions) {
    const auto it = directions.exact.find(name);
    out.emplace(name, it != directions.exact.end() ? it->second : HighMatrix(d.cast<High>()));
  }
  return out;
}

namespace {

// The names of a bilinear form's second directions: variable -> dY (empty for other answers).
using SecondNames = std::map<std::string, std::string>;

// The point's bindings in 50 digits (its exact values, not the doubles cast: a unit vector
// is unit there) with the lets evaluated, dX bound to `directions` and each second
// direction's name in `names` to `second`.
HighBindings high_bindings(const ProblemFormulas& formulas, const sample::Point& point,
                           const HighDirections& directions, const SecondNames& names = {},
                           const HighDirections& second = {}) {
  HighBindings b = point.exact_bindings(false);
  for (const auto& [name, d] : directions) b.values["d" + name] = d;
  for (const auto& [variable, name] : names) b.values[name] = second.at(variable);
  return formulas.with_lets(std::move(b));
}

HighDirections scaled(HighDirections d, const High& factor) {
  for (auto& [name, m] : d) m *= factor;
  return d;
}

// a + sign*b, direction by direction.
HighDirections combined(HighDirections a, const HighDirections& b, int sign) {
  for (auto& [name, m] : a) m += High(sign) * b.at(name);
  return a;
}

// The form test's bindings of `trial` (trials.hpp), combined in 50 digits, where 3*d1 and
// d1 ± d2 are exact.
void bind_form_test(Trial& trial, const ProblemFormulas& formulas, const spec::Problem& p) {
  const HighDirections d1 = to_high(trial.point.directions);
  const HighDirections d2 = to_high(trial.point.directions2);
  const sample::Point& at = trial.point;
  const SecondNames& names = p.answer.hessian.second_directions;
  if (p.answer.kind == spec::AnswerKind::hessian &&
      p.answer.hessian.form == spec::HessianForm::bilinear) {
    trial.tripled = high_bindings(formulas, at, scaled(d1, High(3)), names, d2);
    trial.second = high_bindings(formulas, at, d2, names, d2);
    trial.summed = high_bindings(formulas, at, combined(d1, d2, 1), names, d2);
    trial.swapped = high_bindings(formulas, at, d2, names, d1);
    return;
  }
  trial.tripled = high_bindings(formulas, at, scaled(d1, High(3)));
  trial.second = high_bindings(formulas, at, d2);
  trial.summed = high_bindings(formulas, at, combined(d1, d2, 1));
  if (p.answer.kind == spec::AnswerKind::hessian)
    trial.differenced = high_bindings(formulas, at, combined(d1, d2, -1));
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
        trial.bindings =
            high_bindings(formulas_, candidate, to_high(candidate.directions),
                          p.answer.hessian.second_directions, to_high(candidate.directions2));
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
    if (spec::uses_differentials(p)) bind_form_test(trial, formulas_, p);
    trials_.push_back(std::move(trial));
  }
}

}  // namespace grader::check
