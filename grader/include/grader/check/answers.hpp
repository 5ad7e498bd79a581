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

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "grader/check/verdict.hpp"
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

// The result of an answer under an id no problem has (a typo, an old problem): invalid, no
// points, the nearest of `ids` named, so that no answer is lost silently. The id is shown as
// read (core/utf8.hpp's visible).
CheckResult unknown_problem_answer(const std::string& id, const std::vector<std::string>& ids,
                                   std::uint64_t seed);

}  // namespace grader::check
