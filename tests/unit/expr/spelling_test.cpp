#define BOOST_TEST_MODULE expr_spelling
#include "grader/expr/spelling.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader::expr;

BOOST_AUTO_TEST_CASE(closest_name_prefers_case_differences_then_single_edits) {
  BOOST_TEST(closest_name("x", {"X", "y"}).value_or("<none>") == "X");
  BOOST_TEST(closest_name("x", {"y", "X"}).value_or("<none>") == "X");
  BOOST_TEST(closest_name("sigma", {"Sigma", "sigmb"}).value_or("<none>") == "Sigma");
  BOOST_TEST(closest_name("alpa", {"beta", "alpha"}).value_or("<none>") == "alpha");
  BOOST_TEST(closest_name("Xt", {"A", "X", "dX"}).value_or("<none>") == "X");
  BOOST_TEST(closest_name("lambda2", {"lambda"}).value_or("<none>") == "lambda");
}

BOOST_AUTO_TEST_CASE(closest_name_rejects_distant_names) {
  BOOST_TEST(!closest_name("foo", {"X", "A", "pi"}).has_value());
  BOOST_TEST(!closest_name("x", {}).has_value());
  BOOST_TEST(!closest_name("abc", {"xyz"}).has_value());
  BOOST_TEST(!closest_name("Xab", {"X"}).has_value());  // two edits for a 3-letter name
}
