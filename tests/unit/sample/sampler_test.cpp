#define BOOST_TEST_MODULE sample_sampler
#include "grader/sample/sampler.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/expr/parser.hpp"
#include "grader/sample/rng.hpp"

namespace sp = grader::spec;
namespace gs = grader::sample;
using MD = grader::expr::Matrix<double>;
using P = sp::Property;

namespace {

constexpr std::uint64_t kSeed = 0x5eed;
constexpr int kDraws = 1000;

sp::ShapeEntry dim(const char* name) {
  return {name, 0};
}
sp::ShapeEntry fixed(long size) {
  return {"", size};
}

sp::Variable var(std::string name, std::vector<sp::ShapeEntry> shape,
                 std::vector<P> properties = {}) {
  sp::Variable v;
  v.name = std::move(name);
  v.shape = std::move(shape);
  v.properties = std::move(properties);
  return v;
}

sp::Variable value_var(std::string name, std::vector<sp::ShapeEntry> shape, std::string formula) {
  sp::Variable v = var(std::move(name), std::move(shape));
  v.value = sp::FormulaText{std::move(formula), {"test.yaml", 3, 12}};
  v.constant = true;
  return v;
}

sp::FormulaText text(std::string formula) {
  return {std::move(formula), {"test.yaml", 7, 5}};
}

sp::Problem make_problem(std::vector<sp::DimRange> dims, std::vector<sp::Variable> variables,
                         std::string id = "test/problem") {
  sp::Problem p;
  p.id = std::move(id);
  p.file = "test.yaml";
  p.dims = std::move(dims);
  p.variables = std::move(variables);
  return p;
}

double condition(const MD& m) {
  const Eigen::JacobiSVD<MD> svd(m);
  const auto& s = svd.singularValues();
  return s(0) / s(s.size() - 1);
}

double eigen_gap(const MD& s) {
  const Eigen::SelfAdjointEigenSolver<MD> eig(s, Eigen::EigenvaluesOnly);
  const auto& l = eig.eigenvalues();
  double gap = INFINITY;
  for (Eigen::Index i = 0; i + 1 < l.size(); ++i) gap = std::min(gap, l(i + 1) - l(i));
  return gap / l.cwiseAbs().maxCoeff();
}

double max_abs(const MD& m) {
  return m.size() == 0 ? 0.0 : m.cwiseAbs().maxCoeff();
}

bool bit_identical(const gs::Point& a, const gs::Point& b) {
  return a.dims == b.dims && a.values == b.values && a.directions == b.directions &&
         a.directions2 == b.directions2 && a.condition == b.condition &&
         a.eigen_gap == b.eigen_gap && a.attempts == b.attempts && a.seed == b.seed;
}

bool zero_outside(const MD& m, bool diagonal, bool upper, bool lower) {
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      const bool outside = (diagonal && i != j) || (upper && i > j) || (lower && i < j);
      if (outside && m(i, j) != 0.0) return false;
    }
  }
  return true;
}

// One variable of each property (and plain ones), on dims that include the 1×1 edge case.
sp::Problem all_properties_problem() {
  sp::Variable ranged = var("R", {dim("n"), dim("m")});
  ranged.range = std::pair{-3.0, -2.0};
  sp::Variable c = var("C", {dim("n"), dim("n")});
  c.constant = true;
  return make_problem({{"n", 1, 6}, {"m", 1, 6}},
                      {var("G", {dim("n"), dim("n")}),
                       var("S", {dim("n"), dim("n")}, {P::symmetric}),
                       var("K", {dim("n"), dim("n")}, {P::skew_symmetric}),
                       var("PD", {dim("n"), dim("n")}, {P::symmetric, P::positive_definite}),
                       var("Pd", {dim("n"), dim("n")}, {P::positive_definite}),
                       var("DP", {dim("n"), dim("n")}, {P::diagonal, P::positive_definite}),
                       var("Q", {dim("n"), dim("n")}, {P::orthogonal}),
                       var("D", {dim("n"), dim("n")}, {P::diagonal}),
                       var("U", {dim("n"), dim("n")}, {P::upper_triangular}),
                       var("L", {dim("n"), dim("n")}, {P::lower_triangular}),
                       var("Pos", {dim("n"), dim("m")}, {P::positive}),
                       var("u", {dim("n")}, {P::unit}),
                       var("E", {dim("n"), dim("n")}, {P::distinct_eigenvalues}),
                       var("A", {dim("n"), dim("n")}, {P::invertible}),
                       var("W", {dim("n"), dim("m")}, {P::full_rank}),
                       var("F", {fixed(3), fixed(3)}),
                       var("x", {dim("m")}),
                       var("s", {}),
                       ranged,
                       c});
}

}  // namespace

// ----------------------------------------------------------------------------------------
// Determinism and streams

BOOST_AUTO_TEST_CASE(same_arguments_give_a_bit_identical_point) {
  const sp::Problem p = all_properties_problem();
  for (int trial = 0; trial < 20; ++trial) {
    const gs::Point a = gs::draw_point(p, kSeed, trial);
    const gs::Point b = gs::draw_point(p, kSeed, trial);
    BOOST_TEST(bit_identical(a, b));
  }
}

