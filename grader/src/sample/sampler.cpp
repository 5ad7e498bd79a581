// Draws the inputs of one trial of a problem (see sampler.hpp and problems/README.md).
//
// Streams: trial t of a problem uses trial_seed = derive_seed(problem_seed, t), and attempt
// k of that trial attempt_seed = derive_seed(trial_seed, k). Within an attempt every piece
// has its own labelled stream: "dims", "value:X", "direction:X", "direction2:X". So a
// variable's value depends only on the seed, the dimensions and its own declaration: adding
// a variable, a `require` or a `wrt` never changes the other draws.
//
// Everything that makes a candidate unusable is one rejected attempt, redrawn from the next
// attempt's seed; a trial makes at most 1 + check.max_redraws attempts. Rejected are: a
// violated property (only possible for contradictory properties), a condition number above
// check.max_condition, an eigenvalue gap below check.min_eigen_gap, a domain error in a
// `value:`, `let` or `require:` formula, a `require:` that is not a positive scalar, and a reason
// returned by the caller's filter. A spec that is wrong whatever is drawn (an unknown
// dimension, a property that needs a square matrix on a non-square one, a syntax, name or
// shape error in a formula, a value of the wrong shape) throws at once instead.
//
// Conditioning applies to drawn variables only; `value:` variables are what the spec says.

#include "grader/sample/sampler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/parser.hpp"
#include "grader/sample/domain.hpp"
#include "grader/sample/rng.hpp"
#include "variable_draw.hpp"

namespace grader::sample {
namespace {

using detail::condition_number;
using detail::draw_direction;
using detail::draw_variable;
using detail::Drawn;
using detail::Mat;
using detail::shape_text;
using Dims = std::map<std::string, long, std::less<>>;
using spec::Variable;

constexpr long kEnumerableDimRange = 4096;  // larger ranges are drawn without matching

// spec::parse_formula, with the problem's file as the source name when the formula's own
// location has none, so diagnostics point into the YAML file.
expr::Formula parse_spec_formula(const spec::FormulaText& formula, const std::string& file) {
  if (!formula.where.file.empty() || file.empty()) return spec::parse_formula(formula);
  spec::FormulaText located = formula;
  located.where.file = file;
  return spec::parse_formula(located);
}

// ---------------------------------------------------------------------------------------
// Dimensions

// Whether `ranges` can take pairwise distinct values none of which is in `used`: intervals
// by increasing upper end, each given the smallest free value >= its lower end (the greedy
// is exact for interval-to-point matching).
bool distinct_assignable(std::vector<const spec::DimRange*> ranges, std::set<long> used) {
  std::sort(ranges.begin(), ranges.end(), [](const spec::DimRange* a, const spec::DimRange* b) {
    return a->hi != b->hi ? a->hi < b->hi : a->lo < b->lo;
  });
  for (const spec::DimRange* range : ranges) {
    long v = range->lo;
    while (v <= range->hi && used.count(v) != 0) ++v;
    if (v > range->hi) return false;
    used.insert(v);
  }
  return true;
}

void validate_dims(const spec::Problem& problem) {
  std::set<std::string, std::less<>> names;
  for (const spec::DimRange& range : problem.dims) {
    if (range.lo > range.hi) {
      throw InputError(fmt::format("problem '{}': dimension '{}' has an empty range [{}, {}]",
                                   problem.id, range.name, range.lo, range.hi));
    }
    if (!names.insert(range.name).second) {
      throw InputError(
          fmt::format("problem '{}': dimension '{}' is declared twice", problem.id, range.name));
    }
  }
}

// Each dimension uniform in its range, all pairwise distinct when the ranges allow it: a
// value is only chosen if the dimensions after it can still be made distinct. When they
// cannot all be distinct, each avoids the values already taken where its range allows.
Dims draw_dims(const std::vector<spec::DimRange>& ranges, Rng& rng) {
  std::vector<const spec::DimRange*> all;
  for (const spec::DimRange& range : ranges) all.push_back(&range);
  const bool all_distinct = distinct_assignable(all, {});

  Dims dims;
  std::set<long> used;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const spec::DimRange& range = ranges[i];
    long value = range.lo;
    if (range.hi - range.lo > kEnumerableDimRange) {
      // Huge range: a collision is improbable; redraw a few times if one happens.
      value = rng.integer(range.lo, range.hi);
      for (int k = 0; k < 64 && used.count(value) != 0; ++k)
        value = rng.integer(range.lo, range.hi);
    } else {
      const std::vector<const spec::DimRange*> rest(all.begin() + static_cast<long>(i) + 1,
                                                    all.end());
      std::vector<long> candidates;
      for (long v = range.lo; v <= range.hi; ++v) {
        if (used.count(v) != 0) continue;
        if (all_distinct) {
          std::set<long> with = used;
          with.insert(v);
          if (!distinct_assignable(rest, std::move(with))) continue;
        }
        candidates.push_back(v);
      }
      if (candidates.empty()) {
        for (long v = range.lo; v <= range.hi; ++v) candidates.push_back(v);
      }
      value = candidates[static_cast<std::size_t>(
          rng.integer(0, static_cast<long>(candidates.size()) - 1))];
    }
    used.insert(value);
    dims[range.name] = value;
  }
  return dims;
}

// ---------------------------------------------------------------------------------------
// Shapes

long entry_size(const spec::ShapeEntry& entry, const Variable& variable, const Dims& dims) {
  if (entry.name.empty()) {
    if (entry.size < 1) {
      throw InputError(fmt::format("variable '{}': size {} in its shape is not positive",
                                   variable.name, entry.size));
    }
    return entry.size;
  }
  const auto it = dims.find(entry.name);
  if (it == dims.end()) {
    throw InputError(fmt::format("variable '{}': its shape uses '{}', which is not in dims",
                                 variable.name, entry.name));
  }
  return it->second;
}

// [] -> 1×1, [n] -> n×1, [r, c] -> r×c.
std::pair<long, long> concrete_shape(const Variable& variable, const Dims& dims) {
  switch (variable.shape.size()) {
    case 0:
      return {1, 1};
    case 1:
      return {entry_size(variable.shape[0], variable, dims), 1};
    case 2:
      return {entry_size(variable.shape[0], variable, dims),
              entry_size(variable.shape[1], variable, dims)};
    default:
      throw InputError(fmt::format("variable '{}': a shape has at most 2 entries, not {}",
                                   variable.name, variable.shape.size()));
  }
}

// Evaluates a formula of the spec at a candidate; a domain error makes the candidate a redraw
// of cause `undefined`, with the declaration that would prevent it. Other errors propagate.
template <class T>
std::optional<Redraw> evaluate_or_redraw(const spec::Problem& problem, const expr::Formula& formula,
                                         const expr::Bindings<T>& bindings, const std::string& what,
                                         expr::Matrix<T>& out) {
  try {
    out = expr::evaluate(formula, bindings);
    return std::nullopt;
  } catch (const expr::FormulaError& error) {
    if (error.kind() != expr::ErrorKind::domain) throw;
    return Redraw{Redraw::Cause::undefined, fmt::format("{}: {}", what, error.diagnostic().message),
                  domain_fix(problem, formula, error)};
  }
}

}  // namespace

