#include "grader/expr/lookalike.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <utility>

#include "grader/core/utf8.hpp"

namespace grader::expr {

namespace {

// Letters of other scripts that look like Latin ones.
constexpr std::pair<char32_t, char> kLatin[] = {
    {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'},
    {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0425, 'X'}, {0x0430, 'a'},
    {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'},
    {0x0456, 'i'}, {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'},
    {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'},
    {0x03A4, 'T'}, {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03BF, 'o'}};

// Operators and quotes that look like the language's.
constexpr std::pair<char32_t, const char*> kOperators[] = {
    {0x2212, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2010, "-"}, {0x2011, "-"},
    {0x2217, "*"}, {0x2215, "/"}, {0x2044, "/"}, {0xFF0B, "+"}, {0xFF0A, "*"},
    {0xFF08, "("}, {0xFF09, ")"}, {0x2032, "'"}, {0x2019, "'"}, {0x02B9, "'"}};

std::optional<char> latin_for(char32_t cp) {
  for (const auto& [from, to] : kLatin) {
    if (cp == from) return to;
  }
  if (cp >= 0xFF21 && cp <= 0xFF3A) return static_cast<char>('A' + (cp - 0xFF21));
  if (cp >= 0xFF41 && cp <= 0xFF5A) return static_cast<char>('a' + (cp - 0xFF41));
  return std::nullopt;
}

}  // namespace

std::optional<Lookalike> lookalike(char32_t cp) {
  const auto code = fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp));
  if (is_zero_width(cp)) {
    return Lookalike{fmt::format("an invisible character, {} (zero-width)", code),
                     "delete it: it takes no space on screen but is part of the text"};
  }
  if (is_bidi_control(cp)) {
    return Lookalike{fmt::format("a bidirectional control character, {}", code),
                     "delete it: it changes the order in which the text around it is shown, so "
                     "what you see is not what the grader reads"};
  }
  if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000) {
    return Lookalike{fmt::format("a Unicode space, {}", code), "type a plain space"};
  }
  if (const auto to = latin_for(cp)) {
    const char* script = cp >= 0xFF00 ? "a full-width" : cp < 0x0400 ? "a Greek" : "a Cyrillic";
    return Lookalike{
        fmt::format("{} ({} letter), which looks like the Latin {}", code, script, *to),
        fmt::format("type the Latin letter {}", *to)};
  }
  for (const auto& [from, to] : kOperators) {
    if (cp == from) {
      return Lookalike{fmt::format("{}, which looks like {}", code, to),
                       fmt::format("type {}", to)};
    }
  }
  return std::nullopt;
}

std::string latin_spelling(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(name, i, cp);
    if (len > 1) {
      if (const auto to = latin_for(cp)) {
        out += *to;
        i += len;
        continue;
      }
    }
    if (len == 0) len = 1;
    out.append(name.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace grader::expr
