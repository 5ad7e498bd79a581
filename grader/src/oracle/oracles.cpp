// The numerical oracles for a directional derivative F'(0) of a line function t -> F(x + t dx)
// (see oracles.hpp and /work/shared/guides/NUMERICS.md). Each evaluates F only.
//
//  - central_difference: central differences D(h) = (F(h) - F(-h)) / (2h), error O(h²),
//    Richardson-extrapolated over h, h/2, h/4 (error O(h⁶)), for a sweep of first steps
//    h = eps^(1/7) ~ 6e-3, then /10, /100, ... Each step gets an error estimate (truncation
//    from the extrapolation levels + rounding from the measured noise of F), checked against
//    every smaller step; the best step confirmed by the next smaller one wins.
//  - complex_step: Im F(i h) / h with h = 1e-20, error O(h²) = 1e-40 (no cancellation, so
//    exact to rounding), valid only for analytic F; the rounding error is measured from four
//    more evaluations, the truncation from one at 2h.
//  - high_difference: central difference in 50 digits, h = 1e-20: truncation O(h²) ~ 1e-40,
//    rounding 1e-50/h ~ 1e-30.
//  - high_second_difference: the four-point mixed difference in 50 digits, h = 1e-12:
//    truncation O(h²) ~ 1e-24, rounding 1e-50/h² ~ 1e-26.

#include "grader/oracle/oracles.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "grader/expr/diagnostic.hpp"