expr::Bindings<double> Point::bindings(bool with_directions) const {
  expr::Bindings<double> b;
  b.dimensions = dims;
  b.values = values;
  if (with_directions) {
    for (const auto& [name, direction] : directions) b.values["d" + name] = direction;
  }
  return b;
}

namespace {

// `exact`'s value of each name in `doubles`, or the double value cast when it has none.
void bind_exact(const std::map<std::string, Mat, std::less<>>& doubles, const HighValues& exact,
                const std::string& prefix, expr::HighBindings& out) {
  for (const auto& [name, value] : doubles) {
    const auto it = exact.find(name);
    out.values[prefix + name] = it != exact.end() ? it->second : value.cast<expr::High>();
  }
}

}  // namespace

expr::HighBindings Point::exact_bindings(bool with_directions) const {
  expr::HighBindings b;
  b.dimensions = dims;
  bind_exact(values, exact, "", b);
  if (with_directions) bind_exact(directions, directions.exact, "d", b);
  return b;
}

std::vector<std::string> varied_variables(const spec::Problem& problem) {
  if (!problem.answer.wrt.empty()) return problem.answer.wrt;
  std::vector<std::string> names;
  for (const Variable& variable : problem.variables) {
    if (!variable.constant) names.push_back(variable.name);
  }
  return names;
}

