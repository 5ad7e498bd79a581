#define BOOST_TEST_MODULE expr_limits
#include "grader/expr/limits.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "../support/markdown.hpp"

namespace {

// The first whole number of a cell, its thousands separators dropped: "10,000 bytes" gives
// "10000", "±1000" gives "1000".
std::string first_number(const std::string& cell) {
  const auto begin = cell.find_first_of("0123456789");
  if (begin == std::string::npos) return "";
  std::string out;
  for (std::size_t k = begin; k < cell.size(); ++k) {
    if (cell[k] >= '0' && cell[k] <= '9') {
      out += cell[k];
    } else if (cell[k] != ',' || k + 1 == cell.size() || cell[k + 1] < '0' || cell[k + 1] > '9') {
      break;
    }
  }
  return out;
}

}  // namespace

// docs/limits.md copies the defaults for readers: one row per bound, with the same value.
BOOST_AUTO_TEST_CASE(the_docs_table_gives_the_defaults) {
  const grader::expr::Limits limits;
  // Every bound of Limits but the deadline (none by default, said below the table). A new
  // member changes the size: give it a row in docs/limits.md and a line here.
  static_assert(sizeof(grader::expr::Limits) ==
                    7 * sizeof(long) + sizeof(std::chrono::steady_clock::time_point),
                "a new bound of expr::Limits needs a row in docs/limits.md");
  const std::vector<std::pair<std::string, std::string>> bounds = {
      {"`max_formula_bytes`", std::to_string(limits.max_formula_bytes)},
      {"`max_depth`", std::to_string(limits.max_depth)},
      {"`max_literal_entries`", std::to_string(limits.max_literal_entries)},
      {"`max_matrix_power`", std::to_string(limits.max_matrix_power)},
      {"`kMaxExponentDigits` (4 digits)", std::string(grader::expr::kMaxExponentDigits, '9')},
      {"`max_dimension`", std::to_string(limits.max_dimension)},
      {"`max_entries`", std::to_string(limits.max_entries)},
      {"`max_work`", std::to_string(limits.max_work)},
  };
  const auto rows = grader_test::markdown_table(std::string(GRADER_SOURCE_DIR) + "/docs/limits.md",
                                                "| bound | default | in the code |");
  BOOST_TEST_REQUIRE(rows.size() == bounds.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    BOOST_TEST_REQUIRE(rows[k].size() == 3u);
    BOOST_TEST(rows[k][2] == bounds[k].first);
    BOOST_TEST(first_number(rows[k][1]) == bounds[k].second, rows[k][0]);
  }
  BOOST_TEST(grader::expr::kMaxExponentDigits == 4u);  // the "(4 digits)" of the table
}
