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

#include <Eigen/Dense>
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

namespace grader::sample {
namespace {

using Mat = expr::Matrix<double>;
using Dims = std::map<std::string, long, std::less<>>;
using spec::Property;
using spec::Variable;

constexpr double kOrthogonalTolerance = 1e-12;  // max |Q'Q - I| accepted for `orthogonal`
constexpr double kUnitTolerance = 1e-12;        // | |x| - 1 | accepted for `unit`
constexpr double kMinScalarDirection = 0.1;     // |dx| of a scalar direction is in [0.1, 1]
constexpr long kEnumerableDimRange = 4096;      // larger ranges are drawn without matching

// spec::parse_formula, with the problem's file as the source name when the formula's own
// location has none, so diagnostics point into the YAML file.
expr::Formula parse_spec_formula(const spec::FormulaText& formula, const std::string& file) {
  if (!formula.where.file.empty() || file.empty()) return spec::parse_formula(formula);
  spec::FormulaText located = formula;
  located.where.file = file;
  return spec::parse_formula(located);
}

// Whether one of the variable's properties imposes `structure` (spec/property.hpp).
bool has_structure(const Variable& variable, spec::Structure structure) {
  return std::any_of(variable.properties.begin(), variable.properties.end(),
                     [&](Property property) { return spec::row(property).structure == structure; });
}

std::string shape_text(Eigen::Index rows, Eigen::Index cols) {
  return fmt::format("{}×{}", rows, cols);
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

// Declared n×n (the same dimension name, or the same fixed size, twice).
bool declared_square(const Variable& variable) {
  if (variable.shape.size() != 2) return false;
  const spec::ShapeEntry& r = variable.shape[0];
  const spec::ShapeEntry& c = variable.shape[1];
  return r.name.empty() ? (c.name.empty() && r.size == c.size) : r.name == c.name;
}

// ---------------------------------------------------------------------------------------
// Matrix helpers. Every result is written into a fresh matrix: `E = 0.5*(E + E')` aliases.

Mat symmetric_part(const Mat& b) {
  Mat s(b.rows(), b.cols());
  for (Eigen::Index j = 0; j < b.cols(); ++j) {
    for (Eigen::Index i = 0; i < b.rows(); ++i) s(i, j) = 0.5 * (b(i, j) + b(j, i));
  }
  return s;  // exactly symmetric: floating-point addition commutes
}

Mat skew_part(const Mat& b) {
  Mat s(b.rows(), b.cols());
  for (Eigen::Index j = 0; j < b.cols(); ++j) {
    for (Eigen::Index i = 0; i < b.rows(); ++i) s(i, j) = 0.5 * (b(i, j) - b(j, i));
  }
  return s;  // exactly skew: a - b == -(b - a), and the diagonal is exactly 0
}

// Haar-distributed orthogonal matrix: Q of the Householder QR of a Gaussian matrix, with
// each column's sign chosen so that R's diagonal is positive (Mezzadri 2007).
Mat random_orthogonal(Eigen::Index n, Rng& rng) {
  Mat g(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) g(i, j) = rng.normal();
  }
  const Eigen::HouseholderQR<Mat> qr(g);
  Mat q = qr.householderQ() * Mat::Identity(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) = -q.col(j);
  }
  return q;
}

Mat uniform_matrix(Eigen::Index rows, Eigen::Index cols, double lo, double hi, Rng& rng) {
  Mat m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = rng.uniform(lo, hi);
  }
  return m;
}

// Zeros outside the pattern of diagonal / triangular properties (applied in place).
void apply_zero_pattern(const Variable& variable, Mat& m) {
  for (const Property property : variable.properties) {
    const spec::Zeros zeros = spec::row(property).zeros;
    if (zeros == spec::Zeros::none) continue;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        if (spec::zero_at(zeros, i, j)) m(i, j) = 0.0;
      }
    }
  }
}

// Whether every entry that `zeros` sets to 0 is exactly 0.
bool has_zeros(const Mat& a, spec::Zeros zeros) {
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      if (spec::zero_at(zeros, i, j) && a(i, j) != 0.0) return false;
    }
  }
  return true;
}

// The ratio of the extreme singular values (the 2-norm condition number of a square
// matrix); infinite for a singular one.
double condition_number(const Mat& m) {
  const Eigen::JacobiSVD<Mat> svd(m);
  const auto& s = svd.singularValues();
  if (s.size() == 0) return 1.0;
  const double smallest = s(s.size() - 1);
  if (!(smallest > 0.0)) return std::numeric_limits<double>::infinity();
  return s(0) / smallest;
}

