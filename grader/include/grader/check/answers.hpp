#pragma once
// A student's submission: `answers.yaml` (or any YAML file of that form):
//
//   student: alice            # optional; defaults to the folder's (or file's) name
//   answers:
//     lecture01/xax: dX*A*X + X*A*dX
//     lecture04/grad-two: {x: "A'*y", y: "A*x"}
//     lecture01/why-linearize: b
//
// Every answer keeps its position, so a diagnostic about it points into the file.

#include <filesystem>
#include <map>
#include <string>

#include "grader/spec/problem.hpp"

namespace grader::check {

struct Submission {
  std::string student;
  std::string file;
  std::map<std::string, spec::AnswerText> answers;  // problem id -> answer
};

// Throws InputError naming file, line and column for an unreadable or malformed file.
// `path` may be a YAML file or a folder holding answers.yaml.
Submission load_submission(const std::filesystem::path& path);
Submission load_submission_text(const std::string& yaml, const std::string& file,
                                const std::string& default_student);

}  // namespace grader::check
