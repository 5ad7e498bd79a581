#include "grader/spec/yaml_text.hpp"

#include <yaml-cpp/exceptions.h>

#include <algorithm>

namespace grader::spec {

std::optional<DoubleQuoted> double_quoted_around(const std::string& text, std::size_t at) {
  std::size_t open = at;
  do {
    if (open == 0) return std::nullopt;
    --open;
  } while (text[open] != '"' || (open > 0 && text[open - 1] == '\\'));
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i > at ? std::optional<DoubleQuoted>(DoubleQuoted{open, i}) : std::nullopt;
    }
  }
  return std::nullopt;
}

std::string single_quoted(const std::string& raw) {
  std::string out = "'";
  for (const char c : raw) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// yaml-cpp marks the character after an unknown escape, or where a hexadecimal one stops
// being one: at most 10 bytes on, past "\U" and 8 digits. The nearest backslash before it.
std::optional<std::size_t> escape_backslash(const std::string& text, const std::string& why,
                                            long pos) {
  const bool escape = why.starts_with(YAML::ErrorMsg::INVALID_ESCAPE) ||
                      why.starts_with(YAML::ErrorMsg::INVALID_HEX) ||
                      why.starts_with(YAML::ErrorMsg::INVALID_UNICODE);
  if (!escape || pos < 0) return std::nullopt;
  const std::size_t mark = std::min(static_cast<std::size_t>(pos), text.size());
  for (std::size_t at = mark; at > 0 && mark - at < 12;) {
    if (text[--at] == '\\') return at;
  }
  return std::nullopt;
}

int tab_indented_line(std::string_view text, int last) {
  int line = 1;
  std::size_t start = 0;
  while (line <= last && start <= text.size()) {
    const std::size_t stop = std::min(text.find('\n', start), text.size());
    const std::string_view l = text.substr(start, stop - start);
    const std::size_t indent = l.find_first_not_of(' ');
    if (indent != std::string_view::npos && l[indent] == '\t') return line;
    if (stop == text.size()) break;
    start = stop + 1;
    ++line;
  }
  return 0;
}

}  // namespace grader::spec
