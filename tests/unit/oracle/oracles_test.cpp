#define BOOST_TEST_MODULE oracle_oracles
#include "grader/oracle/oracles.hpp"

#include <Eigen/QR>
#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "../support/expr_support.hpp"
#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/oracle/line.hpp"

namespace ex = grader::expr;
namespace orc = grader::oracle;
using ex::Bindings;
using ex::Complex;
using ex::ErrorKind;
using ex::High;
using ex::HighBindings;
using ex::HighMatrix;
using ex::Matrix;

namespace {

using grader_test::random_matrix;

using grader_test::col;
using grader_test::mat;

using MD = Matrix<double>;
using MC = Matrix<Complex>;
template <class T>
using Directions = std::map<std::string, Matrix<T>, std::less<>>;

HighMatrix to_high(const MD& m) {
  return m.cast<High>();
}

double frobenius(const HighMatrix& m) {
  High sum = 0;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) sum += m(i, j) * m(i, j);
  }
  return sqrt(sum).convert_to<double>();
}

// The true error of a double estimate against a High reference (Frobenius norm, in High).
double true_error(const MD& estimate, const HighMatrix& exact) {
  if (estimate.rows() != exact.rows() || estimate.cols() != exact.cols()) return INFINITY;
  return frobenius(to_high(estimate) - exact);
}

// |actual - expected|_F / max(1e-300, |expected|_F), in High; infinite when shapes differ.
double relative_error(const HighMatrix& actual, const HighMatrix& expected) {
  if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) return INFINITY;
  return frobenius(actual - expected) / std::max(1e-300, frobenius(expected));
}

double relative_error(const MD& actual, const HighMatrix& expected) {
  return relative_error(to_high(actual), expected);
}

MD random_orthogonal(std::mt19937& rng, Eigen::Index n) {
  const MD q = Eigen::HouseholderQR<MD>(random_matrix(rng, n, n)).householderQ();
  return q;
}

constexpr long kN = 4;
constexpr long kM = 3;

// Random, well-conditioned O(1) inputs: X diagonally dominant, S symmetric positive
// definite, As symmetric; each variable has a direction d<name> of its shape.
Bindings<double> random_bindings(unsigned seed) {
  std::mt19937 rng(seed);
  Bindings<double> b;
  b.dimensions["n"] = kN;
  b.dimensions["m"] = kM;
  b.values["X"] = random_matrix(rng, kN, kN) + 3.0 * MD::Identity(kN, kN);
  b.values["dX"] = random_matrix(rng, kN, kN);
  b.values["A"] = random_matrix(rng, kN, kN);
  b.values["B"] = random_matrix(rng, kN, kN);
  const MD a = random_matrix(rng, kN, kN);
  b.values["As"] = (a + a.transpose()).eval();
  const MD r = random_matrix(rng, kN, kN);
  b.values["S"] = (r * r.transpose() + MD::Identity(kN, kN)).eval();
  for (const char* name : {"dS", "U", "V"}) {
    const MD d = random_matrix(rng, kN, kN);
    b.values[name] = (d + d.transpose()).eval();
  }
  b.values["x"] = random_matrix(rng, kN, 1);
  b.values["dx"] = random_matrix(rng, kN, 1);
  b.values["u"] = random_matrix(rng, kN, 1);
  b.values["v"] = random_matrix(rng, kN, 1);
  b.values["b"] = random_matrix(rng, kN, 1);
  b.values["W"] = random_matrix(rng, kM, kN);
  MD y = random_matrix(rng, kN, 1);
  for (Eigen::Index i = 0; i < y.rows(); ++i) y(i) += y(i) < 0 ? -0.5 : 0.5;
  b.values["y"] = y;
  b.values["dy"] = random_matrix(rng, kN, 1);
  return b;
}

std::vector<unsigned> seeds(unsigned count) {
  std::vector<unsigned> out;
  for (unsigned i = 0; i < count; ++i) out.push_back(1 + 97 * i);
  return out;
}

// A formula, the variable moved, its direction (a binding), and the exact directional
// derivative written as a formula.
struct DerivativeCase {
  const char* formula;
  const char* variable;
  const char* direction;
  const char* exact;
};

