#include "field_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "grader/core/text_position.hpp"
#include "grader/core/utf8.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/spec/yaml_text.hpp"

namespace grader::spec::detail {

namespace {

// std::from_chars for a double, where the standard library has it (libstdc++ 11 and later).
// Emscripten 3.1.6's libc++ 14 has only the integer overloads: there strtod reads the same
// numbers once what it takes and from_chars does not (leading blanks, a sign '+', hex) is
// refused. Emscripten's locale is always "C", as strtod's decimal point needs.
std::from_chars_result from_chars_double(const char* first, const char* last, double& value) {
#if defined(__cpp_lib_to_chars)
  return std::from_chars(first, last, value);
#else
  const std::string text(first, last);
  if (text.empty() || text.find_first_of(" \t\n\v\f\r+xX") != std::string::npos) {
    return {first, std::errc::invalid_argument};
  }
  char* end = nullptr;
  errno = 0;
  const double parsed = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return {first, std::errc::invalid_argument};
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE) return {ptr, std::errc::result_out_of_range};
  value = parsed;
  return {ptr, std::errc()};
#endif
}

}  // namespace

std::string node_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "empty";
    case YAML::NodeType::Scalar:
      return fmt::format("'{}'", node.Scalar());
    default:
      return "undefined";
  }
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::optional<double> parse_number(const std::string& s) {
  double value = 0;
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  const auto [ptr, ec] = from_chars_double(begin, s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

FieldReader::FieldReader(const std::string& text, std::string file)
    : text_(text), file_(std::move(file)) {
  std::size_t start = 0;
  while (true) {
    const std::size_t stop = text_.find('\n', start);
    lines_.push_back(
        text_.substr(start, stop == std::string::npos ? std::string::npos : stop - start));
    if (stop == std::string::npos) break;
    start = stop + 1;
  }
}

// --- positions ---------------------------------------------------------------------------

Location FieldReader::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return {file_, 0, 0};
  const auto line = static_cast<std::size_t>(mark.line);
  int column = mark.column + 1;
  if (line < lines_.size()) column = code_point_column(lines_[line], mark.column);
  return {file_, mark.line + 1, column};
}

Location FieldReader::where(const Field& field) const {
  // A missing value (`title:`) has its mark at the next token: point at the key instead.
  if (field.value.IsDefined() && !field.value.IsNull() && !field.value.Mark().is_null()) {
    return at(field.value.Mark());
  }
  if (field.key.IsDefined() && !field.key.Mark().is_null()) return at(field.key.Mark());
  if (field.value.IsDefined() && !field.value.Mark().is_null()) return at(field.value.Mark());
  return {file_, 0, 0};
}

// Best effort: positions inside a formula are exact for one-line plain and quoted scalars
// without escapes and for the first line of a literal block; later lines of a block
// scalar are off by its indentation (Source shifts only the first line's column), and a
// folded or multi-line quoted scalar has its lines joined, so its later lines do not map.
Location FieldReader::formula_start(const Field& field) const {
  Location loc = where(field);
  const YAML::Mark mark = field.value.Mark();
  if (mark.is_null() || mark.line < 0 || static_cast<std::size_t>(mark.line) >= lines_.size()) {
    return loc;
  }
  const std::string& line = lines_[static_cast<std::size_t>(mark.line)];
  const auto col = static_cast<std::size_t>(mark.column);
  if (col >= line.size()) return loc;
  const char c = line[col];
  if (c == '"' || c == '\'') {
    ++loc.column;
  } else if (c == '|' || c == '>') {
    for (auto i = static_cast<std::size_t>(mark.line) + 1; i < lines_.size(); ++i) {
      const std::size_t indent = lines_[i].find_first_not_of(' ');
      if (indent == std::string::npos || lines_[i][indent] == '\r') continue;
      loc.line = mark.line + 2;  // the first line after the header (0-based + 2)
      loc.column = static_cast<int>(indent) + 1;
      break;
    }
  }
  return loc;
}

// --- errors ------------------------------------------------------------------------------

void FieldReader::fail(const Location& loc, const std::string& message) const {
  throw SpecError(loc, message);
}

void FieldReader::fail(const Field& field, const std::string& message) const {
  fail(where(field), message);
}

void FieldReader::report(const Location& loc, const std::string& message) const {
  errors_.emplace_back(loc, message);
}

void FieldReader::fail_yaml(const YAML::Exception& e) const {
  std::string message = "invalid YAML: " + e.msg;
  const Location loc = at(e.mark);
  const auto backslash = escape_backslash(text_, e.msg, e.mark.pos);
  const auto quoted = backslash ? double_quoted_around(text_, *backslash) : std::nullopt;
  if (quoted) {
    const std::string raw = text_.substr(quoted->open + 1, quoted->close - quoted->open - 1);
    message += fmt::format(
        "; in double quotes a backslash starts an escape: write the formula "
        "in single quotes, which keep backslashes: {}",
        visible(single_quoted(raw)));
  } else if (const int tab = tab_indented_line(
                 text_, loc.line > 0 ? loc.line : static_cast<int>(lines_.size()))) {
    message += fmt::format("; line {} is indented with a tab: YAML indents with spaces only", tab);
  }
  fail(loc, message);
}

// --- values ------------------------------------------------------------------------------

std::string FieldReader::read_string(const Field& f) const {
  if (!f.value.IsScalar()) {
    fail(f, fmt::format("{} must be a string, not {}", f.path, node_kind(f.value)));
  }
  return f.value.Scalar();
}

std::string FieldReader::read_nonempty_string(const Field& f) const {
  std::string s = read_string(f);
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
    fail(f, fmt::format("{} must not be empty", f.path));
  }
  return s;
}

