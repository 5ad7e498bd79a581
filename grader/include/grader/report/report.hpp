#pragma once
// The report model of one submission's check, and its renderings. Reporters only render:
// every number in them was decided by the checker.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/verdict.hpp"
#include "grader/spec/problem.hpp"

namespace grader::report {

struct SubmissionReport {
  std::string student;
  std::string file;
  std::uint64_t seed = 0;
  std::string assignment;  // the assignment graded (its id), or "" for every problem
  // Why the submission could not be read, or "" when it was. An unreadable submission is that
  // one status: its `problems` are all missing (no points), and reports say why once.
  std::string unreadable;
  std::vector<check::CheckResult> problems;
  // Answers under ids no problem has (a typo, an old id): invalid, the nearest id named, no
  // points; listed in every rendering so that no answer is dropped silently.
  std::vector<check::CheckResult> unknown;
  // Ids of problems of the set that were answered but are not part of `assignment`: not
  // graded, and said so.
  std::vector<std::string> outside;
  // Spec files of the set that did not load (grade --skip-broken-specs): graded for nobody.
  std::vector<std::string> skipped_specs;

  double score() const;
  double max_score() const;
  // True when every answered problem passed (missing ones do not count against), the
  // submission was read, and no answer is under an unknown id.
  bool all_answered_pass() const;
  // "graded", or "unreadable".
  const char* status() const;
  // The results a per-answer rendering lists: the problems, then the unknown answers.
  std::vector<const check::CheckResult*> results() const;
};

// The JSON report (the contract of `grader check --format json`, reused by batch grading).
std::string to_json(const SubmissionReport& report);
std::string to_json(const check::CheckResult& result);  // one problem, same fields

// Reads back what to_json wrote (for --resume and merge); to_json(from_json(t)) == t for
// any t to_json wrote. Throws InputError when `text` is not such a report.
SubmissionReport from_json(const std::string& text);

// How the text of a submission's report lists what it holds.
struct TextOptions {
  // One row per unanswered problem; by default they are one line, "47 unanswered: lecture02/
  // cube, ...", folded at `width`: a self-check of a few answers is not buried in rows.
  bool each_missing = false;
  std::size_t width = 80;
};

// Text for a person: one line per problem (the unanswered ones folded, see TextOptions),
// then the explanation of each that is neither a pass nor missing. A pass read in another
// notation has its reading under its row.
std::string to_text(const SubmissionReport& report, const TextOptions& options = {});
std::string to_text(const check::CheckResult& result);  // `grader try`

// Points as people read them: "1", "0.5", "2.25", "0.333333333333" (12 significant digits:
// exact for every fraction a spec writes, without the noise of sums such as 0.1 + 0.2).
std::string format_points(double x);

// A class's mean points, rounded to hundredths: "30.62", "1.9", "74" (summary.md and
// summary.html print the same figure).
std::string format_mean(double x);

// A worst entry's right value and the student's, with 10 significant digits, or as many more
// (up to 17) as it takes for two different values not to print alike: an answer off by a
// factor 1 + 1e-12 shows where it differs.
std::pair<std::string, std::string> entry_values(const check::EntryDifference& entry);

// The student's answer as one line of text: the formula (or letters, or {file: ...}), or
// the parts of a multi-part answer as "x: <formula>; y: <formula>"; "" when none.
std::string answer_text(const check::CheckResult& result);

// "read as: <formula>\n", the canonical reading of an answer written in another notation
// (CheckResult::read_as), or "" when it was written canonically. Every rendering shows it
// first, before the message: it is what was checked.
std::string read_as_text(const check::CheckResult& result);

// The evidence of a wrong answer after its message and hint, as plain text lines: the worst
// entries (1-based positions), the inputs of the failing trial (--show-inputs), a choice's
// feedback on each misjudged option ("option b: ..."), the reference where the spec reveals
// it. Empty when there is none.
std::string evidence_text(const check::CheckResult& result);

// `grader list --format json`: [{"id", "lecture", "part", "kind", "title", "points", "tags"}].
std::string problem_list_json(const std::vector<spec::Problem>& problems);

}  // namespace grader::report