namespace grader::oracle {

using expr::Complex;
using expr::High;
using expr::HighMatrix;
using MD = expr::Matrix<double>;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The complex step's rounding error is this many times the spread of five evaluations.
constexpr double kComplexSpreadFactor = 8.0;

// --- central difference, tuning ------------------------------------------------------------

// First steps tried: h1, h1/10, ..., h1/10^(kMaxLevels-1), h1 = eps^(1/7) * scale ~ 6e-3.
// cbrt(eps) ~ 6e-6 is the best step of one central difference (truncation h² against
// rounding eps/h); after two Richardson levels the truncation is O(h⁶), so the best step
// grows to eps^(1/7) (h⁶ against eps/h) and the rounding error shrinks from eps^(2/3) to
// eps^(6/7) relative. The smaller steps serve F that vary on a shorter scale than 1 in t (a
// nearby singularity: inv(X) with sigma_min(X) ~ 1e-6 has one at |t| ~ 1e-6). The
// smallest first step, 6e-13, still moves O(1) data by hundreds of ulps, so the stencil values
// are distinct.
constexpr int kMaxLevels = 11;
// Stop the sweep once the best checked estimate is this small relative to |F'| + |F(0)|
// and two smaller steps have been tried after it (rounding only grows from there on).
constexpr double kGoodEnough = 1e-6;
// The rounding error of the extrapolated value, (64 D(h/4) - 20 D(h/2) + D(h)) / 45, is
// about 4.1 sigma / h when each value of F carries independent noise sigma (RMS over the
// three differences). The safety factor 6 covers the scatter of the measured sigma (from
// nine values of a scalar F it is below a quarter of the truth ~2% of the time) and noise
// that is not quite white. Measured over 24000 random O(1) cases of 8 formulas (x'Ax, det,
// inv, logdet, exp., tanh, x'inv(X)x): true error / estimate <= 0.7, median ~0.1.
constexpr double kRoundingFactor = 6.0 * 4.1;

// The noise level of F (Frobenius norm of the rounding error of one value), measured from
// nine equally spaced values g[0..8] as in Hamming's / More and Wild's ECnoise: for smooth
// F the k-th differences (k = 6..8) are pure rounding noise, whose variance is C(2k, k)
// sigma² (their truncation, (h/4)^k F^(k), is below eps even for h = 6e-3). The largest of
// the three estimates is taken (a singularity near the stencil only makes it larger, which
// keeps the estimate honest).
double measured_noise(const std::array<MD, 9>& g) {
  double sigma = 0.0;
  for (int k = 6; k <= 8; ++k) {
    // Binomial coefficients C(k, j) and C(2k, k).
    std::array<double, 9> binom{};
    binom[0] = 1.0;
    for (int j = 1; j <= k; ++j) binom[j] = binom[j - 1] * (k - j + 1) / j;
    double central = 1.0;
    for (int j = 1; j <= k; ++j) central = central * (k + j) / j;
    double sum_sq = 0.0;
    const int windows = 9 - k;
    for (int i = 0; i < windows; ++i) {
      MD diff = MD::Zero(g[0].rows(), g[0].cols());
      for (int j = 0; j <= k; ++j) {
        const double sign = (k - j) % 2 == 0 ? 1.0 : -1.0;
        diff += (sign * binom[j]) * g[i + j];
      }
      sum_sq += diff.squaredNorm();
    }
    sigma = std::max(sigma, std::sqrt(sum_sq / windows / central));
  }
  return sigma;
}

struct Level {
  double h = 0.0;
  MD value;                 // R2, the twice-extrapolated difference
  double truncation = 0.0;  // |R2 - R1|
  double sigma = 0.0;       // measured noise of F on this stencil
  double error = 0.0;       // truncation + rounding
  double checked = 0.0;     // error, raised by the disagreement with every smaller step
  bool confirmed = false;   // agrees with the next smaller step within both estimates
};

// One Richardson table from the first step h. g[i] = F((i - 4) h / 4); g[4] = F(0).
// Throws what F throws.
Level richardson_level(const LineFunction<double>& f, const MD& f0, double h) {
  std::array<MD, 9> g;
  g[4] = f0;
  for (int j = 1; j <= 4; ++j) {
    const double t = h * j / 4.0;
    g[4 + j] = f(t);
    g[4 - j] = f(-t);
  }
  // D(s) = (F(s) - F(-s)) / (2s), error series c2 s² + c4 s⁴ + ... (the steps s = h j/4 are
  // h times a power of two, so the stencil is exactly symmetric).
  const auto central = [&](int j) -> MD { return (g[4 + j] - g[4 - j]) / (2.0 * (h * j / 4.0)); };
  const MD d1 = central(4);  // step h
  const MD d2 = central(2);  // step h/2
  const MD d3 = central(1);  // step h/4
  // First level removes the h² term (error O(h⁴)), the second the h⁴ term (error O(h⁶)).
  const MD r1a = d2 + (d2 - d1) / 3.0;
  const MD r1b = d3 + (d3 - d2) / 3.0;
  const MD r2 = r1b + (r1b - r1a) / 15.0;
  Level level;
  level.h = h;
  level.value = r2;
  // |R2 - R1b| estimates the error of R1b, so it bounds that of R2 generously.
  level.truncation = (r2 - r1b).norm();
  level.sigma = measured_noise(g);
  return level;
}

// The error estimates of all levels (ordered by decreasing step), given the noise floor
// eps |F(0)|.
//  - Rounding: the noise of F is a property of F near the point, not of the step, so each
//    level uses the largest noise measured on it or on any smaller step (one stencil's
//    measurement can be low by chance, notably when the noise is one scalar in disguise, as
//    in the rank-one error of a nearly singular inverse; a larger step's measurement is not
//    used, as truncation can inflate it).
//  - Check: each level's estimate is raised to |R(h) - R(h')| - err(h') for every smaller
//    step h': a lower bound on its true error when err(h') is honest. This catches a
//    singularity inside the stencil, where Richardson's own estimate is as small as the
//    (wrong) values: F ~ c/t there, and every level gives ~c/h², far below the true c/δ².
//  - Confirmed: |R(h) - R(h_next)| <= err(h) + err(h_next), two independent steps agreeing.
void estimate_errors(std::vector<Level>& levels, double noise_floor) {
  double sigma = noise_floor;
  for (std::size_t i = levels.size(); i-- > 0;) {
    Level& level = levels[i];
    sigma = std::max(sigma, level.sigma);
    level.error = level.truncation + kRoundingFactor * sigma / level.h;
  }
  for (std::size_t i = 0; i < levels.size(); ++i) {
    Level& level = levels[i];
    level.checked = level.error;
    level.confirmed = false;
    for (std::size_t j = i + 1; j < levels.size(); ++j) {
      const double gap = (level.value - levels[j].value).norm();
      level.checked = std::max(level.checked, gap - levels[j].error);
      if (j == i + 1) level.confirmed = gap <= level.error + levels[j].error;
    }
  }
}

// The confirmed level with the smallest checked estimate, if any.
std::optional<std::size_t> best_confirmed(const std::vector<Level>& levels) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].confirmed && (!best || levels[i].checked < levels[*best].checked)) best = i;
  }
  return best;
}

}  // namespace