long FieldReader::read_whole(const Field& f, long lo, long hi) const {
  const std::string range = fmt::format("a whole number from {} to {}", lo, hi);
  if (!f.value.IsScalar())
    fail(f, fmt::format("{} must be {}, not {}", f.path, range, node_kind(f.value)));
  const std::string& s = f.value.Scalar();
  long value = 0;
  const char* begin = s.data();
  if (!s.empty() && s[0] == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || value < lo || value > hi) {
    fail(f, fmt::format("{} must be {}, not '{}'", f.path, range, s));
  }
  return value;
}

bool FieldReader::read_bool(const Field& f) const {
  if (f.value.IsScalar()) {
    const std::string& s = f.value.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  fail(f, fmt::format("{} must be true or false, not {}", f.path, node_kind(f.value)));
}

std::vector<Field> FieldReader::read_list(const Field& f, const std::string& example) const {
  if (!f.value.IsSequence()) {
    fail(f, fmt::format("{} must be a list{}, not {}", f.path, example, node_kind(f.value)));
  }
  std::vector<Field> out;
  std::size_t i = 0;
  for (auto it = f.value.begin(); it != f.value.end(); ++it) {
    ++i;
    out.push_back(Field{fmt::format("{}[{}]", f.path, i), YAML::Node(), *it});
  }
  return out;
}

FormulaText FieldReader::read_formula(const Field& f) const {
  if (f.value.IsSequence()) {
    fail(f, fmt::format("{} must be a formula in a string, not a list; quote a formula that starts "
                        "with '[', as in \"[1 2; 3 4]\"",
                        f.path));
  }
  if (!f.value.IsScalar()) {
    fail(f, fmt::format("{} must be a formula in a string, not {}", f.path, node_kind(f.value)));
  }
  fail_on_escaped(f);
  return FormulaText{f.value.Scalar(), formula_start(f)};
}

// "A\b" in double quotes is A and a backspace to YAML ("\t" a tab, "\n" a line break):
// a formula with such a character was typed with a backslash that YAML read as an escape.
void FieldReader::fail_on_escaped(const Field& f) const {
  const std::string& value = f.value.Scalar();
  const bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\n';
  });
  const long pos = f.value.Mark().pos;
  if (!control || pos < 0 || static_cast<std::size_t>(pos) >= text_.size() ||
      text_[static_cast<std::size_t>(pos)] != '"') {
    return;
  }
  const std::size_t backslash = text_.find('\\', static_cast<std::size_t>(pos));
  const auto quoted =
      backslash == std::string::npos ? std::nullopt : double_quoted_around(text_, backslash);
  if (!quoted || quoted->open != static_cast<std::size_t>(pos)) return;
  const std::string raw = text_.substr(quoted->open + 1, quoted->close - quoted->open - 1);
  fail(where(f), fmt::format("{} is in double quotes, where YAML reads a backslash as an escape "
                             "(\"A\\b\" is A and a backspace); write it in single quotes, "
                             "which keep backslashes: {}",
                             f.path, visible(single_quoted(raw))));
}

