#pragma once
// Markdown that student text cannot break out of: the escapes of every Markdown rendering
// (formats.cpp, analytics.cpp). Private to the report library.

#include <string>

namespace grader::report {

// Inline Markdown text: characters CommonMark could read as markup are backslash-escaped;
// each line break is a hard break (a heading's trailing "#" escaped when `heading`).
std::string md_text(const std::string& s, bool heading = false);
// One-line Markdown (headings, table cells, list items): line breaks become spaces.
std::string md_line(const std::string& s, bool heading = false);
// A fenced code block that the text cannot close.
std::string md_code_block(const std::string& text);
// Inline code that the text cannot close.
std::string md_code_span(const std::string& text);

}  // namespace grader::report
