#define BOOST_TEST_MODULE code_protocol
#include "grader/code/protocol.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <string>

using namespace grader;
using code::Matrix;

namespace {

std::string error_of(const std::string& text, std::size_t trials) {
  try {
    code::decode_response(text, trials);
  } catch (const code::ProtocolError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(numbers_keep_every_bit) {
  for (const double x : {0.1, -1.0 / 3.0, 1e-300, 4.9e-324, 1.7976931348623157e308, 0.0, -0.0}) {
    const std::string s = code::format_number(x);
    const double back = std::strtod(s.c_str(), nullptr);
    BOOST_TEST(back == x, s);
    BOOST_TEST(std::signbit(back) == std::signbit(x), s);
  }
  BOOST_TEST(code::format_number(1.5) == "0x1.8p+0");
  BOOST_TEST(code::format_number(std::numeric_limits<double>::infinity()) == "inf");
  BOOST_TEST(code::format_number(std::nan("")) == "nan");
}

BOOST_AUTO_TEST_CASE(a_request_reads_back) {
  Matrix a(2, 3);
  a << 1, 2, 3, 4, 5, 6.25;
  Matrix b(1, 1);
  b << -0.1;
  const code::Request r{"lecture04/adjoint", {{{"A", a}, {"x", b}}, {{"A", a * 2}}}};
  const std::string text = code::encode_request(r);
  BOOST_TEST(text.substr(0, 61) ==
             "grader-protocol 1\nproblem lecture04/adjoint\ntrials 2\ntrial 1\n");
  BOOST_TEST(text.find("A 2 3 0x1p+0 0x1p+1 0x1.8p+1 0x1p+2 0x1.4p+2 0x1.9p+2\n") !=
             std::string::npos);
  const code::Request back = code::decode_request(text);
  BOOST_TEST(back.problem == "lecture04/adjoint");
  BOOST_REQUIRE(back.trials.size() == 2u);
  BOOST_REQUIRE(back.trials[0].size() == 2u);
  BOOST_TEST(back.trials[0][0].name == "A");
  BOOST_TEST((back.trials[0][0].value == a));
  BOOST_TEST(back.trials[0][1].value(0, 0) == -0.1);
  BOOST_TEST((back.trials[1][0].value == a * 2));
}

BOOST_AUTO_TEST_CASE(a_response_accepts_decimal_comments_and_blank_lines) {
  const auto out = code::decode_response(
      "# my program says hello\n\ntrial 1\ng 2 1 0.5 -1e-3\nend\ntrial 2\r\n  g 1 1 nan\nend\n", 2);
  BOOST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0][0].name == "g");
  BOOST_TEST(out[0][0].value(1, 0) == -1e-3);
  BOOST_TEST(std::isnan(out[1][0].value(0, 0)));
  Matrix g(1, 2);
  g << 1, 2;
  BOOST_TEST(code::encode_response({{{"g", g}}}) == "trial 1\ng 1 2 0x1p+0 0x1p+1\nend\n");
}

BOOST_AUTO_TEST_CASE(broken_responses_name_the_line_and_what_was_expected) {
  BOOST_TEST(error_of("", 1) == "line 1: the output ended after 0 of 1 trials; expected 'trial 1'");
  BOOST_TEST(error_of("hello world\n", 1) == "line 1: expected 'trial 1', not 'hello world'");
  BOOST_TEST(error_of("trial 2\n", 1) == "line 1: expected 'trial 1', not 'trial 2'");
  BOOST_TEST(error_of("trial 1\ng 2 1 1\nend\n", 1) ==
             "line 2: 'g' is 2×1, so 2 entries were expected, not 1");
  BOOST_TEST(error_of("trial 1\ng 1 1 one\nend\n", 1) ==
             "line 2: 'g': entry 1 is not a number: 'one'");
  BOOST_TEST(error_of("trial 1\ng x 1 1\nend\n", 1) ==
             "line 2: 'g': rows and columns must be whole numbers (at most a million entries), "
             "not 'x' and '1'");
  BOOST_TEST(error_of("trial 1\ng 1 1 1\n", 1) ==
             "line 3: the output ended inside a trial; expected 'end'");
  BOOST_TEST(error_of("trial 1\nend\nmore\n", 1) ==
             "line 3: unexpected output after the last trial: 'more'");
  BOOST_TEST(error_of("trial 1\ng\nend\n", 1) ==
             "line 2: expected a value 'NAME ROWS COLS ENTRIES...', not 'g'");
  BOOST_TEST(error_of(std::string("trial 1\n\x01\xff\n"), 1) ==
             "line 2: expected a value 'NAME ROWS COLS ENTRIES...', not '?\?'");
}
