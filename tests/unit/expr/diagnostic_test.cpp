#define BOOST_TEST_MODULE expr_diagnostic
#include "grader/expr/diagnostic.hpp"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "grader/expr/parser.hpp"
#include "grader/expr/shape_check.hpp"

using namespace grader::expr;

namespace {

std::string repeat(char c, std::size_t n) {
  return std::string(n, c);
}

}  // namespace

BOOST_AUTO_TEST_CASE(error_kinds_have_names) {
  BOOST_TEST(std::string(to_string(ErrorKind::syntax)) == "syntax error");
  BOOST_TEST(std::string(to_string(ErrorKind::name)) == "name error");
  BOOST_TEST(std::string(to_string(ErrorKind::shape)) == "shape error");
  BOOST_TEST(std::string(to_string(ErrorKind::domain)) == "domain error");
  BOOST_TEST(std::string(to_string(ErrorKind::limit)) == "limit exceeded");
}

BOOST_AUTO_TEST_CASE(primary_and_secondary_spans_on_one_line) {
  const Source source("[1 2; 3 4]*[1 2 3]", "formula");
  const Diagnostic d{ErrorKind::shape,
                     "cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ",
                     {10, 11},
                     {{0, 10}, {11, 18}},
                     ""};
  BOOST_TEST(render(d, source) ==
             "error: cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ\n"
             " --> formula:1:11\n"
             "  |\n"
             "1 | [1 2; 3 4]*[1 2 3]\n"
             "  | ~~~~~~~~~~^~~~~~~~\n");
}

BOOST_AUTO_TEST_CASE(help_line_follows_the_underline) {
  const Source source("x ** 2", "formula");
  const Diagnostic d{
      ErrorKind::syntax, "'**' is not an operator", {2, 4}, {}, "write ^ for a power: x^2"};
  BOOST_TEST(render(d, source) ==
             "error: '**' is not an operator\n"
             " --> formula:1:3\n"
             "  |\n"
             "1 | x ** 2\n"
             "  |   ^^\n"
             "  = help: write ^ for a power: x^2\n");
}

BOOST_AUTO_TEST_CASE(primary_wins_where_it_overlaps_a_secondary_span) {
  const Source source("tr(A*B)", "formula");
  const Diagnostic d{ErrorKind::shape, "m", {3, 6}, {{0, 7}}, ""};
  BOOST_TEST(render(d, source) ==
             "error: m\n"
             " --> formula:1:4\n"
             "  |\n"
             "1 | tr(A*B)\n"
             "  | ~~~^^^~\n");
}

BOOST_AUTO_TEST_CASE(columns_and_underlines_count_utf8_code_points) {
  // A=0 ᵀ=1..3 ⊗=4..6 B=7 ' '=8 +=9 ' '=10 x=11 ᵀ=12..14
  const Source source("Aᵀ⊗B + xᵀ", "formula");
  const Diagnostic d{ErrorKind::shape,
                     "cannot add 4×4 and 1×3: the shapes differ",
                     {9, 10},
                     {{0, 8}, {11, 15}},
                     ""};
  BOOST_TEST(render(d, source) ==
             "error: cannot add 4×4 and 1×3: the shapes differ\n"
             " --> formula:1:6\n"
             "  |\n"
             "1 | Aᵀ⊗B + xᵀ\n"
             "  | ~~~~ ^ ~~\n");
}

BOOST_AUTO_TEST_CASE(a_multibyte_primary_gets_one_caret_per_code_point) {
  const Source source("A⁻¹", "formula");  // ⁻¹ = bytes 1..5, two code points
  const Diagnostic d{
      ErrorKind::shape, "cannot invert a 2×3 matrix: it is not square", {1, 6}, {{0, 1}}, ""};
  BOOST_TEST(render(d, source) ==
             "error: cannot invert a 2×3 matrix: it is not square\n"
             " --> formula:1:2\n"
             "  |\n"
             "1 | A⁻¹\n"
             "  | ~^^\n");
}

BOOST_AUTO_TEST_CASE(multi_line_source_shows_the_line_of_the_primary_span) {
  // "[1 2\n" is bytes 0..4; the second line " 3 4 5]" starts at byte 5; '5' is byte 10.
  const Source source("[1 2\n 3 4 5]", "spec.yaml", 4, 8);
  const Diagnostic d{ErrorKind::shape,
                     "the rows of a matrix have different widths: 2 and 3 columns",
                     {10, 11},
                     {{1, 4}},  // on the first line: not shown
                     "every row of [a b; c d] needs the same number of columns"};
  BOOST_TEST(render(d, source) ==
             "error: the rows of a matrix have different widths: 2 and 3 columns\n"
             " --> spec.yaml:6:6\n"
             "  |\n"
             "6 |  3 4 5]\n"
             "  |      ^\n"
             "  = help: every row of [a b; c d] needs the same number of columns\n");
}

