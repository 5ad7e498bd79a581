#pragma once
// summary.html: the class analytics as one page that opens from disk with no network (inline
// CSS, inline SVG charts; no script, font or external file): the scores' histogram, the pass
// rate of each problem, the class's diagnoses and each problem's most common wrong answers.
// Every text a student wrote is escaped, so an answer "</svg><script>" shows as text.

#include <string>

#include "grader/report/analytics.hpp"

namespace grader::report {

// `title`: what the page is about ("hw3: Matrix derivatives (due ...)", or "" for the set).
std::string to_summary_html(const ClassAnalytics& analytics, const std::string& title,
                            std::size_t top = 5);

}  // namespace grader::report
