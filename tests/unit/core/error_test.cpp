#define BOOST_TEST_MODULE core_error
#include "grader/core/error.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "../support/markdown.hpp"

using grader::Error;
using grader::ExitCode;

BOOST_AUTO_TEST_CASE(input_errors_exit_with_code_2) {
  const grader::InputError e("bad --let");
  BOOST_TEST(static_cast<int>(e.exit_code()) == 2);
  BOOST_TEST(std::string(e.what()) == "bad --let");
}

BOOST_AUTO_TEST_CASE(internal_errors_say_so_and_exit_with_code_3) {
  const grader::InternalError e("unknown node");
  BOOST_TEST(static_cast<int>(e.exit_code()) == 3);
  BOOST_TEST(std::string(e.what()) == "internal error: unknown node");
}

BOOST_AUTO_TEST_CASE(every_error_is_caught_as_the_root) {
  try {
    throw grader::InputError("x");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.exit_code()) == static_cast<int>(ExitCode::bad_input));
    return;
  }
  BOOST_FAIL("InputError was not caught as grader::Error");
}

// docs/command-line.md lists the exit statuses: exactly the codes of ExitCode.
BOOST_AUTO_TEST_CASE(the_docs_list_exactly_the_exit_codes) {
  const auto rows = grader_test::markdown_table(
      std::string(GRADER_SOURCE_DIR) + "/docs/command-line.md", "| code | meaning |");
  std::vector<int> documented;
  for (const auto& row : rows) documented.push_back(std::stoi(row.at(0)));
  const std::vector<int> codes = {static_cast<int>(grader::ExitCode::success),
                                  static_cast<int>(grader::ExitCode::check_failed),
                                  static_cast<int>(grader::ExitCode::bad_input),
                                  static_cast<int>(grader::ExitCode::internal),
                                  static_cast<int>(grader::ExitCode::incomplete),
                                  static_cast<int>(grader::ExitCode::interrupted)};
  BOOST_TEST(documented == codes, boost::test_tools::per_element());
}