BOOST_AUTO_TEST_CASE(first_line_of_a_field_is_shifted_by_the_column_offset) {
  const Source source("X ** 2", "spec.yaml", 4, 8);
  const Diagnostic d{ErrorKind::syntax, "'**' is not an operator", {2, 4}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: '**' is not an operator\n"
             " --> spec.yaml:5:11\n"
             "  |\n"
             "5 | X ** 2\n"
             "  |   ^^\n");
}

BOOST_AUTO_TEST_CASE(a_secondary_span_from_an_earlier_line_is_underlined_where_it_continues) {
  const Source source("(a +\n b) * c", "formula");
  // (a + b) spans bytes 0..8 across the line break; '*' is byte 9.
  const Diagnostic d{ErrorKind::shape, "m", {9, 10}, {{0, 8}}, ""};
  BOOST_TEST(render(d, source) ==
             "error: m\n"
             " --> formula:2:5\n"
             "  |\n"
             "2 |  b) * c\n"
             "  | ~~~ ^\n");
}

BOOST_AUTO_TEST_CASE(gutter_widens_for_line_numbers_with_more_digits) {
  const Source source("x\ny +", "spec.yaml", 9);
  const Diagnostic d{ErrorKind::syntax, "the formula ends too early", {5, 5}, {}, "finish it"};
  BOOST_TEST(render(d, source) ==
             "error: the formula ends too early\n"
             " --> spec.yaml:11:4\n"
             "   |\n"
             "11 | y +\n"
             "   |    ^\n"
             "   = help: finish it\n");
}

BOOST_AUTO_TEST_CASE(span_at_end_of_input_gets_one_caret_past_the_text) {
  const Source source("(a+b", "formula");
  const Diagnostic d{
      ErrorKind::syntax, "the formula ends too early: expected ')'", {4, 4}, {{0, 1}}, ""};
  BOOST_TEST(render(d, source) ==
             "error: the formula ends too early: expected ')'\n"
             " --> formula:1:5\n"
             "  |\n"
             "1 | (a+b\n"
             "  | ~   ^\n");
}

BOOST_AUTO_TEST_CASE(empty_source_renders_a_caret_at_column_one) {
  const Source source("", "formula");
  const Diagnostic d{ErrorKind::syntax, "the formula is empty", {0, 0}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: the formula is empty\n"
             " --> formula:1:1\n"
             "  |\n"
             "1 | \n"
             "  | ^\n");
}

BOOST_AUTO_TEST_CASE(long_line_is_shown_as_a_window_around_the_primary_span) {
  // 300 columns; the primary is column 201 ('B'). The window starts 33 columns before it and
  // shows 100 columns, with "..." on each side that is cut.
  const std::string line = repeat('a', 200) + "B" + repeat('c', 99);
  const Source source(line, "formula");
  const Diagnostic d{ErrorKind::shape, "m", {200, 201}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: m\n"
             " --> formula:1:201\n"
             "  |\n"
             "1 | ..." +
                 repeat('a', 33) + "B" + repeat('c', 66) +
                 "...\n"
                 "  | " +
                 repeat(' ', 36) + "^\n");
}

BOOST_AUTO_TEST_CASE(long_line_window_near_the_start_has_no_leading_dots) {
  const std::string line = repeat('a', 10) + "B" + repeat('c', 289);
  const Source source(line, "formula");
  const Diagnostic d{ErrorKind::shape, "m", {10, 11}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: m\n"
             " --> formula:1:11\n"
             "  |\n"
             "1 | " +
                 repeat('a', 10) + "B" + repeat('c', 89) +
                 "...\n"
                 "  | " +
                 repeat(' ', 10) + "^\n");
}

BOOST_AUTO_TEST_CASE(long_line_window_at_the_end_of_input_has_no_trailing_dots) {
  const std::string line = repeat('a', 300);
  const Source source(line, "formula");
  const Diagnostic d{ErrorKind::syntax, "the formula ends too early", {300, 300}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: the formula ends too early\n"
             " --> formula:1:301\n"
             "  |\n"
             "1 | ..." +
                 repeat('a', 33) +
                 "\n"
                 "  | " +
                 repeat(' ', 36) + "^\n");
}

