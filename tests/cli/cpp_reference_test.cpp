// End to end: problems whose F or reference is C++ (tests/data/cpp-reference), through the
// real grader binary: validate, check and show. The programs go to the default code cache
// (shared with the other stages of ci/test, which then find them compiled).
#define BOOST_TEST_MODULE cli_cpp_reference
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_grader.hpp"

using grader_test::run_grader;

namespace {
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
const std::string kData = std::string(GRADER_SOURCE_DIR) + "/tests/data/cpp-reference";
const std::string kProblems = kData + "/problems";

grader_test::RunResult validate(const std::string& id, const std::string& seeds = "30") {
  return run_grader(
      {"validate", "--problems", kProblems, "--seeds", seeds, kProblems + "/" + id + ".yaml"});
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_right_cpp_reference_passes_validate_on_30_seeds) {
  for (const std::string id : {"t/square", "t/square-formula-f"}) {
    const auto r = validate(id);
    BOOST_TEST(r.exit_code == 0, r.out + r.err);
    BOOST_TEST(contains(r.out, "ok    " + id), r.out);
    BOOST_TEST(contains(r.out, "high-precision difference"), r.out);
    BOOST_TEST(contains(r.out, "complex step"), r.out);
    BOOST_TEST(contains(r.out, "1 problems, 0 failed, seeds 1..30"), r.out);
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_cpp_reference_fails_validate_naming_the_oracles) {
  const auto r = validate("t/square-wrong", "3");
  BOOST_TEST(r.exit_code == 1, r.out + r.err);
  BOOST_TEST(contains(r.out, "FAIL  t/square-wrong"), r.out);
  BOOST_TEST(contains(r.out,
                      "square-wrong.yaml:10:20: the C++ reference disagrees with the "
                      "numerical derivatives of F at 15 of 15 points (seeds 1..3): "
                      "high-precision difference (worst relative difference"),
             r.out);
  BOOST_TEST(contains(r.out, "; central difference (worst"), r.out);
  BOOST_TEST(contains(r.out, "; complex step (worst"), r.out);
}

BOOST_AUTO_TEST_CASE(a_throwing_reference_fails_validate_and_is_an_error_for_students) {
  const auto r = validate("t/square-throws", "1");
  BOOST_TEST(r.exit_code == 1, r.out + r.err);
  BOOST_TEST(contains(r.out,
                      "the C++ reference t/square.hpp: square::throws failed: the matrix "
                      "is singular here (the problem's fault, not an answer's"),
             r.out);
  // A student's right answer gets an error, never a fail.
  const auto c = run_grader({"try", "--problems", kProblems, "t/square-throws", "dX*X + X*dX"});
  BOOST_TEST(c.exit_code != 0);
  BOOST_TEST(contains(c.out, "error"), c.out);
  BOOST_TEST(contains(c.out, "t/square-throws: error"), c.out);
  BOOST_TEST(!contains(c.out, ": fail"), c.out);
}

BOOST_AUTO_TEST_CASE(a_reference_that_does_not_compile_fails_validate_with_the_compiler_words) {
  const auto r = validate("t/square-broken", "1");
  BOOST_TEST(r.exit_code == 1, r.out + r.err);
  BOOST_TEST(contains(r.out, "the C++ reference t/broken.hpp: function does not compile"), r.out);
  BOOST_TEST(contains(r.out, "undeclared_name"), r.out);
}

BOOST_AUTO_TEST_CASE(check_judges_answers_against_the_cpp_reference) {
  const auto right = run_grader({"try", "--problems", kProblems, "t/square", "X*dX + dX*X"});
  BOOST_TEST(right.exit_code == 0, right.out + right.err);
  BOOST_TEST(contains(right.out, "pass"), right.out);
  const auto wrong = run_grader({"try", "--problems", kProblems, "t/square", "2*X*dX"});
  BOOST_TEST(wrong.exit_code == 1, wrong.out + wrong.err);
  BOOST_TEST(contains(wrong.out, "X and dX do not commute"), wrong.out);  // the mistake's words
}

BOOST_AUTO_TEST_CASE(show_says_that_f_and_the_reference_are_cpp) {
  const auto r = run_grader({"show", "--problems", kProblems, "t/square", "--instructor"});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "function: C++ code, t/square.hpp: square::function in "), r.out);
  BOOST_TEST(contains(r.out, "reference: C++ code, t/square.hpp: square::reference in "), r.out);
}

BOOST_AUTO_TEST_CASE(a_missing_header_is_a_spec_error_at_its_place) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "grader-cpp-missing";
  fs::remove_all(dir);
  fs::create_directories(dir / "problems" / "t");
  std::ofstream(dir / "problems" / "t" / "m.yaml")
      << "id: t/m\ntitle: T\nvariables: {x: {shape: []}}\nfunction: x^2\n"
         "answer: {kind: differential, reference: {cpp: t/gone.hpp}}\n";
  const auto r = run_grader({"validate", "--problems", (dir / "problems").string(),
                             (dir / "problems" / "t" / "m.yaml").string()});
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(contains(r.out + r.err,
                      "m.yaml:5:47: there is no C++ reference t/gone.hpp in the "
                      "reference folder"),
             r.out + r.err);
  fs::remove_all(dir);
}
