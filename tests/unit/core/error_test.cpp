#define BOOST_TEST_MODULE core_error
#include "grader/core/error.hpp"

#include <boost/test/unit_test.hpp>

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
