// The grader command line. Subcommands are registered here and implemented in cli/*.cpp;
// every error reaches main() as a grader::Error carrying its exit code.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "dash_answers.hpp"
#include "grader/core/error.hpp"
#include "grader/core/utf8.hpp"

int main(int argc, char** argv) {
  // A file size limit (ulimit -f) must not kill the grader mid-write: ignored, the write
  // fails with EFBIG, and the writer reports it ("write failed (is the disk full?)").
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"grader: checks answers to matrix-calculus exercises against numerical oracles",
               "grader"};
  app.set_version_flag("--version", std::string("grader ") + GRADER_VERSION);
  app.require_subcommand(1);
  app.footer("Exit status: 0 success, 1 a check failed, 2 bad input or usage, 3 internal error.");

  const std::vector<grader::cli::Command> commands = {
      grader::cli::register_eval(app),    grader::cli::register_try(app),
      grader::cli::register_check(app),   grader::cli::register_validate(app),
      grader::cli::register_list(app),    grader::cli::register_show(app),
      grader::cli::register_grade(app),   grader::cli::register_merge(app),
      grader::cli::register_explain(app), grader::cli::register_help(app),
  };

  // An answer may start with '-' (try, eval, explain): only their options are options.
  std::vector<std::string> args = grader::cli::answers_may_start_with_dash(
      app, std::vector<std::string>(argv + 1, argv + argc), {"try", "eval", "explain"});
  // CLI11 takes the arguments last first.
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "grader: " << e.what() << "\nRun 'grader --help' for usage.\n";
    return static_cast<int>(grader::ExitCode::bad_input);
  }

  try {
    for (const auto& command : commands) {
      if (command.app->parsed()) return command.run(std::cout, std::cerr);
    }
  } catch (const grader::Error& e) {
    // Messages quote what students and authors wrote: shown as read, never reordered.
    const std::string what = grader::visible(e.what());
    std::cerr << what;
    if (!what.ends_with('\n')) std::cerr << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::cerr << "grader: internal error: " << e.what() << '\n';
    return static_cast<int>(grader::ExitCode::internal);
  }
  return static_cast<int>(grader::ExitCode::bad_input);
}