const std::vector<DerivativeCase> kCases = {
    {"X*A*X", "X", "dX", "dX*A*X + X*A*dX"},
    {"det(X)", "X", "dX", "det(X)*tr(X\\dX)"},
    {"logdet(S)", "S", "dS", "tr(S\\dS)"},
    {"inv(X)", "X", "dX", "-inv(X)*dX*inv(X)"},
    {"x'*A*x", "x", "dx", "dx'*A*x + x'*A*dx"},
    {"exp.(x)", "x", "dx", "exp.(x) .* dx"},
    {"tanh.(W*x)", "x", "dx", "(ones(m) - tanh.(W*x).^2) .* (W*dx)"},
    {"X^3", "X", "dX", "dX*X*X + X*dX*X + X*X*dX"},
    {"X\\b", "X", "dX", "-(X\\(dX*(X\\b)))"},
    {"log.(y.^2)", "y", "dy", "2*dy ./ y"},
};

template <class T>
orc::LineFunction<T> line_of(const ex::Formula& f, const Bindings<T>& b, const char* variable,
                             const char* direction) {
  return orc::line_function<T>(f, b, Directions<T>{{variable, b.values.at(direction)}});
}

HighMatrix exact_high(const char* exact, const Bindings<double>& b) {
  return ex::evaluate(ex::parse(exact), ex::convert<High>(b));
}

bool is_domain_error(const ex::FormulaError& e) {
  return e.kind() == ErrorKind::domain;
}

}  // namespace

// =========================================================================================
// (1) Accuracy on known derivatives.
// =========================================================================================

// Central difference + Richardson (error O(h⁶) + rounding ~ eps/h): ~1e-9 relative or
// better, and the true error never exceeds the estimate, which stays small.
BOOST_AUTO_TEST_CASE(central_difference_is_accurate_and_its_error_estimate_is_honest) {
  double worst_ratio = 0.0;     // true error / estimate
  double worst_relative = 0.0;  // true error / |exact|
  double worst_estimate = 0.0;  // estimate / |exact|
  for (const unsigned seed : seeds(20)) {
    const Bindings<double> b = random_bindings(seed);
    for (const auto& c : kCases) {
      BOOST_TEST_CONTEXT("seed " << seed << ", d/d" << c.variable << " of '" << c.formula << "'") {
        const ex::Formula f = ex::parse(c.formula);
        const orc::Estimate e = orc::central_difference(line_of(f, b, c.variable, c.direction));
        const HighMatrix exact = exact_high(c.exact, b);
        BOOST_TEST(e.method == "central difference");
        BOOST_TEST_REQUIRE(e.value.rows() == exact.rows());
        BOOST_TEST_REQUIRE(e.value.cols() == exact.cols());
        BOOST_TEST(frobenius(exact) > 1e-3);  // not trivially zero
        BOOST_TEST(relative_error(e.value, exact) < 1e-9);
        const double err = true_error(e.value, exact);
        BOOST_TEST(err <= e.error);                      // honest
        BOOST_TEST(e.error <= 1e-8 * frobenius(exact));  // not absurdly large
        BOOST_TEST(e.error > 0.0);
        worst_ratio = std::max(worst_ratio, err / e.error);
        worst_relative = std::max(worst_relative, err / frobenius(exact));
        worst_estimate = std::max(worst_estimate, e.error / frobenius(exact));
      }
    }
  }
  BOOST_TEST_MESSAGE("central difference: worst true error / estimate = "
                     << worst_ratio << ", worst relative error " << worst_relative
                     << ", worst relative estimate " << worst_estimate);
}

