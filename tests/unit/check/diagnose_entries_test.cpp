#define BOOST_TEST_MODULE check_diagnose_entries
#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/diagnosed.hpp"
#include "grader/check/diagnose_matrix.hpp"

using namespace grader;

namespace {

using grader_test::diagnosed;
using grader_test::diagnosis_key;
using grader_test::load_problem;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string kPolar = R"y(id: t/p
title: polar
variables:
  x: {shape: [2], range: [-3, 3]}
function: "[x[1]*cos(x[2]), x[1]*sin(x[2])]"
answer:
  kind: jacobian
  reference: "[cos(x[2]) (-x[1]*sin(x[2])); sin(x[2]) (x[1]*cos(x[2]))]"
require: ["x[1] - 0.1"]
)y";

const std::string kGradient = R"y(id: t/p
title: a gradient of three entries
variables:
  x: {shape: [3]}
function: "x[1]^2*x[2] + x[3]"
answer: {kind: gradient, reference: "[2*x[1]*x[2], x[1]^2, 1]"}
)y";

}  // namespace

BOOST_AUTO_TEST_CASE(one_wrong_entry_is_named_with_its_sign_or_factor) {
  const auto p = load_problem(kPolar);
  const std::string sign =
      diagnosed(p, "[cos(x[2]) (-x[1]*sin(x[2])); -sin(x[2]) (x[1]*cos(x[2]))]");
  BOOST_TEST(sign.rfind("wrong-entry: entry (2, 1) of your answer is wrong, and it has the wrong "
                        "sign; every other entry is right",
                        0) == 0,
             sign);
  const std::string twice =
      diagnosed(p, "[cos(x[2]) (-x[1]*sin(x[2])); sin(x[2]) (2*x[1]*cos(x[2]))]");
  BOOST_TEST(
      has(twice, "entry (2, 2) of your answer is wrong, and it is 2 times what it should be"),
      twice);
  const std::string varying = diagnosed(p, "[cos(x[2]) (-sin(x[2])); sin(x[2]) (x[1]*cos(x[2]))]");
  BOOST_TEST(has(varying, "entry (1, 2)"), varying);
  BOOST_TEST(has(varying, "a different multiple at each point"), varying);
}

BOOST_AUTO_TEST_CASE(a_row_or_a_column_off_by_a_factor_is_named) {
  const auto p = load_problem(kPolar);
  const std::string column =
      diagnosed(p, "[cos(x[2]) (-sin(x[2])/x[1]); sin(x[2]) (cos(x[2])/x[1])]");
  BOOST_TEST(
      column.rfind("wrong-column: Column 2 of your answer is wrong, and at each point", 0) == 0,
      column);
  const std::string row =
      diagnosed(p, "[cos(x[2]) (-x[1]*sin(x[2])); -3*sin(x[2]) (-3*x[1]*cos(x[2]))]");
  BOOST_TEST(has(row, "Row 2 of your answer is wrong, and it is -3 times what it should be"), row);
  BOOST_TEST(diagnosis_key(p, "[cos(x[2]) (-x[1]*sin(x[2])); cos(x[2]) (-x[1]*sin(x[2]))]") ==
             "wrong-row");
}

BOOST_AUTO_TEST_CASE(swapped_rows_columns_and_entries) {
  const auto p = load_problem(kPolar);
  const std::string rows =
      diagnosed(p, "[sin(x[2]) (x[1]*cos(x[2])); cos(x[2]) (-x[1]*sin(x[2]))]");
  BOOST_TEST(rows.rfind("swapped-rows: Rows 1 and 2 of your answer are swapped", 0) == 0, rows);
  BOOST_TEST(diagnosis_key(p, "[(-x[1]*sin(x[2])) cos(x[2]); (x[1]*cos(x[2])) sin(x[2])]") ==
             "swapped-columns");
  const auto g = load_problem(kGradient);
  const std::string entries = diagnosed(g, "[x[1]^2, 2*x[1]*x[2], 1]");
  BOOST_TEST(entries.rfind("swapped-rows: Entries 1 and 2 of your answer are swapped", 0) == 0,
             entries);
  BOOST_TEST(diagnosed(g, "[2*x[1]*x[2], x[1]^2, 0]").rfind("wrong-entry: entry 3 of", 0) == 0);
}

BOOST_AUTO_TEST_CASE(no_entry_claim_when_the_whole_answer_or_more_is_wrong) {
  const auto p = load_problem(kPolar);
  // The whole answer off by a factor or a sign: those keys come first.
  BOOST_TEST(diagnosis_key(p, "2*[cos(x[2]) (-x[1]*sin(x[2])); sin(x[2]) (x[1]*cos(x[2]))]") ==
             "factor");
  BOOST_TEST(diagnosis_key(p, "-[cos(x[2]) (-x[1]*sin(x[2])); sin(x[2]) (x[1]*cos(x[2]))]") ==
             "sign");
  // Two entries wrong in different rows and columns: no claim about one of them.
  const std::string two =
      diagnosis_key(p, "[(2*cos(x[2])) (-x[1]*sin(x[2])); sin(x[2]) (3*x[1]*cos(x[2]))]");
  BOOST_TEST((two != "wrong-entry" && two != "wrong-row" && two != "wrong-column"), two);
}