BOOST_AUTO_TEST_CASE(trial_seed_is_derived_from_problem_seed_and_trial) {
  const sp::Problem p = make_problem({{"n", 2, 4}}, {var("x", {dim("n")})});
  for (int trial = 0; trial < 5; ++trial) {
    BOOST_TEST(gs::draw_point(p, kSeed, trial).seed ==
               gs::derive_seed(kSeed, std::uint64_t(trial)));
  }
}

BOOST_AUTO_TEST_CASE(documented_stream_layout_reproduces_a_generic_draw) {
  // Attempt 0 of trial 3; the variable's stream is labelled "value:" + its name; entries are
  // uniform in [-1, 1] in column-major order.
  const sp::Problem p = make_problem({}, {var("X", {fixed(2), fixed(3)})});
  const gs::Point point = gs::draw_point(p, kSeed, 3);
  const std::uint64_t attempt =
      gs::derive_seed(gs::derive_seed(kSeed, std::uint64_t{3}), std::uint64_t{0});
  gs::Rng rng(gs::derive_seed(attempt, "value:X"));
  const MD& x = point.values.at("X");
  for (Eigen::Index j = 0; j < 3; ++j) {
    for (Eigen::Index i = 0; i < 2; ++i) BOOST_TEST(x(i, j) == rng.uniform(-1.0, 1.0));
  }
}

BOOST_AUTO_TEST_CASE(different_trials_and_problem_seeds_differ) {
  const sp::Problem p = make_problem({{"n", 3, 3}}, {var("X", {dim("n"), dim("n")})});
  std::set<double> first_entries;
  for (int trial = 0; trial < 100; ++trial) {
    first_entries.insert(gs::draw_point(p, kSeed, trial).values.at("X")(0, 0));
  }
  BOOST_TEST(first_entries.size() == 100u);
  const gs::Point a = gs::draw_point(p, gs::derive_seed(kSeed, "lecture01/a"), 0);
  const gs::Point b = gs::draw_point(p, gs::derive_seed(kSeed, "lecture01/b"), 0);
  BOOST_TEST((a.values.at("X") - b.values.at("X")).cwiseAbs().minCoeff() > 0.0);
  BOOST_TEST(a.seed != b.seed);
}

BOOST_AUTO_TEST_CASE(one_problems_draws_do_not_depend_on_another) {
  const sp::Problem p = make_problem({{"n", 2, 5}}, {var("X", {dim("n"), dim("n")})}, "a");
  const sp::Problem q = all_properties_problem();
  const std::uint64_t seed_p = gs::derive_seed(kSeed, p.id);
  const gs::Point before = gs::draw_point(p, seed_p, 4);
  for (int trial = 0; trial < 10; ++trial) gs::draw_point(q, gs::derive_seed(kSeed, q.id), trial);
  BOOST_TEST(bit_identical(before, gs::draw_point(p, seed_p, 4)));
}

BOOST_AUTO_TEST_CASE(adding_a_variable_or_require_keeps_the_other_draws) {
  sp::Problem p =
      make_problem({{"n", 3, 3}}, {var("X", {dim("n"), dim("n")}), var("y", {dim("n")})});
  sp::Problem q = p;
  q.variables.insert(q.variables.begin(), var("Z", {dim("n"), dim("n")}, {P::orthogonal}));
  q.require.push_back(text("1"));
  for (int trial = 0; trial < 10; ++trial) {
    const gs::Point a = gs::draw_point(p, kSeed, trial);
    const gs::Point b = gs::draw_point(q, kSeed, trial);
    BOOST_TEST((a.values.at("X") == b.values.at("X")));
    BOOST_TEST((a.values.at("y") == b.values.at("y")));
    BOOST_TEST((a.directions.at("X") == b.directions.at("X")));
  }
}

BOOST_AUTO_TEST_CASE(redraws_are_deterministic_and_counted) {
  const sp::Problem p = make_problem({{"n", 2, 2}}, {var("x", {dim("n")})});
  std::vector<MD> seen;
  const gs::PointFilter reject_twice = [&](const gs::Point& point) -> std::optional<gs::Redraw> {
    seen.push_back(point.values.at("x"));
    if (seen.size() <= 2)
      return gs::Redraw{gs::Redraw::Cause::undefined, fmt::format("not yet {}", seen.size()),
                        "fix"};
    return std::nullopt;
  };
  const gs::Point a = gs::draw_point(p, kSeed, 1, reject_twice);
  BOOST_TEST(a.attempts == 3);
  // Each rejected attempt is recorded, in order, with its cause.
  BOOST_TEST_REQUIRE(a.redraws.size() == 2u);
  BOOST_TEST(a.redraws[0].reason == "not yet 1");
  BOOST_TEST(a.redraws[1].reason == "not yet 2");
  BOOST_TEST((a.redraws[1].cause == gs::Redraw::Cause::undefined));
  BOOST_TEST(seen.size() == 3u);
  BOOST_TEST((seen[0] != seen[1]));
  BOOST_TEST((seen[1] != seen[2]));
  BOOST_TEST((a.values.at("x") == seen[2]));
  BOOST_TEST(a.seed == gs::derive_seed(kSeed, std::uint64_t{1}));
  // The same rejections give the same point; attempt 0 is the unfiltered draw.
  seen.clear();
  BOOST_TEST(bit_identical(a, gs::draw_point(p, kSeed, 1, reject_twice)));
  BOOST_TEST((gs::draw_point(p, kSeed, 1).values.at("x") == seen[0]));
  BOOST_TEST(gs::draw_point(p, kSeed, 1).attempts == 1);
}