// min |λi - λj| / max |λ| over the eigenvalues of a symmetric matrix (infinite for 1×1).
double relative_eigen_gap(const Mat& s) {
  if (s.rows() < 2) return std::numeric_limits<double>::infinity();
  const Eigen::SelfAdjointEigenSolver<Mat> eig(s, Eigen::EigenvaluesOnly);
  const auto& lambda = eig.eigenvalues();  // ascending
  const double scale = lambda.cwiseAbs().maxCoeff();
  if (!(scale > 0.0)) return 0.0;
  double gap = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i + 1 < lambda.size(); ++i)
    gap = std::min(gap, lambda(i + 1) - lambda(i));
  return gap / scale;
}

bool exactly_symmetric(const Mat& m) {
  return m.rows() == m.cols() && m == m.transpose();
}

// ---------------------------------------------------------------------------------------
// Variables

struct Drawn {
  Mat value;
  std::optional<double> condition;  // set for declared-square variables
  std::optional<double> gap;        // set for distinct-eigenvalues variables of size >= 2
};

// Whether the drawn value has `property`; exact for structural ones.
bool satisfies(const Mat& a, Property property) {
  switch (property) {
    case Property::symmetric:
      return exactly_symmetric(a);
    case Property::skew_symmetric:
      return a == (-a.transpose()).eval();
    case Property::positive_definite: {
      if (!exactly_symmetric(a)) return false;
      const Eigen::SelfAdjointEigenSolver<Mat> eig(a, Eigen::EigenvaluesOnly);
      return eig.eigenvalues()(0) > 0.0;
    }
    case Property::orthogonal: {
      const Mat gram = a.transpose() * a;
      return (gram - Mat::Identity(a.cols(), a.cols())).cwiseAbs().maxCoeff() <=
             kOrthogonalTolerance;
    }
    case Property::diagonal:
    case Property::upper_triangular:
    case Property::lower_triangular:
      return has_zeros(a, spec::row(property).zeros);
    case Property::positive:
      return (a.array() > 0.0).all();
    case Property::unit:
      return std::abs(a.norm() - 1.0) <= kUnitTolerance;
    case Property::distinct_eigenvalues:
      return exactly_symmetric(a);  // gap checked apart
    case Property::invertible:
    case Property::full_rank:
      return true;  // checked with the conditioning, which reports the condition number
  }
  return false;
}

