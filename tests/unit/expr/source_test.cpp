#define BOOST_TEST_MODULE expr_source
#include "grader/expr/source.hpp"

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

namespace grader::expr {
std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << "{" << s.begin << ", " << s.end << "}";
}
}  // namespace grader::expr

using grader::expr::code_points;
using grader::expr::cover;
using grader::expr::Position;
using grader::expr::Source;
using grader::expr::Span;

namespace {

// "line:column" of a byte offset, for compact assertions.
std::string at(const Source& source, std::size_t offset) {
  const Position p = source.position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

}  // namespace

BOOST_AUTO_TEST_CASE(source_keeps_its_text_and_name) {
  const Source s("X*Y", "problems/p1.yaml");
  BOOST_TEST(s.text() == "X*Y");
  BOOST_TEST(s.name() == "problems/p1.yaml");
}

BOOST_AUTO_TEST_CASE(position_on_one_line_is_one_based) {
  const Source s("abc", "formula");
  BOOST_TEST(at(s, 0) == "1:1");
  BOOST_TEST(at(s, 1) == "1:2");
  BOOST_TEST(at(s, 2) == "1:3");
  BOOST_TEST(at(s, 3) == "1:4");  // the end of input is one column past the last character
}

BOOST_AUTO_TEST_CASE(position_past_the_end_is_clamped_to_the_end) {
  const Source s("abc", "formula");
  BOOST_TEST(at(s, 100) == "1:4");
  const Source empty("", "formula");
  BOOST_TEST(at(empty, 0) == "1:1");
  BOOST_TEST(at(empty, 5) == "1:1");
}

BOOST_AUTO_TEST_CASE(position_counts_lines_after_each_newline) {
  const Source s("ab\ncd\n\nef", "formula");
  BOOST_TEST(at(s, 1) == "1:2");
  BOOST_TEST(at(s, 2) == "1:3");  // the newline itself belongs to the line it ends
  BOOST_TEST(at(s, 3) == "2:1");
  BOOST_TEST(at(s, 4) == "2:2");
  BOOST_TEST(at(s, 6) == "3:1");  // an empty line
  BOOST_TEST(at(s, 7) == "4:1");
  BOOST_TEST(at(s, 9) == "4:3");
}

BOOST_AUTO_TEST_CASE(position_after_a_trailing_newline_is_on_a_new_line) {
  const Source s("ab\n", "formula");
  BOOST_TEST(at(s, 3) == "2:1");
}

BOOST_AUTO_TEST_CASE(columns_count_code_points_not_bytes) {
  // A=0, ᵀ=1..3 (3 bytes), ⊗=4..6, B=7, ⁻¹=8..12 (⁻ is 3 bytes, ¹ is 2), +=13
  const Source s("Aᵀ⊗B⁻¹+π", "formula");
  BOOST_TEST(at(s, 1) == "1:2");
  BOOST_TEST(at(s, 4) == "1:3");
  BOOST_TEST(at(s, 7) == "1:4");
  BOOST_TEST(at(s, 8) == "1:5");
  BOOST_TEST(at(s, 11) == "1:6");  // ¹ is its own code point
  BOOST_TEST(at(s, 13) == "1:7");
  BOOST_TEST(at(s, 14) == "1:8");  // π (2 bytes)
  BOOST_TEST(at(s, 16) == "1:9");  // the end
}

BOOST_AUTO_TEST_CASE(columns_on_later_lines_count_code_points_from_the_line_start) {
  const Source s("αβ\nγ+δ", "formula");
  // α=0..1 β=2..3 \n=4 γ=5..6 +=7 δ=8..9
  BOOST_TEST(at(s, 5) == "2:1");
  BOOST_TEST(at(s, 7) == "2:2");
  BOOST_TEST(at(s, 8) == "2:3");
}

BOOST_AUTO_TEST_CASE(line_offset_shifts_every_line) {
  const Source s("a\nb", "spec.yaml", 10);
  BOOST_TEST(at(s, 0) == "11:1");
  BOOST_TEST(at(s, 2) == "12:1");
}

BOOST_AUTO_TEST_CASE(column_offset_shifts_only_the_first_line) {
  // A field that starts mid-line (at column 9 of line 5): later lines start at column 1.
  const Source s("x+y\nz*w", "spec.yaml", 4, 8);
  BOOST_TEST(at(s, 0) == "5:9");
  BOOST_TEST(at(s, 2) == "5:11");
  BOOST_TEST(at(s, 4) == "6:1");
  BOOST_TEST(at(s, 6) == "6:3");
}

BOOST_AUTO_TEST_CASE(line_at_returns_the_line_without_its_newline_and_its_start) {
  const Source s("ab\ncd\nef", "formula");
  std::size_t start = 99;
  BOOST_TEST(s.line_at(0, &start) == "ab");
  BOOST_TEST(start == 0U);
  BOOST_TEST(s.line_at(2, &start) == "ab");  // on the newline: the line it ends
  BOOST_TEST(start == 0U);
  BOOST_TEST(s.line_at(3, &start) == "cd");
  BOOST_TEST(start == 3U);
  BOOST_TEST(s.line_at(4, &start) == "cd");
  BOOST_TEST(start == 3U);
  BOOST_TEST(s.line_at(7, &start) == "ef");
  BOOST_TEST(start == 6U);
  BOOST_TEST(s.line_at(8, &start) == "ef");  // the end of input
  BOOST_TEST(start == 6U);
  BOOST_TEST(s.line_at(1000, &start) == "ef");  // clamped
  BOOST_TEST(start == 6U);
}

BOOST_AUTO_TEST_CASE(line_at_works_without_a_start_pointer_and_on_empty_lines) {
  const Source s("ab\n\ncd\n", "formula");
  BOOST_TEST(s.line_at(1) == "ab");
  std::size_t start = 99;
  BOOST_TEST(s.line_at(3, &start) == "");
  BOOST_TEST(start == 3U);
  BOOST_TEST(s.line_at(7, &start) == "");  // after the trailing newline
  BOOST_TEST(start == 7U);
  const Source empty("", "formula");
  BOOST_TEST(empty.line_at(0, &start) == "");
  BOOST_TEST(start == 0U);
}

BOOST_AUTO_TEST_CASE(slice_returns_the_bytes_of_a_span) {
  const Source s("abcdef", "formula");
  BOOST_TEST(s.slice({1, 3}) == "bc");
  BOOST_TEST(s.slice({0, 6}) == "abcdef");
  BOOST_TEST(s.slice({2, 2}) == "");
  const Source u("Aᵀ+B", "formula");
  BOOST_TEST(u.slice({1, 4}) == "ᵀ");
}

BOOST_AUTO_TEST_CASE(slice_clamps_spans_that_run_past_the_text) {
  const Source s("abcdef", "formula");
  BOOST_TEST(s.slice({4, 100}) == "ef");
  BOOST_TEST(s.slice({10, 20}) == "");
  BOOST_TEST(s.slice({3, 1}) == "");  // a reversed span is empty, not a crash
}

BOOST_AUTO_TEST_CASE(code_points_counts_utf8_characters) {
  BOOST_TEST(code_points("") == 0U);
  BOOST_TEST(code_points("abc") == 3U);
  BOOST_TEST(code_points("ᵀ") == 1U);
  BOOST_TEST(code_points("⁻¹") == 2U);
  BOOST_TEST(code_points("αβγ") == 3U);
  BOOST_TEST(code_points("A⊗B") == 3U);
  BOOST_TEST(code_points("2×3") == 3U);
  BOOST_TEST(code_points("😀") == 1U);  // 4 bytes
}

BOOST_AUTO_TEST_CASE(code_points_counts_invalid_lead_bytes_as_one_each) {
  BOOST_TEST(code_points("\xff\xfe") == 2U);
  BOOST_TEST(code_points("a\xff"
                         "b") == 3U);
}

BOOST_AUTO_TEST_CASE(code_points_counts_a_stray_continuation_byte_as_one) {
  // The header promises "invalid bytes count as one each"; a continuation byte with no lead
  // byte before it is invalid.
  BOOST_TEST(code_points("a\x80"
                         "b") == 3U);
}

BOOST_AUTO_TEST_CASE(spans_have_size_emptiness_and_cover) {
  const Span s{2, 5};
  BOOST_TEST(s.size() == 3U);
  BOOST_TEST(!s.empty());
  BOOST_TEST((Span{4, 4}.empty()));
  BOOST_TEST(cover(Span{2, 5}, Span{7, 9}) == (Span{2, 9}));
  BOOST_TEST(cover(Span{7, 9}, Span{2, 5}) == (Span{2, 9}));
  BOOST_TEST(cover(Span{1, 10}, Span{3, 4}) == (Span{1, 10}));
}