// ----------------------------------------------------------------------------------------
// Properties, each on 1,000 draws

BOOST_AUTO_TEST_CASE(every_property_holds_on_1000_draws) {
  const sp::Problem p = all_properties_problem();
  int positive_q00 = 0;
  std::set<long> ns;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    const long n = pt.dims.at("n");
    const long m = pt.dims.at("m");
    ns.insert(n);
    BOOST_TEST_REQUIRE(n != m);
    const MD I = MD::Identity(n, n);
    const auto& v = pt.values;
    BOOST_TEST_REQUIRE(v.size() == p.variables.size());
    for (const auto& variable : p.variables) {
      const long rows = variable.shape.empty()           ? 1
                        : variable.shape[0].name.empty() ? variable.shape[0].size
                                                         : pt.dims.at(variable.shape[0].name);
      const long cols = variable.shape.size() < 2        ? 1
                        : variable.shape[1].name.empty() ? variable.shape[1].size
                                                         : pt.dims.at(variable.shape[1].name);
      BOOST_TEST_REQUIRE(v.at(variable.name).rows() == rows);
      BOOST_TEST_REQUIRE(v.at(variable.name).cols() == cols);
    }
    // generic entries in [-1, 1]
    for (const char* name : {"G", "F", "x", "s", "C"}) {
      BOOST_TEST_REQUIRE(max_abs(v.at(name)) <= 1.0);
    }
    BOOST_TEST_REQUIRE((v.at("S") == v.at("S").transpose()));
    BOOST_TEST_REQUIRE((v.at("K") == (-v.at("K").transpose()).eval()));
    for (const char* name : {"PD", "Pd", "DP"}) {
      const MD& a = v.at(name);
      BOOST_TEST_REQUIRE((a == a.transpose()));
      const Eigen::SelfAdjointEigenSolver<MD> eig(a, Eigen::EigenvaluesOnly);
      BOOST_TEST_REQUIRE(eig.eigenvalues()(0) > 0.0);
      BOOST_TEST_REQUIRE(eig.eigenvalues()(0) >= 0.5 - 1e-12);
      BOOST_TEST_REQUIRE(eig.eigenvalues()(n - 1) <= 2.0 + 1e-12);
    }
    const MD& q = v.at("Q");
    BOOST_TEST_REQUIRE(max_abs(q.transpose() * q - I) <= 1e-12);
    BOOST_TEST_REQUIRE(max_abs(q * q.transpose() - I) <= 1e-12);
    positive_q00 += q(0, 0) > 0 ? 1 : 0;
    BOOST_TEST_REQUIRE(zero_outside(v.at("D"), true, false, false));
    BOOST_TEST_REQUIRE(zero_outside(v.at("DP"), true, false, false));
    BOOST_TEST_REQUIRE(zero_outside(v.at("U"), false, true, false));
    BOOST_TEST_REQUIRE(zero_outside(v.at("L"), false, false, true));
    BOOST_TEST_REQUIRE(v.at("D").diagonal().cwiseAbs().minCoeff() > 0.0);
    if (n > 1) {
      BOOST_TEST_REQUIRE(v.at("Pd")(1, 0) != 0.0);  // rotated, not diagonal
      BOOST_TEST_REQUIRE(v.at("U")(0, n - 1) != 0.0);
      BOOST_TEST_REQUIRE(v.at("L")(n - 1, 0) != 0.0);
    }
    BOOST_TEST_REQUIRE(v.at("Pos").minCoeff() >= 0.5);
    BOOST_TEST_REQUIRE(v.at("Pos").maxCoeff() <= 2.0);
    BOOST_TEST_REQUIRE(std::abs(v.at("u").norm() - 1.0) <= 1e-12);
    BOOST_TEST_REQUIRE(v.at("R").minCoeff() >= -3.0);
    BOOST_TEST_REQUIRE(v.at("R").maxCoeff() <= -2.0);
    const MD& e = v.at("E");
    BOOST_TEST_REQUIRE((e == e.transpose()));
    // Condition numbers of the square variables (skew-symmetric K is exempt).
    double worst = 1.0;
    for (const char* name : {"G", "S", "PD", "Pd", "DP", "Q", "D", "U", "L", "E", "A", "F", "C"}) {
      const double c = condition(v.at(name));
      BOOST_TEST_REQUIRE(c <= p.check.max_condition);
      worst = std::max(worst, c);
    }
    BOOST_TEST_REQUIRE(std::abs(pt.condition - worst) <= 1e-9 * worst);
    BOOST_TEST_REQUIRE(condition(v.at("W")) <= p.check.max_condition);
    if (n > 1) {
      const double gap = eigen_gap(e);
      BOOST_TEST_REQUIRE(gap >= p.check.min_eigen_gap);
      BOOST_TEST_REQUIRE(std::abs(pt.eigen_gap - gap) <= 1e-9);
    } else {
      BOOST_TEST_REQUIRE(pt.eigen_gap == 0.0);
    }
  }
  BOOST_TEST(ns.size() == 6u);
  // Column signs are fixed so that Q is Haar: Q(0,0) is positive half the time (a plain
  // Householder Q has Q(0,0) of one sign only).
  BOOST_TEST(positive_q00 > 430);
  BOOST_TEST(positive_q00 < 570);
}