// Complex step (error O(h²) = 1e-40, no cancellation): exact to ~1e-14 (2e-14 allowed: the
// worst measured here is 9e-15), with an honest error estimate.
BOOST_AUTO_TEST_CASE(complex_step_is_exact_to_rounding_on_analytic_formulas) {
  double worst_ratio = 0.0;
  double worst_relative = 0.0;
  for (const unsigned seed : seeds(20)) {
    const Bindings<double> b = random_bindings(seed);
    const Bindings<Complex> z = ex::convert<Complex>(b);
    for (const auto& c : kCases) {
      BOOST_TEST_CONTEXT("seed " << seed << ", d/d" << c.variable << " of '" << c.formula << "'") {
        const ex::Formula f = ex::parse(c.formula);
        BOOST_TEST(orc::complex_step_applies(f));
        const orc::Estimate e = orc::complex_step(line_of(f, z, c.variable, c.direction));
        const HighMatrix exact = exact_high(c.exact, b);
        BOOST_TEST(e.method == "complex step");
        BOOST_TEST(relative_error(e.value, exact) < 2e-14);
        BOOST_TEST(true_error(e.value, exact) <= e.error);  // honest
        worst_ratio = std::max(worst_ratio, true_error(e.value, exact) / e.error);
        worst_relative = std::max(worst_relative, relative_error(e.value, exact));
        BOOST_TEST(e.error > 0.0);
        // Not absurdly large (1e-13 relative where the derivative cancels down to 0.025).
        BOOST_TEST(e.error <= 1e-12 * frobenius(exact));
      }
    }
  }
  BOOST_TEST_MESSAGE("complex step: worst true error / estimate = "
                     << worst_ratio << ", worst relative error " << worst_relative);
}

// High-precision central difference (h = 1e-20: truncation 1e-40, rounding 1e-30) agrees with
// the exact derivative evaluated in High to ~1e-28.
BOOST_AUTO_TEST_CASE(high_difference_agrees_with_the_exact_derivative_in_high) {
  for (const unsigned seed : seeds(3)) {
    const Bindings<double> b = random_bindings(seed);
    const HighBindings h = ex::convert<High>(b);
    for (const auto& c : kCases) {
      BOOST_TEST_CONTEXT("seed " << seed << ", d/d" << c.variable << " of '" << c.formula << "'") {
        const ex::Formula f = ex::parse(c.formula);
        const HighMatrix d = orc::high_difference(line_of(f, h, c.variable, c.direction));
        const HighMatrix exact = exact_high(c.exact, b);
        BOOST_TEST(relative_error(d, exact) < 1e-28);
      }
    }
  }
}

// Mixed second difference in High (h = 1e-12: truncation 1e-24, rounding 1e-26): ~1e-20.
BOOST_AUTO_TEST_CASE(high_second_difference_agrees_with_exact_second_derivatives) {
  struct SecondCase {
    const char* formula;
    const char* u_variable;
    const char* u;
    const char* v_variable;
    const char* v;
    const char* exact;
  };
  const std::vector<SecondCase> cases = {
      // x'Ax with A symmetric: d²F[u, v] = 2 u'Av.
      {"x'*As*x", "x", "u", "x", "v", "2*u'*As*v"},
      {"x'*A*x", "x", "u", "x", "v", "u'*(A + A')*v"},
      // Two different variables: d²(x'Ax)[u in x, V in A] = u'Vx + x'Vu.
      {"x'*A*x", "x", "u", "A", "V", "u'*V*x + x'*V*u"},
      // d² logdet(S)[U, V] = -tr(S⁻¹ U S⁻¹ V).
      {"logdet(S)", "S", "U", "S", "V", "-tr(inv(S)*U*inv(S)*V)"},
      // d² inv(X)[U, V] = X⁻¹UX⁻¹VX⁻¹ + X⁻¹VX⁻¹UX⁻¹.
      {"inv(X)", "X", "U", "X", "V", "inv(X)*U*inv(X)*V*inv(X) + inv(X)*V*inv(X)*U*inv(X)"},
  };
  for (const unsigned seed : seeds(3)) {
    const Bindings<double> b = random_bindings(seed);
    const HighBindings h = ex::convert<High>(b);
    for (const auto& c : cases) {
      BOOST_TEST_CONTEXT("seed " << seed << ", d²'" << c.formula << "'[" << c.u << ", " << c.v
                                 << "]") {
        const ex::Formula f = ex::parse(c.formula);
        const auto plane =
            orc::plane_function<High>(f, h, Directions<High>{{c.u_variable, h.values.at(c.u)}},
                                      Directions<High>{{c.v_variable, h.values.at(c.v)}});
        const HighMatrix d2 = orc::high_second_difference(plane);
        const HighMatrix exact = exact_high(c.exact, b);
        BOOST_TEST(frobenius(exact) > 1e-3);
        BOOST_TEST(relative_error(d2, exact) < 1e-20);
      }
    }
  }
}

