#include "variable_draw.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "grader/core/error.hpp"

namespace grader::sample::detail {
namespace {

using spec::Property;
using spec::Variable;

constexpr double kOrthogonalTolerance = 1e-12;  // max |Q'Q - I| accepted for `orthogonal`
constexpr double kUnitTolerance = 1e-12;        // | |x| - 1 | accepted for `unit`
constexpr double kMinScalarDirection = 0.1;     // |dx| of a scalar direction is in [0.1, 1]
constexpr int kMaxPolarSteps = 8;  // Newton-Schulz steps; 2 reach 50 digits from double

using expr::High;

// Whether one of the variable's properties imposes `structure` (spec/property.hpp).
bool has_structure(const Variable& variable, spec::Structure structure) {
  return std::any_of(variable.properties.begin(), variable.properties.end(),
                     [&](Property property) { return spec::row(property).structure == structure; });
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
// each column's sign chosen so that R's diagonal is positive (Mezzadri 2007). In 50 digits:
// double's QR and products are vectorised natively and scalar in WebAssembly, which drew
// other last bits there (web/test/compare.mjs); rounded once, every build draws the same.
HighMat random_orthogonal_high(Eigen::Index n, Rng& rng) {
  HighMat g(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) g(i, j) = rng.normal();
  }
  const Eigen::HouseholderQR<HighMat> qr(g);
  HighMat q = qr.householderQ() * HighMat::Identity(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    if (qr.matrixQR()(j, j) < 0) q.col(j) = -q.col(j);
  }
  return q;
}

Mat random_orthogonal(Eigen::Index n, Rng& rng) {
  return random_orthogonal_high(n, rng).cast<double>();
}

Mat uniform_matrix(Eigen::Index rows, Eigen::Index cols, double lo, double hi, Rng& rng) {
  Mat m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = rng.uniform(lo, hi);
  }
  return m;
}

// Zeros outside the pattern of diagonal / triangular properties (applied in place).
template <class M>
void apply_zero_pattern(const Variable& variable, M& m) {
  for (const Property property : variable.properties) {
    const spec::Zeros zeros = spec::row(property).zeros;
    if (zeros == spec::Zeros::none) continue;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        if (spec::zero_at(zeros, i, j)) m(i, j) = typename M::Scalar(0);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Exact structure: the 50-digit value of a drawn variable (Drawn::exact). Symmetric, skew,
// zero patterns and positivity are exact in double already, so casting keeps them; a unit
// vector and an orthogonal matrix are only so to double rounding, and are projected onto
// their manifold in 50 digits.

// x/|x| in 50 digits.
HighMat exact_unit(const HighMat& x) {
  const High norm = sqrt(High(x.array().square().sum()));
  const HighMat unit = x / norm;
  return unit;
}

// The orthogonal factor of the polar decomposition of q (the orthogonal matrix nearest to
// q), by the Newton-Schulz iteration q <- q(3I - q'q)/2 (Higham, Functions of Matrices,
// 2008, section 8.3). It converges quadratically from a q orthogonal to double rounding:
// |q'q - I| goes 1e-16, 1e-32, 1e-64.
HighMat exact_orthogonal(HighMat q) {
  const HighMat identity = HighMat::Identity(q.cols(), q.cols());
  const High tolerance("1e-49");
  for (int step = 0; step < kMaxPolarSteps; ++step) {
    const HighMat gram = q.transpose() * q;
    if ((gram - identity).cwiseAbs().maxCoeff() < tolerance) break;
    const HighMat next = q * (High(3) * identity - gram) / High(2);
    q = next;
  }
  return q;
}

HighMat exact_value(const Variable& variable, const Mat& a) {
  HighMat exact = a.cast<High>();
  if (has_structure(variable, spec::Structure::orthogonal)) exact = exact_orthogonal(exact);
  if (has_structure(variable, spec::Structure::unit)) exact = exact_unit(exact);
  return exact;
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

// min |λi - λj| / max |λ| over the eigenvalues of a symmetric matrix (infinite for 1×1),
// computed in 50 digits and rounded once: double's eigensolver is vectorised in one build
// and scalar in another (native SSE2, WebAssembly), which changed the last digits, and the
// gap decides redraws against check.min_eigen_gap, so every build must get the same double.
double relative_eigen_gap(const Mat& s) {
  if (s.rows() < 2) return std::numeric_limits<double>::infinity();
  const Eigen::SelfAdjointEigenSolver<HighMat> eig(s.cast<High>(), Eigen::EigenvaluesOnly);
  const auto& lambda = eig.eigenvalues();  // ascending
  const High scale = lambda.cwiseAbs().maxCoeff();
  if (!(scale > 0)) return 0.0;
  High gap = lambda(1) - lambda(0);
  for (Eigen::Index i = 1; i + 1 < lambda.size(); ++i)
    gap = std::min<High>(gap, lambda(i + 1) - lambda(i));
  return static_cast<double>(gap / scale);
}

bool exactly_symmetric(const Mat& m) {
  return m.rows() == m.cols() && m == m.transpose();
}

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

// The interval entries are drawn from: the `range`, else [0.5, 2] for `positive`, else
// [-1, 1].
std::pair<double, double> entry_range(const Variable& variable) {
  if (variable.range) {
    const auto [lo, hi] = *variable.range;
    if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
      throw InputError(fmt::format("variable '{}': range [{}, {}] is empty or not finite",
                                   variable.name, lo, hi));
    }
    return {lo, hi};
  }
  if (variable.has(Property::positive)) return {0.5, 2.0};
  return {-1.0, 1.0};
}

// Steps (1) and (2) of the drawing order (problems/README.md): the entries, with the
// structure of `orthogonal`, `positive-definite`, the symmetric ones or `skew-symmetric`.
Mat draw_structured(const Variable& variable, long rows, long cols, std::pair<double, double> range,
                    Rng& rng) {
  if (variable.has(Property::orthogonal)) return random_orthogonal(rows, rng);
  if (variable.has(Property::positive_definite)) {
    // Q diag(λ) Q', λ uniform in [0.5, 2]: condition number at most 4. With `diagonal`, the
    // zero pattern below keeps its diagonal, a convex combination of the λ (in [0.5, 2]).
    // In 50 digits, rounded once (see random_orthogonal_high).
    const HighMat q = random_orthogonal_high(rows, rng);
    Eigen::Matrix<High, Eigen::Dynamic, 1> lambda(rows);
    for (Eigen::Index i = 0; i < rows; ++i) lambda(i) = rng.uniform(0.5, 2.0);
    const HighMat product = q * lambda.asDiagonal() * q.transpose();
    return symmetric_part(product.cast<double>());  // make it exactly symmetric
  }
  const Mat b = uniform_matrix(rows, cols, range.first, range.second, rng);
  if (has_structure(variable, spec::Structure::symmetric)) return symmetric_part(b);
  if (has_structure(variable, spec::Structure::skew)) return skew_part(b);
  return b;
}

// Step (4) for a drawn value `a`: why its conditioning or eigenvalue gap makes it unusable,
// or nothing, with the figures in `out`.
std::optional<std::string> check_conditioning(const Variable& variable, const Mat& a,
                                              const spec::CheckOptions& check, Drawn& out) {
  const Eigen::Index rows = a.rows();
  const Eigen::Index cols = a.cols();
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
  return std::nullopt;
}

}  // namespace

std::string shape_text(Eigen::Index rows, Eigen::Index cols) {
  return fmt::format("{}×{}", rows, cols);
}

double condition_number(const Mat& m) {
  const Eigen::JacobiSVD<Mat> svd(m);
  const auto& s = svd.singularValues();
  if (s.size() == 0) return 1.0;
  const double smallest = s(s.size() - 1);
  if (!(smallest > 0.0)) return std::numeric_limits<double>::infinity();
  return s(0) / smallest;
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
  Mat a = draw_structured(variable, rows, cols, entry_range(variable), rng);
  apply_zero_pattern(variable, a);
  if (variable.has(Property::unit)) {
    // In 50 digits, rounded once: double's norm is a vectorised sum natively.
    const HighMat high = a.cast<High>();
    const High norm = high.norm();
    if (!(norm > 0))
      return fmt::format("'{}' drew a zero vector, which has no unit direction", variable.name);
    a = (high / norm).cast<double>();
  }
  for (const Property property : variable.properties) {
    if (!satisfies(a, property)) {
      return fmt::format("'{}' is not {} (are its properties contradictory?)", variable.name,
                         spec::to_string(property));
    }
  }
  if (auto why = check_conditioning(variable, a, check, out)) return why;
  out.exact = exact_value(variable, a);
  out.value = std::move(a);
  return std::nullopt;
}

DrawnDirection draw_direction(const Variable& variable, const Mat& x, const HighMat& exact,
                              Rng& rng) {
  if (variable.shape.empty()) {
    double u = 0.0;
    do {
      u = rng.uniform(-1.0, 1.0);
    } while (std::abs(u) < kMinScalarDirection);
    return {Mat::Constant(1, 1, u), HighMat::Constant(1, 1, High(u))};
  }
  const Mat b = uniform_matrix(x.rows(), x.cols(), -1.0, 1.0, rng);
  DrawnDirection d;
  if (has_structure(variable, spec::Structure::orthogonal)) {
    const Mat k = skew_part(b);  // exactly skew, so Q*K is tangent wherever Q'Q = I holds
    d.value = x * k;             // d(Q'Q) = K + K' = 0
    d.exact = exact * k.cast<High>();
  } else {
    if (has_structure(variable, spec::Structure::symmetric)) {
      d.value = symmetric_part(b);
    } else if (has_structure(variable, spec::Structure::skew)) {
      d.value = skew_part(b);
    } else {
      d.value = b;
    }
    d.exact = d.value.cast<High>();  // symmetric, skew: exact in double already
  }
  apply_zero_pattern(variable, d.value);
  apply_zero_pattern(variable, d.exact);
  if (has_structure(variable, spec::Structure::unit)) {
    // d - x <x, d> (x has norm 1): the component orthogonal to x, in each arithmetic.
    const double along = x.cwiseProduct(d.value).sum();
    const Mat tangent = d.value - along * x;
    d.value = tangent;
    const High exact_along = exact.cwiseProduct(d.exact).sum();
    const HighMat exact_tangent = d.exact - exact_along * exact;
    d.exact = exact_tangent;
  }
  return d;
}

}  // namespace grader::sample::detail
