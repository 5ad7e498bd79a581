#pragma once
// The class charts of summary.html, as inline SVG 1.1 written by hand (no library, fonts or
// scripts): a histogram of the students' scores and the pass rate of each problem. Each bar
// carries its figures in attributes (data-count, data-passed, ...) and a <title>, so that a
// test reads the numbers a browser draws; every text is escaped for XML.

#include <string>

#include "grader/report/analytics.hpp"

namespace grader::report {

// Students per tenth of the maximum score: one <rect class="bar"> per bin with data-bin
// ("0-10"), data-count; the count written above it; axis labels under it.
std::string svg_score_histogram(const ClassAnalytics& analytics);

// One horizontal bar per problem (<rect class="bar"> with data-problem, data-passed,
// data-graded, data-percent), its id on the left and "P% (passed/graded)" on the right; the
// graded are the students whose submission was read.
std::string svg_pass_rates(const ClassAnalytics& analytics);

}  // namespace grader::report
