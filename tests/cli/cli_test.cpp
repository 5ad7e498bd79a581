// End-to-end tests of the grader command line: the real binary, its exit status and output.
#define BOOST_TEST_MODULE cli
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_grader.hpp"

using grader_test::run_grader;

namespace {
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}
std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
const std::string kSource = GRADER_SOURCE_DIR;
const std::string kProblems = kSource + "/problems";
const std::string kData = kSource + "/tests/data";
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

// Issue 17: the students' cheat-sheet. docs/students.md holds it verbatim: its one source is
// the string `grader help formulas` prints (cli/help_command.cpp).
BOOST_AUTO_TEST_CASE(help_formulas_is_the_cheat_sheet_of_the_students_guide) {
  const auto r = run_grader({"help", "formulas"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.err.empty());
  BOOST_TEST(r.out.starts_with("The formula language on one page (grader help formulas)\n"), r.out);
  for (const char* notation :
       {"A^T",      "A^⊤",        "A^{T}",     "A^\\top",    "A.T",         "A’",     "Aᵀ",
        "A^{-1}",   "inverse(A)", "A⁻¹",       "A^-T",       "A^{-T}",      "A⁻ᵀ",    "A**2",
        "A^{2}",    "A²",         "A³",        "‖x‖²",       "A·B",         "A⋅B",    "\\cdot",
        "A@B",      "A⊙B",        "A∘B",       "\\otimes",   "A⊗B",         "1 .+ v", "1 .- v",
        "trace(A)", "Tr(A)",      "eye(n)",    "diag(v)",    "Diagonal(v)", "‖x‖",    "‖X‖_F",
        "x₀",       "x_0",        "e^(x)",     "ℯ^(x)",      "sinh",        "cosh",   "sech",
        "tan ",     "kron(I, X)", "I/norm(x)", "9*tr(A)^8*I"}) {
    BOOST_TEST(contains(r.out, notation), notation);
  }
  // One page: it fits a terminal of 80 columns (counting characters, not bytes).
  std::size_t column = 0;
  std::size_t widest = 0;
  for (const char c : r.out) {
    if (c == '\n') {
      column = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      widest = std::max(widest, ++column);
    }
  }
  BOOST_TEST(widest <= 80u);
  BOOST_TEST(count_lines(r.out) <= 66u);
  std::ifstream in(kSource + "/docs/students.md", std::ios::binary);
  std::stringstream guide;
  guide << in.rdbuf();
  BOOST_TEST(contains(guide.str(), "```text\n" + r.out + "```\n"),
             "docs/students.md must hold the output of `grader help formulas` verbatim, in a "
             "```text block: paste it there");
}

BOOST_AUTO_TEST_CASE(help_without_a_topic_is_the_usage_and_an_unknown_topic_an_error) {
  const auto r = run_grader({"help"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "Usage: grader [OPTIONS] SUBCOMMAND"), r.out);
  const auto bad = run_grader({"help", "formula"});
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err == "no help topic 'formula'; the topics are: formulas\n");
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

// Issue 17: a formula may start with '-'; a negative number always could.
BOOST_AUTO_TEST_CASE(a_formula_may_start_with_a_minus) {
  const auto r = run_grader({"eval", "-x'*x", "--let", "x=[1, 2]"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "-5\n");
  const auto before = run_grader({"eval", "--let", "x=[1, 2]", "-x'*x", "--digits", "3"});
  BOOST_TEST(before.out == "-5\n", before.err);
  const auto number = run_grader({"eval", "-2.5"});
  BOOST_TEST(number.out == "-2.5\n");
  // The value of an option is its value, whatever it looks like: here, not a formula.
  const auto value = run_grader({"eval", "1", "--let", "-x=1"});
  BOOST_TEST(value.exit_code == 2);
  BOOST_TEST(value.err == "--let '-x=1': expected NAME=FORMULA, e.g. --let 'A=[1 2; 3 4]'\n");
  // Help is still an option.
  const auto help = run_grader({"eval", "-h"});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(contains(help.out, "Usage: grader eval"), help.out);
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
  const auto r = run_grader({"eval", "alpa + 1", "--let", "alpha=1"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "error: unknown name 'alpa'"), r.err);
  BOOST_TEST(contains(r.err, "= help: did you mean 'alpha'?"), r.err);
  // A one-letter name has no likely typo (issue 17: T is not a misspelt X).
  const auto t = run_grader({"eval", "T + 1", "--let", "X=1"});
  BOOST_TEST(!contains(t.err, "did you mean"), t.err);
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

BOOST_AUTO_TEST_SUITE(try_command)

BOOST_AUTO_TEST_CASE(the_right_differential_passes) {
  const auto r = run_grader({"try", "lecture01/xax", "dX*A*X + X*A*dX", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.rfind("lecture01/xax: pass (1/1)\n", 0) == 0u, r.out);
}

BOOST_AUTO_TEST_CASE(a_difference_quotient_fails_as_not_linear) {
  const auto r = run_grader({"try", "lecture01/xax", "((X+1e-9*dX)*A*(X+1e-9*dX) - X*A*X)/1e-9",
                             "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "your answer is not linear in dX"), r.out);
}

BOOST_AUTO_TEST_CASE(a_relative_error_of_1e_12_fails) {
  const auto r =
      run_grader({"try", "lecture01/xax", "dX*A*X + X*A*dX*(1+1e-12)", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "lecture01/xax: fail (0/1)"), r.out);
  BOOST_TEST(contains(r.out, "differs from the reference by a relative"), r.out);
}

BOOST_AUTO_TEST_CASE(json_output_and_the_seed_it_was_checked_with) {
  const auto r = run_grader({"try", "lecture02/cube", "3*A^2*dA", "--problems", kProblems, "--seed",
                             "77", "--format", "json"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "\"verdict\": \"fail\""), r.out);
  BOOST_TEST(contains(r.out, "\"seed\": 77"), r.out);
  BOOST_TEST(contains(r.out, "\"feedback\": \"3A²dA treats A and dA as commuting numbers"), r.out);
}

BOOST_AUTO_TEST_CASE(a_matrix_literal_answer_is_kept_whole) {
  // CLI11 reads "[...]" given to a list option as a list; the answer is a plain string.
  const auto r = run_grader({"try", "lecture02/polar-jacobian",
                             "[cos(x[2]) -sin(x[2]); sin(x[2]) cos(x[2])]*[1 0; 0 x[1]]",
                             "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out);
}

BOOST_AUTO_TEST_CASE(a_gradient_in_several_variables_takes_one_part_per_variable) {
  const auto r = run_grader({"try", "lecture07/reparam-gradient", "mu=exp.(w)/sum(exp.(w))",
                             "sigma=z .* exp.(w)/sum(exp.(w))", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out);
  const auto missing =
      run_grader({"try", "lecture07/reparam-gradient", "exp.(w)", "--problems", kProblems});
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(contains(missing.err, "give VAR=FORMULA for each of mu, sigma"), missing.err);
}

// Issue 20's acceptance: second derivatives of matrix functions, each answer checked by the
// real binary (exit 0 pass, 1 fail) with the spec's feedback on the wrong ones.
BOOST_AUTO_TEST_CASE(second_derivatives_of_matrix_functions) {
  struct Case {
    const char* problem;
    const char* answer;
    int exit_code;
    const char* says;
  };
  const Case cases[] = {
      {"lecture07/inverse-second-derivative", "2*inv(A)*dA*inv(A)*dA*inv(A)", 0, "pass"},
      {"lecture07/inverse-second-derivative", "-2*inv(A)*dA*inv(A)*dA*inv(A)", 1, "Check the sign"},
      {"lecture07/inverse-second-derivative", "inv(A)*dA*inv(A)*dA*inv(A)", 1,
       "the product rule gives two terms"},
      {"lecture07/inverse-second-derivative", "2*inv(A)^3*dA^2", 1,
       "Matrix products do not commute"},
      {"lecture07/square-second-derivative", "2*dX^2", 0, "pass"},
      {"lecture07/square-second-derivative", "2*dX*dX", 0, "pass"},
      {"lecture07/square-second-derivative", "2*X*dX", 1, "not a quadratic form in dX"},
      {"lecture07/square-second-derivative", "dX^2", 1, "The answer asked for is not halved"},
      {"lecture07/cube-second-derivative", "2*(dX*dX*X + dX*X*dX + X*dX*dX)", 0, "pass"},
      {"lecture07/cube-second-derivative", "2*dX*dX*X + 2*dX*X*dX + 2*X*dX*dX", 0, "pass"},
      {"lecture07/cube-second-derivative", "6*X*dX^2", 1, "matrices do not commute"},
      {"lecture07/inverse-bilinear", "inv(X)*dX*inv(X)*dY*inv(X) + inv(X)*dY*inv(X)*dX*inv(X)", 0,
       "pass"},
      {"lecture07/inverse-bilinear", "2*inv(X)*dX*inv(X)*dY*inv(X)", 1,
       "swapping the two directions changes it"},
  };
  for (const Case& c : cases) {
    for (const char* seed : {"1", "2", "3"}) {
      const auto r =
          run_grader({"try", c.problem, c.answer, "--problems", kProblems, "--seed", seed});
      BOOST_TEST_CONTEXT(c.problem << ": " << c.answer << " (seed " << seed << ")") {
        BOOST_TEST(r.exit_code == c.exit_code, r.out + r.err);
        BOOST_TEST(contains(r.out, c.says), r.out);
      }
    }
  }
}

// Issue 17: the right answer starting with '-', typed as a student types it. Only try's own
// options are options.
BOOST_AUTO_TEST_CASE(an_answer_may_start_with_a_minus) {
  setenv("GRADER_PROBLEMS", kProblems.c_str(), 1);
  const auto r = run_grader({"try", "lecture02/inverse", "-inv(A)*dA*inv(A)"});
  const auto dashes = run_grader({"try", "lecture02/inverse", "--", "-inv(A)*dA*inv(A)"});
  const auto seeded = run_grader({"try", "lecture02/inverse", "-inv(A)*dA*inv(A)", "--seed", "3"});
  const auto first = run_grader({"try", "--seed=3", "lecture02/inverse", "-inv(A)*dA*inv(A)"});
  const auto json =
      run_grader({"try", "lecture02/inverse", "-inv(A)*dA*inv(A)", "--format", "json"});
  const auto typo = run_grader({"try", "lecture02/inverse", "-inv(A)*dA*inv(A)", "--sed", "3"});
  const auto wrong = run_grader({"try", "lecture02/inverse", "-inv(A)*dA"});
  unsetenv("GRADER_PROBLEMS");
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(r.out.starts_with("lecture02/inverse: pass (1/1)\n  correct: "), r.out);
  BOOST_TEST(dashes.exit_code == 0, dashes.out + dashes.err);
  BOOST_TEST(dashes.out == r.out);
  BOOST_TEST(seeded.exit_code == 0, seeded.out + seeded.err);
  BOOST_TEST(contains(seeded.out, "correct: "), seeded.out);
  BOOST_TEST(contains(seeded.out, "seed 3)"), seeded.out);
  BOOST_TEST(first.out == seeded.out);
  BOOST_TEST(contains(json.out, "\"verdict\": \"pass\""), json.out);
  BOOST_TEST(typo.exit_code == 2);
  BOOST_TEST(typo.err ==
                 "grader: The following arguments were not expected: --sed -inv(A)*dA*inv(A)\n"
                 "Run 'grader --help' for usage.\n",
             typo.err);
  BOOST_TEST(wrong.exit_code == 1);
  BOOST_TEST(wrong.out.starts_with("lecture02/inverse: fail (0/1)\n"), wrong.out);
}

BOOST_AUTO_TEST_CASE(unknown_problem_suggests_the_nearest_id) {
  const auto r = run_grader({"try", "lecture01/xaxx", "1", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err == "no problem 'lecture01/xaxx'; did you mean 'lecture01/xax'?\n");
}

BOOST_AUTO_TEST_CASE(missing_problems_folder_is_a_usage_error) {
  const auto r = run_grader({"try", "lecture01/xax", "1", "--problems", kData + "/nowhere"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, "no such problems folder"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(the_correct_example_submission_passes_everything) {
  const auto r =
      run_grader({"check", kSource + "/submissions/examples/complete", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "score 75/75"), r.out);
  BOOST_TEST(!contains(r.out, "FAIL"), r.out);
}

BOOST_AUTO_TEST_CASE(the_typical_mistakes_all_fail_with_feedback) {
  const auto r = run_grader(
      {"check", kSource + "/submissions/examples/typical-mistakes", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "score 0/75"), r.out);
  BOOST_TEST(!contains(r.out, "PASS"), r.out);
  BOOST_TEST(contains(r.out, "Matrix products do not commute"), r.out);
}

BOOST_AUTO_TEST_CASE(a_mixed_submission_reports_each_problem_and_goes_on) {
  const auto r = run_grader({"check", kData + "/submissions/mixed.yaml", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "PASS     lecture01/xax"), r.out);
  BOOST_TEST(contains(r.out, "FAIL     lecture02/cube"), r.out);
  BOOST_TEST(contains(r.out, "INVALID  lecture03/axb-jacobian"), r.out);
  BOOST_TEST(contains(r.out, "INVALID  lecture01/xtx-gradient"), r.out);
  BOOST_TEST(contains(r.out, "lecture07/xtax-hessian"), r.out);  // in the unanswered line
  BOOST_TEST(contains(r.out, "your answer is 1×n, but the gradient with respect to x is n×1"),
             r.out);
  BOOST_TEST(contains(r.out, "--> " + kData + "/submissions/mixed.yaml:5:37"), r.out);
  BOOST_TEST(contains(r.out, "INVALID  lecture99/nonexistent"), r.out);
}

// Issue 17: an answer under an id no problem has is an entry naming the nearest id, in every
// format, and fails the check; with --only it is a warning.
BOOST_AUTO_TEST_CASE(an_answer_to_an_unknown_problem_is_never_lost) {
  const std::string sub = kData + "/submissions/unknown-id.yaml";
  const std::string message =
      "no problem 'lecture01/xaxx', so this answer was not checked; did you mean "
      "'lecture01/xax'?";
  const auto text = run_grader({"check", sub, "--problems", kProblems});
  BOOST_TEST(text.exit_code == 1);
  BOOST_TEST(contains(text.out,
                      "  PASS     lecture02/cube  1/1\n"
                      "  INVALID  lecture01/xaxx  0/0\n"),
             text.out);
  BOOST_TEST(contains(text.out, "\nlecture01/xaxx: invalid (0/0)\n  " + message + "\n"), text.out);
  BOOST_TEST(text.err.empty(), text.err);
  const auto json = run_grader({"check", sub, "--problems", kProblems, "--format", "json"});
  BOOST_TEST(json.exit_code == 1);
  BOOST_TEST(contains(json.out, "\"id\": \"lecture01/xaxx\",\n      \"verdict\": \"invalid\""),
             json.out);
  BOOST_TEST(contains(json.out, "\"message\": \"" + message + "\""), json.out);
  const auto junit = run_grader({"check", sub, "--problems", kProblems, "--format", "junit"});
  BOOST_TEST(junit.exit_code == 1);
  BOOST_TEST(contains(junit.out, "<testcase name=\"lecture01/xaxx [0/0]\" classname=\"dan\""),
             junit.out);
  BOOST_TEST(contains(junit.out,
                      "type=\"invalid\">no problem &apos;lecture01/xaxx&apos;, so this "
                      "answer was not checked; did you mean "
                      "&apos;lecture01/xax&apos;?</error>"),
             junit.out);
  const auto gs = run_grader({"check", sub, "--problems", kProblems, "--format", "gradescope"});
  BOOST_TEST(gs.exit_code == 1);
  BOOST_TEST(contains(gs.out, "\"name\": \"lecture01/xaxx\""), gs.out);
  BOOST_TEST(contains(gs.out, "**Your answer:** `dX*A*X + X*A*dX`\\n\\n" + message + "\\n\""),
             gs.out);
  // --only selects problems, not answers: the typo'd id is still listed, and fails the check.
  const auto only = run_grader({"check", sub, "--problems", kProblems, "--only", "lecture02/cube"});
  BOOST_TEST(only.exit_code == 1, only.out);
  BOOST_TEST(contains(only.out, "INVALID  lecture01/xaxx"), only.out);
  BOOST_TEST(contains(only.out, message), only.out);
  BOOST_TEST(only.err == "");
}

// Issue 17: unanswered problems are one folded line of ids in text, not a row each, unless
// --verbose; JSON lists each.
BOOST_AUTO_TEST_CASE(unanswered_problems_are_one_folded_line_unless_verbose) {
  const std::string sub = kData + "/submissions/unknown-id.yaml";
  const auto r = run_grader({"check", sub, "--problems", kProblems});
  BOOST_TEST(!contains(r.out, "MISSING"), r.out);
  BOOST_TEST(contains(r.out,
                      "  INVALID  lecture01/xaxx  0/0\n"
                      "  74 unanswered: lecture01/square, lecture01/why-linearize, "
                      "lecture01/xax,\n    lecture01/xax-rect, "),
             r.out);
  BOOST_TEST(contains(r.out, " lecture08/two-layer-vjp\n\nlecture01/xaxx: invalid"), r.out);
  std::size_t longest = 0;
  for (std::size_t at = 0, next; at < r.out.size(); at = next + 1) {
    next = r.out.find('\n', at);
    if (next == std::string::npos) next = r.out.size();
    if (r.out.compare(at, 4, "    ") == 0 || r.out.compare(at, 6, "  74 u") == 0)
      longest = std::max(longest, next - at);
  }
  BOOST_TEST(longest <= 80u, r.out);
  const auto verbose = run_grader({"check", sub, "--problems", kProblems, "--verbose"});
  BOOST_TEST(verbose.exit_code == 1);
  BOOST_TEST(!contains(verbose.out, "unanswered"), verbose.out);
  BOOST_TEST(occurrences(verbose.out, "\n  MISSING  ") == 74u, verbose.out);
  BOOST_TEST(contains(verbose.out, "\n  MISSING  lecture01/xax "), verbose.out);
  const auto json = run_grader({"check", sub, "--problems", kProblems, "--format", "json"});
  BOOST_TEST(occurrences(json.out, "\"verdict\": \"missing\"") == 74u, json.out);
}

BOOST_AUTO_TEST_CASE(json_report_has_the_contract_fields) {
  const auto r = run_grader({"check", kData + "/submissions/mixed.yaml", "--problems", kProblems,
                             "--format", "json", "--only", "lecture01/xax", "lecture02/cube"});
  BOOST_TEST(r.exit_code == 1);
  for (const char* field :
       {"\"student\": \"carol\"", "\"seed\": 1", "\"score\": 1.0", "\"max_score\": 2.0",
        "\"id\": \"lecture01/xax\"", "\"verdict\": \"pass\"", "\"max_rel_error\"",
        "\"oracle\": \"reference\"", "\"trials\": 5"}) {
    BOOST_TEST(contains(r.out, field), field);
  }
}

BOOST_AUTO_TEST_CASE(junit_and_gradescope_formats_for_one_submission) {
  const auto j = run_grader({"check", kData + "/submissions/mixed.yaml", "--problems", kProblems,
                             "--format", "junit", "--only", "lecture01/xax", "lecture02/cube"});
  BOOST_TEST(j.exit_code == 1);
  // --only selects problems; the answer under an unknown id is still listed (an error).
  BOOST_TEST(contains(j.out, "<testsuites name=\"grader\" tests=\"3\" failures=\"1\" errors=\"1\""),
             j.out);
  BOOST_TEST(contains(j.out, "<testcase name=\"lecture01/xax [1/1]\" classname=\"carol\""), j.out);
  const auto g =
      run_grader({"check", kData + "/submissions/mixed.yaml", "--problems", kProblems, "--format",
                  "gradescope", "--only", "lecture01/xax", "lecture02/cube"});
  BOOST_TEST(g.exit_code == 1);
  BOOST_TEST(contains(g.out, "\"score\": 1.0"), g.out);
  BOOST_TEST(contains(g.out, "\"status\": \"failed\""), g.out);
  BOOST_TEST(contains(g.out, "\"lecture-2\""), g.out);
}

BOOST_AUTO_TEST_CASE(malformed_yaml_names_file_line_and_column) {
  const auto r =
      run_grader({"check", kData + "/submissions/malformed.yaml", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(contains(r.err, kData + "/submissions/malformed.yaml:"), r.err);
  BOOST_TEST(contains(r.err, "not valid YAML"), r.err);
}

BOOST_AUTO_TEST_CASE(binary_garbage_is_unusable_input_not_a_crash) {
  const auto r =
      run_grader({"check", kData + "/submissions/garbage.yaml", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(contains(r.err, kData + "/submissions/garbage.yaml"), r.err);
}

BOOST_AUTO_TEST_CASE(a_control_character_in_an_answer_is_invalid_and_the_rest_is_checked) {
  const auto r =
      run_grader({"check", kData + "/submissions/control-character.yaml", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "INVALID  lecture01/xax"), r.out);
  BOOST_TEST(contains(r.out, "unexpected control character U+0001"), r.out);
  BOOST_TEST(contains(r.out, "PASS     lecture02/cube"), r.out);
}

BOOST_AUTO_TEST_CASE(a_misspelt_field_suggests_the_right_one) {
  const auto r = run_grader({"check", kData + "/submissions/typos.yaml", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err ==
             kData +
                 "/submissions/typos.yaml:2:1: unknown field 'answer'; did you mean 'answers'?\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(validate_command)

BOOST_AUTO_TEST_CASE(the_shipped_problems_validate_on_three_seeds) {
  const auto r = run_grader({"validate", "--problems", kProblems, "--seeds", "3"});
  BOOST_TEST(r.exit_code == 0, r.out);
  BOOST_TEST(contains(r.out, "0 failed, seeds 1..3"), r.out);
  BOOST_TEST(contains(r.out, "ok    lecture01/xax"), r.out);
}

BOOST_AUTO_TEST_CASE(a_lecture_folder_validates_with_ids_from_the_problems_folder) {
  const auto r = run_grader({"validate", kProblems + "/lecture03", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.out);
  BOOST_TEST(contains(r.out, "ok    lecture03/lu2x2"), r.out);
}

BOOST_AUTO_TEST_CASE(a_wrong_reference_fails_and_names_the_oracle) {
  const std::string dir = kData + "/wrong-reference";
  const auto r = run_grader({"validate", "--problems", dir});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "FAIL  t/wrong"), r.out);
  // One line for the problem, at the reference's position, naming every oracle.
  BOOST_TEST(contains(r.out,
                      "wrong-reference/t/wrong.yaml:12:14: the reference disagrees with "
                      "the numerical derivatives of F at 5 of 5 points (seeds 1..1): "
                      "high-precision difference (worst relative difference "),
             r.out);
  BOOST_TEST(contains(r.out, "; central difference (worst relative difference "), r.out);
  BOOST_TEST(contains(r.out, "; complex step (worst relative difference "), r.out);
  BOOST_TEST(count_lines(r.out) == 3u, r.out);
}

// Code problems: the reference formula against the oracles (a solution agreeing with a wrong
// formula does not hide it), the starter must fail, and a solution must exist.
BOOST_AUTO_TEST_CASE(code_problems_validate_their_reference_solution_and_starter) {
  const std::string dir = kData + "/code-validate";
  const auto r = run_grader({"validate", "--problems", dir + "/problems"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "FAIL  t/grad"), r.out);
  BOOST_TEST(contains(r.out,
                      "t/grad.yaml:15:14: the reference disagrees with the numerical "
                      "derivatives of F at 5 of 5 points (seeds 1..1): high-precision "
                      "difference"),
             r.out);
  BOOST_TEST(contains(r.out, "FAIL  t/lazy"), r.out);
  BOOST_TEST(contains(r.out, "submissions/starters/t/lazy.cpp passes: it must leave work to do"),
             r.out);
  BOOST_TEST(contains(r.out, "FAIL  t/unsolved"), r.out);
  BOOST_TEST(contains(r.out, "no reference solution: "), r.out);
  BOOST_TEST(contains(r.out, "reference/t/unsolved.cpp does not exist"), r.out);
  BOOST_TEST(contains(r.out, "3 problems, 3 failed"), r.out);
  // --reference elsewhere: t/lazy's own solution is then missing too.
  const auto s = run_grader({"validate", "--problems", dir + "/problems", "--reference",
                             dir + "/nowhere", "--starters", dir + "/reference"});
  BOOST_TEST(contains(s.out, "nowhere/t/lazy.cpp does not exist"), s.out);
}

// A code problem asking for a differential: its solution is passed the direction dA and
// passes, its reference is checked against the oracles as a differential.
BOOST_AUTO_TEST_CASE(a_code_differential_is_passed_its_direction) {
  const auto r =
      run_grader({"validate", "--problems", kData + "/code-differential/problems", "--seeds", "2"});
  BOOST_TEST(r.exit_code == 0, r.out + r.err);
  BOOST_TEST(contains(r.out, "ok    t/square"), r.out);
  BOOST_TEST(contains(r.out, "complex step"), r.out);
  BOOST_TEST(contains(r.out, "reference solution"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(list_and_show)

BOOST_AUTO_TEST_CASE(list_shows_ids_kinds_and_titles) {
  const auto r = run_grader({"list", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0);
  // One line per problem: the id padded to the longest id, the kind, the title.
  BOOST_TEST(contains(r.out, "\nlecture01/xax  "), r.out);
  BOOST_TEST(contains(r.out, "  differential  Differential of F(X) = XAX\n"), r.out);
  BOOST_TEST(count_lines(r.out) == 75u);
}

BOOST_AUTO_TEST_CASE(list_as_json_has_the_fields_course_tools_read) {
  const auto r = run_grader({"list", "--problems", kProblems, "--format", "json"});
  BOOST_TEST(r.exit_code == 0);
  for (const char* field :
       {"\"id\": \"lecture01/xax\"", "\"lecture\": 1", "\"part\": 1", "\"kind\": \"differential\"",
        "\"title\": \"Differential of F(X) = XAX\"", "\"points\": 1.0", "\"course-exercise\""}) {
    BOOST_TEST(contains(r.out, field), field);
  }
}

BOOST_AUTO_TEST_CASE(show_prints_the_statement_and_the_answer_shape) {
  const auto r = run_grader({"show", "lecture03/axb-jacobian", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "# The Jacobian of X ↦ AXB"), r.out);
  BOOST_TEST(contains(r.out, "Answer: jacobian ((m*p)×(n*p))"), r.out);
}

BOOST_AUTO_TEST_CASE(show_tells_how_a_code_problem_is_called_and_answered) {
  const auto r = run_grader({"show", "lecture04/adjoint-code", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out,
                      "Answer: code (n×1)\nThe grader calls adjoint_gradient(A0, b, c, p) "
                      "with A0: Eigen::MatrixXd, b: Eigen::VectorXd"),
             r.out);
  BOOST_TEST(contains(r.out, "expecting Eigen::VectorXd; relative tolerance 1e-08."), r.out);
  BOOST_TEST(contains(r.out, "Starter: submissions/starters/lecture04/adjoint-code.cpp"), r.out);
}

BOOST_AUTO_TEST_CASE(show_gives_one_shape_per_variable_for_a_gradient_in_several) {
  const auto r = run_grader({"show", "lecture07/reparam-gradient", "--problems", kProblems});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Answer: gradient (mu: n×1, sigma: n×1)"), r.out);
}

BOOST_AUTO_TEST_CASE(problems_can_come_from_the_environment) {
  setenv("GRADER_PROBLEMS", kProblems.c_str(), 1);
  const auto r = run_grader({"list"});
  unsetenv("GRADER_PROBLEMS");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(contains(r.out, "lecture02/cube"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(acceptance_sweep)

namespace {
std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}
}  // namespace

// Differentials, gradients (two variables, a non-Frobenius inner product, a symmetric
// variable), Jacobians and Hessians (matrix and quadratic form): two right forms of every
// answer pass and a typical wrong one fails, on ten seeds.
BOOST_AUTO_TEST_CASE(right_forms_pass_and_wrong_ones_fail_on_ten_seeds) {
  const std::string dir = kData + "/acceptance";
  for (int seed = 1; seed <= 10; ++seed) {
    for (const std::string file : {"right-1", "right-2", "wrong"}) {
      BOOST_TEST_CONTEXT("seed " << seed << ", " << file) {
        const auto r =
            run_grader({"check", dir + "/" + file + ".yaml", "--problems", dir + "/problems",
                        "--format", "json", "--seed", std::to_string(seed)});
        const bool right = file != "wrong";
        BOOST_TEST(r.exit_code == (right ? 0 : 1), r.out);
        BOOST_TEST(count(r.out, "\"verdict\": \"pass\"") == (right ? 7u : 0u), r.out);
        BOOST_TEST(count(r.out, "\"verdict\": ") == 7u);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(grade_command)

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_class_with_broken_files_is_graded_whole_and_deterministically) {
  const std::string out1 = std::filesystem::temp_directory_path() / "grader-grade-1";
  const std::string out2 = std::filesystem::temp_directory_path() / "grader-grade-2";
  std::filesystem::remove_all(out1);
  std::filesystem::remove_all(out2);
  const auto a = run_grader(
      {"grade", kData + "/class", "--out", out1, "--problems", kProblems, "--jobs", "1"});
  // Two submissions cannot be read: graded, and the exit status says not everything was used.
  BOOST_TEST(a.exit_code == 4, a.err);
  BOOST_TEST(contains(a.err, "2 unreadable submissions"), a.err);
  BOOST_TEST(contains(a.out, "graded 5 students against 75 problems (seed 1)"), a.out);
  const auto b = run_grader(
      {"grade", kData + "/class", "--out", out2, "--problems", kProblems, "--jobs", "2"});
  BOOST_TEST(b.exit_code == 4, b.err);
  for (const char* file :
       {"/grades.csv", "/report.json", "/junit.xml", "/summary.md", "/students/alice.json",
        "/students/alice.md", "/students/eve.md", "/students/bob/results.json"}) {
    BOOST_TEST_CONTEXT(file) {
      const std::string one = slurp(out1 + file);
      BOOST_TEST(!one.empty());
      BOOST_TEST(one == slurp(out2 + file));  // --jobs does not change a byte
    }
  }
  const std::string csv = slurp(out1 + "/grades.csv");
  BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 6);  // header + 5 students
  BOOST_TEST(contains(csv, "\nalice,3,75,"), csv);
  BOOST_TEST(contains(csv, "\nbob,0,75,"), csv);
  const std::string eve = slurp(out1 + "/students/eve.json");
  BOOST_TEST(contains(eve, "the submission could not be read"), eve);
  const std::string dora = slurp(out1 + "/students/dora.json");
  BOOST_TEST(contains(dora, "answers.yaml: no such file"), dora);
  const std::string junit = slurp(out1 + "/junit.xml");
  BOOST_TEST(!contains(junit, "<script>"), "unescaped student text in junit.xml");
  std::filesystem::remove_all(out1);
  std::filesystem::remove_all(out2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(work_limit)

BOOST_AUTO_TEST_CASE(a_formula_too_costly_to_evaluate_is_refused_before_any_arithmetic) {
  // One 400×400 product is 6.4e7 multiply-adds, more than the 1e7 an evaluation may take.
  const auto r = run_grader(
      {"eval", "sum(kron(A,B)*kron(A,B))", "--let", "A=ones(20,20)", "--let", "B=ones(20,20)"});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(
      contains(r.err, "this formula would take too long to evaluate: about 6.4e+07 operations"),
      r.err);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 7: partial credit, revealing the reference, the inputs of a failing trial.
BOOST_AUTO_TEST_SUITE(feedback)

const std::string kFeedback = std::string(GRADER_SOURCE_DIR) + "/tests/data/feedback";

BOOST_AUTO_TEST_CASE(partial_credit_is_carried_exactly_into_every_format) {
  const std::string sub = kFeedback + "/class/ann/answers.yaml";
  const std::string problems = kFeedback + "/problems";
  const auto text = run_grader({"check", sub, "--problems", problems});
  BOOST_TEST(text.exit_code == 1);
  BOOST_TEST(contains(text.out, "FAIL     t/credit  1/2"), text.out);
  BOOST_TEST(contains(text.out, "FAIL     t/later   0.25/2"), text.out);
  BOOST_TEST(contains(text.out, "Partial credit: 1 of 2 points for this near-miss (sign)."),
             text.out);
  BOOST_TEST(contains(text.out, "score 2.25/6"), text.out);
  BOOST_TEST(contains(text.out, "This is the checker `grader grade` runs"), text.out);
  const auto json = run_grader({"check", sub, "--problems", problems, "--format", "json"});
  BOOST_TEST(contains(json.out, "\"score\": 2.25"), json.out);
  BOOST_TEST(contains(json.out, "\"diagnosis\": \"sign\""), json.out);
  BOOST_TEST(contains(json.out, "\"diagnosis\": \"commuting\""), json.out);
  const auto gs = run_grader({"check", sub, "--problems", problems, "--format", "gradescope"});
  BOOST_TEST(contains(gs.out, "\"score\": 2.25,"), gs.out);
  BOOST_TEST(contains(gs.out, "\"score\": 0.25,"), gs.out);
  const auto junit = run_grader({"check", sub, "--problems", problems, "--format", "junit"});
  BOOST_TEST(contains(junit.out, "t/later [0.25/2]"), junit.out);
  const std::string out = std::filesystem::temp_directory_path() / "grader-feedback-grade";
  std::filesystem::remove_all(out);
  const auto g = run_grader(
      {"grade", kFeedback + "/class", "--out", out, "--problems", problems, "--jobs", "1"});
  BOOST_TEST(g.exit_code == 0, g.err);
  const std::string csv = grade_command::slurp(out + "/grades.csv");
  BOOST_TEST(contains(csv, "\nann,2.25,6,1,0.25,1"), csv);
  std::filesystem::remove_all(out);
}

BOOST_AUTO_TEST_CASE(the_reference_shows_only_where_the_spec_allows) {
  const auto r = run_grader({"check", kFeedback + "/class/ann/answers.yaml", "--problems",
                             kFeedback + "/problems", "--format", "json"});
  // always and a deadline in 2000: shown; a deadline in 2999: not.
  const auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = r.out.find(needle); at != std::string::npos; at = r.out.find(needle, at + 1))
      ++n;
    return n;
  };
  BOOST_TEST(count("\"reference\": \"dX*A*X + X*A*dX\"") == 2u, r.out);
  const auto xax = run_grader({"try", "lecture01/xax", "dX*A*X", "--problems", kProblems});
  BOOST_TEST(!contains(xax.out, "the right answer"), xax.out);
}

BOOST_AUTO_TEST_CASE(show_inputs_prints_the_failing_point_as_formula_literals) {
  const auto plain = run_grader({"try", "lecture01/xax", "dX*A*X", "--problems", kProblems});
  BOOST_TEST(!contains(plain.out, "inputs at random point"), plain.out);
  const auto r =
      run_grader({"try", "lecture01/xax", "dX*A*X", "--problems", kProblems, "--show-inputs"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.out, "inputs at random point 1 (seed 1):"), r.out);
  BOOST_TEST(contains(r.out, "  n = "), r.out);
  BOOST_TEST(contains(r.out, "  X = ["), r.out);
  BOOST_TEST(contains(r.out, "  dX = ["), r.out);
  BOOST_TEST(contains(r.out, "worst entries (row, column: right value, yours):"), r.out);
  // The printed X evaluates as a formula: paste it into grader eval.
  const auto line_of = [&](const std::string& prefix) {
    const auto at = r.out.find(prefix);
    return r.out.substr(at + prefix.size(), r.out.find('\n', at) - at - prefix.size());
  };
  const auto e = run_grader({"eval", "tr(X)", "--let", "X=" + line_of("  X = ")});
  BOOST_TEST(e.exit_code == 0, e.err);
}

BOOST_AUTO_TEST_SUITE_END()
