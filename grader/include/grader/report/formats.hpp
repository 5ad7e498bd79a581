#pragma once
// Renderings of graded submissions for the tools instructors and CI already use. Each is a
// pure function of the report model: the same reports give byte-identical text.

#include <string>
#include <vector>

#include "grader/report/report.hpp"

namespace grader::report {

// JUnit XML (GitLab, Jenkins, GitHub actions): one <testsuite> per student, one <testcase>
// per problem with the points in its name ("lecture01/xax [1/1]"); a wrong answer is a
// <failure> whose text is the explanation (GitLab shows the text), an ungradable one
// (invalid, error, an answer under an unknown id) an <error>, a missing answer <skipped>; an
// unreadable submission is one <error> testcase "submission". `skipped_specs` (specs that did
// not load, "file: why") are <error>s of a first suite "problem specs". Escapes XML properly.
std::string to_junit(const std::vector<SubmissionReport>& reports,
                     const std::vector<std::string>& skipped_specs = {});

// The Gradescope autograder results.json of one submission: score, max_score? (omitted),
// output, output_format "md", visibility "visible", tests[{name ("Title (id)"), number,
// score, max_score, status passed|failed, output, output_format "md", tags ["lecture-N", then
// the spec's tags]}]. An unreadable submission has no tests and says why in `output`.
std::string to_gradescope(const SubmissionReport& report);

// grades.csv: header "student,total,max", one column per problem id (given order) with the
// points, then "status" (graded or unreadable), one "<id> status" column per problem (its
// verdict: pass, fail, invalid, missing, ...; "unreadable") and "unknown answers" (the ids
// answered that no problem has, "; "-separated). One row per student; RFC 4180 quoting;
// numbers without noise ("1", "0.5").
std::string to_grades_csv(const std::vector<SubmissionReport>& reports,
                          const std::vector<std::string>& problem_ids);

// gradebook.csv, for a learning management system's grade import: the columns of a Canvas
// gradebook export ("Student,ID,SIS User ID,SIS Login ID,Section,<column>"), a "Points
// Possible" row, then one row per student with their id as Student and SIS Login ID and their
// total. Moodle's CSV grade import reads the same file (map "SIS Login ID" to the username).
std::string to_gradebook_csv(const std::vector<SubmissionReport>& reports,
                             const std::string& column, double points_possible);

// A student's Markdown feedback: verdict, explanation, score per problem, the seed.
std::string to_markdown(const SubmissionReport& report);

// What the class files say about the batch besides the reports.
struct ClassInfo {
  std::vector<std::string> problem_ids;    // graded, in order
  std::string assignment;                  // "hw3: Title, due ..." or "" for every problem
  std::vector<std::string> skipped_specs;  // specs that did not load ("file: why")
};

// summary.md: the specs skipped, the submissions that could not be read, the answers under
// unknown ids; per problem, how many passed, failed, were invalid or missing, and its most
// common wrong answers (grouped by what was checked) with what they were told, verbatim.
std::string to_summary_markdown(const std::vector<SubmissionReport>& reports,
                                const ClassInfo& info);

}  // namespace grader::report
