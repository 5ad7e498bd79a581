#include "grader/expr/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "grader/core/utf8.hpp"

namespace grader::expr {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::syntax:
      return "syntax error";
    case ErrorKind::name:
      return "name error";
    case ErrorKind::shape:
      return "shape error";
    case ErrorKind::domain:
      return "domain error";
    case ErrorKind::limit:
      return "limit exceeded";
  }
  return "error";
}

namespace {

constexpr std::size_t kWindow = 100;  // code points of a long line that are shown

// Byte offsets of each code point of `line`, plus one past the end.
std::vector<std::size_t> code_point_offsets(std::string_view line) {
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < line.size(); i = next_code_point(line, i)) offsets.push_back(i);
  offsets.push_back(line.size());
  return offsets;
}

// Index of the code point that contains byte offset `byte` (clamped to the line).
std::size_t column_of(const std::vector<std::size_t>& offsets, std::size_t byte) {
  const auto it = std::upper_bound(offsets.begin(), offsets.end(), byte);
  return it == offsets.begin() ? 0 : static_cast<std::size_t>(it - offsets.begin()) - 1;
}

}  // namespace

std::string render(const Diagnostic& diagnostic, const Source& source) {
  std::string out = fmt::format("error: {}\n", diagnostic.message);
  const Position pos = source.position(diagnostic.primary.begin);
  out += fmt::format(" --> {}:{}:{}\n", source.name(), pos.line, pos.column);

  std::size_t line_start = 0;
  const std::string_view line = source.line_at(diagnostic.primary.begin, &line_start);
  const auto offsets = code_point_offsets(line);
  const std::size_t width = offsets.size() - 1;

  // Marks per code point of the line: ' ', '~' (secondary) or '^' (primary).
  std::string marks(width + 1, ' ');
  auto mark = [&](Span span, char c) {
    if (span.end < line_start || span.begin > line_start + line.size()) return;
    const std::size_t b_byte = std::max(span.begin, line_start) - line_start;
    const std::size_t e_byte = std::min(span.end, line_start + line.size()) - line_start;
    const std::size_t b = column_of(offsets, b_byte);
    std::size_t e = static_cast<std::size_t>(
        std::lower_bound(offsets.begin(), offsets.end(), e_byte) - offsets.begin());
    e = std::max(e, b + 1);  // an empty span (the end of input) still gets one mark
    for (std::size_t i = b; i < e && i <= width; ++i) {
      if (c == '^' || marks[i] == ' ') marks[i] = c;
    }
  };
  for (const Span& s : diagnostic.secondary) mark(s, '~');
  mark(diagnostic.primary, '^');
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();

  // Show a window of a long line around the primary span.
  std::size_t first = 0;
  std::size_t last = width;
  if (width > kWindow) {
    const std::size_t primary = column_of(offsets, diagnostic.primary.begin - line_start);
    first = primary > kWindow / 3 ? primary - kWindow / 3 : 0;
    last = std::min(width, first + kWindow);
  }
  // The shown text, one column per code point: a tab as a space, and a byte that is not
  // UTF-8, a control character, an invisible one or a bidirectional control as U+FFFD, so the
  // underline stays aligned, the terminal sane, and the line shown in the order it was read.
  std::string shown;
  for (std::size_t k = first; k < last; ++k) {
    const std::string_view cp = line.substr(offsets[k], offsets[k + 1] - offsets[k]);
    char32_t code_point = 0;
    if (cp[0] == '\t') {
      shown += ' ';
    } else if (utf8_sequence(cp, 0, code_point) != cp.size() || unsafe_to_show(code_point)) {
      shown += "\uFFFD";
    } else {
      shown += cp;
    }
  }
  std::string shown_marks =
      first < marks.size() ? marks.substr(first, std::min(marks.size(), last + 1) - first) : "";
  if (first > 0) {
    shown = "..." + shown;
    shown_marks = "   " + shown_marks;
  }
  if (last < width) shown += "...";

  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size(), ' ');
  out += fmt::format("{} |\n{} | {}\n{} | {}\n", gutter, number, shown, gutter, shown_marks);
  if (!diagnostic.help.empty()) out += fmt::format("{} = help: {}\n", gutter, diagnostic.help);
  return out;
}

FormulaError::FormulaError(Diagnostic diagnostic, std::shared_ptr<const Source> source)
    : Error(ExitCode::bad_input, render(diagnostic, *source)),
      diagnostic_(std::move(diagnostic)),
      source_(std::move(source)) {}

}  // namespace grader::expr
