#pragma once
// Batch grading of a whole class: every student's submission checked against every problem
// with the same checker as `grader check`, in parallel, never stopping for one broken
// submission, and in a deterministic order (results do not depend on --jobs).
//
// The answer-independent work (sampled points, reference values) is prepared once per
// problem for the whole class (ProblemTrials), not once per student.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/check/code_checker.hpp"
#include "grader/report/report.hpp"
#include "grader/spec/loader.hpp"

namespace grader::grade {

// A student's submission: a folder holding answers.yaml (id: the folder's name), or a
// *.yaml file (id: its name without .yaml).
struct StudentInput {
  std::string id;
  std::filesystem::path path;
};

// The students under `dir`, sorted by id. Hidden entries are skipped. Ids are safe to use
// as file names and in every output format: bytes that are not valid UTF-8, and control
// characters, are written %XX; a file whose id a folder already has keeps its ".yaml"; any
// remaining duplicate gets "~2", "~3", ...
std::vector<StudentInput> discover_students(const std::filesystem::path& dir);

// Shard k of n (1 ≤ k ≤ n): the students at positions k-1, k-1+n, k-1+2n, ... of the sorted
// list. The n shards partition the class deterministically, whatever machine runs them.
std::vector<StudentInput> select_shard(const std::vector<StudentInput>& students, int k, int n);

// Parses "K/N" (1 ≤ K ≤ N ≤ 10000); throws InputError with the reason.
std::pair<int, int> parse_shard(const std::string& text);

struct BatchOptions {
  std::uint64_t seed = 1;
  unsigned jobs = 0;  // 0: every core
  check::CheckOptions check;
  check::CodeOptions code;  // code answers: where to compile, and the sandbox's limits
  // The id of every problem of the set (an answer under another id is unknown, and listed),
  // and the assignment graded ("" for every problem): an answer to a problem of the set that
  // is not graded (outside the assignment) is listed as such.
  std::vector<std::string> known_ids;
  std::string assignment;
  std::vector<std::string> skipped_specs;  // spec files that did not load, for every report
};

// The trials of every problem, prepared in parallel; in the order of `problems`.
std::vector<check::ProblemTrials> prepare_trials(const std::vector<spec::Problem>& problems,
                                                 const BatchOptions& options);

// The results of formula answers already checked in this batch, by problem and exact answer
// text: a class gives the same wrong answer many times, and its diagnoses cost more than its
// verdict. Only results that do not depend on where the answer was written (pass and fail
// without a rendered diagnostic) are kept. Thread-safe.
class AnswerCache {
 public:
  std::optional<check::CheckResult> find(const std::string& key) const;
  void store(const std::string& key, const check::CheckResult& result);
  // The key of an answer to a problem.
  static std::string key(const std::string& problem_id, const spec::AnswerText& answer);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, check::CheckResult> results_;
};

// Sorts the answers of `sub` that none of `graded` (problem ids) took into `rep.unknown`
// (under an id none of `known` has: invalid, the nearest id named) and `rep.outside` (a
// problem of the set outside what was graded, such as another assignment's). rep.seed set.
void list_other_answers(report::SubmissionReport& rep, const check::Submission& sub,
                        const std::vector<std::string>& graded,
                        const std::vector<std::string>& known);

// One student's report. A submission that cannot be read gives an `unreadable` report with
// the reason (every problem missing); answers under ids no problem has are its `unknown`. The
// report is normalised through its JSON form, so that a report read back from students/<id>.json
// renders exactly as the fresh one. With a cache, formula answers seen before in the batch are not
// checked again.
report::SubmissionReport grade_student(const std::vector<check::ProblemTrials>& trials,
                                       const StudentInput& student, const BatchOptions& options,
                                       AnswerCache* cache = nullptr);

// Called in the grading thread after each student, with the report and its index in
// `students`; calls never overlap.
using OnGraded = std::function<void(std::size_t index, const report::SubmissionReport& report)>;

// Grades `students` in parallel. When `cancel` becomes true, no further student is started
// and the students already started finish; the reports of students never graded are left
// empty (student == ""). Returns the reports in the order of `students`.
std::vector<report::SubmissionReport> grade_all(const std::vector<check::ProblemTrials>& trials,
                                                const std::vector<StudentInput>& students,
                                                const BatchOptions& options,
                                                const OnGraded& on_graded = {},
                                                const std::atomic<bool>* cancel = nullptr);

}  // namespace grader::grade
