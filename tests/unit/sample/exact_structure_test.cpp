#define BOOST_TEST_MODULE sample_exact_structure
// Every sampled property, and every direction's tangency, holds to 50 digits in the point's
// exact (50-digit) values: the arithmetic that decides verdicts (sample/sampler.hpp).
// The test walks the property table, so that a new property without a residual here fails.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grader/check/trials.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/sample/sampler.hpp"
#include "grader/spec/property.hpp"

namespace sp = grader::spec;
namespace gs = grader::sample;
using grader::expr::High;
using HM = grader::expr::HighMatrix;
using MD = grader::expr::Matrix<double>;
using P = sp::Property;

namespace {

constexpr std::uint64_t kSeed = 0xe8ac7;
constexpr int kSeeds = 200;
const High kBound("1e-45");

High max_abs(const HM& m) {
  return m.size() == 0 ? High(0) : High(m.cwiseAbs().maxCoeff());
}

// The largest entry that `zeros` says is 0.
High zero_residual(const HM& m, sp::Zeros zeros) {
  High worst = 0;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (sp::zero_at(zeros, i, j)) worst = std::max(worst, High(abs(m(i, j))));
    }
  }
  return worst;
}

// How far `x` is from having `property`, in 50 digits: 0 when it has it exactly. Open
// conditions (positive, invertible, full-rank) hold with a margin: 0, or 1 when violated.
// Nothing for a property this test does not know: a new property needs a case here.
std::optional<High> value_residual(P property, const HM& x) {
  const auto violated = [](bool holds) { return holds ? High(0) : High(1); };
  switch (property) {
    case P::symmetric:
      return max_abs(x - x.transpose());
    case P::skew_symmetric:
      return max_abs(x + x.transpose());
    case P::positive_definite: {
      const MD rounded = x.cast<double>();
      const Eigen::SelfAdjointEigenSolver<MD> eig(rounded, Eigen::EigenvaluesOnly);
      return max_abs(x - x.transpose()) + violated(eig.eigenvalues()(0) > 0.1);
    }
    case P::invertible:
    case P::full_rank: {
      const Eigen::JacobiSVD<MD> svd(x.cast<double>());
      const auto& s = svd.singularValues();
      return violated(s(s.size() - 1) > 1e-8 * s(0));
    }
    case P::orthogonal:
      return max_abs(x.transpose() * x - HM::Identity(x.cols(), x.cols()));
    case P::diagonal:
    case P::upper_triangular:
    case P::lower_triangular:
      return zero_residual(x, sp::row(property).zeros);
    case P::positive:
      return violated(x.minCoeff() > 0);
    case P::unit:
      return abs(High(x.array().square().sum()) - 1);
    case P::distinct_eigenvalues:
      return max_abs(x - x.transpose());  // symmetric; its gaps are sampler_test's
  }
  return std::nullopt;
}

// How far `d` is from the tangent space at `x` of `property`'s structure, in 50 digits.
std::optional<High> direction_residual(P property, const HM& x, const HM& d) {
  switch (sp::row(property).structure) {
    case sp::Structure::open:
      return High(0);
    case sp::Structure::symmetric:
      return max_abs(d - d.transpose());
    case sp::Structure::skew:
      return max_abs(d + d.transpose());
    case sp::Structure::orthogonal:
      return max_abs(x.transpose() * d + d.transpose() * x);
    case sp::Structure::zeros:
      return zero_residual(d, sp::row(property).zeros);
    case sp::Structure::unit:
      return abs(High(x.cwiseProduct(d).sum()));
  }
  return std::nullopt;
}

