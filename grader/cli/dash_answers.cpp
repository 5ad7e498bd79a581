#include "dash_answers.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace grader::cli {

namespace {

// How CLI11 (2.x, App::_recognize) reads an argument of a subcommand.
enum class Kind { positional, long_option, short_option, end_of_options };

// CLI11's valid_first_char: what may follow "-" or "--" in an option.
bool option_start(char c) {
  return c != '-' && c != '!' && c != ' ' && c != '\n';
}

Kind kind_of(const std::string& arg) {
  if (arg == "--") return Kind::end_of_options;
  if (arg.size() > 2 && arg.starts_with("--") && option_start(arg[2])) return Kind::long_option;
  // "-3" is a number, positional, unless an option is named -3 (none is).
  if (arg.size() > 1 && arg[0] == '-' && option_start(arg[1]) &&
      !std::isdigit(static_cast<unsigned char>(arg[1])))
    return Kind::short_option;
  return Kind::positional;
}

// "--name" or "--name=value" where the name is a word of letters, digits, '-' and '_': what
// a mistyped option looks like, and no formula does.
bool looks_like_long_option(const std::string& arg) {
  const std::string name = arg.substr(2, arg.find('=') - 2);
  return !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

// The option `arg` names ("--seed", "--seed=3", "-h"), or nullptr.
const CLI::Option* option_named(const CLI::App& command, const std::string& arg, Kind kind) {
  const std::string name =
      kind == Kind::long_option ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
  return command.get_option_no_throw(name);
}

// How many of the following arguments CLI11 takes as the option's values whatever they look
// like: none for a flag or a value given in the same argument ("--seed=3", "-x3"), else the
// minimum it needs (one for every option of try, eval and explain).
std::size_t values_taken(const CLI::Option& option, const std::string& arg, Kind kind) {
  if (option.get_items_expected_max() == 0) return 0;
  if (kind == Kind::long_option && arg.find('=') != std::string::npos) return 0;
  if (kind == Kind::short_option && arg.size() > 2) return 0;
  return static_cast<std::size_t>(
      std::max(0, std::min(option.get_type_size_min(), option.get_items_expected_min())));
}

}  // namespace

std::vector<std::string> answers_may_start_with_dash(
    const CLI::App& app, std::vector<std::string> args,
    const std::vector<std::string>& answer_commands) {
  // The subcommand is the first argument that is not an option of the app (--help,
  // --version: flags, which take no value).
  const auto sub = std::find_if(args.begin(), args.end(),
                                [](const std::string& a) { return !a.starts_with('-'); });
  if (sub == args.end() ||
      std::find(answer_commands.begin(), answer_commands.end(), *sub) == answer_commands.end())
    return args;
  const CLI::App& command = *app.get_subcommand(*sub);

  std::vector<std::string> options;
  std::vector<std::string> positionals;
  bool moved = false;  // an argument CLI11 would take as an option is positional
  for (auto it = sub + 1; it != args.end(); ++it) {
    const Kind kind = kind_of(*it);
    if (kind == Kind::end_of_options) {
      positionals.insert(positionals.end(), it + 1, args.end());
      break;
    }
    if (kind == Kind::positional) {
      positionals.push_back(*it);
      continue;
    }
    if (const CLI::Option* option = option_named(command, *it, kind)) {
      options.push_back(*it);
      for (std::size_t n = values_taken(*option, *it, kind); n > 0 && it + 1 != args.end(); --n)
        options.push_back(*++it);
      continue;
    }
    // A mistyped option: CLI11 refuses it, naming it alone (rearranged, it would name the
    // "--" too).
    if (kind == Kind::long_option && looks_like_long_option(*it)) return args;
    positionals.push_back(*it);
    moved = true;
  }
  if (!moved) return args;
  std::vector<std::string> out(args.begin(), sub + 1);
  out.insert(out.end(), options.begin(), options.end());
  out.push_back("--");
  out.insert(out.end(), positionals.begin(), positionals.end());
  return out;
}

}  // namespace grader::cli