BOOST_AUTO_TEST_CASE(tight_condition_and_gap_bounds_are_enforced) {
  sp::Problem p = make_problem(
      {{"n", 2, 4}, {"m", 2, 4}},
      {var("G", {dim("n"), dim("n")}), var("A", {dim("n"), dim("n")}, {P::invertible}),
       var("W", {dim("n"), dim("m")}, {P::full_rank}),
       var("E", {dim("n"), dim("n")}, {P::distinct_eigenvalues}), var("V", {dim("n"), dim("m")})});
  p.check.max_condition = 15;
  p.check.min_eigen_gap = 0.2;
  p.check.max_redraws = 100000;
  int redrawn = 0;
  bool rectangular_worse = false;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    redrawn += pt.attempts > 1 ? 1 : 0;
    const double cg = condition(pt.values.at("G"));
    const double ca = condition(pt.values.at("A"));
    const double ce = condition(pt.values.at("E"));
    BOOST_TEST_REQUIRE(cg <= 15.0);
    BOOST_TEST_REQUIRE(ca <= 15.0);
    BOOST_TEST_REQUIRE(ce <= 15.0);
    BOOST_TEST_REQUIRE(condition(pt.values.at("W")) <= 15.0);
    BOOST_TEST_REQUIRE(eigen_gap(pt.values.at("E")) >= 0.2);
    BOOST_TEST_REQUIRE(pt.eigen_gap >= 0.2);
    BOOST_TEST_REQUIRE(std::abs(pt.condition - std::max({cg, ca, ce})) <= 1e-9 * pt.condition);
    // A generic rectangular matrix is not constrained.
    rectangular_worse = rectangular_worse || condition(pt.values.at("V")) > 15.0;
  }
  BOOST_TEST(redrawn > 100);
  BOOST_TEST(rectangular_worse);
}

BOOST_AUTO_TEST_CASE(skew_symmetric_matrices_are_conditioned_only_if_invertible) {
  // Odd sizes are singular; even ones are not conditioned unless declared invertible.
  sp::Problem p =
      make_problem({{"n", 3, 4}}, {var("K", {dim("n"), dim("n")}, {P::skew_symmetric})});
  p.check.max_condition = 1.2;
  p.check.max_redraws = 0;
  bool ill_conditioned_even = false;
  for (int trial = 0; trial < 200; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.attempts == 1);
    BOOST_TEST_REQUIRE(pt.condition == 1.0);  // no conditioned square matrix
    if (pt.dims.at("n") == 4) ill_conditioned_even |= condition(pt.values.at("K")) > 1.2;
  }
  BOOST_TEST(ill_conditioned_even);
  sp::Problem q = make_problem(
      {{"n", 4, 4}}, {var("K", {dim("n"), dim("n")}, {P::skew_symmetric, P::invertible})});
  q.check.max_condition = 2.0;
  q.check.max_redraws = 10000;
  for (int trial = 0; trial < 200; ++trial) {
    const gs::Point pt = gs::draw_point(q, kSeed, trial);
    const double c = condition(pt.values.at("K"));
    BOOST_TEST_REQUIRE(c <= 2.0);
    BOOST_TEST_REQUIRE(std::abs(pt.condition - c) <= 1e-9);
  }
}

BOOST_AUTO_TEST_CASE(positive_with_a_range_uses_the_range) {
  sp::Variable v = var("x", {fixed(4)}, {P::positive});
  v.range = std::pair{3.0, 4.0};
  const sp::Problem p = make_problem({}, {v});
  for (int trial = 0; trial < kDraws; ++trial) {
    const MD x = gs::draw_point(p, kSeed, trial).values.at("x");
    BOOST_TEST_REQUIRE(x.minCoeff() >= 3.0);
    BOOST_TEST_REQUIRE(x.maxCoeff() <= 4.0);
  }
}

BOOST_AUTO_TEST_CASE(generic_entries_are_centred_uniform) {
  const sp::Problem p = make_problem({}, {var("X", {fixed(4), fixed(5)})});
  double sum = 0;
  double sum2 = 0;
  int count = 0;
  for (int trial = 0; trial < kDraws; ++trial) {
    const MD x = gs::draw_point(p, kSeed, trial).values.at("X");
    sum += x.sum();
    sum2 += x.squaredNorm();
    count += static_cast<int>(x.size());
  }
  BOOST_TEST(std::abs(sum / count) < 0.02);
  BOOST_TEST(std::abs(sum2 / count - 1.0 / 3.0) < 0.02);
}

BOOST_AUTO_TEST_CASE(contradictory_properties_end_in_a_sampling_error) {
  sp::Problem p =
      make_problem({{"n", 3, 3}}, {var("Q", {dim("n"), dim("n")}, {P::orthogonal, P::positive})});
  p.check.max_redraws = 5;
  BOOST_CHECK_EXCEPTION(
      gs::draw_point(p, kSeed, 0), gs::SamplingError, [](const gs::SamplingError& e) {
        return std::string(e.what()).find("'Q' is not positive") != std::string::npos;
      });
}