// A derivative that is exactly zero along the line: all oracles give 0 and a tiny error.
BOOST_AUTO_TEST_CASE(a_function_constant_along_the_line_has_zero_derivative) {
  const Bindings<double> b = random_bindings(11);
  const ex::Formula f = ex::parse("A*B + 0*X");
  const orc::Estimate e = orc::central_difference(line_of(f, b, "X", "dX"));
  BOOST_TEST(e.value.cwiseAbs().maxCoeff() == 0.0);
  BOOST_TEST(e.error >= 0.0);
  BOOST_TEST(e.error <= 1e-9 * ex::evaluate(f, b).norm());
  const orc::Estimate z = orc::complex_step(line_of(f, ex::convert<Complex>(b), "X", "dX"));
  BOOST_TEST(z.value.cwiseAbs().maxCoeff() == 0.0);
  const HighMatrix h = orc::high_difference(line_of(f, ex::convert<High>(b), "X", "dX"));
  BOOST_TEST(frobenius(h) == 0.0);
}

// F = x'Ax - x'A'x is 0 in exact arithmetic, so its derivative is 0; computed, it is a little
// rounding noise. The complex step's measured spread covers that noise (the nominal 4 eps |v|
// alone would not: the relative error is 100%).
BOOST_AUTO_TEST_CASE(complex_step_error_covers_a_derivative_that_cancels) {
  int nonzero = 0;
  for (const unsigned seed : seeds(10)) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      const Bindings<Complex> z = ex::convert<Complex>(random_bindings(seed));
      const ex::Formula f = ex::parse("x'*A*x - x'*A'*x + 3*(x'*B*x) - 3*(x'*B'*x)");
      const orc::Estimate e = orc::complex_step(line_of(f, z, "x", "dx"));
      BOOST_TEST(e.value.norm() <= e.error);
      BOOST_TEST(e.error < 1e-13);
      if (e.value.norm() > 0.0) ++nonzero;
    }
  }
  BOOST_TEST(nonzero > 0);  // the cancellation really leaves noise
}

// F undefined 1e-13 away from the point (log(y) with y = 5e-14): the shifted evaluations that
// measure the complex step's rounding leave the domain. The step itself still works, with a
// truncation error (h/y)²/3 = 1.3e-14 relative, which the estimate (from a step 2h) covers.
BOOST_AUTO_TEST_CASE(complex_step_near_a_domain_boundary) {
  Bindings<double> b;
  b.values["y"] = col({5e-14, 1.0});
  b.values["dy"] = col({1.0, 2.0});
  const ex::Formula f = ex::parse("log(y[1]) + log(y[2])");
  const Bindings<Complex> z = ex::convert<Complex>(b);
  const auto line = line_of(f, z, "y", "dy");
  BOOST_CHECK_EXCEPTION(line(Complex(-1e-13, 1e-20)), ex::FormulaError, is_domain_error);
  const orc::Estimate e = orc::complex_step(line);
  const HighMatrix exact = exact_high("dy[1]/y[1] + dy[2]/y[2]", b);
  BOOST_TEST(relative_error(e.value, exact) < 1e-13);
  BOOST_TEST(relative_error(e.value, exact) > 1e-14);  // the truncation is really there
  BOOST_TEST(true_error(e.value, exact) <= e.error);
  BOOST_TEST(e.error <= 1e-13 * frobenius(exact));
}

// =========================================================================================
// (2) Where the complex step does not apply.
// =========================================================================================

BOOST_AUTO_TEST_CASE(complex_step_does_not_apply_to_non_analytic_formulas) {
  for (const char* formula : {"norm(x)", "sum(abs.(y))", "abs(y[1])*x", "sum(eigvals(S))",
                              "eigvecs(S)", "norm(X) + det(X)"}) {
    BOOST_TEST_CONTEXT(formula) {
      BOOST_TEST(!orc::complex_step_applies(ex::parse(formula)));
    }
  }
  for (const auto& c : kCases) {
    BOOST_TEST_CONTEXT(c.formula) {
      BOOST_TEST(orc::complex_step_applies(ex::parse(c.formula)));
    }
  }
  // eigvals refuses a nonzero imaginary step with a domain error.
  const Bindings<Complex> z = ex::convert<Complex>(random_bindings(3));
  for (const char* formula : {"sum(eigvals(S))", "eigvecs(S)"}) {
    BOOST_TEST_CONTEXT(formula) {
      const ex::Formula f = ex::parse(formula);
      BOOST_CHECK_EXCEPTION(orc::complex_step(line_of(f, z, "S", "dS")), ex::FormulaError,
                            is_domain_error);
      // At t = 0 (real input) the complex evaluation is fine: the refusal is the step's.
      BOOST_CHECK_NO_THROW(line_of(f, z, "S", "dS")(Complex(0.0, 0.0)));
    }
  }
}