// Draws one random (non-`value`) variable of concrete size rows×cols. Returns the reason
// if the draw is unusable.
std::optional<std::string> draw_variable(const Variable& variable, long rows, long cols,
                                         const spec::CheckOptions& check, Rng& rng, Drawn& out) {
  for (const Property property : variable.properties) {
    if (spec::row(property).needs_square && rows != cols) {
      throw InputError(fmt::format("variable '{}': a {} matrix must be square, but it is {}",
                                   variable.name, spec::to_string(property),
                                   shape_text(rows, cols)));
    }
  }
  double lo = -1.0;
  double hi = 1.0;
  if (variable.range) {
    std::tie(lo, hi) = *variable.range;
    if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
      throw InputError(fmt::format("variable '{}': range [{}, {}] is empty or not finite",
                                   variable.name, lo, hi));
    }
  } else if (variable.has(Property::positive)) {
    lo = 0.5;
    hi = 2.0;
  }

  Mat a;
  if (variable.has(Property::orthogonal)) {
    a = random_orthogonal(rows, rng);
  } else if (variable.has(Property::positive_definite)) {
    // Q diag(λ) Q', λ uniform in [0.5, 2]: condition number at most 4. With `diagonal`, the
    // zero pattern below keeps its diagonal, a convex combination of the λ (in [0.5, 2]).
    const Mat q = random_orthogonal(rows, rng);
    Eigen::VectorXd lambda(rows);
    for (Eigen::Index i = 0; i < rows; ++i) lambda(i) = rng.uniform(0.5, 2.0);
    const Mat product = q * lambda.asDiagonal() * q.transpose();
    a = symmetric_part(product);  // make it exactly symmetric
  } else {
    const Mat b = uniform_matrix(rows, cols, lo, hi, rng);
    if (has_structure(variable, spec::Structure::symmetric)) {
      a = symmetric_part(b);
    } else if (has_structure(variable, spec::Structure::skew)) {
      a = skew_part(b);
    } else {
      a = b;
    }
  }
  apply_zero_pattern(variable, a);
  if (variable.has(Property::unit)) {
    const double norm = a.norm();
    if (!(norm > 0.0))
      return fmt::format("'{}' drew a zero vector, which has no unit direction", variable.name);
    const Mat scaled = a / norm;
    a = scaled;
  }

  for (const Property property : variable.properties) {
    if (!satisfies(a, property)) {
      return fmt::format("'{}' is not {} (are its properties contradictory?)", variable.name,
                         spec::to_string(property));
    }
  }

  // Conditioning: every declared-square matrix except skew-symmetric ones (singular when of
  // odd size) not declared invertible; and full-rank rectangular ones.
  const bool square = declared_square(variable) && rows == cols;
  const bool invertible = variable.has(Property::invertible) || variable.has(Property::full_rank);
  if ((square && !variable.has(Property::skew_symmetric)) || invertible) {
    const double condition = condition_number(a);
    if (!(condition <= check.max_condition)) {
      return fmt::format("'{}' has {} {:.3g} > check.max_condition = {:g}", variable.name,
                         rows == cols ? "condition number" : "singular value ratio", condition,
                         check.max_condition);
    }
    if (rows == cols && variable.shape.size() == 2) out.condition = condition;
  }
  if (variable.has(Property::distinct_eigenvalues) && rows >= 2) {
    const double gap = relative_eigen_gap(a);
    if (!(gap >= check.min_eigen_gap)) {
      return fmt::format("'{}' has relative eigenvalue gap {:.3g} < check.min_eigen_gap = {:g}",
                         variable.name, gap, check.min_eigen_gap);
    }
    out.gap = gap;
  }
  out.value = std::move(a);
  return std::nullopt;
}

// A direction in the tangent space of `variable` at `x`, entries O(1).
Mat draw_direction(const Variable& variable, const Mat& x, Rng& rng) {
  if (variable.shape.empty()) {
    double u = 0.0;
    do {
      u = rng.uniform(-1.0, 1.0);
    } while (std::abs(u) < kMinScalarDirection);
    return Mat::Constant(1, 1, u);
  }
  const Mat b = uniform_matrix(x.rows(), x.cols(), -1.0, 1.0, rng);
  Mat d;
  if (has_structure(variable, spec::Structure::orthogonal)) {
    d = x * skew_part(b);  // Q*K, K skew: d(Q'Q) = K + K' = 0
  } else if (has_structure(variable, spec::Structure::symmetric)) {
    d = symmetric_part(b);
  } else if (has_structure(variable, spec::Structure::skew)) {
    d = skew_part(b);
  } else {
    d = b;
  }
  apply_zero_pattern(variable, d);
  if (has_structure(variable, spec::Structure::unit)) {
    // d - x <x, d> (x has norm 1): the component orthogonal to x.
    const double along = x.cwiseProduct(d).sum();
    const Mat tangent = d - along * x;
    d = tangent;
  }
  return d;
}

