#include "markdown.hpp"

#include <algorithm>

namespace grader::report {

// Inline Markdown text: characters CommonMark could read as markup are backslash-escaped
// (formulas such as X*A*X would otherwise turn italic, <tags> would be HTML, | would split a
// table cell); "#", "+", "-" only where they could start a heading or a list item, and in a
// heading a trailing "#" (it would close the heading). Each line break is a hard break.
std::string md_text(const std::string& s, bool heading) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool line_end = i + 1 == s.size() || s[i + 1] == '\n' || s[i + 1] == '\r';
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
        out += '\\';
        out += c;
        break;
      case '#':
        if (line_start || (heading && line_end)) out += '\\';
        out += c;
        break;
      case '+':
      case '-':
        if (line_start) out += '\\';
        out += c;
        break;
      case '\r':
        break;
      case '\n':
        out += "  \n";
        break;
      default:
        out += c;
    }
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\r'));
  }
  return out;
}

// One-line Markdown (headings, table cells, list items): line breaks become spaces.
std::string md_line(const std::string& s, bool heading) {
  std::string flat = s;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::replace(flat.begin(), flat.end(), '\r', ' ');
  return md_text(flat, heading);
}

// A fenced code block that the text cannot close: the fence is longer than any backtick run
// in it.
std::string md_code_block(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body = text;
  if (body.empty() || body.back() != '\n') body += '\n';
  return fence + "\n" + body + fence + "\n";
}

// Inline code that the text cannot close: the backtick run delimiting it is longer than any
// in the text (CommonMark strips one space inside each end, kept for text ending in "`").
std::string md_code_span(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string ticks(longest + 1, '`');
  const std::string pad = longest > 0 ? " " : "";
  return ticks + pad + text + pad + ticks;
}

}  // namespace grader::report