// Central difference with Richardson extrapolation over a sweep of steps (see the top of
// this file). Error order: O(h⁶) truncation per level, rounding ~ sigma / h.
//
// Step choice: t is the parameter of the line x + t dx, so the natural scale of t is
// |x| / |dx|, i.e. 1 for the O(1) data and directions the checker samples: the sweep starts
// at eps^(1/7) * scale (the best step for the O(h⁶) extrapolation; cbrt(eps) * scale, the
// best for a plain central difference, is about its fourth step) and goes down by factors of 10.
// A nearby singularity (the stencil crossing it, or F throwing a domain error at a stencil
// point, which skips that step) is handled by the sweep to smaller steps, not by the scale.
//
// Error estimate of each level: |R2 - R1| (truncation) + 25 sigma / h (rounding, sigma the
// measured noise of F, at least eps |F(0)|), raised to the disagreement with every smaller
// step (see estimate_errors). The confirmed level with the smallest estimate wins; the sweep
// stops two levels after a good one. When no level is confirmed (no two successive steps
// agree: a singularity closer than the smallest step, or F too noisy), or the error exceeds
// both |value| and |F(0)| / scale, the derivative is not resolved and the error is +inf,
// with the value of the least bad level.
Estimate central_difference(const LineFunction<double>& f, double scale) {
  if (!(scale > 0.0) || !std::isfinite(scale)) scale = 1.0;
  const MD f0 = f(0.0);  // undefined at the point itself: the FormulaError propagates
  const double noise_floor = kEps * f0.norm();
  const double h1 = std::pow(kEps, 1.0 / 7.0) * scale;

  std::vector<Level> levels;
  std::optional<expr::FormulaError> domain_failure;
  double h = h1;
  for (int k = 0; k < kMaxLevels; ++k, h /= 10.0) {
    try {
      levels.push_back(richardson_level(f, f0, h));
    } catch (const expr::FormulaError& e) {
      // A stencil point beyond a singularity: shrink the step. Other kinds (shape, name,
      // limit) do not depend on the step.
      if (e.kind() != expr::ErrorKind::domain) throw;
      domain_failure = e;
      continue;
    }
    estimate_errors(levels, noise_floor);
    // Stop when a confirmed level is good enough and two smaller steps came after it (the
    // rounding error only grows from there on).
    const auto best = best_confirmed(levels);
    if (best && levels.size() - 1 - *best >= 2) {
      const Level& b = levels[*best];
      if (b.checked <= kGoodEnough * (b.value.norm() + f0.norm())) break;
    }
  }
  if (levels.empty()) throw *domain_failure;  // F undefined at every stencil tried

  Estimate out;
  out.method = "central difference";
  std::size_t chosen = 0;
  if (const auto best = best_confirmed(levels)) {
    chosen = *best;
  } else {
    for (std::size_t i = 1; i < levels.size(); ++i) {
      if (levels[i].checked < levels[chosen].checked) chosen = i;
    }
  }
  out.value = levels[chosen].value;
  out.error = levels[chosen].checked;
  // Resolved: confirmed, and the error no larger than both the value and |F(0)| / scale (the
  // change of F over the natural unit of t). An error above both means that F varies on a
  // scale below the steps tried, where any derivative is possible: a pole at 1e-14 makes
  // every stencil's "noise" ~|F(0)| and lets two useless levels agree within error bars
  // that are still far below the true 1/δ².
  const double size = std::max(out.value.norm(), f0.norm() / scale);
  if (!best_confirmed(levels) || !(out.error <= size)) {
    out.error = std::numeric_limits<double>::infinity();
  }
  return out;
}

Estimate central_difference(const LineFunction<double>& f) {
  return central_difference(f, 1.0);
}

