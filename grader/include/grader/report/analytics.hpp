#pragma once
// Class analytics of a graded batch (analytics.json, the analytics section of summary.md,
// summary.html): per problem, the wrong answers grouped by what they compute, with counts and
// diagnoses; the diagnosis counts per problem and for the class; the distribution of scores.
// A pure function of the reports: the same class gives byte-identical files, whether graded in
// one run or merged from shards.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/verdict.hpp"
#include "grader/report/report.hpp"

namespace grader::report {

// (name, count): a diagnosis key's name (spec::kDiagnoses) or "none".
using DiagnosisCounts = std::vector<std::pair<std::string, std::size_t>>;

// Wrong answers that compute the same thing (CheckResult::computes: the same values at the
// problem's points), or, for answers without it (invalid, not evaluable, code), the same
// reading and verdict.
struct AnswerGroup {
  std::string answer;         // the group's most frequent spelling (ties: the smallest)
  std::string verdict;        // that spelling's verdict
  std::size_t count = 0;      // wrong answers in the group
  std::size_t spellings = 0;  // distinct spellings
  DiagnosisCounts diagnoses;  // nonzero ones, in the table's order, then "none"
};

struct ProblemAnalytics {
  std::string id;
  double points = 0;
  // As summary.md's table counts them: pass, fail (code failures included), invalid, missing,
  // error; of the students whose submission was read.
  std::size_t passed = 0, failed = 0, invalid = 0, missing = 0, errors = 0;
  std::size_t wrong() const { return failed + invalid + errors; }
  std::size_t answered() const { return passed + wrong(); }
  // Of the answers given (a problem nobody answered has none: nullopt), so that a problem the
  // class was not asked (code problems in a formula-only class) does not read as 0 % passed.
  std::optional<double> pass_rate() const {
    if (answered() == 0) return std::nullopt;
    return static_cast<double>(passed) / static_cast<double>(answered());
  }
  std::vector<AnswerGroup> groups;  // every group, most frequent first (ties: by spelling)
  DiagnosisCounts diagnoses;        // of the wrong answers: nonzero ones, then "none"
};

inline constexpr std::size_t kHistogramBins = 10;  // 0-10 %, ..., 90-100 % of the maximum

struct ClassAnalytics {
  std::size_t students = 0;
  std::size_t unreadable = 0;  // submissions that could not be read (score 0)
  double max_score = 0;        // of one student
  double mean_score = 0;
  // Students by score / max_score: bin k holds [10k %, 10(k+1) %), the last one 100 % too.
  std::array<std::size_t, kHistogramBins> histogram{};
  std::vector<ProblemAnalytics> problems;  // in grading order
  DiagnosisCounts diagnoses;  // the class's wrong answers: every key of the table, then "none"
};

// The analytics of `reports` for `problems` (id, points; in grading order).
ClassAnalytics class_analytics(const std::vector<SubmissionReport>& reports,
                               const std::vector<std::pair<std::string, double>>& problems);

// analytics.json (schema: docs/batch-grading-and-ci.md): every group of every problem, up to
// `kJsonGroups` of them, the rest counted in "other".
inline constexpr std::size_t kJsonGroups = 20;
std::string to_analytics_json(const ClassAnalytics& analytics);

// The "Class analytics" section of summary.md: the class's diagnoses, then per problem with a
// wrong answer its diagnoses and its `top` most common groups.
std::string analytics_markdown(const ClassAnalytics& analytics, std::size_t top = 5);

// A student's text cut to `bytes` at a character boundary ("… (N more bytes)"), on one line.
std::string quote_cut(const std::string& text, std::size_t bytes = 200);

}  // namespace grader::report
