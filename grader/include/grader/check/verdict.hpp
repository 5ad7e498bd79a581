#pragma once
// The result of checking one answer to one problem: a plain value that reporters render.
// A wrong answer is a result, never an exception.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/spec/diagnosis.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

enum class Verdict {
  pass,     // right on every trial
  fail,     // wrong (the message says how)
  invalid,  // not an answer of the right form: syntax, unknown name, shape
  missing,  // not answered
  error,    // the grader could not check it (a problem spec or grader fault)
  // Code answers (kind code) that could not be compared with the reference:
  compile_error,  // the student's C++ does not compile (the message has the compiler's words)
  timeout,        // a time limit stopped the program
  crash,          // a signal, an uncaught exception or a non-zero exit status
  memory_limit,   // the program ran out of its memory limit
  bad_output,     // the program's output does not follow the protocol
};
inline constexpr int kVerdictCount = 10;
// "pass", "fail", ..., "compile-error", "timeout", "crash", "memory-limit", "bad-output".
const char* to_string(Verdict verdict);
// The five code verdicts: wrong answers of a kind only code can give.
inline bool is_code_failure(Verdict v) {
  return v == Verdict::compile_error || v == Verdict::timeout || v == Verdict::crash ||
         v == Verdict::memory_limit || v == Verdict::bad_output;
}

// One entry of a matrix answer where it differs from the reference (0-based position).
struct EntryDifference {
  long row = 0;
  long col = 0;
  double expected = 0.0;
  double received = 0.0;
};

struct CheckResult {
  std::string problem_id;
  std::string title;  // the problem's title and tags, for reports (Gradescope, ...)
  std::vector<std::string> tags;
  // What the student wrote, as written: a formula, letters, a code answer's {file: ...}; or,
  // for an answer in several parts, `answer_parts` (variable -> formula) and `answer` empty.
  // Reports quote it back to its author and to the instructor.
  std::string answer;
  std::vector<std::pair<std::string, std::string>> answer_parts;
  Verdict verdict = Verdict::error;
  double score = 0.0;
  double max_score = 0.0;
  std::string message;   // what a student reads: why, and how to reproduce
  std::string feedback;  // why it is wrong: a spec mistake's feedback, or a diagnosis
  // The diagnosis (check/diagnose.hpp: sign, missing-term, ...; mistake for a spec mistake no
  // generic diagnosis names), none when none was recognised.
  std::optional<spec::DiagnosisKey> diagnosis;
  // Other diagnoses that hold as well, named in the feedback too: an answer that failed the
  // linearity test (diagnosis nonlinear) whose mistake is also a term too many or too few
  // (extra-term, missing-term, ...).
  std::vector<spec::DiagnosisKey> also;
  // Failing matrix answers: the entries that differ most at the failing point, worst first.
  std::vector<EntryDifference> worst_entries;
  // With CheckOptions::show_inputs: the failing trial's inputs (dimensions, variables and
  // directions) as formula-language literals, in order.
  std::vector<std::pair<std::string, std::string>> inputs;
  int failed_trial = 0;   // 1-based trial the answer failed at (0: none)
  std::string reference;  // the reference formula, where the spec allows revealing it
  // Choice problems: (letter, the spec's feedback) for each misjudged option that has one
  // (check/choice.hpp says which), in letter order.
  std::vector<std::pair<std::string, std::string>> option_feedback;
  std::string diagnostic;  // a rendered formula diagnostic (invalid answers)
  // How the answer was read, in the canonical notation ("dX*B*X' + X*B*dX'"), when the
  // student wrote another one (A^T, A², trace(...), ‖x‖, ...); empty when it was canonical.
  // Reporters show it so that a student sees what was checked.
  std::string read_as;
  double max_rel_error = -1.0;  // worst relative difference over the trials (-1: none computed)
  std::string oracle;           // what decided: "reference", "choice", "linearity", ...
  int trials = 0;               // trials run
  std::uint64_t seed = 0;       // the master seed: --seed reproduces the verdict
  double condition = 1.0;       // worst condition number of the sampled inputs
  double eigen_gap =
      0.0;  // smallest relative eigenvalue gap of distinct-eigenvalues inputs (0: none)
  // What a wrong formula answer computes (grade/computes.hpp), set by a batch for its class
  // analytics; empty elsewhere.
  std::string computes;
};

// A result for `problem` with its id, title, tags, points and the seed filled in (verdict
// error, no score): the one place a result starts from.
CheckResult result_for(const spec::Problem& problem, std::uint64_t seed);

// `result` with the student's answer recorded (CheckResult::answer, answer_parts).
CheckResult with_answer(CheckResult result, const spec::AnswerText& answer);

}  // namespace grader::check
