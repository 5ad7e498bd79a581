#pragma once
// A formula's text and positions in it. Spans are byte offsets; lines and columns are
// computed on demand (columns count Unicode code points, so `ᵀ` is one column).

#include <cstddef>
#include <string>
#include <string_view>

namespace grader::expr {

struct Span {
  std::size_t begin = 0;  // byte offset of the first byte
  std::size_t end = 0;    // byte offset one past the last byte

  std::size_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  friend bool operator==(const Span&, const Span&) = default;
};

// The smallest span covering both.
inline Span cover(Span a, Span b) {
  return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

struct Position {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in code points
};

// A named piece of text: a formula typed on the command line, or a field of a problem spec
// (then `name` is the file and `line_offset`/`column_offset` say where the field starts).
class Source {
 public:
  Source() = default;
  Source(std::string text, std::string name, std::size_t line_offset = 0,
         std::size_t column_offset = 0)
      : text_(std::move(text)),
        name_(std::move(name)),
        line_offset_(line_offset),
        column_offset_(column_offset) {}

  const std::string& text() const { return text_; }
  const std::string& name() const { return name_; }
  std::string_view slice(Span span) const;

  // Position of a byte offset within the text, shifted by the offsets so that it is the
  // position in the enclosing file.
  Position position(std::size_t offset) const;
  // The full line of text (without its newline) containing `offset`, and its start offset.
  std::string_view line_at(std::size_t offset, std::size_t* line_start = nullptr) const;

 private:
  std::string text_;
  std::string name_;
  std::size_t line_offset_ = 0;
  std::size_t column_offset_ = 0;
};

// The offset of the code point after the one starting at `offset` in UTF-8 text. A byte
// that does not start a valid sequence (a stray continuation byte, a truncated sequence, an
// overlong form, a surrogate; grader::utf8_sequence) is a code point of its own, so every
// byte belongs to exactly one.
std::size_t next_code_point(std::string_view utf8, std::size_t offset);
// Number of code points in UTF-8 text, counted as next_code_point steps.
std::size_t code_points(std::string_view utf8);

}  // namespace grader::expr
