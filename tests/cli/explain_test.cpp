// End-to-end tests of `grader explain`: the real binary, its table, its reading of the
// curves, the SVG it writes, and its exit statuses.
#define BOOST_TEST_MODULE cli_explain
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_grader.hpp"

using grader_test::run_grader;

namespace {

const std::string kSource = GRADER_SOURCE_DIR;
const std::string kProblems = kSource + "/problems";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh file name in the temporary folder, removed first.
std::filesystem::path temp_svg(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("grader-explain-" + std::to_string(::getpid()) + "-" + name + ".svg");
  std::filesystem::remove(path);
  return path;
}

// The table row of step h ("1e-05", "3.2e-06"): its forward and central entries.
struct Row {
  double forward = -1;
  double central = -1;
};
Row table_row(const std::string& out, const std::string& h) {
  const std::regex row("\\n +" + std::regex_replace(h, std::regex("([.+])"), "\\$1") +
                       " +([0-9.e+-]+) +([0-9.e+-]+)\\n");
  std::smatch m;
  if (!std::regex_search(out, m, row)) return {};
  return {std::stod(m[1]), std::stod(m[2])};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_correct_differential_draws_the_v) {
  const auto svg = temp_svg("right");
  const auto r = run_grader({"explain", "lecture01/xax", "dX*A*X + X*A*dX", "--svg", svg.string(),
                             "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(
      r.out.rfind("lecture01/xax: finite differences of F against your dF along dX\n", 0) == 0u,
      r.out);
  BOOST_TEST(contains(r.out, "  answer: dX*A*X + X*A*dX\n"), r.out);
  BOOST_TEST(contains(r.out, "random point 1 of seed 1 (n = "), r.out);
  BOOST_TEST(contains(r.out, "         h    forward    central\n"), r.out);
  // The rows: 33 steps from 1 to 1e-16. Forward: truncation O(h) falls, then rounding rises.
  // Central: F = XAX is quadratic along the line, so there is only rounding, rising.
  const Row big = table_row(r.out, "1e+00");
  const Row middle = table_row(r.out, "1e-08");
  const Row tiny = table_row(r.out, "1e-16");
  BOOST_TEST(big.forward > 1e-2, r.out);
  BOOST_TEST(middle.forward < 1e-6, r.out);
  BOOST_TEST(middle.forward < big.forward / 1e5, r.out);
  BOOST_TEST(tiny.forward > 1e4 * middle.forward, r.out);
  BOOST_TEST(big.central > 0, r.out);
  BOOST_TEST(big.central < 1e-13, r.out);
  BOOST_TEST(tiny.central > 1e-4, r.out);
  BOOST_TEST(r.out.find("\n   3.2e-16 ") != std::string::npos, r.out);
  BOOST_TEST(table_row(r.out, "3.2e-01").central > 0, r.out);
  // The reading: the V, consistent.
  // F = XAX is quadratic along a line: forward differences draw the V, central ones are exact
  // but for rounding.
  BOOST_TEST(contains(r.out, "Forward differences come within "), r.out);
  BOOST_TEST(contains(r.out,
                      "then rounding error (about eps·|F|/h) takes over from truncation "
                      "error (O(h)) and grows again, to "),
             r.out);
  BOOST_TEST(contains(r.out, "the V of a correct derivative."), r.out);
  BOOST_TEST(contains(r.out, "Central differences are exact but for rounding here"), r.out);
  BOOST_TEST(contains(r.out, "Your derivative is consistent with F.\n"), r.out);
  BOOST_TEST(contains(r.out, "The plot is in " + svg.string() + ".\n"), r.out);
  // The picture.
  const std::string picture = read(svg);
  BOOST_TEST(picture.rfind("<?xml", 0) == 0u, picture);
  BOOST_TEST(contains(picture, "<title>lecture01/xax: dX*A*X + X*A*dX</title>"), picture);
  BOOST_TEST(contains(picture, ">forward, your derivative</text>"), picture);
  BOOST_TEST(contains(picture, ">central, a correct one</text>"), picture);
  BOOST_TEST(contains(picture, "<polyline "), picture);
  BOOST_TEST(contains(picture,
                      ">verdict: pass (grader try); the differences are consistent with F</text>"),
             picture);
  BOOST_TEST(contains(picture, ">step h</text>"), picture);
  // The reference formula is never shown, not even in the plot.
  BOOST_TEST(!contains(r.out, "reference: "), r.out);
  std::filesystem::remove(svg);
}

BOOST_AUTO_TEST_CASE(a_wrong_differential_shows_a_floor_and_exits_1) {
  const auto svg = temp_svg("wrong");
  const auto r = run_grader(
      {"explain", "lecture01/xax", "2*X*A*dX", "--svg", svg.string(), "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1, r.out + r.err);
  BOOST_TEST(contains(r.out, "Neither curve falls below "), r.out);
  BOOST_TEST(contains(r.out, "That floor is the relative size of your derivative's error"), r.out);
  BOOST_TEST(contains(r.out, "where a correct derivative's differences reach "), r.out);
  const Row middle = table_row(r.out, "1e-05");
  BOOST_TEST(middle.central > 1e-2, r.out);
  BOOST_TEST(table_row(r.out, "1e-08").forward > 1e-2, r.out);
  BOOST_TEST(contains(r.out, "verdict: fail (grader try); the differences show a floor"), r.out);
  BOOST_TEST(contains(read(svg),
                      ">verdict: fail (grader try); the differences show a floor: "
                      "not F&apos;s derivative</text>"),
             read(svg));
  std::filesystem::remove(svg);
}

BOOST_AUTO_TEST_CASE(no_plot_is_written_unless_asked) {
  // run_grader runs in the test's working folder: nothing may land there (the plot of old
  // went to explain-<id>.svg by default).
  const auto before = [] {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(".")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
  };
  const auto files = before();
  const auto r =
      run_grader({"explain", "lecture01/xax", "dX*A*X + X*A*dX", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "(--svg FILE draws these curves.)\n"), r.out);
  BOOST_TEST(!contains(r.out, "The plot is in"), r.out);
  BOOST_TEST(!std::filesystem::exists("explain-lecture01-xax.svg"));
  BOOST_TEST(before() == files);
  const auto json = run_grader(
      {"explain", "lecture01/xax", "2*X*A*dX", "--format", "json", "--problems", kProblems});
  BOOST_TEST(contains(json.out, "\"svg\": null"), json.out);
  BOOST_TEST(contains(json.out, "\"verdict\": \"fail\""), json.out);
  BOOST_TEST(before() == files);
}

BOOST_AUTO_TEST_CASE(json_has_the_same_numbers) {
  const auto svg = temp_svg("json");
  const auto r = run_grader({"explain", "lecture01/xax", "2*X*A*dX", "--svg", svg.string(),
                             "--format", "json", "--seed", "7", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1, r.out + r.err);
  BOOST_TEST(contains(r.out, "\"problem\": \"lecture01/xax\""), r.out);
  BOOST_TEST(contains(r.out, "\"seed\": 7"), r.out);
  BOOST_TEST(contains(r.out, "\"consistent\": false"), r.out);
  BOOST_TEST(contains(r.out, "\"reference_central\": "), r.out);
  BOOST_TEST(contains(r.out, "\"svg\": \"" + svg.string() + "\""), r.out);
  std::filesystem::remove(svg);
}

BOOST_AUTO_TEST_CASE(a_gradient_through_its_inner_product) {
  const auto svg = temp_svg("gradient");
  const auto right = run_grader({"explain", "lecture04/trace-gradient", "--svg", svg.string(),
                                 "--problems", kProblems, "--", "A"});
  BOOST_TEST(right.exit_code == 0, right.out + right.err);
  BOOST_TEST(contains(right.out, "<G, dX> with your gradient G"), right.out);
  const auto wrong = run_grader({"explain", "lecture04/trace-gradient", "--svg", svg.string(),
                                 "--problems", kProblems, "--", "A'"});
  BOOST_TEST(wrong.exit_code == 1, wrong.out + wrong.err);
  std::filesystem::remove(svg);
}

BOOST_AUTO_TEST_CASE(a_hessian_takes_second_differences) {
  const auto svg = temp_svg("hessian");
  const auto r = run_grader({"explain", "lecture07/xtax-hessian", "A + A'", "--svg", svg.string(),
                             "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "(second differences)"), r.out);
  BOOST_TEST(contains(r.out,
                      "Forward and central second differences are both exact but for "
                      "rounding here"),
             r.out);
  const auto wrong = run_grader(
      {"explain", "lecture07/xtax-hessian", "A", "--svg", svg.string(), "--problems", kProblems});
  BOOST_TEST(wrong.exit_code == 1, wrong.out + wrong.err);
  // A is not symmetric, and its symmetric part is wrong too: the floor shows it.
  BOOST_TEST(contains(wrong.out, "Your H is not symmetric"), wrong.out);
  BOOST_TEST(!contains(wrong.out, "cannot make"), wrong.out);
  std::filesystem::remove(svg);
}

// 2A has the right symmetric part (A + A'): no difference of F can tell, the text says why
// and shows the check that can, with numbers; the picture carries the verdict.
BOOST_AUTO_TEST_CASE(a_hessian_with_the_right_symmetric_part_shows_the_check_that_sees_it) {
  const auto svg = temp_svg("symmetric-part");
  const auto r = run_grader(
      {"explain", "lecture07/xtax-hessian", "2*A", "--svg", svg.string(), "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);  // the curves are a correct derivative's
  BOOST_TEST(contains(r.out, "verdict: fail (grader try); the differences are consistent with F"),
             r.out);
  BOOST_TEST(contains(r.out, "while its symmetric part (H + H')/2 is right"), r.out);
  BOOST_TEST(contains(r.out, "so no step size can show the difference"), r.out);
  BOOST_TEST(contains(r.out,
                      "The check that does compares the matrices themselves, or the "
                      "bilinear form on two directions"),
             r.out);
  BOOST_TEST(contains(r.out, "the check finite differences cannot make"), r.out);
  // The table: the bilinear forms differ, the quadratic forms (what differences see) agree.
  const std::regex quadratic("quadratic form u'\\*H\\*u \\(seen\\) +([-0-9.e+]+) +([-0-9.e+]+)\n");
  std::smatch m;
  BOOST_REQUIRE_MESSAGE(std::regex_search(r.out, m, quadratic), r.out);
  BOOST_TEST(m[1].str() == m[2].str());
  const std::regex bilinear("bilinear form u'\\*H\\*v +([-0-9.e+]+) +([-0-9.e+]+)\n");
  BOOST_REQUIRE_MESSAGE(std::regex_search(r.out, m, bilinear), r.out);
  BOOST_TEST(m[1].str() != m[2].str());
  const std::string picture = read(svg);
  BOOST_TEST(contains(picture,
                      ">verdict: fail (grader try); the differences are consistent "
                      "with F</text>"),
             picture);
  BOOST_TEST(contains(picture, "differences cannot see it"), picture);
  const auto json = run_grader(
      {"explain", "lecture07/xtax-hessian", "2*A", "--format", "json", "--problems", kProblems});
  BOOST_TEST(contains(json.out, "\"hidden_difference\": {"), json.out);
  // A right (symmetric) Hessian has nothing hidden.
  const auto right = run_grader(
      {"explain", "lecture07/xtax-hessian", "A + A'", "--format", "json", "--problems", kProblems});
  BOOST_TEST(contains(right.out, "\"hidden_difference\": null"), right.out);
  BOOST_TEST(contains(right.out, "\"verdict\": \"pass\""), right.out);
  std::filesystem::remove(svg);
}

// Issue 20: d²F[dX, dX] of a matrix function along the line.
BOOST_AUTO_TEST_CASE(a_matrix_second_derivative_takes_second_differences) {
  const auto svg = temp_svg("cube");
  const auto r =
      run_grader({"explain", "lecture07/cube-second-derivative", "2*(dX^2*X + dX*X*dX + X*dX^2)",
                  "--svg", svg.string(), "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "your d²F[dX, dX] (second differences)"), r.out);
  const auto wrong = run_grader({"explain", "lecture07/cube-second-derivative", "6*X*dX^2", "--svg",
                                 svg.string(), "--problems", kProblems});
  BOOST_TEST(wrong.exit_code == 1, wrong.out + wrong.err);
  std::filesystem::remove(svg);
}

// Issue 21: a bilinear form d²F[dX, dY] is compared on the line with dY = dX; one that is
// right there but not symmetric is told what differences cannot see and the check that can.
BOOST_AUTO_TEST_CASE(a_bilinear_form_takes_second_differences_with_equal_directions) {
  const std::vector<std::string> at = {"--problems", kProblems};
  auto run = [&](const std::string& answer, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"explain", "lecture07/inverse-bilinear", answer};
    args.insert(args.end(), more.begin(), more.end());
    args.insert(args.end(), at.begin(), at.end());
    return run_grader(args);
  };
  const auto right = run("inv(X)*dX*inv(X)*dY*inv(X) + inv(X)*dY*inv(X)*dX*inv(X)");
  BOOST_TEST(right.exit_code == 0, right.out + right.err);
  BOOST_TEST(contains(right.out, "against your d²F[dX, dY] with dY = dX (second differences)"),
             right.out);
  BOOST_TEST(contains(right.out, "verdict: pass (grader try)"), right.out);
  BOOST_TEST(!contains(right.out, "the check finite differences cannot make"), right.out);
  const auto wrong = run("dX*dY");
  BOOST_TEST(wrong.exit_code == 1, wrong.out + wrong.err);
  // Right for dY = dX, not for two directions: the curves are a correct derivative's.
  const auto svg = temp_svg("bilinear");
  const auto hidden = run("2*inv(X)*dX*inv(X)*dY*inv(X)", {"--svg", svg.string()});
  BOOST_TEST(hidden.exit_code == 0, hidden.out + hidden.err);
  BOOST_TEST(contains(hidden.out, "verdict: fail (grader try); the differences are consistent"),
             hidden.out);
  BOOST_TEST(contains(hidden.out,
                      "while with dY = dX it is right. Second differences along one "
                      "direction see only d²F[dX, dX], so no step size can show the "
                      "difference."),
             hidden.out);
  const std::regex swapped("d²F\\[dY, dX\\] against d²F\\[dX, dY\\] +([-0-9.e+]+)  \\(0 for");
  std::smatch m;
  BOOST_REQUIRE_MESSAGE(std::regex_search(hidden.out, m, swapped), hidden.out);
  BOOST_TEST(std::stod(m[1].str()) > 0.01);
  const std::regex seen("d²F\\[dX, dX\\] against a correct one \\(seen\\) +([-0-9.e+]+)\n");
  BOOST_REQUIRE_MESSAGE(std::regex_search(hidden.out, m, seen), hidden.out);
  BOOST_TEST(std::stod(m[1].str()) < 1e-30);
  BOOST_TEST(contains(read(svg), "differences cannot see it"));
  std::filesystem::remove(svg);
  const auto json = run("2*inv(X)*dX*inv(X)*dY*inv(X)", {"--format", "json"});
  BOOST_TEST(contains(json.out, "\"hidden_asymmetry\": {"), json.out);
  BOOST_TEST(contains(run("dX*dY", {"--format", "json"}).out, "\"hidden_asymmetry\": null"));
}

BOOST_AUTO_TEST_CASE(an_unknown_problem_suggests_the_nearest_id) {
  const auto r = run_grader({"explain", "lecture01/xaxx", "dX", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err == "no problem 'lecture01/xaxx'; did you mean 'lecture01/xax'?\n");
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(a_syntax_error_gets_the_diagnostic_of_try) {
  const auto svg = temp_svg("syntax");
  const std::vector<std::string> rest = {"--problems", kProblems};
  auto args =
      std::vector<std::string>{"explain", "lecture01/xax", "dX*A*X +", "--svg", svg.string()};
  args.insert(args.end(), rest.begin(), rest.end());
  const auto r = run_grader(args);
  BOOST_TEST(r.exit_code == 2, r.out + r.err);
  const auto t = run_grader({"try", "lecture01/xax", "dX*A*X +", "--problems", kProblems});
  BOOST_TEST(contains(r.out, "invalid"), r.out);
  BOOST_TEST(contains(r.out, "^"), r.out);  // the span is underlined
  BOOST_TEST(r.out == t.out);
  BOOST_TEST(!std::filesystem::exists(svg));
}

BOOST_AUTO_TEST_CASE(a_shape_error_gets_the_diagnostic_of_try) {
  const auto r = run_grader({"explain", "lecture01/xax", "tr(dX*A*X)", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2, r.out + r.err);
  BOOST_TEST(contains(r.out, "your answer is 1×1, but dF is n×n"), r.out);
}

BOOST_AUTO_TEST_CASE(a_choice_problem_has_nothing_to_explain) {
  const auto r =
      run_grader({"explain", "lecture04/central-vs-forward", "a", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err ==
             "lecture04/central-vs-forward is a choice problem: grader explain shows finite "
             "differences of a derivative (differential, gradient, jacobian and hessian "
             "problems)\n");
}

BOOST_AUTO_TEST_CASE(both_curves_are_vs_where_f_is_not_a_polynomial) {
  const auto svg = temp_svg("inverse");
  const auto r = run_grader({"explain", "lecture02/inverse", "--svg", svg.string(), "--problems",
                             kProblems, "--", "-inv(A)*dA*inv(A)"});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "Central differences come within "), r.out);
  BOOST_TEST(contains(r.out, "takes over from truncation error (O(h²)) and grows again"), r.out);
  BOOST_TEST(!contains(r.out, "exact but for rounding"), r.out);
  BOOST_TEST(table_row(r.out, "1e-05").central < 1e-8, r.out);
  BOOST_TEST(table_row(r.out, "1e+00").central > 1e-4, r.out);
  // An error of 1e-12 is below what differences in double resolve: consistent, and said so.
  const auto tiny = run_grader({"explain", "lecture02/inverse", "--svg", svg.string(), "--problems",
                                kProblems, "--", "-inv(A)*dA*inv(A)*(1+1e-12)"});
  BOOST_TEST(tiny.exit_code == 0, tiny.out + tiny.err);
  BOOST_TEST(contains(tiny.out,
                      "Differences in double cannot see an error as small as yours, "
                      "though (a relative 1.0e-12 at this point)"),
             tiny.out);
  std::filesystem::remove(svg);
}

// Issue 17: a derivative may start with '-' without "--" before it.
BOOST_AUTO_TEST_CASE(a_derivative_may_start_with_a_minus) {
  const auto svg = temp_svg("minus");
  const auto r = run_grader({"explain", "lecture02/inverse", "-inv(A)*dA*inv(A)", "--svg",
                             svg.string(), "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "  answer: -inv(A)*dA*inv(A)\n"), r.out);
  std::filesystem::remove(svg);
}