// =========================================================================================
// (3) Near a singularity.
// =========================================================================================

namespace {

// X = Q1 diag(1, 0.7, 0.4, sigma_min) Q2': condition number 1/sigma_min.
Bindings<double> nearly_singular_bindings(unsigned seed, double sigma_min) {
  std::mt19937 rng(seed);
  Bindings<double> b = random_bindings(seed);
  MD d = MD::Zero(kN, kN);
  d.diagonal() << 1.0, 0.7, 0.4, sigma_min;
  b.values["X"] = (random_orthogonal(rng, kN) * d * random_orthogonal(rng, kN).transpose()).eval();
  return b;
}

}  // namespace

// inv(X) with cond(X) ~ 1e6 has a singularity at |t| ~ 1e-6 along a random direction, inside
// the first stencils. The estimate stays finite and honest, and useful: its relative size is
// bounded per formula by what its conditioning allows (logdet(X'*X) squares the condition
// number: X'*X has cond ~ 1e12, so its values carry noise ~ 1e-4). Also at cond 1e8.
BOOST_AUTO_TEST_CASE(central_difference_near_a_singularity_is_finite_and_honest) {
  struct NearCase {
    DerivativeCase c;
    double sigma_min;  // cond(X) = 1 / sigma_min
    double bound;      // on error estimate / |exact|
  };
  const std::vector<NearCase> cases = {
      {{"inv(X)", "X", "dX", "-inv(X)*dX*inv(X)"}, 1e-6, 1e-5},
      {{"X\\b", "X", "dX", "-(X\\(dX*(X\\b)))"}, 1e-6, 1e-5},
      {{"det(X)", "X", "dX", "det(X)*tr(X\\dX)"}, 1e-6, 1e-9},
      {{"logdet(X'*X)", "X", "dX", "2*tr(X\\dX)"}, 1e-6, 1e-1},
      {{"inv(X)", "X", "dX", "-inv(X)*dX*inv(X)"}, 1e-8, 1e-3},
      {{"tr(inv(X))", "X", "dX", "-tr(inv(X)*dX*inv(X))"}, 1e-8, 1e-3},
  };
  for (const auto& [c, sigma_min, bound] : cases) {
    double worst_estimate = 0.0;
    double worst_error = 0.0;
    for (const unsigned seed : seeds(10)) {
      const Bindings<double> b = nearly_singular_bindings(seed, sigma_min);
      BOOST_TEST_CONTEXT("seed " << seed << ", cond " << 1.0 / sigma_min << ", d/d" << c.variable
                                 << " of '" << c.formula << "'") {
        const ex::Formula f = ex::parse(c.formula);
        const orc::Estimate e = orc::central_difference(line_of(f, b, c.variable, c.direction));
        const HighMatrix exact = exact_high(c.exact, b);
        BOOST_TEST(e.value.allFinite());
        BOOST_TEST(std::isfinite(e.error));
        BOOST_TEST(true_error(e.value, exact) <= e.error);
        BOOST_TEST(e.error <= bound * frobenius(exact));
        worst_estimate = std::max(worst_estimate, e.error / frobenius(exact));
        worst_error = std::max(worst_error, relative_error(e.value, exact));
      }
    }
    BOOST_TEST_MESSAGE("cond " << 1.0 / sigma_min << ", '" << c.formula
                               << "': worst relative error " << worst_error
                               << ", worst relative estimate " << worst_estimate);
  }
}

