#pragma once
// The subcommands of the grader command line: each registers its options on the app and
// runs by writing to the given stream, throwing grader::Error on failure.

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace grader::cli {

struct EvalOptions {
  std::string formula;
  std::vector<std::string> lets;
  std::vector<std::string> dims;
  std::string precision = "double";
  int digits = 0;  // 0: the precision's default
};

void register_eval(CLI::App& app, EvalOptions& options);
int run_eval(const EvalOptions& options, std::ostream& out);

}  // namespace grader::cli
