#define BOOST_TEST_MODULE core_text_position
#include "grader/core/text_position.hpp"

#include <boost/test/unit_test.hpp>

using grader::code_point_column;
using grader::TextLines;

// yaml-cpp counts bytes from 0; a position is shown 1-based in code points, so that a column
// after "Aᵀ" (2 code points, 4 bytes) points where an editor does.
BOOST_AUTO_TEST_CASE(columns_count_code_points_from_one) {
  BOOST_TEST(code_point_column("reference: x", 11) == 12);
  BOOST_TEST(code_point_column("f: Aᵀ*x", 7) == 6);  // the '*' after 'ᵀ' (3 bytes)
  BOOST_TEST(code_point_column("ab", 10) == 3);      // past the end: the line's end
  BOOST_TEST(code_point_column("ab", -1) == 1);
}

BOOST_AUTO_TEST_CASE(a_byte_that_is_not_utf8_counts_as_one_column) {
  BOOST_TEST(code_point_column("a\xFF\xFE"
                               "b",
                               3) == 4);
  // A sequence cut by the column counts byte by byte, as the text before the column reads.
  BOOST_TEST(code_point_column("\xE1\xB5\x80x", 2) == 3);
}

BOOST_AUTO_TEST_CASE(text_lines_convert_each_line_on_its_own) {
  const TextLines lines("a: 1\nf: Aᵀ*x\r\n\nlast");
  BOOST_TEST(lines.column(0, 3) == 4);
  BOOST_TEST(lines.column(1, 7) == 6);
  BOOST_TEST(lines.column(2, 0) == 1);
  BOOST_TEST(lines.column(3, 4) == 5);
  BOOST_TEST(lines.column(9, 4) == 5);  // a line past the end keeps the byte column
}