// A pole at t = -1e-6 that no stencil point hits exactly: the values stay finite, so only the
// step sweep and the check against smaller steps reveal it.
BOOST_AUTO_TEST_CASE(central_difference_finds_a_pole_inside_the_first_stencil) {
  Bindings<double> b;
  b.dimensions["n"] = 3;
  b.values["y"] = col({1e-6, 1.0, -2.0});
  b.values["dy"] = col({1.0, 0.5, 1.0});
  const ex::Formula f = ex::parse("ones(n) ./ y");
  const orc::Estimate e = orc::central_difference(line_of(f, b, "y", "dy"));
  const HighMatrix exact = exact_high("-dy ./ y.^2", b);
  BOOST_TEST(true_error(e.value, exact) <= e.error);
  BOOST_TEST(relative_error(e.value, exact) < 1e-6);
  BOOST_TEST(e.error <= 1e-5 * frobenius(exact));
}

// A pole closer than the smallest step (t = -1e-14): no two steps agree, so the derivative is
// reported as unresolved (error +inf) rather than as a small wrong number with a small error.
BOOST_AUTO_TEST_CASE(central_difference_reports_an_unresolved_derivative) {
  Bindings<double> b;
  b.dimensions["n"] = 2;
  b.values["y"] = col({1e-14, 1.0});
  b.values["dy"] = col({1.0, 1.0});
  const ex::Formula f = ex::parse("ones(n) ./ y");
  const auto line = line_of(f, b, "y", "dy");
  BOOST_CHECK_NO_THROW(line(0.0));
  const orc::Estimate e = orc::central_difference(line);
  BOOST_TEST(e.value.allFinite());
  BOOST_TEST(std::isinf(e.error));
  BOOST_TEST(e.error > 0.0);
  // The same function with the pole at 1e-6 is resolved.
  b.values["y"] = col({1e-6, 1.0});
  BOOST_TEST(std::isfinite(orc::central_difference(line_of(f, b, "y", "dy")).error));
}

// F throws a domain error at the first stencils (log of a negative, a negative determinant):
// the step shrinks until the stencil fits.
BOOST_AUTO_TEST_CASE(central_difference_shrinks_the_step_when_the_stencil_leaves_the_domain) {
  Bindings<double> b;
  b.dimensions["n"] = 4;
  MD s = MD::Zero(4, 4);
  s.diagonal() << 1.0, 2.0, 3.0, 1e-7;
  MD ds = MD::Zero(4, 4);
  ds.diagonal() << 0.5, 0.0, -1.0, -1.0;
  b.values["S"] = s;
  b.values["dS"] = ds;
  b.values["y"] = col({2e-8, 1.0});
  b.values["dy"] = col({1.0, 1.0});
  const std::vector<DerivativeCase> cases = {
      {"logdet(S)", "S", "dS", "tr(S\\dS)"},
      {"log(y[1])", "y", "dy", "dy[1]/y[1]"},
      {"sqrt.(y)", "y", "dy", "dy ./ (2*sqrt.(y))"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.formula) {
      const ex::Formula f = ex::parse(c.formula);
      // A stencil of half-width 6e-6 really does leave the domain.
      const auto line = line_of(f, b, c.variable, c.direction);
      bool left = false;
      for (const double t : {-6e-6, 6e-6}) {
        try {
          line(t);
        } catch (const ex::FormulaError& e) {
          left = left || is_domain_error(e);
        }
      }
      BOOST_TEST(left);
      const orc::Estimate e = orc::central_difference(line_of(f, b, c.variable, c.direction));
      const HighMatrix exact = exact_high(c.exact, b);
      BOOST_TEST(e.value.allFinite());
      BOOST_TEST(true_error(e.value, exact) <= e.error);
      BOOST_TEST(e.error <= 1e-4 * frobenius(exact));
    }
  }
}

BOOST_AUTO_TEST_CASE(central_difference_rethrows_when_f_is_undefined_at_the_point) {
  Bindings<double> b;
  b.dimensions["n"] = 2;
  b.values["S"] = mat({{-1, 0}, {0, 1}});  // det < 0
  b.values["Z"] = mat({{1, 2}, {2, 4}});   // singular
  b.values["dS"] = mat({{1, 0}, {0, 1}});
  b.values["y"] = col({-1.0, 1.0});
  b.values["dy"] = col({1.0, 1.0});
  for (const auto& [formula, variable, direction] : std::vector<std::array<const char*, 3>>{
           {"logdet(S)", "S", "dS"}, {"inv(Z)", "Z", "dS"}, {"log.(y)", "y", "dy"}}) {
    BOOST_TEST_CONTEXT(formula) {
      const ex::Formula f = ex::parse(formula);
      BOOST_CHECK_EXCEPTION(orc::central_difference(line_of(f, b, variable, direction)),
                            ex::FormulaError, is_domain_error);
    }
  }
}

