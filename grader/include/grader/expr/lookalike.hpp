#pragma once
// Characters a student cannot see or tell apart from the language's own, typically copied
// from a PDF, a web page or a word processor: invisible and bidirectional control characters,
// Unicode spaces, letters of other scripts that look like Latin ones (Cyrillic Х for X), and
// operator lookalikes (U+2212 minus for -). Messages name them by code point and say what to
// type instead.

#include <optional>
#include <string>
#include <string_view>

namespace grader::expr {

struct Lookalike {
  std::string what;  // "U+0425 (a Cyrillic letter), which looks like the Latin X"
  std::string help;  // "type the Latin letter X"
};

std::optional<Lookalike> lookalike(char32_t code_point);

// `name` with every letter that looks like a Latin one replaced by it ("Хa" -> "Xa"); the
// same string when there is none.
std::string latin_spelling(std::string_view name);

}  // namespace grader::expr
