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

}  // namespace grader::report