namespace {

// The formulas of a problem that a draw evaluates, parsed once; syntax errors are spec
// errors, thrown at once.
struct PointFormulas {
  std::map<std::string, expr::Formula, std::less<>> values;  // of `value:` variables
  std::vector<expr::Formula> lets;                           // in order
  std::vector<expr::Formula> requires_;
};

PointFormulas parse_point_formulas(const spec::Problem& problem) {
  PointFormulas out;
  for (const Variable& variable : problem.variables) {
    if (variable.value)
      out.values.emplace(variable.name, parse_spec_formula(*variable.value, problem.file));
  }
  for (const auto& [name, text] : problem.lets)
    out.lets.push_back(parse_spec_formula(text, problem.file));
  for (const spec::FormulaText& text : problem.require) {
    out.requires_.push_back(parse_spec_formula(text, problem.file));
  }
  return out;
}

// The variables that get directions: the varied ones that are not constant.
std::vector<const Variable*> directed_variables(const spec::Problem& problem) {
  std::vector<const Variable*> varied;
  for (const std::string& name : varied_variables(problem)) {
    const auto it = std::find_if(problem.variables.begin(), problem.variables.end(),
                                 [&](const Variable& v) { return v.name == name; });
    if (it == problem.variables.end()) {
      throw InputError(
          fmt::format("problem '{}': wrt names '{}', which is not a variable", problem.id, name));
    }
    if (!it->constant) varied.push_back(&*it);
  }
  return varied;
}

// The random variables, each from its own stream, with the worst condition number and
// smallest eigenvalue gap among them.
std::optional<Redraw> draw_random_variables(const spec::Problem& problem,
                                            std::uint64_t attempt_seed, Point& point) {
  double condition = 1.0;
  double gap = std::numeric_limits<double>::infinity();
  for (const Variable& variable : problem.variables) {
    const auto [rows, cols] = concrete_shape(variable, point.dims);
    if (variable.value) continue;
    Rng rng(derive_seed(attempt_seed, "value:" + variable.name));
    Drawn drawn;
    if (auto why = draw_variable(variable, rows, cols, problem.check, rng, drawn))
      return Redraw{Redraw::Cause::draw, std::move(*why), {}};
    if (drawn.condition) condition = std::max(condition, *drawn.condition);
    if (drawn.gap) gap = std::min(gap, *drawn.gap);
    point.values[variable.name] = std::move(drawn.value);
    point.exact[variable.name] = std::move(drawn.exact);
  }
  point.condition = condition;
  point.eigen_gap = std::isinf(gap) ? 0.0 : gap;
  return std::nullopt;
}

// Fixed values and lets are not redrawn for their conditioning (redrawing cannot change
// a fixed value), but a square one counts in the condition number reported and used
// for the oracles' tolerances: F at C + X with cond(C) = 1e10 is as sensitive as that.
// A numerically singular one (an outer product x*x', a projector) is not inverted by a
// sensible F and is left out, or it would make every tolerance vacuous.
void note_condition(const Mat& m, Point& point) {
  if (m.rows() != m.cols() || m.rows() < 2) return;
  const double c = condition_number(m);
  if (c < 1e15) point.condition = std::max(point.condition, c);
}

// The `value:` variables, in order.
std::optional<Redraw> evaluate_values(const spec::Problem& problem, const PointFormulas& formulas,
                                      Point& point) {
  for (const Variable& variable : problem.variables) {
    if (!variable.value) continue;
    const auto [rows, cols] = concrete_shape(variable, point.dims);
    Mat value;
    if (auto why =
            evaluate_or_redraw(problem, formulas.values.at(variable.name), point.bindings(false),
                               fmt::format("value of '{}'", variable.name), value)) {
      return why;
    }
    if (value.rows() != rows || value.cols() != cols) {
      throw InputError(fmt::format("variable '{}': its value is {} but it is declared {}",
                                   variable.name, shape_text(value.rows(), value.cols()),
                                   shape_text(rows, cols)));
    }
    // In 50 digits too, from the exact point: x*x' of a unit x is then a projector there.
    expr::HighMatrix exact;
    if (auto why = evaluate_or_redraw(
            problem, formulas.values.at(variable.name), point.exact_bindings(false),
            fmt::format("value of '{}' in 50 digits", variable.name), exact)) {
      return why;
    }
    note_condition(value, point);
    point.values[variable.name] = std::move(value);
    point.exact[variable.name] = std::move(exact);
  }
  return std::nullopt;
}

// Whether `require` formula i holds with `bindings`: a positive scalar.
std::optional<Redraw> check_require(const spec::Problem& problem, const PointFormulas& formulas,
                                    std::size_t i, const expr::Bindings<double>& bindings) {
  const std::string& text = problem.require[i].text;
  Mat value;
  // A require that cannot be evaluated rejects the draw as one that is not positive:
  // excluding such points is what it is for.
  if (auto why = evaluate_or_redraw(problem, formulas.requires_[i], bindings,
                                    fmt::format("require '{}'", text), value)) {
    return Redraw{Redraw::Cause::require, why->reason, {}};
  }
  if (value.rows() != 1 || value.cols() != 1) {
    return Redraw{Redraw::Cause::require,
                  fmt::format("require '{}' is {} (must be a positive scalar)", text,
                              shape_text(value.rows(), value.cols())),
                  {}};
  }
  if (!(std::isfinite(value(0, 0)) && value(0, 0) > 0.0)) {
    return Redraw{Redraw::Cause::require,
                  fmt::format("require '{}' is {:.6g} (must be positive)", text, value(0, 0)),
                  {}};
  }
  return std::nullopt;
}

// Lets (in order, each may use the earlier ones) are evaluated for `require`, and so
// that a point where one is undefined is redrawn; they are not part of the point.
std::optional<Redraw> check_lets_and_requires(const spec::Problem& problem,
                                              const PointFormulas& formulas, Point& point) {
  if (formulas.lets.empty() && formulas.requires_.empty()) return std::nullopt;
  expr::Bindings<double> bindings = point.bindings(false);
  for (std::size_t i = 0; i < formulas.lets.size(); ++i) {
    const std::string& name = problem.lets[i].first;
    Mat value;
    if (auto why = evaluate_or_redraw(problem, formulas.lets[i], bindings,
                                      fmt::format("let '{}'", name), value)) {
      return why;
    }
    note_condition(value, point);
    bindings.values[name] = std::move(value);
  }
  for (std::size_t i = 0; i < formulas.requires_.size(); ++i) {
    if (auto why = check_require(problem, formulas, i, bindings)) return why;
  }
  return std::nullopt;
}

void draw_directions(const std::vector<const Variable*>& varied, std::uint64_t attempt_seed,
                     Point& point) {
  for (const Variable* variable : varied) {
    const std::string& name = variable->name;
    const Mat& x = point.values.at(name);
    const expr::HighMatrix& exact = point.exact.at(name);
    Rng rng1(derive_seed(attempt_seed, "direction:" + name));
    detail::DrawnDirection d1 = draw_direction(*variable, x, exact, rng1);
    point.directions[name] = std::move(d1.value);
    point.directions.exact[name] = std::move(d1.exact);
    Rng rng2(derive_seed(attempt_seed, "direction2:" + name));
    detail::DrawnDirection d2 = draw_direction(*variable, x, exact, rng2);
    point.directions2[name] = std::move(d2.value);
    point.directions2.exact[name] = std::move(d2.exact);
  }
}

// One attempt at a point from `attempt_seed`: the reason it is rejected, or nothing.
std::optional<Redraw> draw_attempt(const spec::Problem& problem, const PointFormulas& formulas,
                                   const std::vector<const Variable*>& varied,
                                   std::uint64_t attempt_seed, const PointFilter& filter,
                                   Point& point) {
  Rng dims_rng(derive_seed(attempt_seed, "dims"));
  point.dims = draw_dims(problem.dims, dims_rng);
  // Random variables first (each from its own stream), then `value:` ones in order.
  if (auto why = draw_random_variables(problem, attempt_seed, point)) return why;
  if (auto why = evaluate_values(problem, formulas, point)) return why;
  if (auto why = check_lets_and_requires(problem, formulas, point)) return why;
  draw_directions(varied, attempt_seed, point);
  if (filter) return filter(point);
  return std::nullopt;
}

}  // namespace

