// End to end: `gradient: tangent` on the shipped lecture08/sphere-gradient (f = x'Ax/2 on the
// unit sphere), with the real binary over 50 seeds: the Riemannian gradient passes in both
// forms, the Euclidean one fails as not tangent; without `gradient: tangent` (the same spec
// in a folder of its own) the Euclidean one passes on every seed, decided in 50 digits.
#define BOOST_TEST_MODULE cli_tangent
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_grader.hpp"

using grader_test::run_grader;

namespace {

constexpr int kSeeds = 50;
const std::string kProblems = std::string(GRADER_SOURCE_DIR) + "/problems";
const std::string kId = "lecture08/sphere-gradient";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

grader_test::RunResult try_at(const std::string& problems, const std::string& answer, int seed) {
  return run_grader({"try", kId, answer, "--problems", problems, "--seed", std::to_string(seed),
                     "--format", "json"});
}

// A problems folder with the shipped spec, `gradient: tangent` left out.
std::string folder_without_tangent() {
  const std::filesystem::path root =
      std::filesystem::temp_directory_path() / "grader-cli-tangent-problems";
  std::filesystem::create_directories(root / "lecture08");
  std::ifstream in(kProblems + "/" + kId + ".yaml", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string spec = text.str();
  const std::string field = ", gradient: tangent";
  const auto at = spec.find(field);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  spec.erase(at, field.size());
  std::ofstream(root / (kId + ".yaml"), std::ios::binary) << spec;
  return root.string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(riemannian_gradients_pass_and_the_euclidean_one_is_not_tangent) {
  for (int seed = 1; seed <= kSeeds; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      for (const char* right : {"(I(n) - x*x')*A*x", "A*x - (x'*A*x)*x"}) {
        const auto r = try_at(kProblems, right, seed);
        BOOST_TEST(r.exit_code == 0, right << ": " << r.out);
        BOOST_TEST(contains(r.out, "\"verdict\": \"pass\""), r.out);
      }
      const auto r = try_at(kProblems, "A*x", seed);
      BOOST_TEST(r.exit_code == 1, r.out);
      BOOST_TEST(contains(r.out, "\"verdict\": \"fail\""), r.out);
      BOOST_TEST(contains(r.out, "\"diagnosis\": \"not-tangent\""), r.out);
      BOOST_TEST(contains(r.out,
                          "your gradient is not tangent to the unit sphere at x: project "
                          "it with (I - x*x')*G"),
                 r.out);
    }
  }
}

BOOST_AUTO_TEST_CASE(without_tangent_the_euclidean_gradient_passes_on_every_seed) {
  const std::string problems = folder_without_tangent();
  for (int seed = 1; seed <= kSeeds; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      for (const char* answer : {"A*x", "(I(n) - x*x')*A*x"}) {
        const auto r = try_at(problems, answer, seed);
        BOOST_TEST(r.exit_code == 0, answer << ": " << r.out);
        BOOST_TEST(contains(r.out, "\"verdict\": \"pass\""), r.out);
      }
    }
  }
  std::filesystem::remove_all(problems);
}
