#define BOOST_TEST_MODULE spec_yaml_text
#include "grader/spec/yaml_text.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader::spec;

BOOST_AUTO_TEST_CASE(finds_the_double_quoted_scalar_around_a_backslash) {
  const std::string text = "a: \"x\"\nb: \"tr(A\\dA) \\\" q\"\nc: d\\e\n";
  const std::size_t backslash = text.find("\\dA");
  const auto q = double_quoted_around(text, backslash);
  BOOST_TEST_REQUIRE(q.has_value());
  BOOST_TEST(text.substr(q->open, q->close - q->open + 1) == "\"tr(A\\dA) \\\" q\"");
  BOOST_TEST(!double_quoted_around(text, text.find("d\\e") + 1).has_value());  // not quoted
}

BOOST_AUTO_TEST_CASE(single_quotes_keep_backslashes_and_double_quotes) {
  BOOST_TEST(single_quoted("tr(A\\dA)") == "'tr(A\\dA)'");
  BOOST_TEST(single_quoted("A' B") == "'A'' B'");
}

BOOST_AUTO_TEST_CASE(escape_backslash_only_for_escape_errors) {
  const std::string text = "r: \"tr(A\\dA)\"\n";
  const long after = static_cast<long>(text.find("dA)"));
  BOOST_TEST(escape_backslash(text, "unknown escape character: d", after).value() ==
             text.find('\\'));
  BOOST_TEST(!escape_backslash(text, "end of map not found", after).has_value());
}

BOOST_AUTO_TEST_CASE(names_the_first_tab_indented_line_up_to_the_last_one_asked) {
  const std::string text = "a: 1\nb:\n  c: 2\n\td: 3\n \te: 4\n";
  BOOST_TEST(tab_indented_line(text, 3) == 0);
  BOOST_TEST(tab_indented_line(text, 4) == 4);
  BOOST_TEST(tab_indented_line(text, 100) == 4);
  BOOST_TEST(tab_indented_line("a: 1\n  b:\t2\n", 10) == 0);  // a tab after content is no indent
}