// ----------------------------------------------------------------------------------------
// Directions

BOOST_AUTO_TEST_CASE(directions_respect_structure_on_1000_draws) {
  const sp::Problem p = all_properties_problem();
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.directions.size() == p.variables.size() - 1);  // all but constant C
    BOOST_TEST_REQUIRE(pt.directions2.size() == p.variables.size() - 1);
    BOOST_TEST_REQUIRE(pt.directions.count("C") == 0u);
    for (const auto* dirs : {&pt.directions, &pt.directions2}) {
      const auto& d = *dirs;
      const auto& v = pt.values;
      for (const auto& [name, dx] : d) {
        BOOST_TEST_REQUIRE(dx.rows() == v.at(name).rows());
        BOOST_TEST_REQUIRE(dx.cols() == v.at(name).cols());
        BOOST_TEST_REQUIRE(max_abs(dx) <= 3.0);  // O(1)
      }
      for (const char* name : {"G", "F", "x", "Pos", "A", "W", "R"}) {
        BOOST_TEST_REQUIRE(max_abs(d.at(name)) <= 1.0);
      }
      for (const char* name : {"S", "PD", "Pd", "E"})
        BOOST_TEST_REQUIRE((d.at(name) == d.at(name).transpose()));
      BOOST_TEST_REQUIRE((d.at("K") == (-d.at("K").transpose()).eval()));
      const MD& q = v.at("Q");
      const MD& dq = d.at("Q");
      BOOST_TEST_REQUIRE(max_abs(q.transpose() * dq + dq.transpose() * q) <= 1e-12);
      BOOST_TEST_REQUIRE(std::abs((v.at("u").transpose() * d.at("u"))(0, 0)) <= 1e-12);
      BOOST_TEST_REQUIRE(zero_outside(d.at("D"), true, false, false));
      BOOST_TEST_REQUIRE(zero_outside(d.at("U"), false, true, false));
      BOOST_TEST_REQUIRE(zero_outside(d.at("L"), false, false, true));
      const double ds = d.at("s")(0, 0);
      BOOST_TEST_REQUIRE(std::abs(ds) >= 0.1);
      BOOST_TEST_REQUIRE(std::abs(ds) <= 1.0);
    }
    BOOST_TEST_REQUIRE((pt.directions.at("G") != pt.directions2.at("G")));
    BOOST_TEST_REQUIRE((pt.directions.at("s") != pt.directions2.at("s")));
  }
}

BOOST_AUTO_TEST_CASE(directions_are_not_degenerate) {
  // Tangent directions are generic inside their space: not zero, and for orthogonal Q the
  // direction is not itself orthogonal-structured trivially (Q'dQ is a nonzero skew matrix).
  const sp::Problem p =
      make_problem({{"n", 4, 4}}, {var("Q", {dim("n"), dim("n")}, {P::orthogonal}),
                                   var("u", {dim("n")}, {P::unit}),
                                   var("K", {dim("n"), dim("n")}, {P::skew_symmetric})});
  for (int trial = 0; trial < 100; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(max_abs(pt.values.at("Q").transpose() * pt.directions.at("Q")) > 0.01);
    BOOST_TEST_REQUIRE(pt.directions.at("u").norm() > 0.01);
    BOOST_TEST_REQUIRE(max_abs(pt.directions.at("K")) > 0.01);
  }
}

