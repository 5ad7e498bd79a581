#define BOOST_TEST_MODULE check_tangent
// Tangent gradients (check/tangent.hpp): the projection onto each restricted variable's
// tangent space, and the checker's verdicts with and without `gradient: tangent`, on 50
// seeds each (issue 20's acceptance).
#include "grader/check/tangent.hpp"

#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/check/trials.hpp"
#include "grader/sample/sampler.hpp"
#include "grader/spec/loader.hpp"
#include "grader/spec/property.hpp"

using namespace grader;
using check::Verdict;
using expr::High;
using expr::HighMatrix;

namespace {

constexpr int kSeeds = 50;

spec::Problem load(const std::string& yaml) {
  return spec::load_problem_text(yaml, "problems/t/tangent.yaml", "t/tangent");
}

check::CheckResult try_answer(const spec::Problem& p, const std::string& text, std::uint64_t seed) {
  spec::AnswerText a;
  a.single = text;
  return check::check_answer(p, a, seed);
}

// f(x) = x'Ax/2 on the unit sphere: the lecture 8 problem (problems/lecture08/sphere-gradient).
const std::string kSphere = R"y(id: t/tangent
title: T
dims: {n: [2, 6]}
variables:
  A: {shape: [n, n], constant: true, properties: [symmetric]}
  x: {shape: [n], properties: [unit], gradient: tangent}
function: x'*A*x/2
answer:
  kind: gradient
  reference: (I(n) - x*x')*A*x
mistakes:
  - answer: A*x + x
    feedback: "Remove the part along x."
)y";

std::string without_tangent(const std::string& yaml) {
  const std::string field = ", gradient: tangent";
  std::string out = yaml;
  out.erase(out.find(field), field.size());
  return out;
}

High frobenius(const HighMatrix& m) {
  return sqrt(High(m.array().square().sum()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(tangent_gradients_on_the_sphere_pass_on_50_seeds) {
  const spec::Problem p = load(kSphere);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    for (const char* answer : {"(I(n) - x*x')*A*x", "A*x - (x'*A*x)*x"}) {
      BOOST_TEST_CONTEXT("seed " << seed << ", " << answer) {
        const auto r = try_answer(p, answer, seed);
        BOOST_TEST_REQUIRE(to_string(r.verdict) == "pass", r.message);
        BOOST_TEST(r.max_rel_error < 1e-40);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_euclidean_gradient_fails_as_not_tangent_on_every_seed) {
  const spec::Problem p = load(kSphere);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      const auto r = try_answer(p, "A*x", seed);
      BOOST_TEST_REQUIRE(to_string(r.verdict) == "fail", r.message);
      BOOST_TEST_REQUIRE((r.diagnosis == spec::DiagnosisKey::not_tangent));
      BOOST_TEST(r.message.find("wrong: at random point 1 of 5, your gradient is not tangent to "
                                "the unit sphere at x: project it with (I - x*x')*G") == 0u,
                 r.message);
      BOOST_TEST(r.message.find("It agrees with the reference along every allowed direction") !=
                 std::string::npos);
      BOOST_TEST(r.feedback.find("project it with (I - x*x')*G") != std::string::npos);
      BOOST_TEST(r.failed_trial == 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(without_tangent_the_euclidean_gradient_passes_on_every_seed) {
  // Decided in 50 digits where x is unit and dx tangent exactly: never by a rounding of double.
  const spec::Problem p = load(without_tangent(kSphere));
  BOOST_TEST_REQUIRE(!p.find_variable("x")->tangent_gradient);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      for (const char* answer : {"A*x", "(I(n) - x*x')*A*x", "A*x + 7*x"}) {
        const auto r = try_answer(p, answer, seed);
        BOOST_TEST_REQUIRE(to_string(r.verdict) == "pass", answer << ": " << r.message);
        BOOST_TEST(r.max_rel_error < 1e-40);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_answer_still_fails_as_wrong_and_a_mistake_keeps_its_feedback) {
  const spec::Problem p = load(kSphere);
  const auto wrong = try_answer(p, "(I(n) - x*x')*A*x/3", 1);
  BOOST_TEST(to_string(wrong.verdict) == "fail");
  BOOST_TEST((wrong.diagnosis != spec::DiagnosisKey::not_tangent));
  BOOST_TEST(wrong.message.find("differs from the reference") != std::string::npos, wrong.message);
  // Right along the directions, not tangent, and one of the spec's mistakes: its words.
  const auto mistake = try_answer(p, "x + A*x", 1);
  BOOST_TEST((mistake.diagnosis == spec::DiagnosisKey::not_tangent));
  BOOST_TEST(mistake.feedback == "Remove the part along x.");
  BOOST_TEST(mistake.message.find("project it with (I - x*x')*G") != std::string::npos);
}

// A symmetric X: f = tr(A*X) has the Frobenius gradient A', right on every symmetric dX; the
// tangent one is its symmetric part. An orthogonal Q: f = tr(A'*Q) has the Euclidean gradient
// A; the tangent one is Q*(Q'*A - A'*Q)/2.
BOOST_AUTO_TEST_CASE(symmetric_and_orthogonal_variables_get_their_own_projection) {
  const std::string symmetric = R"y(id: t/tangent
title: T
dims: {n: [2, 5]}
variables:
  A: {shape: [n, n], constant: true}
  X: {shape: [n, n], properties: [symmetric], gradient: tangent}
function: tr(A*X)
answer:
  kind: gradient
  reference: (A + A')/2
)y";
  const spec::Problem s = load(symmetric);
  const spec::Problem o = load(std::string(R"y(id: t/tangent
title: T
dims: {n: [2, 5]}
variables:
  A: {shape: [n, n], constant: true}
  Q: {shape: [n, n], properties: [orthogonal], gradient: tangent}
function: tr(A'*Q)
answer:
  kind: gradient
  reference: Q*(Q'*A - A'*Q)/2
)y"));
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    BOOST_TEST(to_string(try_answer(s, "(A' + A)/2", seed).verdict) == "pass");
    const auto r = try_answer(s, "A'", seed);
    BOOST_TEST_REQUIRE((r.diagnosis == spec::DiagnosisKey::not_tangent), r.message);
    BOOST_TEST(r.feedback ==
               "your gradient is not symmetric, but X is, and the problem asks for a gradient "
               "that is symmetric too: take its symmetric part (G + G')/2");
    BOOST_TEST(to_string(try_answer(o, "(Q*Q'*A - Q*A'*Q)/2", seed).verdict) == "pass");
    const auto q = try_answer(o, "A", seed);
    BOOST_TEST_REQUIRE((q.diagnosis == spec::DiagnosisKey::not_tangent), q.message);
    BOOST_TEST(q.feedback ==
               "your gradient is not in the tangent space of the orthogonal matrices at Q (the "
               "matrices Q*K with K skew-symmetric): project it with Q*(Q'*G - G'*Q)/2");
    BOOST_TEST(to_string(try_answer(load(without_tangent(symmetric)), "A'", seed).verdict) ==
               "pass");
  }
}

// For every property that restricts directions: the projection is idempotent, leaves what
// every allowed direction sees unchanged, and a tangent G is its own projection; the words
// name the fix. A property without a restriction leaves G as it is.
BOOST_AUTO_TEST_CASE(the_projection_fits_every_property_of_the_table) {
  for (const spec::PropertyRow& row : spec::property_table()) {
    BOOST_TEST_CONTEXT(row.name) {
      spec::Problem p;
      p.id = fmt::format("t/{}", row.name);
      spec::Variable v;
      v.name = "X";
      v.properties = {row.property};
      v.shape = row.needs_column_vector ? std::vector<spec::ShapeEntry>{{"n", 0}}
                                        : std::vector<spec::ShapeEntry>{{"n", 0}, {"n", 0}};
      p.dims = {{"n", 2, 5}};
      p.variables = {v};
      for (int trial = 0; trial < 20; ++trial) {
        const sample::Point pt = sample::draw_point(p, 7, trial);
        const HighMatrix& x = pt.exact.at("X");
        HighMatrix g = x;  // x plus a matrix of no structure: not tangent
        for (Eigen::Index j = 0; j < g.cols(); ++j) {
          for (Eigen::Index i = 0; i < g.rows(); ++i) g(i, j) += 1 + i + 3 * j * j;
        }
        const HighMatrix pg = check::tangent_part(v, x, g);
        BOOST_TEST_REQUIRE(frobenius(check::tangent_part(v, x, pg) - pg) < High("1e-45"));
        const HighMatrix d = check::to_high(pt.directions).at("X");
        BOOST_TEST_REQUIRE(abs(High((g - pg).cwiseProduct(d).sum())) < High("1e-45"));
        if (!spec::restricts_directions(row.property)) {
          BOOST_TEST_REQUIRE(frobenius(g - pg) == 0);
          continue;
        }
        BOOST_TEST_REQUIRE(frobenius(check::tangent_part(v, x, d) - d) < High("1e-45"));
        const auto failure = check::find_not_tangent(v, x, g, pg, 1e-20);
        BOOST_TEST_REQUIRE(failure.has_value());
        BOOST_TEST(failure->sentence.find("your gradient is not ") == 0u);
        BOOST_TEST(!check::find_not_tangent(v, x, pg, pg, 1e-20));
      }
    }
  }
}
