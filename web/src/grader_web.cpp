// The checker's entry points in the browser (issue 22), bound with embind for web/*.js:
//
//   check(problemYaml, problemFile, answersYaml, seed, now) -> JSON text
//
// checks the answer answers.yaml (`answersYaml`, the file students hand in) gives to the one
// problem of `problemYaml`, with the checker, tolerances and diagnoses of the command line,
// and returns what `grader check answers.yaml --only ID --seed SEED --format json` prints for
// it (the same report model, the same writer). `seed` is a decimal string (a JavaScript
// number cannot hold every 64-bit seed); `now` is the clock in seconds since 1970, for specs
// that reveal their reference after a deadline. A spec or a file that cannot be read gives
// {"error": message, "exit": 2}, the message and exit status of the command line. So does a
// problem the browser cannot check, with "command_line": true: a code problem, or one whose
// F or reference is C++ (the browser compiles and runs no program).
//
// The page's other entry points (describe, read, tex, answers, examples) are in
// page_entries.hpp.

#include <emscripten/bind.h>
#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/core/error.hpp"
#include "grader/report/report.hpp"
#include "grader/spec/loader.hpp"
#include "page_entries.hpp"

namespace grader::web {

namespace {

// The command line's limits for one answer (cli/problem_commands.cpp: answer_options, with
// check's default --time-limit).
check::CheckOptions browser_options(double now) {
  check::CheckOptions options;
  options.time_limit = 5;
  options.now = static_cast<std::int64_t>(now);
  return options;
}

std::string error_json(const std::string& message, ExitCode code, bool command_line = false) {
  nlohmann::ordered_json error = {{"error", message}, {"exit", static_cast<int>(code)}};
  if (command_line) error["command_line"] = true;
  return error.dump(2) + "\n";
}

// Why the browser cannot check `problem`, or "" when it can.
std::string command_line_only(const spec::Problem& problem) {
  if (problem.answer.kind == spec::AnswerKind::code) return "it is a code problem";
  if (problem.function_cpp || problem.answer.cpp_reference) return "its F or reference is C++";
  return "";
}

}  // namespace

std::string check_json(const std::string& problem_yaml, const std::string& problem_file,
                       const std::string& answers_yaml, const std::string& seed, double now) {
  try {
    const spec::Problem problem = spec::load_problem_text(problem_yaml, problem_file, "");
    if (const std::string why = command_line_only(problem); !why.empty()) {
      return error_json(fmt::format("{} is checked by the command line only ({}): grader check "
                                    "answers.yaml --only {}",
                                    problem.id, why, problem.id),
                        ExitCode::bad_input, true);
    }
    const check::Submission sub =
        check::load_submission_text(answers_yaml, "answers.yaml", "answers");
    report::SubmissionReport rep;
    rep.student = sub.student;
    rep.file = sub.file;
    rep.seed = std::stoull(seed);
    const auto it = sub.answers.find(problem.id);
    rep.problems.push_back(
        it == sub.answers.end()
            ? check::missing_answer(problem, rep.seed)
            : check::check_answer(problem, it->second, rep.seed, browser_options(now)));
    return report::to_json(rep);
  } catch (const Error& e) {
    return error_json(e.what(), e.exit_code());
  } catch (const std::logic_error& e) {  // std::stoull on a seed that is not a number
    return error_json(fmt::format("bad seed '{}': {}", seed, e.what()), ExitCode::bad_input);
  }
}

}  // namespace grader::web

EMSCRIPTEN_BINDINGS(grader) {
  emscripten::function("check", &grader::web::check_json);
  emscripten::function("describe", &grader::web::describe_json);
  emscripten::function("read", &grader::web::read_json);
  emscripten::function("tex", &grader::web::tex_json);
  emscripten::function("answers", &grader::web::answers_json);
  emscripten::function("examples", &grader::web::examples_json);
}
