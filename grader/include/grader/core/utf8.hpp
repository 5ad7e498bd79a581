#pragma once
// Decoding one UTF-8 sequence, strictly: ids made safe for file names (grade) and text made
// safe for XML (report) agree on what is valid UTF-8.

#include <cstddef>
#include <string_view>

namespace grader {

// Decodes the UTF-8 sequence at s[i] into `cp`; returns its length, or 0 when it is not valid
// UTF-8 (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, a
// code point above U+10FFFF).
inline std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// The length of the valid UTF-8 sequence at s[i], or 0.
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
  char32_t cp = 0;
  return utf8_sequence(s, i, cp);
}

}  // namespace grader