sp::Problem problem_with(P property) {
  const sp::PropertyRow& row = sp::row(property);
  sp::Variable v;
  v.name = "X";
  v.properties = {property};
  if (row.needs_column_vector) {
    v.shape = {{"n", 0}};
  } else if (row.needs_square) {
    v.shape = {{"n", 0}, {"n", 0}};
  } else {
    v.shape = {{"n", 0}, {"m", 0}};
  }
  if (property == P::full_rank) v.shape = {{"m", 0}, {"n", 0}};  // m >= n: tall
  sp::Problem p;
  p.id = fmt::format("exact/{}", row.name);
  p.dims = {{"n", 1, 6}, {"m", 6, 7}};
  p.variables = {v};
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_property_and_direction_holds_to_50_digits) {
  for (const sp::PropertyRow& row : sp::property_table()) {
    BOOST_TEST_CONTEXT(row.name) {
      const sp::Problem p = problem_with(row.property);
      High worst_value = 0;
      High worst_direction = 0;
      for (int trial = 0; trial < kSeeds; ++trial) {
        const gs::Point pt = gs::draw_point(p, kSeed, trial);
        const HM& x = pt.exact.at("X");
        // The double value is the exact one rounded (to double rounding).
        BOOST_TEST_REQUIRE(max_abs(x - pt.values.at("X").cast<High>()) <= High("1e-14"));
        const std::optional<High> value = value_residual(row.property, x);
        if (!value) BOOST_FAIL("no 50-digit residual for a property: add a case");
        worst_value = std::max(worst_value, *value);
        for (const gs::Directions* dirs : {&pt.directions, &pt.directions2}) {
          const HM d = grader::check::to_high(*dirs).at("X");
          BOOST_TEST_REQUIRE(max_abs(d - dirs->at("X").cast<High>()) <= High("1e-14"));
          const std::optional<High> tangent = direction_residual(row.property, x, d);
          if (!tangent) BOOST_FAIL("no 50-digit tangency residual for a structure: add a case");
          worst_direction = std::max(worst_direction, *tangent);
        }
      }
      BOOST_TEST_MESSAGE(row.name << ": worst residual " << worst_value.str(3) << ", direction "
                                  << worst_direction.str(3));
      BOOST_TEST(worst_value < kBound, "value residual " << worst_value);
      BOOST_TEST(worst_direction < kBound, "direction residual " << worst_direction);
    }
  }
}

// Without the exact values, a unit vector and an orthogonal matrix are so only to double
// rounding: the residuals above are not met by casting the doubles (what this fixes).
BOOST_AUTO_TEST_CASE(the_doubles_cast_are_not_exact) {
  for (const P property : {P::unit, P::orthogonal}) {
    const sp::Problem p = problem_with(property);
    High worst = 0;
    for (int trial = 0; trial < 20; ++trial) {
      const gs::Point pt = gs::draw_point(p, kSeed, trial);
      worst = std::max(worst, *value_residual(property, pt.values.at("X").cast<High>()));
    }
    BOOST_TEST(worst > High("1e-20"));
  }
}

// A `value:` is evaluated from the exact point in 50 digits: x*x' of a unit x is a projector
// there, and the lets and references see the exact point through exact_bindings.
BOOST_AUTO_TEST_CASE(values_and_bindings_are_exact) {
  sp::Variable x;
  x.name = "x";
  x.shape = {{"n", 0}};
  x.properties = {P::unit};
  sp::Variable proj;
  proj.name = "P";
  proj.shape = {{"n", 0}, {"n", 0}};
  proj.constant = true;
  proj.value = sp::FormulaText{"x*x'", {"test.yaml", 3, 12}};
  sp::Problem p;
  p.id = "exact/value";
  p.dims = {{"n", 2, 6}};
  p.variables = {x, proj};
  for (int trial = 0; trial < 50; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    const HM& pr = pt.exact.at("P");
    BOOST_TEST_REQUIRE(max_abs(HM(pr * pr) - pr) < kBound);
    const grader::expr::HighBindings b = pt.exact_bindings();
    BOOST_TEST_REQUIRE((b.values.at("x") == pt.exact.at("x")));
    BOOST_TEST_REQUIRE((b.values.at("dx") == pt.directions.exact.at("x")));
    BOOST_TEST_REQUIRE(b.values.count("dP") == 0u);
    BOOST_TEST_REQUIRE(b.dimensions.at("n") == pt.dims.at("n"));
  }
}
