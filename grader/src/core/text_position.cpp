#include "grader/core/text_position.hpp"

#include <algorithm>

#include "grader/core/utf8.hpp"

namespace grader {

int code_point_column(std::string_view line, int byte_column) {
  const std::string_view before =
      line.substr(0, std::min(line.size(), static_cast<std::size_t>(std::max(0, byte_column))));
  int column = 1;
  for (std::size_t i = 0; i < before.size(); i += std::max<std::size_t>(1, utf8_length(before, i)))
    ++column;
  return column;
}

TextLines::TextLines(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines_.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

int TextLines::column(int line, int byte_column) const {
  if (line < 0 || static_cast<std::size_t>(line) >= lines_.size()) return byte_column + 1;
  return code_point_column(lines_[static_cast<std::size_t>(line)], byte_column);
}

}  // namespace grader