BOOST_AUTO_TEST_CASE(long_line_window_counts_code_points) {
  // 150 copies of "ᵀ" (3 bytes each), the primary at code point 120.
  std::string line;
  for (int i = 0; i < 150; ++i) line += "ᵀ";
  const Source source(line, "formula");
  const Diagnostic d{ErrorKind::shape, "m", {360, 363}, {}, ""};
  std::string expected_line;
  for (int i = 87; i < 150; ++i) expected_line += "ᵀ";
  BOOST_TEST(render(d, source) ==
             "error: m\n"
             " --> formula:1:121\n"
             "  |\n"
             "1 | ..." +
                 expected_line +
                 "\n"
                 "  | " +
                 repeat(' ', 36) + "^\n");
}

BOOST_AUTO_TEST_CASE(a_megabyte_line_renders_a_short_message) {
  const std::string line = repeat('x', 1'000'000);
  const Source source(line, "formula");
  const Diagnostic d{
      ErrorKind::limit, "formula is too long", {500'000, 500'001}, {{0, 1'000'000}}, ""};
  const std::string out = render(d, source);
  BOOST_TEST(out.size() < 400U);
  BOOST_TEST(out.find(" --> formula:1:500001\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(formula_error_carries_its_diagnostic_and_renders_as_what) {
  auto source = std::make_shared<const Source>("x ** 2", "formula");
  const Diagnostic d{
      ErrorKind::syntax, "'**' is not an operator", {2, 4}, {}, "write ^ for a power: x^2"};
  const FormulaError e(d, source);
  BOOST_TEST(std::string(e.what()) == render(d, *source));
  BOOST_TEST((e.kind() == ErrorKind::syntax));
  BOOST_TEST(e.diagnostic().message == "'**' is not an operator");
  BOOST_TEST(e.diagnostic().help == "write ^ for a power: x^2");
  BOOST_TEST(&e.source() == source.get());
  BOOST_TEST(static_cast<int>(e.exit_code()) == static_cast<int>(grader::ExitCode::bad_input));
  const grader::Error& base = e;  // every FormulaError is a grader::Error
  BOOST_TEST(std::string(base.what()) == std::string(e.what()));
}

BOOST_AUTO_TEST_CASE(shape_errors_render_like_the_documented_example) {
  const Formula f = parse("[1 2; 3 4]*[1 2 3]");
  try {
    check_shapes(f, ShapeEnv{});
    BOOST_FAIL("the product was accepted");
  } catch (const FormulaError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "error: cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ\n"
               " --> formula:1:11\n"
               "  |\n"
               "1 | [1 2; 3 4]*[1 2 3]\n"
               "  | ~~~~~~~~~~^~~~~~~~\n");
  }
}

BOOST_AUTO_TEST_CASE(parse_errors_on_a_later_line_render_that_line) {
  try {
    parse("[1 2\n 3 ×× 4]");
    BOOST_FAIL("parsed");
  } catch (const FormulaError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "error: '×' is not an operator\n"
               " --> formula:2:4\n"
               "  |\n"
               "2 |  3 ×× 4]\n"
               "  |    ^\n"
               "  = help: write * for a product, ⊗ or kron(A, B) for a Kronecker product\n");
  }
}

BOOST_AUTO_TEST_CASE(control_characters_and_invalid_bytes_are_shown_as_replacement_characters) {
  const Source source(std::string("a\x01"
                                  "b\xFF"
                                  "\tc"),
                      "formula");
  const Diagnostic d{ErrorKind::syntax, "unexpected control character U+0001", {1, 2}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: unexpected control character U+0001\n"
             " --> formula:1:2\n"
             "  |\n"
             "1 | a\uFFFDb\uFFFD c\n"
             "  |  ^\n");
}

// Echoing a bidirectional control would reverse the rest of the line on the student's screen
// (what they see would not be what the grader read); an invisible character would hide where
// the caret points. Both are shown as U+FFFD, one column each.
BOOST_AUTO_TEST_CASE(bidi_controls_and_invisible_characters_are_not_echoed) {
  const Source source(std::string("dX +\u202E X\u200B*A\u0085"), "answer");
  const Diagnostic d{ErrorKind::syntax, "unexpected character", {4, 7}, {}, ""};
  BOOST_TEST(render(d, source) ==
             "error: unexpected character\n"
             " --> answer:1:5\n"
             "  |\n"
             "1 | dX +\uFFFD X\uFFFD*A\uFFFD\n"
             "  |     ^\n");
}
