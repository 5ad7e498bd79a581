#pragma once
// Runs the real grader binary (path from the GRADER_BIN environment variable, or the first
// argument after `--` on the test's command line) and captures what it does.

#include <string>
#include <vector>

namespace grader_test {

struct RunResult {
  int exit_code = -1;  // the exit status, or 128 + signal number if it was killed
  std::string out;
  std::string err;
};

RunResult run_grader(const std::vector<std::string>& args, const std::string& input = {});

}  // namespace grader_test
