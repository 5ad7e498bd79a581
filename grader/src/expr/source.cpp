#include "grader/expr/source.hpp"

#include <algorithm>

#include "grader/core/utf8.hpp"

namespace grader::expr {

std::size_t next_code_point(std::string_view utf8, std::size_t offset) {
  return offset + std::max<std::size_t>(1, utf8_length(utf8, offset));
}

std::size_t code_points(std::string_view utf8) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size(); i = next_code_point(utf8, i)) ++count;
  return count;
}

std::string_view Source::slice(Span span) const {
  const std::size_t begin = std::min(span.begin, text_.size());
  const std::size_t end = std::clamp(span.end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view Source::line_at(std::size_t offset, std::size_t* line_start) const {
  offset = std::min(offset, text_.size());
  const std::size_t previous_newline =
      offset == 0 ? std::string::npos : text_.rfind('\n', offset - 1);
  const std::size_t start = previous_newline == std::string::npos ? 0 : previous_newline + 1;
  std::size_t stop = text_.find('\n', start);
  if (stop == std::string::npos) stop = text_.size();
  if (line_start != nullptr) *line_start = start;
  return std::string_view(text_).substr(start, stop - start);
}

Position Source::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  std::size_t line_start = 0;
  line_at(offset, &line_start);
  const auto line_index =
      static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + line_start, '\n'));
  std::size_t column =
      1 + code_points(std::string_view(text_).substr(line_start, offset - line_start));
  // A field of a spec that starts mid-line: only its first line is shifted.
  if (line_index == 0) column += column_offset_;
  return {line_offset_ + line_index + 1, column};
}

}  // namespace grader::expr