// --- fields of a mapping -----------------------------------------------------------------

FieldMap::FieldMap(const FieldReader& reader, const Field& self,
                   const std::vector<std::string>& allowed, const std::string& context_help,
                   const std::vector<Elsewhere>& elsewhere)
    : reader_(reader), self_(self) {
  if (!self.value.IsMap()) {
    reader.fail(self, fmt::format("{} must be a mapping{}, not {}", self.path, context_help,
                                  node_kind(self.value)));
  }
  for (auto it = self.value.begin(); it != self.value.end(); ++it) {
    const YAML::Node key = it->first;
    const Field field{child_path(key.IsScalar() ? key.Scalar() : "?"), key, it->second};
    // A bad key is reported and its field skipped, so that the rest is still read.
    if (!key.IsScalar()) {
      reader.report(
          reader.at(key.Mark()),
          fmt::format("a field name{} must be a plain word, not {}", in(), node_kind(key)));
      continue;
    }
    const std::string name = key.Scalar();
    const auto earlier = std::find_if(entries_.begin(), entries_.end(),
                                      [&](const Field& e) { return e.key.Scalar() == name; });
    if (earlier != entries_.end()) {
      reader.report(reader.at(key.Mark()),
                    fmt::format("duplicate field '{}'{} (first given on line {})", name, in(),
                                reader.at(earlier->key.Mark()).line));
      continue;
    }
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      reader.report(reader.at(key.Mark()), unknown_message(name, allowed, elsewhere));
      if (auto best = expr::closest_name(name, allowed)) suggested_.push_back(*best);
      continue;
    }
    entries_.push_back(field);
  }
}

std::optional<Field> FieldMap::get(std::string_view name) const {
  for (const Field& f : entries_) {
    if (f.key.Scalar() == name) {
      if (f.value.IsNull()) return std::nullopt;
      return f;
    }
  }
  return std::nullopt;
}

const Field* FieldMap::find(std::string_view name) const {
  for (const Field& f : entries_) {
    if (f.key.Scalar() == name) return &f;
  }
  return nullptr;
}

Field FieldMap::require(std::string_view name, const std::string& why) const {
  if (auto f = get(name)) return *f;
  if (const Field* f = find(name)) {
    reader_.fail(*f, fmt::format("field '{}'{} has no value{}", name, in(), why));
  }
  // "unknown field 'funtcion'; did you mean 'function'?" already says it.
  if (std::find(suggested_.begin(), suggested_.end(), name) != suggested_.end()) throw Skipped{};
  reader_.fail(reader_.at(self_.value.Mark()),
               fmt::format("missing field '{}'{}{}", name, in(), why));
}

std::string FieldMap::child_path(const std::string& name) const {
  return self_.path.empty() ? name : self_.path + "." + name;
}

std::string FieldMap::unknown_message(const std::string& name,
                                      const std::vector<std::string>& allowed,
                                      const std::vector<Elsewhere>& elsewhere) const {
  std::string message = fmt::format("unknown field '{}'{}", name, in());
  if (auto best = expr::closest_name(name, allowed)) {
    return message + fmt::format("; did you mean '{}'?", *best);
  }
  // A field written at the wrong level.
  for (const Elsewhere& other : elsewhere) {
    if (std::find(other.fields->begin(), other.fields->end(), name) != other.fields->end()) {
      return message + "; " + other.hint;
    }
  }
  return message + "; expected one of: " + join(allowed);
}

}  // namespace grader::spec::detail