BOOST_AUTO_TEST_CASE(wrt_restricts_the_directions) {
  sp::Problem p = make_problem(
      {{"n", 2, 3}}, {var("X", {dim("n"), dim("n")}), var("y", {dim("n")}), var("z", {})});
  p.answer.wrt = {"y"};
  BOOST_TEST((gs::varied_variables(p) == std::vector<std::string>{"y"}));
  const gs::Point pt = gs::draw_point(p, kSeed, 0);
  BOOST_TEST(pt.directions.size() == 1u);
  BOOST_TEST(pt.directions.count("y") == 1u);
  BOOST_TEST(pt.directions2.size() == 1u);
  p.answer.wrt.clear();
  p.variables[0].constant = true;
  BOOST_TEST((gs::varied_variables(p) == std::vector<std::string>{"y", "z"}));
  const gs::Point all = gs::draw_point(p, kSeed, 0);
  BOOST_TEST(all.directions.size() == 2u);
  BOOST_TEST(all.directions.count("X") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_wrt_is_an_input_error) {
  sp::Problem p = make_problem({}, {var("x", {fixed(2)})});
  p.answer.wrt = {"y"};
  BOOST_CHECK_THROW(gs::draw_point(p, kSeed, 0), grader::InputError);
}

// ----------------------------------------------------------------------------------------
// Dimensions

BOOST_AUTO_TEST_CASE(distinct_dimensions_never_coincide) {
  const sp::Problem p = make_problem({{"n", 2, 5}, {"m", 2, 5}, {"k", 1, 3}},
                                     {var("X", {dim("n"), dim("m")}), var("y", {dim("k")})});
  std::map<std::string, std::set<long>> seen;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    const long n = pt.dims.at("n");
    const long m = pt.dims.at("m");
    const long k = pt.dims.at("k");
    BOOST_TEST_REQUIRE(n != m);
    BOOST_TEST_REQUIRE(n != k);
    BOOST_TEST_REQUIRE(m != k);
    BOOST_TEST_REQUIRE((n >= 2 && n <= 5 && m >= 2 && m <= 5 && k >= 1 && k <= 3));
    for (const auto& [name, value] : pt.dims) seen[name].insert(value);
    BOOST_TEST_REQUIRE((pt.values.at("X").rows() == n));
    BOOST_TEST_REQUIRE((pt.values.at("X").cols() == m));
  }
  BOOST_TEST(seen["n"].size() == 4u);
  BOOST_TEST(seen["m"].size() == 4u);
  BOOST_TEST(seen["k"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(tight_ranges_are_matched_so_all_stay_distinct) {
  // n, m in [2, 3] take 2 and 3, so k in [2, 4] must be 4, whatever order they are drawn in.
  const sp::Problem p = make_problem({{"k", 2, 4}, {"n", 2, 3}, {"m", 2, 3}}, {});
  std::set<long> ns;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE((pt.dims.at("k") == 4));
    BOOST_TEST_REQUIRE((pt.dims.at("n") + pt.dims.at("m") == 5));
    ns.insert(pt.dims.at("n"));
  }
  BOOST_TEST(ns.size() == 2u);
}

BOOST_AUTO_TEST_CASE(dimensions_may_coincide_when_ranges_force_it) {
  const sp::Problem p = make_problem({{"n", 3, 3}, {"m", 3, 3}, {"k", 3, 4}}, {});
  for (int trial = 0; trial < 100; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE((pt.dims.at("n") == 3));
    BOOST_TEST_REQUIRE((pt.dims.at("m") == 3));
    BOOST_TEST_REQUIRE(pt.dims.at("k") == 4);  // still avoids the value already taken
  }
}

BOOST_AUTO_TEST_CASE(bad_dimensions_and_shapes_are_input_errors) {
  BOOST_CHECK_THROW(gs::draw_point(make_problem({{"n", 4, 2}}, {}), kSeed, 0), grader::InputError);
  BOOST_CHECK_THROW(gs::draw_point(make_problem({{"n", 2, 3}}, {var("X", {dim("m")})}), kSeed, 0),
                    grader::InputError);
  BOOST_CHECK_THROW(gs::draw_point(make_problem({{"n", 2, 2}, {"m", 3, 3}},
                                                {var("S", {dim("n"), dim("m")}, {P::symmetric})}),
                                   kSeed, 0),
                    grader::InputError);
}

// ----------------------------------------------------------------------------------------
// value: variables

BOOST_AUTO_TEST_CASE(value_variables_are_evaluated_in_order) {
  const sp::Problem p =
      make_problem({{"n", 2, 4}},
                   {var("x", {dim("n")}), value_var("y", {dim("n")}, "2*x"),
                    value_var("z", {}, "y'*y + n"), value_var("J", {dim("n"), dim("n")}, "I(n)")});
  for (int trial = 0; trial < 100; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    const MD& x = pt.values.at("x");
    const long n = pt.dims.at("n");
    BOOST_TEST_REQUIRE((pt.values.at("y") == (2.0 * x).eval()));
    BOOST_TEST_REQUIRE(std::abs(pt.values.at("z")(0, 0) - (4.0 * x.squaredNorm() + n)) <= 1e-12);
    BOOST_TEST_REQUIRE((pt.values.at("J") == MD::Identity(n, n)));
    BOOST_TEST_REQUIRE(pt.directions.count("y") == 0u);  // constant
  }
}

BOOST_AUTO_TEST_CASE(a_domain_error_in_a_value_means_redraw) {
  const sp::Problem p = make_problem({}, {var("s", {}), value_var("l", {}, "log(s)")});
  int redrawn = 0;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.values.at("s")(0, 0) > 0.0);
    BOOST_TEST_REQUIRE(pt.values.at("l")(0, 0) == std::log(pt.values.at("s")(0, 0)));
    redrawn += pt.attempts > 1 ? 1 : 0;
  }
  BOOST_TEST(redrawn > 300);
}

BOOST_AUTO_TEST_CASE(value_errors_that_no_redraw_fixes_are_thrown) {
  // Wrong shape for its declaration.
  BOOST_CHECK_THROW(
      gs::draw_point(make_problem({}, {var("x", {fixed(2)}), value_var("y", {}, "x")}), kSeed, 0),
      grader::InputError);
  // A name error (uses a later variable's name that is not bound).
  BOOST_CHECK_EXCEPTION(
      gs::draw_point(make_problem({}, {value_var("y", {}, "w + 1"), value_var("w", {}, "1")}),
                     kSeed, 0),
      grader::expr::FormulaError, [](const grader::expr::FormulaError& e) {
        return e.kind() == grader::expr::ErrorKind::name;
      });
  // A syntax error points into the spec file.
  BOOST_CHECK_EXCEPTION(gs::draw_point(make_problem({}, {value_var("y", {}, "1 +")}), kSeed, 0),
                        grader::expr::FormulaError, [](const grader::expr::FormulaError& e) {
                          return e.kind() == grader::expr::ErrorKind::syntax &&
                                 e.source().name() == "test.yaml" &&
                                 e.source().position(0).line == 3 &&
                                 e.source().position(0).column == 12;
                        });
}

// ----------------------------------------------------------------------------------------
// require: and the filter