Point draw_point(const spec::Problem& problem, std::uint64_t problem_seed, int trial,
                 const PointFilter& filter) {
  const spec::CheckOptions& check = problem.check;
  validate_dims(problem);
  const PointFormulas formulas = parse_point_formulas(problem);
  const std::vector<const Variable*> varied = directed_variables(problem);

  const std::uint64_t trial_seed = derive_seed(problem_seed, static_cast<std::uint64_t>(trial));
  // The first draw and up to check.max_redraws redraws.
  const int max_attempts = check.max_redraws < std::numeric_limits<int>::max()
                               ? 1 + std::max(0, check.max_redraws)
                               : std::numeric_limits<int>::max();
  std::vector<Redraw> redraws;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    const std::uint64_t attempt_seed = derive_seed(trial_seed, static_cast<std::uint64_t>(attempt));
    Point point;
    point.seed = trial_seed;
    point.attempts = attempt + 1;
    const std::optional<Redraw> reason =
        draw_attempt(problem, formulas, varied, attempt_seed, filter, point);
    if (!reason) {
      point.redraws = std::move(redraws);
      return point;
    }
    redraws.push_back(*reason);
  }
  const Redraw& last = redraws.back();
  throw SamplingError(fmt::format(
      "problem '{}', trial {}: no usable point in {} attempt{} (check.max_redraws = {}); "
      "last rejection: {}",
      problem.id, trial, max_attempts, max_attempts == 1 ? "" : "s", check.max_redraws,
      last.fix.empty() ? last.reason : fmt::format("{} ({})", last.reason, last.fix)));
}

}  // namespace grader::sample
