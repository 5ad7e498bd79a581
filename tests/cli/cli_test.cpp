// End-to-end tests of the grader command line: the real binary, its exit status and output.
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_grader.hpp"

using grader_test::run_grader;

namespace {
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(general)

BOOST_AUTO_TEST_CASE(version_prints_name_and_version) {
  const auto r = run_grader({"--version"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.rfind("grader 0.", 0) == 0, r.out);
}

BOOST_AUTO_TEST_CASE(help_lists_subcommands_and_exit_codes) {
  const auto r = run_grader({"--help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "eval"), r.out);
  BOOST_TEST(contains(r.out, "2 bad input or usage"), r.out);
}

BOOST_AUTO_TEST_CASE(subcommand_help_shows_options_and_examples) {
  const auto r = run_grader({"eval", "--help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "--let"), r.out);
  BOOST_TEST(contains(r.out, "--precision"), r.out);
  BOOST_TEST(contains(r.out, "grader eval 'det([1 2; 3 4])'"), r.out);
}

BOOST_AUTO_TEST_CASE(no_subcommand_is_a_usage_error) {
  const auto r = run_grader({});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "grader --help"), r.err);
}

BOOST_AUTO_TEST_CASE(unknown_option_is_a_usage_error) {
  const auto r = run_grader({"eval", "1", "--bogus"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "--bogus"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(eval)

BOOST_AUTO_TEST_CASE(determinant_prints_minus_two) {
  const auto r = run_grader({"eval", "det([1 2; 3 4])"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "-2\n");
  BOOST_TEST(r.err.empty());
}

BOOST_AUTO_TEST_CASE(let_binds_a_vector) {
  const auto r = run_grader({"eval", "x'*x", "--let", "x=[1,2,3]"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "14\n");
}

BOOST_AUTO_TEST_CASE(lets_may_use_earlier_lets) {
  const auto r = run_grader({"eval", "tr(B)", "--let", "A=[1 2; 3 4]", "--let", "B=A*A'"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "30\n");
}

BOOST_AUTO_TEST_CASE(matrix_inverse_prints_aligned_rows) {
  const auto r = run_grader({"eval", "[1 2; 3 4]^-1"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "2×2 matrix:\n   -2     1\n  1.5  -0.5\n");
}

BOOST_AUTO_TEST_CASE(trace_of_kronecker_with_identity) {
  const auto r = run_grader({"eval", "tr(kron([1 2; 3 4], I(2)))"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "10\n");
}

BOOST_AUTO_TEST_CASE(high_precision_square_root_of_two) {
  const auto r = run_grader({"eval", "sqrt(2)", "--precision", "high"});
  BOOST_TEST(r.exit_code == 0);
  // 45 correct digits at least: compare against the known expansion.
  const std::string known = "1.41421356237309504880168872420969807856967187537694";
  BOOST_TEST(r.out.size() >= 47);
  BOOST_TEST(r.out.substr(0, 47) == known.substr(0, 47), r.out);
}

BOOST_AUTO_TEST_CASE(high_precision_reads_decimals_exactly) {
  const auto r = run_grader({"eval", "0.1*3 - 0.3", "--precision", "high"});
  BOOST_TEST(r.out == "0\n");
  const auto d = run_grader({"eval", "0.1*3 - 0.3"});
  BOOST_TEST(d.out == "5.55111512312578e-17\n");
}

BOOST_AUTO_TEST_CASE(unicode_transpose_and_kronecker) {
  const auto r = run_grader({"eval", "[2 1; 1 2]ᵀ⊗I(2)"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "4×4 matrix:\n  2  0  1  0\n  0  2  0  1\n  1  0  2  0\n  0  1  0  2\n");
}

BOOST_AUTO_TEST_CASE(complex_precision_keeps_real_values_real) {
  const auto r =
      run_grader({"eval", "det(A)*tr(A⁻¹)", "--let", "A=[2 1; 1 3]", "--precision", "complex"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "5\n");
}

BOOST_AUTO_TEST_CASE(digits_option_controls_printed_precision) {
  const auto r = run_grader({"eval", "pi", "--digits", "5"});
  BOOST_TEST(r.out == "3.1416\n");
}

BOOST_AUTO_TEST_CASE(dimension_names_are_sizes_and_scalars) {
  const auto r = run_grader({"eval", "tr(I(n))/n + sum(ones(n, 2))", "--dim", "n=3"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "7\n");
}

BOOST_AUTO_TEST_CASE(bad_dimension_is_a_usage_error) {
  const auto r = run_grader({"eval", "I(n)", "--dim", "n=0"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(
      r.err ==
      "--dim 'n=0': expected NAME=SIZE with a whole number from 1 to 1000, e.g. --dim n=3\n");
}

BOOST_AUTO_TEST_CASE(formula_from_standard_input) {
  const auto r = run_grader({"eval", "-"}, "tr([1 2; 3 4])\n");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out == "5\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(eval_errors)

BOOST_AUTO_TEST_CASE(singular_inverse_exits_2_and_says_singular) {
  const auto r = run_grader({"eval", "inv([1 2; 2 4])"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err ==
             "error: cannot invert: the matrix '[1 2; 2 4]' is singular\n"
             " --> formula:1:1\n"
             "  |\n"
             "1 | inv([1 2; 2 4])\n"
             "  | ^^^ ~~~~~~~~~~\n");
}

BOOST_AUTO_TEST_CASE(shape_mismatch_names_both_shapes) {
  const auto r = run_grader({"eval", "[1 2; 3 4]*[1 2 3]"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err ==
             "error: cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ\n"
             " --> formula:1:11\n"
             "  |\n"
             "1 | [1 2; 3 4]*[1 2 3]\n"
             "  | ~~~~~~~~~~^~~~~~~~\n");
}

BOOST_AUTO_TEST_CASE(implicit_multiplication_suggests_star) {
  const auto r = run_grader({"eval", "2X", "--let", "X=1"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "2*X"), r.err);
}

BOOST_AUTO_TEST_CASE(unknown_name_suggests_the_nearest) {
  const auto r = run_grader({"eval", "Y + 1", "--let", "X=1"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "error: unknown name 'Y'"), r.err);
  BOOST_TEST(contains(r.err, "= help: did you mean 'X'?"), r.err);
}

BOOST_AUTO_TEST_CASE(deeply_nested_formula_is_rejected_without_crashing) {
  const std::string deep = std::string(100000, '(') + "x" + std::string(100000, ')');
  const auto r = run_grader({"eval", "-", "--let", "x=1"}, deep);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "formula is too long: 200001 bytes, the limit is 10000"), r.err);
  // Within the length limit, nesting is what is refused.
  const std::string nested = std::string(4000, '(') + "x" + std::string(4000, ')');
  const auto n = run_grader({"eval", nested, "--let", "x=1"});
  BOOST_TEST(n.exit_code == 2);
  BOOST_TEST(contains(n.err, "formula is nested too deeply (more than 256 levels)"), n.err);
}

BOOST_AUTO_TEST_CASE(megabyte_formula_gives_a_short_message) {
  const std::string big(1 << 20, '1');
  const auto r = run_grader({"eval", "-"}, big);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "formula is too long: 1048576 bytes"), r.err);
  BOOST_TEST(r.err.size() < 1000u);
}

BOOST_AUTO_TEST_CASE(errors_in_a_let_name_the_let) {
  const auto r = run_grader({"eval", "A", "--let", "A=[1 2; 3]"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "--> --let A:1:"), r.err);
  BOOST_TEST(contains(r.err, "different widths"), r.err);
}

BOOST_AUTO_TEST_CASE(malformed_let_is_a_usage_error) {
  const auto r = run_grader({"eval", "1", "--let", "A"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err == "--let 'A': expected NAME=FORMULA, e.g. --let 'A=[1 2; 3 4]'\n");
}

BOOST_AUTO_TEST_CASE(builtin_names_cannot_be_rebound) {
  const auto r = run_grader({"eval", "1", "--let", "det=2"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "'det' is a builtin name"), r.err);
}

BOOST_AUTO_TEST_CASE(domain_error_names_the_subexpression) {
  const auto r = run_grader({"eval", "1 + log(x - 3)", "--let", "x=1"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "log of a non-positive number: 'x - 3' = -2"), r.err);
}

BOOST_AUTO_TEST_CASE(unknown_precision_is_a_usage_error) {
  const auto r = run_grader({"eval", "1", "--precision", "quad"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "quad"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