BOOST_AUTO_TEST_CASE(require_redraws_until_positive) {
  sp::Problem p =
      make_problem({{"n", 2, 4}}, {var("x", {dim("n")}), var("A", {dim("n"), dim("n")})});
  p.require = {text("x[1]"), text("det(A)")};
  int redrawn = 0;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.values.at("x")(0, 0) > 0.0);
    BOOST_TEST_REQUIRE(pt.values.at("A").determinant() > 0.0);
    redrawn += pt.attempts > 1 ? 1 : 0;
  }
  BOOST_TEST(redrawn > 500);  // 3 in 4 first draws fail one of the two
}

BOOST_AUTO_TEST_CASE(require_with_a_domain_error_means_redraw) {
  sp::Problem p = make_problem({}, {var("s", {})});
  p.require = {text("log(s) + 100")};
  for (int trial = 0; trial < kDraws; ++trial) {
    BOOST_TEST_REQUIRE(gs::draw_point(p, kSeed, trial).values.at("s")(0, 0) > 0.0);
  }
}

BOOST_AUTO_TEST_CASE(require_sees_dims_and_value_variables) {
  sp::Problem p = make_problem({{"n", 2, 6}}, {var("s", {}), value_var("t", {}, "s - 0.5")});
  p.require = {text("n - 4"), text("t")};
  for (int trial = 0; trial < 200; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.dims.at("n") > 4);  // dims are redrawn too
    BOOST_TEST_REQUIRE(pt.values.at("s")(0, 0) > 0.5);
  }
}

BOOST_AUTO_TEST_CASE(require_may_use_lets_and_a_let_domain_error_means_redraw) {
  sp::Problem p = make_problem({{"n", 2, 3}}, {var("x", {dim("n")}), var("s", {})});
  p.lets = {{"v", text("x[1] - 0.5")}, {"w", text("2*v")}, {"l", text("log(s)")}};
  p.require = {text("w")};
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.values.at("x")(0, 0) > 0.5);
    BOOST_TEST_REQUIRE(pt.values.at("s")(0, 0) > 0.0);
    BOOST_TEST_REQUIRE(pt.values.size() == 2u);  // lets are not part of the point
  }
  p.require.clear();
  p.lets = {{"l", text("log(-1 - s^2)")}};
  p.check.max_redraws = 2;
  BOOST_CHECK_EXCEPTION(
      gs::draw_point(p, kSeed, 0), gs::SamplingError, [](const gs::SamplingError& e) {
        return std::string(e.what()).find("last rejection: let 'l': ") != std::string::npos;
      });
}

// Each redraw keeps its cause: validate fails a spec on the `undefined` ones, with the fix.
BOOST_AUTO_TEST_CASE(redraws_record_their_cause_and_the_fix_of_an_undefined_let) {
  sp::Problem p = make_problem({{"n", 2, 3}}, {var("S", {dim("n"), dim("n")}), var("s", {})});
  p.lets = {{"L", text("logdet(S)")}};
  p.require = {text("s")};
  int undefined = 0;
  int required = 0;
  for (int trial = 0; trial < 200; ++trial) {
    for (const gs::Redraw& r : gs::draw_point(p, kSeed, trial).redraws) {
      if (r.cause == gs::Redraw::Cause::undefined) {
        ++undefined;
        BOOST_TEST_REQUIRE(r.reason.rfind("let 'L': logdet of a ", 0) == 0u, r.reason);
        BOOST_TEST_REQUIRE(r.fix ==
                           "log det needs det(S) > 0 at every point: declare S positive-definite");
      } else {
        BOOST_TEST_REQUIRE((r.cause == gs::Redraw::Cause::require));
        BOOST_TEST_REQUIRE(r.reason.rfind("require 's' is ", 0) == 0u, r.reason);
        BOOST_TEST_REQUIRE(r.fix.empty());
        ++required;
      }
    }
  }
  BOOST_TEST(undefined > 50);  // det S < 0 about half the time
  BOOST_TEST(required > 50);   // s <= 0 about half the time
}

BOOST_AUTO_TEST_CASE(filter_redraws_and_sees_the_whole_candidate) {
  const sp::Problem p = make_problem({{"n", 3, 3}}, {var("x", {dim("n")})});
  int calls = 0;
  const gs::PointFilter filter = [&](const gs::Point& pt) -> std::optional<gs::Redraw> {
    ++calls;
    BOOST_TEST_REQUIRE(pt.directions.count("x") == 1u);
    BOOST_TEST_REQUIRE(pt.dims.count("n") == 1u);
    if (pt.values.at("x").sum() < 0.0)
      return gs::Redraw{gs::Redraw::Cause::undefined, "reference undefined", {}};
    return std::nullopt;
  };
  int total_attempts = 0;
  for (int trial = 0; trial < kDraws; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial, filter);
    BOOST_TEST_REQUIRE(pt.values.at("x").sum() >= 0.0);
    total_attempts += pt.attempts;
  }
  BOOST_TEST(calls == total_attempts);
  BOOST_TEST(total_attempts > 1500);
}

