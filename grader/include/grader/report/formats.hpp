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
// (invalid, error) an <error>; missing answers are failures too. Escapes XML properly.
std::string to_junit(const std::vector<SubmissionReport>& reports);

// The Gradescope autograder results.json of one submission: score, max_score? (omitted),
// output, output_format "md", visibility "visible", tests[{name, number, score, max_score,
// status passed|failed, output, output_format "md", tags ["lecture-N"...]}].
std::string to_gradescope(const SubmissionReport& report);

// grades.csv: header "student,total,max" then one column per problem id (given order), one
// row per student with the points; RFC 4180 quoting; numbers without noise ("1", "0.5").
std::string to_grades_csv(const std::vector<SubmissionReport>& reports,
                          const std::vector<std::string>& problem_ids);

// A student's Markdown feedback: verdict, explanation, score per problem, the seed.
std::string to_markdown(const SubmissionReport& report);

// summary.md: per problem, how many passed, failed, were invalid or missing, and the most
// common diagnoses (messages with numbers stripped, and feedback of recognised mistakes).
std::string to_summary_markdown(const std::vector<SubmissionReport>& reports,
                                const std::vector<std::string>& problem_ids);

}  // namespace grader::report