// Complex step (Squire and Trapp; Martins et al.): F'(0) = Im F(i h) / h + O(h²), with no
// subtraction, so h = 1e-20 leaves truncation 1e-40 and only the rounding of the computation
// of Im F. That rounding is usually ~eps |F'|, but not always: cancellation (a derivative
// much smaller than its terms) and conditioning (inv, logdet of a poorly conditioned
// matrix) reach 100-1000 eps |F'| in 1% of random O(1) cases. So the error is measured, not
// assumed: four more evaluations at t = ±s + i h' (s = 1e-13, 1.7e-13; h' = 1.1e-20 ...
// 1.9e-20, not powers of two apart) change the rounding of both the real parts (the
// factorizations) and the imaginary parts; averaging each ±s pair cancels the s F'' term
// (leaving s² F''' ~ 1e-26), so the spread of v0 and the two pair averages is rounding
// noise. Error = 4 eps |v0| + 8 * spread (+ the truncation, measured from a step 2h; it is
// nonzero only within ~1e-12 of a singularity). Measured over 45000 random O(1) cases of 10
// formulas with n = 4 and 8: true error / estimate has median 0.06, 99th percentile 0.25,
// and exceeded 1 twice (1.01 and 1.9); the estimate is ~5e-15 relative typically, more where
// the derivative cancels or the matrix is poorly conditioned. (The single-evaluation
// estimate 4 eps |v0| alone was exceeded 100- to 1000-fold in the same test.) If a shifted
// point leaves F's domain (F undefined within 1.7e-13 of the point), the spread is left out.
//
// Valid only when F is analytic on the path (complex_step_applies): abs, norm, eigen-things
// give a wrong value or throw FormulaError (domain). That is the caller's business.
Estimate complex_step(const LineFunction<Complex>& f) {
  constexpr double h = 1e-20;
  const auto im_step = [&f](double shift, double step) -> MD {
    return f(Complex(shift, step)).imag() / step;
  };
  Estimate out;
  out.value = im_step(0.0, h);
  out.method = "complex step";
  out.error = 4.0 * kEps * out.value.norm() + std::numeric_limits<double>::min();
  // Truncation, c h² (relative (h/δ)², δ the distance to a singularity: 0 unless δ < ~1e-12):
  // v(2h) - v(h) = 3 c h². Doubling h changes no rounding (the imaginary parts scale by an
  // exact power of two), so the difference is the truncation alone.
  out.error += (im_step(0.0, 2.0 * h) - out.value).norm() / 3.0;
  try {
    const MD a1 = (im_step(1e-13, 1.3e-20) + im_step(-1e-13, 1.7e-20)) / 2.0;
    const MD a2 = (im_step(1.7e-13, 1.1e-20) + im_step(-1.7e-13, 1.9e-20)) / 2.0;
    const double spread =
        std::max({(out.value - a1).norm(), (out.value - a2).norm(), (a1 - a2).norm()});
    out.error += kComplexSpreadFactor * spread;
  } catch (const expr::FormulaError& e) {
    if (e.kind() != expr::ErrorKind::domain) throw;
  }
  return out;
}

bool complex_step_applies(const expr::Formula& formula) {
  return formula.is_analytic();
}

// Central difference in 50 digits: (F(h) - F(-h)) / (2h), h = 1e-20. Truncation O(h²) ~ 1e-40
// relative, rounding ~ 1e-50 / h = 1e-30 relative (for O(1) data).
HighMatrix high_difference(const LineFunction<High>& f) {
  const High h("1e-20");
  const HighMatrix plus = f(h);
  const HighMatrix minus = f(-h);
  return (plus - minus) / (High(2) * h);
}

// Mixed second difference in 50 digits: d²F[u, v] = (F(h,h) - F(h,-h) - F(-h,h) + F(-h,-h))
// / (4h²), h = 1e-12. Truncation O(h²) ~ 1e-24, rounding ~ 1e-50 / h² = 1e-26.
HighMatrix high_second_difference(const std::function<HighMatrix(const High&, const High&)>& f) {
  const High h("1e-12");
  const HighMatrix pp = f(h, h);
  const HighMatrix pm = f(h, -h);
  const HighMatrix mp = f(-h, h);
  const HighMatrix mm = f(-h, -h);
  return (pp - pm - mp + mm) / (High(4) * h * h);
}

}  // namespace grader::oracle
