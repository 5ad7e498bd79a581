#pragma once
// How a position in a file an author or a student wrote (a problem spec, an assignment, an
// answers file) is shown: the 1-based line, and the 1-based column counted in code points, so
// that a column after "Aᵀ" (2 code points, 4 bytes) points where an editor does. yaml-cpp
// counts both from 0, and columns in bytes; every loader converts through here.

#include <string>
#include <string_view>
#include <vector>

namespace grader {

// The 1-based column, in code points, of byte `byte_column` (0-based) of `line`; a byte that
// is not UTF-8 counts as one. Past the end of the line: the line's end.
int code_point_column(std::string_view line, int byte_column);

// The lines of a text, to convert yaml-cpp's (line, byte column) into a shown column.
class TextLines {
 public:
  explicit TextLines(std::string_view text);

  // The 1-based column of byte `byte_column` (0-based) of line `line` (0-based); a line past
  // the end keeps the byte column, 1-based.
  int column(int line, int byte_column) const;

 private:
  std::vector<std::string> lines_;
};

}  // namespace grader
