#pragma once
// Answers that start with '-' on the command line: `grader try lecture02/inverse
// '-inv(A)*dA*inv(A)'`. CLI11 reads any argument "-x..." as the short option -x, so such an
// answer would be refused as an unknown option and the answer reported missing. Only the
// options a subcommand has are options: every other argument is an answer.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace grader::cli {

// `args` (argv without the program name) rearranged so that CLI11 reads, for the subcommands
// named in `answer_commands`, every argument starting with '-' that is none of that
// subcommand's options as a positional argument: the options with their values first, then
// "--", then the positional arguments in their order (those after a "--" of the user's
// last). Unchanged when there is no such argument, or when there is an unknown long option
// that looks like one ("--sed": a typo gets CLI11's error, not a formula's). Left as
// options: the subcommand's options ("--seed", "--seed=3", "-h") and the value following an
// option that takes one (whatever it looks like, as CLI11 reads it). A negative number ("-3")
// is positional already, as CLI11 reads it.
std::vector<std::string> answers_may_start_with_dash(
    const CLI::App& app, std::vector<std::string> args,
    const std::vector<std::string>& answer_commands);

}  // namespace grader::cli
