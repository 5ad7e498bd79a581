#pragma once
// What the page (web/site/app.js) asks the module besides a check, each returning JSON text:
//
//   describe(problemYaml, problemFile)       -> a problem as `grader show` presents it
//   read(problemYaml, problemFile, part, text) -> how an answer was read, or where it fails
//   tex(formula)                             -> a statement's formula as TeX, if it parses
//   answers(answersYaml)                     -> the answers of an uploaded answers.yaml
//   examples(problemYaml, problemFile)       -> the spec's accept/reject examples (tests)
//
// A problem or file that cannot be read gives {"error": message}, the command line's message.

#include <string>

namespace grader::web {

std::string describe_json(const std::string& problem_yaml, const std::string& problem_file);
std::string read_json(const std::string& problem_yaml, const std::string& problem_file,
                      const std::string& part, const std::string& text);
std::string tex_json(const std::string& formula);
std::string answers_json(const std::string& answers_yaml);
std::string examples_json(const std::string& problem_yaml, const std::string& problem_file);

}  // namespace grader::web