// Evaluates `formula`; a domain error becomes a rejection reason, other errors propagate.
// Evaluates a formula of the spec at a candidate; a domain error makes the candidate a redraw
// of cause `undefined`, with the declaration that would prevent it.
std::optional<Redraw> evaluate_or_redraw(const spec::Problem& problem, const expr::Formula& formula,
                                         const expr::Bindings<double>& bindings,
                                         const std::string& what, Mat& out) {
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

std::vector<std::string> varied_variables(const spec::Problem& problem) {
  if (!problem.answer.wrt.empty()) return problem.answer.wrt;
  std::vector<std::string> names;
  for (const Variable& variable : problem.variables) {
    if (!variable.constant) names.push_back(variable.name);
  }
  return names;
}

Point draw_point(const spec::Problem& problem, std::uint64_t problem_seed, int trial,
                 const PointFilter& filter) {
  const spec::CheckOptions& check = problem.check;
  validate_dims(problem);

  // Parse the formulas once; syntax errors are spec errors, thrown at once.
  std::map<std::string, expr::Formula, std::less<>> value_formulas;
  for (const Variable& variable : problem.variables) {
    if (variable.value)
      value_formulas.emplace(variable.name, parse_spec_formula(*variable.value, problem.file));
  }
  std::vector<expr::Formula> lets;
  for (const auto& [name, text] : problem.lets)
    lets.push_back(parse_spec_formula(text, problem.file));
  std::vector<expr::Formula> requires_;
  for (const spec::FormulaText& text : problem.require) {
    requires_.push_back(parse_spec_formula(text, problem.file));
  }
  // The variables that get directions: the varied ones that are not constant.
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

    const std::optional<Redraw> reason = [&]() -> std::optional<Redraw> {
      Rng dims_rng(derive_seed(attempt_seed, "dims"));
      point.dims = draw_dims(problem.dims, dims_rng);

      // Random variables first (each from its own stream), then `value:` ones in order.
      double condition = 1.0;
      double gap = std::numeric_limits<double>::infinity();
      for (const Variable& variable : problem.variables) {
        const auto [rows, cols] = concrete_shape(variable, point.dims);
        if (variable.value) continue;
        Rng rng(derive_seed(attempt_seed, "value:" + variable.name));
        Drawn drawn;
        if (auto why = draw_variable(variable, rows, cols, check, rng, drawn))
          return Redraw{Redraw::Cause::draw, std::move(*why), {}};
        if (drawn.condition) condition = std::max(condition, *drawn.condition);
        if (drawn.gap) gap = std::min(gap, *drawn.gap);
        point.values[variable.name] = std::move(drawn.value);
      }
      point.condition = condition;
      point.eigen_gap = std::isinf(gap) ? 0.0 : gap;
      // Fixed values and lets are not redrawn for their conditioning (redrawing cannot change
      // a fixed value), but a square one counts in the condition number reported and used
      // for the oracles' tolerances: F at C + X with cond(C) = 1e10 is as sensitive as that.
      // A numerically singular one (an outer product x*x', a projector) is not inverted by a
      // sensible F and is left out, or it would make every tolerance vacuous.
      const auto note_condition = [&](const Mat& m) {
        if (m.rows() != m.cols() || m.rows() < 2) return;
        const double c = condition_number(m);
        if (c < 1e15) point.condition = std::max(point.condition, c);
      };

      for (const Variable& variable : problem.variables) {
        if (!variable.value) continue;
        const auto [rows, cols] = concrete_shape(variable, point.dims);
        Mat value;
        if (auto why =
                evaluate_or_redraw(problem, value_formulas.at(variable.name), point.bindings(false),
                                   fmt::format("value of '{}'", variable.name), value)) {
          return why;
        }
        if (value.rows() != rows || value.cols() != cols) {
          throw InputError(fmt::format("variable '{}': its value is {} but it is declared {}",
                                       variable.name, shape_text(value.rows(), value.cols()),
                                       shape_text(rows, cols)));
        }
        note_condition(value);
        point.values[variable.name] = std::move(value);
      }

      // Lets (in order, each may use the earlier ones) are evaluated for `require`, and so
      // that a point where one is undefined is redrawn; they are not part of the point.
      if (!lets.empty() || !requires_.empty()) {
        expr::Bindings<double> bindings = point.bindings(false);
        for (std::size_t i = 0; i < lets.size(); ++i) {
          const std::string& name = problem.lets[i].first;
          Mat value;
          if (auto why = evaluate_or_redraw(problem, lets[i], bindings,
                                            fmt::format("let '{}'", name), value)) {
            return why;
          }
          note_condition(value);
          bindings.values[name] = std::move(value);
        }
        for (std::size_t i = 0; i < requires_.size(); ++i) {
          const std::string& text = problem.require[i].text;
          Mat value;
          // A require that cannot be evaluated rejects the draw as one that is not positive:
          // excluding such points is what it is for.
          if (auto why = evaluate_or_redraw(problem, requires_[i], bindings,
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
            return Redraw{
                Redraw::Cause::require,
                fmt::format("require '{}' is {:.6g} (must be positive)", text, value(0, 0)),
                {}};
          }
        }
      }

      for (const Variable* variable : varied) {
        const Mat& x = point.values.at(variable->name);
        Rng rng1(derive_seed(attempt_seed, "direction:" + variable->name));
        point.directions[variable->name] = draw_direction(*variable, x, rng1);
        Rng rng2(derive_seed(attempt_seed, "direction2:" + variable->name));
        point.directions2[variable->name] = draw_direction(*variable, x, rng2);
      }

      if (filter) return filter(point);
      return std::nullopt;
    }();

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
