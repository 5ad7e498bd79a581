#include "grader/check/retest.hpp"

#include <Eigen/LU>
#include <Eigen/QR>
#include <algorithm>
#include <set>

#include "grader/sample/rng.hpp"

namespace grader::check {

namespace {

using expr::High;
using MD = expr::Matrix<double>;
using spec::Property;

// Whether the symmetric re-test may replace the variable by its symmetric part.
bool symmetric_part_ok(const spec::Variable& v) {
  return std::all_of(v.properties.begin(), v.properties.end(),
                     [](Property p) { return spec::row(p).symmetric_part_ok; });
}

// Whether the commuting re-test may replace the variable by V*D*inv(V).
bool may_commute(const spec::Variable& v) {
  return std::all_of(v.properties.begin(), v.properties.end(),
                     [](Property p) { return spec::row(p).commuting != spec::Commuting::refused; });
}

// Whether the commuting re-test must keep the variable symmetric (V orthogonal).
bool commutes_symmetric(const spec::Variable& v) {
  return std::any_of(v.properties.begin(), v.properties.end(), [](Property p) {
    return spec::row(p).commuting == spec::Commuting::orthogonally_similar;
  });
}

bool square(const MD& m) {
  return m.rows() == m.cols() && m.rows() > 1;
}

// The point with `values` and `directions` in place of its own, in 50 digits, lets evaluated.
HighBindings rebind(const ProblemTrials& trials, const sample::Point& point,
                    const HighDirections& values, const HighDirections& directions) {
  HighBindings b = expr::convert<High>(point.bindings(false));
  for (const auto& [name, m] : values) b.values[name] = m;
  for (const auto& [name, d] : directions) b.values["d" + name] = d;
  return trials.formulas().with_lets(std::move(b));
}

}  // namespace

std::optional<HighBindings> symmetric_inputs(const ProblemTrials& trials, int trial) {
  const spec::Problem& p = trials.problem();
  const sample::Point& point = trials.trials().at(static_cast<std::size_t>(trial)).point;
  HighDirections values, directions = to_high(point.directions);
  bool changed = false;
  for (const auto& v : p.variables) {
    const MD& m = point.values.at(v.name);
    if (!square(m) || !symmetric_part_ok(v)) continue;
    const HighMatrix h = m.cast<High>();
    values[v.name] = (h + h.transpose()) / High(2);
    changed = changed || !m.isApprox(m.transpose(), 1e-12);
    if (auto it = directions.find(v.name); it != directions.end()) {
      it->second = ((it->second + it->second.transpose()) / High(2)).eval();
    }
  }
  if (!changed) return std::nullopt;
  return rebind(trials, point, values, directions);
}

std::optional<HighBindings> commuting_inputs(const ProblemTrials& trials, int trial) {
  const spec::Problem& p = trials.problem();
  const sample::Point& point = trials.trials().at(static_cast<std::size_t>(trial)).point;
  sample::Rng rng(sample::derive_seed(point.seed, "commuting"));
  // The square sizes, and whether a matrix of that size cannot be made to commute or must
  // stay symmetric.
  std::set<long> sizes, refused, symmetric;
  for (const auto& v : p.variables) {
    const MD& m = point.values.at(v.name);
    if (!square(m)) continue;
    sizes.insert(m.rows());
    if (!may_commute(v)) refused.insert(m.rows());
    if (commutes_symmetric(v)) symmetric.insert(m.rows());
  }
  HighDirections values, directions = to_high(point.directions);
  bool any = false;
  for (const long n : sizes) {
    if (refused.count(n) > 0) continue;
    // V well conditioned (or orthogonal); every matrix of this size becomes V*D*inv(V).
    MD r(n, n);
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index i = 0; i < n; ++i) r(i, j) = rng.uniform(-1, 1);
    HighMatrix V;
    if (symmetric.count(n) > 0) {
      const MD q = Eigen::HouseholderQR<MD>(r).householderQ();
      V = q.cast<High>();
    } else {
      V = (MD::Identity(n, n) + 0.4 / std::sqrt(static_cast<double>(n)) * r).cast<High>();
    }
    const HighMatrix Vinv =
        symmetric.count(n) > 0 ? HighMatrix(V.transpose()) : HighMatrix(V.partialPivLu().inverse());
    const auto similar = [&](bool positive, double lo, double hi) {
      HighMatrix d = HighMatrix::Zero(n, n);
      for (Eigen::Index i = 0; i < n; ++i) {
        double x = rng.uniform(lo, hi);
        if (!positive && rng.uniform(0, 1) < 0.5) x = -x;
        d(i, i) = High(x);
      }
      return HighMatrix(V * d * Vinv);
    };
    int count = 0;
    for (const auto& v : p.variables) {
      const MD& m = point.values.at(v.name);
      if (!square(m) || m.rows() != n) continue;
      values[v.name] = similar(v.has(Property::positive_definite), 0.5, 2.0);
      ++count;
      if (auto it = directions.find(v.name); it != directions.end()) {
        it->second = similar(false, 0.1, 1.0);
        ++count;
      }
    }
    any = any || count >= 2;
  }
  if (!any) return std::nullopt;
  return rebind(trials, point, values, directions);
}

}  // namespace grader::check