// Defined at t = 0 only (sqrt(-t²)): every stencil fails, and the last domain error is
// rethrown rather than a made-up derivative returned.
BOOST_AUTO_TEST_CASE(central_difference_rethrows_when_every_stencil_leaves_the_domain) {
  Bindings<double> b;
  b.dimensions["n"] = 2;
  b.values["y"] = col({0.0, 0.0});
  b.values["dy"] = col({1.0, 1.0});
  const ex::Formula f = ex::parse("sqrt.(-y.^2)");
  const auto line = line_of(f, b, "y", "dy");
  BOOST_CHECK_NO_THROW(line(0.0));
  BOOST_CHECK_EXCEPTION(orc::central_difference(line), ex::FormulaError, is_domain_error);
}

// =========================================================================================
// (4) Step scale.
// =========================================================================================

// Large data (|y| ~ 1e4, |dy| ~ 1): F changes on a scale of 1e4 in t. The default step and
// the step scaled by |y| / |dy| are both honest; the scaled one is more accurate (its
// rounding error ~ eps/h is 1e4 times smaller). A nonsensical scale falls back to 1.
BOOST_AUTO_TEST_CASE(central_difference_step_scale) {
  Bindings<double> b;
  b.dimensions["n"] = 3;
  b.values["y"] = col({1e4, 2e4, 3e4});
  b.values["dy"] = col({1.0, -0.5, 2.0});
  const ex::Formula f = ex::parse("sqrt.(y) + sin.(y/1e4)");
  const HighMatrix exact = exact_high("dy ./ (2*sqrt.(y)) + cos.(y/1e4) .* dy / 1e4", b);
  const auto line = line_of(f, b, "y", "dy");
  const orc::Estimate plain = orc::central_difference(line);
  const orc::Estimate scaled = orc::central_difference(line, 1e4);
  BOOST_TEST_MESSAGE("scale 1: error " << relative_error(plain.value, exact) << ", estimate "
                                       << plain.error / frobenius(exact));
  BOOST_TEST_MESSAGE("scale 1e4: error " << relative_error(scaled.value, exact) << ", estimate "
                                         << scaled.error / frobenius(exact));
  BOOST_TEST(true_error(plain.value, exact) <= plain.error);
  BOOST_TEST(true_error(scaled.value, exact) <= scaled.error);
  BOOST_TEST(relative_error(scaled.value, exact) < 1e-12);
  BOOST_TEST(scaled.error <= 1e-11 * frobenius(exact));
  BOOST_TEST(scaled.error < plain.error);
  for (const double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    const orc::Estimate e = orc::central_difference(line, bad);
    BOOST_TEST((e.value - plain.value).cwiseAbs().maxCoeff() == 0.0);
    BOOST_TEST(e.error == plain.error);
  }
}

// =========================================================================================
// (5) Line and plane functions.
// =========================================================================================

