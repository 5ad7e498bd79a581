// The grader command line. Subcommands are registered here and implemented in cli/*.cpp;
// every error reaches main() as a grader::Error carrying its exit code.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "grader/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"grader: checks answers to matrix-calculus exercises against numerical oracles",
               "grader"};
  app.set_version_flag("--version", std::string("grader ") + GRADER_VERSION);
  app.require_subcommand(1);
  app.footer("Exit status: 0 success, 1 a check failed, 2 bad input or usage, 3 internal error.");

  grader::cli::EvalOptions eval_options;
  grader::cli::register_eval(app, eval_options);

  try {
    app.parse(argc, argv);
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
    if (app.got_subcommand("eval")) return grader::cli::run_eval(eval_options, std::cout);
  } catch (const grader::Error& e) {
    std::cerr << e.what();
    if (std::string_view(e.what()).ends_with('\n') == false) std::cerr << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::cerr << "grader: internal error: " << e.what() << '\n';
    return static_cast<int>(grader::ExitCode::internal);
  }
  return static_cast<int>(grader::ExitCode::bad_input);
}
