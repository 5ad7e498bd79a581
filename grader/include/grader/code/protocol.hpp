#pragma once
// The text protocol between the grader and a code submission (a compiled C++ harness around
// the student's functions, or any executable: a Python or Julia script). It keeps every bit
// of a double. Documented for students in submissions/README.md.
//
// The grader writes to the program's standard input, for one problem:
//
//   grader-protocol 1
//   problem lecture04/adjoint-gradient
//   trials 2
//   trial 1
//   A 2 2 0x1.8p+0 -0x1p-2 0x1p+0 0x1.2p+1
//   b 2 1 0x1p+0 -0x1p+0
//   end
//   trial 2
//   ...
//   end
//
// Each value is one line: its name, rows, columns, then the entries row by row. The program
// answers on its standard output, trial by trial, in the same form:
//
//   trial 1
//   gradient 2 1 0x1.5555555555555p-2 -0x1p+0
//   end
//   trial 2
//   ...
//   end
//
// Numbers are written as C99 hex floats ("%a"), which are exact; a reader accepts those and
// decimal numbers (17 significant digits keep every bit). Lines starting with '#' and blank
// lines are ignored, so a program may print comments.

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "grader/core/error.hpp"

namespace grader::code {

using Matrix = Eigen::MatrixXd;

struct NamedValue {
  std::string name;
  Matrix value;
};

// The values of one trial, in order.
using TrialValues = std::vector<NamedValue>;

struct Request {
  std::string problem;
  std::vector<TrialValues> trials;
};

// A program's output that does not follow the protocol: where and what was expected.
class ProtocolError : public Error {
 public:
  ProtocolError(int line, const std::string& message);
  int line() const { return line_; }

 private:
  int line_;
};

// A double as an exact hex float: "0x1.8p+0", "-0x0p+0", "inf", "-inf", "nan".
std::string format_number(double x);

std::string encode_request(const Request& request);
Request decode_request(std::string_view text);

std::string encode_response(const std::vector<TrialValues>& trials);
// Reads a program's answer to a request of `trials` trials. Throws ProtocolError naming the
// line (1-based) and what was expected; values may be NaN or Inf (the checker says so).
std::vector<TrialValues> decode_response(std::string_view text, std::size_t trials);

}  // namespace grader::code