namespace {

template <class T>
void check_line_moves_only_its_variables(const Bindings<double>& base_double, const T& t) {
  const Bindings<T> base = ex::convert<T>(base_double);
  const Matrix<T>& X = base.values.at("X");
  const Matrix<T>& dX = base.values.at("dX");
  const Matrix<T>& x = base.values.at("x");
  const Matrix<T>& dx = base.values.at("dx");
  const Matrix<T>& A = base.values.at("A");
  const ex::Formula fx = ex::parse("X");
  const ex::Formula fdx = ex::parse("dX");
  const ex::Formula fa = ex::parse("A");
  const ex::Formula fsmall = ex::parse("x");
  const Directions<T> dirs{{"X", dX}};
  // The moved variable: X + t dX (same operations, so exactly equal).
  const Matrix<T> moved = orc::line_function<T>(fx, base, dirs)(t);
  BOOST_TEST(((moved - (X + t * dX).eval()).cwiseAbs().maxCoeff() == 0.0));
  // Its own direction and the other variables are not moved.
  BOOST_TEST(((orc::line_function<T>(fdx, base, dirs)(t) - dX).cwiseAbs().maxCoeff() == 0.0));
  BOOST_TEST(((orc::line_function<T>(fa, base, dirs)(t) - A).cwiseAbs().maxCoeff() == 0.0));
  BOOST_TEST(((orc::line_function<T>(fsmall, base, dirs)(t) - x).cwiseAbs().maxCoeff() == 0.0));
  // Two variables at once.
  const ex::Formula both = ex::parse("X*x");
  const Matrix<T> two = orc::line_function<T>(both, base, Directions<T>{{"X", dX}, {"x", dx}})(t);
  const Matrix<T> expected = ((X + t * dX) * (x + t * dx)).eval();
  BOOST_TEST(((two - expected).cwiseAbs().maxCoeff() <= 1e-14 * 10.0));
  // t = 0 gives the formula at the point.
  BOOST_TEST(((orc::line_function<T>(fx, base, dirs)(T(0)) - X).cwiseAbs().maxCoeff() == 0.0));
}

}  // namespace

BOOST_AUTO_TEST_CASE(line_function_moves_only_the_given_variables) {
  const Bindings<double> b = random_bindings(5);
  check_line_moves_only_its_variables<double>(b, 0.375);
  check_line_moves_only_its_variables<Complex>(b, Complex(0.25, -0.5));
  check_line_moves_only_its_variables<High>(b, High("0.1"));
}

BOOST_AUTO_TEST_CASE(plane_function_moves_along_both_directions) {
  const HighBindings b = ex::convert<High>(random_bindings(6));
  const HighMatrix& x = b.values.at("x");
  const HighMatrix& u = b.values.at("u");
  const HighMatrix& v = b.values.at("v");
  const HighMatrix& A = b.values.at("A");
  const HighMatrix& V = b.values.at("V");
  const High s("0.3"), t("-0.7");
  const ex::Formula fx = ex::parse("x");
  const auto same =
      orc::plane_function<High>(fx, b, Directions<High>{{"x", u}}, Directions<High>{{"x", v}});
  BOOST_TEST(frobenius(same(s, t) - (x + s * u + t * v)) < 1e-45);
  const ex::Formula fxa = ex::parse("x'*A*x");
  const auto cross =
      orc::plane_function<High>(fxa, b, Directions<High>{{"x", u}}, Directions<High>{{"A", V}});
  const HighMatrix xs = x + s * u;
  const HighMatrix expected = xs.transpose() * (A + t * V) * xs;
  BOOST_TEST(frobenius(cross(s, t) - expected) < 1e-45);
  BOOST_TEST(frobenius(cross(High(0), High(0)) - x.transpose() * A * x) < 1e-45);
}

BOOST_AUTO_TEST_CASE(line_function_copies_its_bindings) {
  Bindings<double> b = random_bindings(8);
  const MD X = b.values.at("X");
  const MD dX = b.values.at("dX");
  const ex::Formula f = ex::parse("X");
  Directions<double> dirs{{"X", dX}};
  const auto line = orc::line_function<double>(f, b, dirs);
  b.values["X"] *= 2.0;
  dirs["X"] *= 3.0;
  BOOST_TEST((line(0.5) - (X + 0.5 * dX)).cwiseAbs().maxCoeff() == 0.0);
}

BOOST_AUTO_TEST_CASE(a_direction_must_name_a_bound_value_of_its_shape) {
  const Bindings<double> b = random_bindings(9);
  const ex::Formula f = ex::parse("X");
  BOOST_CHECK_THROW(orc::line_function<double>(f, b, Directions<double>{{"Y", MD::Zero(kN, kN)}}),
                    grader::InternalError);
  BOOST_CHECK_THROW(orc::line_function<double>(f, b, Directions<double>{{"X", MD::Zero(2, 2)}}),
                    grader::InternalError);
  BOOST_CHECK_THROW(orc::plane_function<double>(f, b, Directions<double>{},
                                                Directions<double>{{"x", MD::Zero(kN, kN)}}),
                    grader::InternalError);
  BOOST_CHECK_NO_THROW(orc::line_function<double>(f, b, Directions<double>{}));
}
