#pragma once
// `grader show`: one problem as a student sees it (statement; the options, or what the answer
// must be and the names it may use, with their shapes) and, for an instructor, what grading
// uses and students never see: the reference, the mistakes with their feedback, the examples,
// the scoring and what may be revealed.

#include <string>

#include "grader/spec/problem.hpp"

namespace grader::report {

struct ShowOptions {
  bool instructor = false;  // add the instructor's section
};

std::string show_text(const spec::Problem& problem, const ShowOptions& options = {});

// Parts of show_text, for the browser's page: "Answer: differential (n×n)\n"; the names an
// answer may use, one per line ("" when none); a code problem's call and how to hand it in.
std::string answer_line(const spec::Problem& problem);
std::string names_text(const spec::Problem& problem);
std::string code_text(const spec::Problem& problem);

}  // namespace grader::report
