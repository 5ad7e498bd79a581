#pragma once
// Reading YAML text as its author typed it, for hints the YAML library cannot give: the
// double-quoted scalar around a backslash (where YAML reads escapes, so a formula such as
// "tr(A\dA)" is refused), its text in single quotes (which keep backslashes), and the tab
// that indents a line (YAML indents with spaces only). Used by the spec loader and the
// answers loader; no yaml-cpp type appears here.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace grader::spec {

// A double-quoted scalar of a YAML text: the offsets of its opening and closing quotes.
struct DoubleQuoted {
  std::size_t open = 0;
  std::size_t close = 0;
};

// The double-quoted scalar holding the backslash at text[at], found by its quotes (a quote
// after a backslash is escaped); nullopt when the backslash is not inside one.
std::optional<DoubleQuoted> double_quoted_around(const std::string& text, std::size_t at);

// The scalar's text as YAML single quotes write it: a quote is doubled, a backslash kept.
std::string single_quoted(const std::string& raw);

// The backslash a YAML escape error (message `why`, at byte `pos` of `text`) is about, or
// nullopt when the error is not about an escape.
std::optional<std::size_t> escape_backslash(const std::string& text, const std::string& why,
                                            long pos);

// The 1-based number of the first line up to line `last` (1-based) indented with a tab, or 0.
int tab_indented_line(std::string_view text, int last);

}  // namespace grader::spec
