#pragma once
// Reading the fields of a YAML file with positions and error messages, for the spec loader's
// sections (sections.hpp). This part knows YAML, not what a spec means: a field of a
// mapping, its position in the file (1-based line, column in code points), its value as a
// string, number, list or formula, and the errors found, kept in order so that the loader
// can report every one of a file.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/spec/loader.hpp"
#include "grader/spec/problem.hpp"

namespace grader::spec::detail {

// A field or list entry: where it was read from, for messages.
struct Field {
  std::string path;  // "answer.kind", "variables.X.shape", "require[1]"
  YAML::Node key;    // the key, or an undefined node for list entries
  YAML::Node value;
};

// Thrown by a section whose own errors are already recorded, so that what depends on it is
// not read.
struct Skipped {};

// How a node is named in messages: "a list", "a mapping", "empty", "'text'".
std::string node_kind(const YAML::Node& node);

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// A finite number written as YAML writes one ("+2", "1e-6"), or nothing.
std::optional<double> parse_number(const std::string& s);

// The YAML text of one file, and every error found in it so far.
class FieldReader {
 public:
  FieldReader(const std::string& text, std::string file);

  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }

  // --- positions -------------------------------------------------------------------------

  // yaml-cpp marks are 0-based and count bytes; ours are 1-based and count code points.
  Location at(const YAML::Mark& mark) const;
  Location where(const Field& field) const;
  // Where the formula in a scalar starts: after the quote of a quoted scalar; on the line
  // after the header of a block scalar (| or >), at the first content line's indentation.
  Location formula_start(const Field& field) const;

  // --- errors ----------------------------------------------------------------------------

  [[noreturn]] void fail(const Location& loc, const std::string& message) const;
  [[noreturn]] void fail(const Field& field, const std::string& message) const;
  // An error the loader can go on past (an unknown or duplicate field, which is then ignored).
  void report(const Location& loc, const std::string& message) const;
  // Runs `read`; a SpecError it throws is recorded and reading goes on. Whether it succeeded
  // (a read that stops with Skipped has its errors recorded already).
  template <class Read>
  bool attempt(Read&& read) {
    try {
      read();
      return true;
    } catch (const SpecError& e) {
      errors_.push_back(e);
    } catch (const Skipped&) {
    }
    return false;
  }
  // yaml-cpp's error, with what it cannot say: a backslash in double quotes that is no escape
  // (write the formula in single quotes), or a line indented with a tab.
  [[noreturn]] void fail_yaml(const YAML::Exception& e) const;
  // Every error found so far, in order.
  std::vector<SpecError>& errors() { return errors_; }

  // --- values ----------------------------------------------------------------------------

  std::string read_string(const Field& f) const;
  std::string read_nonempty_string(const Field& f) const;
  long read_whole(const Field& f, long lo, long hi) const;
  // A number; `what` describes the allowed values, `ok` checks them.
  template <class Ok>
  double read_number(const Field& f, const std::string& what, Ok ok) const {
    if (!f.value.IsScalar()) {
      fail(f, fmt::format("{} must be {}, not {}", f.path, what, node_kind(f.value)));
    }
    const auto value = parse_number(f.value.Scalar());
    if (!value || !ok(*value)) {
      fail(f, fmt::format("{} must be {}, not '{}'", f.path, what, f.value.Scalar()));
    }
    return *value;
  }
  bool read_bool(const Field& f) const;
  // The entries of a list, named path[1], path[2], ...; `example` ends the message when it
  // is not one.
  std::vector<Field> read_list(const Field& f, const std::string& example) const;
  // A formula in a string, with the position of its first character.
  FormulaText read_formula(const Field& f) const;

 private:
  // "A\b" in double quotes is A and a backspace to YAML: fails if the formula has such a
  // character.
  void fail_on_escaped(const Field& f) const;

  std::string text_;
  std::vector<std::string> lines_;
  std::string file_;
  mutable std::vector<SpecError> errors_;  // every error found so far, in order
};

// Where the fields of another section belong, for the message about an unknown field
// written at the wrong level: "unknown field 'kind'; it belongs under answer".
struct Elsewhere {
  const std::vector<std::string>* fields;
  const char* hint;  // "it belongs under answer"
};

// The fields of a mapping. An unknown, duplicate or non-scalar key is reported (and its field
// skipped), so that the rest is still read; a value that is no mapping fails.
class FieldMap {
 public:
  // `allowed` empty: any key. `context_help` follows "must be a mapping" (", as in {...}").
  FieldMap(const FieldReader& reader, const Field& self, const std::vector<std::string>& allowed,
           const std::string& context_help = "", const std::vector<Elsewhere>& elsewhere = {});

  // The field, if present with a value (an empty value counts as absent).
  std::optional<Field> get(std::string_view name) const;
  // Present at all, even with an empty value.
  const Field* find(std::string_view name) const;
  // The field with its value; fails when it is absent or empty (`why` ends the message).
  Field require(std::string_view name, const std::string& why = "") const;

  const std::vector<Field>& entries() const { return entries_; }
  const Field& self() const { return self_; }
  // " in answer", or "" at the top level.
  std::string in() const { return self_.path.empty() ? "" : " in " + self_.path; }

 private:
  std::string child_path(const std::string& name) const;
  std::string unknown_message(const std::string& name, const std::vector<std::string>& allowed,
                              const std::vector<Elsewhere>& elsewhere) const;

  const FieldReader& reader_;
  Field self_;
  std::vector<Field> entries_;
  std::vector<std::string> suggested_;  // the fields the unknown ones were taken for
};

}  // namespace grader::spec::detail
