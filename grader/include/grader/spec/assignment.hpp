#pragma once
// An assignment: which problems of the set one grading covers, with their points.
//
//   # assignments/hw3.yaml (the assignment's id is the file's name: hw3)
//   title: Homework 3, derivatives of matrix functions
//   due: 2026-12-10            # optional: YYYY-MM-DD, or YYYY-MM-DDTHH:MMZ
//   problems:                  # in the order reports list them
//     lecture02/inverse: 2     # id: points (the spec's own points are not used)
//     lecture02/det: 1
//
// `problems` may also be a list of ids (- lecture02/inverse), each worth its spec's points.

#include <filesystem>
#include <string>
#include <vector>

#include "grader/spec/loader.hpp"
#include "grader/spec/problem.hpp"

namespace grader::spec {

struct AssignedProblem {
  std::string id;
  double points = 0;
  Location where;
};

struct Assignment {
  std::string id;  // the file's name without .yaml
  std::string title;
  std::string due;  // as written; "" when none
  std::string file;
  std::vector<AssignedProblem> problems;
};

// Reads an assignment file against the problem set `set`. Throws SpecError at the file, line
// and column of the first fault: malformed YAML, a missing title or problem list, a key it
// does not know, a due date not of the two forms, an id no problem has (the nearest named),
// a problem whose spec did not load (its reason named), an id twice, points not > 0.
Assignment load_assignment(const std::filesystem::path& file, const ProblemSet& set);

// The file of the assignment `name`: `name` itself when it names an existing file, else
// assignments/<name>.yaml beside the problems folder `problems_dir`. Throws SpecError naming
// the assignments there when there is no such file.
std::filesystem::path find_assignment(const std::string& name,
                                      const std::filesystem::path& problems_dir);

// The problems of `assignment` from `problems`, in the assignment's order, each with the
// assignment's points.
std::vector<Problem> assigned_problems(const Assignment& assignment,
                                       const std::vector<Problem>& problems);

}  // namespace grader::spec