BOOST_AUTO_TEST_CASE(sampling_error_after_max_redraws_names_attempts_and_last_reason) {
  sp::Problem p = make_problem({}, {var("x", {fixed(2)})}, "lecture01/xax");
  p.check.max_redraws = 3;  // 1 draw + 3 redraws
  p.require = {text("-1")};
  try {
    gs::draw_point(p, kSeed, 2);
    BOOST_FAIL("no SamplingError");
  } catch (const gs::SamplingError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "problem 'lecture01/xax', trial 2: no usable point in 4 attempts "
               "(check.max_redraws = 3); last rejection: require '-1' is -1 (must be positive)");
    BOOST_TEST(static_cast<int>(e.exit_code()) == static_cast<int>(grader::ExitCode::bad_input));
  }
  p.require.clear();
  int calls = 0;
  const gs::PointFilter filter = [&](const gs::Point&) -> std::optional<gs::Redraw> {
    return gs::Redraw{gs::Redraw::Cause::undefined,
                      "reference undefined (call " + std::to_string(++calls) + ")",
                      "declare x positive"};
  };
  try {
    gs::draw_point(p, kSeed, 0, filter);
    BOOST_FAIL("no SamplingError");
  } catch (const gs::SamplingError& e) {
    // The last rejection comes with its fix.
    BOOST_TEST(std::string(e.what()) ==
               "problem 'lecture01/xax', trial 0: no usable point in 4 attempts "
               "(check.max_redraws = 3); last rejection: reference undefined (call 4) (declare "
               "x positive)");
  }
  BOOST_TEST(calls == 4);
}

BOOST_AUTO_TEST_CASE(sampling_error_messages_for_other_rejections) {
  sp::Problem p = make_problem({}, {var("x", {fixed(2)}), var("s", {})}, "p");
  p.check.max_redraws = 0;
  p.require = {text("x")};
  try {
    gs::draw_point(p, kSeed, 0);
    BOOST_FAIL("no SamplingError");
  } catch (const gs::SamplingError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "problem 'p', trial 0: no usable point in 1 attempt (check.max_redraws = 0); "
               "last rejection: require 'x' is 2×1 (must be a positive scalar)");
  }
  p.require = {text("log(-1 - s*s)")};
  try {
    gs::draw_point(p, kSeed, 0);
    BOOST_FAIL("no SamplingError");
  } catch (const gs::SamplingError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("last rejection: require 'log(-1 - s*s)': ") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(max_redraws_is_the_number_of_redraws_after_the_first_draw) {
  sp::Problem p = make_problem({}, {var("s", {})});
  p.check.max_redraws = 7;
  int calls = 0;
  const gs::PointFilter filter = [&](const gs::Point&) -> std::optional<gs::Redraw> {
    ++calls;
    if (calls < 8) return gs::Redraw{gs::Redraw::Cause::undefined, "no", {}};
    return std::nullopt;
  };
  BOOST_TEST(gs::draw_point(p, kSeed, 0, filter).attempts == 8);
  calls = -1;  // now one short
  BOOST_CHECK_THROW(gs::draw_point(p, kSeed, 0, filter), gs::SamplingError);
}

// ----------------------------------------------------------------------------------------
// Bindings

BOOST_AUTO_TEST_CASE(bindings_hold_values_dims_and_directions) {
  sp::Problem p =
      make_problem({{"n", 3, 3}}, {var("A", {dim("n"), dim("n")}), var("x", {dim("n")})});
  p.variables[0].constant = true;
  const gs::Point pt = gs::draw_point(p, kSeed, 0);
  const grader::expr::Bindings<double> with = pt.bindings();
  BOOST_TEST((with.dimensions.at("n") == 3));
  BOOST_TEST(with.values.size() == 3u);  // A, x, dx
  BOOST_TEST((with.values.at("dx") == pt.directions.at("x")));
  BOOST_TEST(with.values.count("dA") == 0u);
  const MD v = grader::expr::evaluate(grader::expr::parse("x'*A*dx + n"), with);
  const MD expected = pt.values.at("x").transpose() * pt.values.at("A") * pt.directions.at("x");
  BOOST_TEST(std::abs(v(0, 0) - expected(0, 0) - 3.0) <= 1e-12);
  const grader::expr::Bindings<double> without = pt.bindings(false);
  BOOST_TEST(without.values.size() == 2u);
  BOOST_TEST(without.values.count("dx") == 0u);
}

// Found by the peer benchmark: F at C + X with a fixed, badly conditioned C is as sensitive
// as C, so a square value and a square let count in the condition number the oracles'
// tolerances use (they are not redrawn for it: a fixed value cannot change). A numerically
// singular let (an outer product) is left out, or every tolerance would become vacuous.
BOOST_AUTO_TEST_CASE(square_values_and_lets_count_in_the_condition_number_unless_singular) {
  sp::Problem p = make_problem({}, {value_var("C", {fixed(2), fixed(2)}, "[1 0; 0 1e-8]"),
                                    var("X", {fixed(2), fixed(2)}), var("x", {fixed(2)})});
  p.variables[1].range = {-1e-3, 1e-3};
  p.lets = {{"Y", text("C + X")}, {"P", text("x*x'")}};
  for (int trial = 0; trial < 20; ++trial) {
    const gs::Point pt = gs::draw_point(p, kSeed, trial);
    BOOST_TEST_REQUIRE(pt.condition >= 1e7);   // C's 1e8, or C + X's
    BOOST_TEST_REQUIRE(pt.condition <= 1e15);  // not the outer product's
  }
}
