#pragma once
// Batch grading of a whole class: every student's submission checked against every problem
// with the same checker as `grader check`, in parallel, never stopping for one broken
// submission, and in a deterministic order (results do not depend on --jobs).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "grader/report/report.hpp"
#include "grader/spec/loader.hpp"

namespace grader::grade {

// A student's submission: a folder holding answers.yaml (id: the folder's name), or a
// *.yaml file (id: its name without .yaml).
struct StudentInput {
  std::string id;
  std::filesystem::path path;
};

// The students under `dir`, sorted by id. Hidden entries are skipped.
std::vector<StudentInput> discover_students(const std::filesystem::path& dir);

struct BatchOptions {
  std::uint64_t seed = 1;
  unsigned jobs = 0;  // 0: every core
};

// Called after each student with (done, total, failures so far).
using Progress = std::function<void(std::size_t done, std::size_t total, std::size_t failures)>;

// One report per student, in the order of `students`. A submission that cannot be read
// gives a report in which every problem is `invalid` with the reason.
std::vector<report::SubmissionReport> grade_all(const std::vector<spec::Problem>& problems,
                                                const std::vector<StudentInput>& students,
                                                const BatchOptions& options,
                                                const Progress& progress = {});

// Writes `text` to `path` atomically: a complete file or none (write a temporary in the
// same folder, then rename).
void write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace grader::grade
