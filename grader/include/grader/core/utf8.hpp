#pragma once
// Decoding one UTF-8 sequence, strictly: ids made safe for file names (grade) and text made
// safe for XML (report) agree on what is valid UTF-8. And what may be echoed to a terminal:
// text a student or an author wrote is shown as it was read, never reordered or hidden.

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
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

// Zero-width characters: they take no space on screen but are part of the text.
inline bool is_zero_width(char32_t cp) {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
         cp == 0x00AD;
}

// Bidirectional controls: U+202E shows the rest of a line reversed.
inline bool is_bidi_control(char32_t cp) {
  return cp == 0x200E || cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Whether echoing `cp` could make a terminal or a report show something other than what the
// grader read: control characters (C0 but tab and newline, DEL, C1), zero-width characters
// and bidirectional controls.
inline bool unsafe_to_show(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
         is_zero_width(cp) || is_bidi_control(cp);
}

// `text` with every code point unsafe to show written as <U+202E> and every byte that is not
// UTF-8 as <0xFF>: for quoting untrusted names (YAML keys, problem ids) in messages.
inline std::string visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      out += fmt::format("<0x{:02X}>", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (unsafe_to_show(cp)) {
      out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(cp));
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace grader
