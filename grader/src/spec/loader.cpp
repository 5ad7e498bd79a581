#include "grader/spec/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "grader/core/utf8.hpp"
#include "grader/expr/builtins.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/lexer.hpp"
#include "grader/expr/notation.hpp"
#include "grader/spec/yaml_text.hpp"

namespace grader::spec {

namespace fs = std::filesystem;

namespace {

std::string prefix(const Location& where) {
  if (where.file.empty() && where.line == 0) return "";
  std::string out = where.file.empty() ? std::string("<spec>") : where.file;
  if (where.line > 0) {
    out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
  }
  return out + ": ";
}

}  // namespace

SpecError::SpecError(Location where, const std::string& message)
    : Error(ExitCode::bad_input, prefix(where) + message),
      where_(std::move(where)),
      message_(message) {}

namespace {
std::string all_of(const std::vector<SpecError>& errors) {
  std::string out;
  for (const SpecError& e : errors) out += (out.empty() ? "" : "\n") + std::string(e.what());
  return out;
}
}  // namespace

SpecError::SpecError(std::vector<SpecError> errors)
    : Error(ExitCode::bad_input, all_of(errors)),
      where_(errors.at(0).where_),
      message_(errors.at(0).message_),
      more_(std::make_move_iterator(errors.begin() + 1), std::make_move_iterator(errors.end())) {}

namespace {

// --- the schema ------------------------------------------------------------------------

const std::vector<std::string> kTopFields = {
    "id",      "lecture", "part",      "title",    "statement", "points",
    "tags",    "dims",    "variables", "let",      "function",  "answer",
    "require", "check",   "examples",  "mistakes", "feedback",  "partial_credit"};
const std::vector<std::string> kAnswerFields = {
    "kind",      "wrt",     "reference",   "inner_product",   "form",      "tolerance",
    "options",   "correct", "explanation", "option_feedback", "scoring",   "entry",
    "arguments", "returns", "call",        "prelude",         "derivative"};
const std::vector<std::string> kCheckFields = {"trials", "max_redraws", "rtol", "max_condition",
                                               "min_eigen_gap"};
const std::vector<std::string> kVariableFields = {"shape", "constant", "properties", "range",
                                                  "value"};
const std::vector<std::string> kExampleFields = {"accept", "reject"};
const std::vector<std::string> kMistakeFields = {"answer", "feedback", "credit"};
const std::vector<std::string> kFeedbackFields = {"reveal_reference", "deadline"};

constexpr std::array kAllKinds = {
    AnswerKind::differential, AnswerKind::gradient, AnswerKind::jacobian, AnswerKind::hessian,
    AnswerKind::value,        AnswerKind::choice,   AnswerKind::code};

constexpr std::array kAllProperties = {Property::symmetric,
                                       Property::skew_symmetric,
                                       Property::positive_definite,
                                       Property::invertible,
                                       Property::orthogonal,
                                       Property::diagonal,
                                       Property::upper_triangular,
                                       Property::lower_triangular,
                                       Property::positive,
                                       Property::unit,
                                       Property::distinct_eigenvalues,
                                       Property::full_rank};

bool is_formula_kind(AnswerKind kind) {
  return kind == AnswerKind::differential || kind == AnswerKind::gradient ||
         kind == AnswerKind::jacobian || kind == AnswerKind::hessian;
}

// The kinds an answer field applies to (every kind when absent).
std::vector<AnswerKind> answer_field_kinds(std::string_view field) {
  using K = AnswerKind;
  if (field == "wrt") return {K::differential, K::gradient, K::jacobian, K::hessian, K::code};
  if (field == "reference") {
    return {K::differential, K::gradient, K::jacobian, K::hessian, K::value, K::code};
  }
  if (field == "inner_product") return {K::gradient};
  if (field == "form") return {K::hessian};
  if (field == "tolerance") return {K::value, K::code};
  if (field == "entry" || field == "arguments" || field == "returns" || field == "call" ||
      field == "prelude" || field == "derivative")
    return {K::code};
  if (field == "options" || field == "correct" || field == "explanation" ||
      field == "option_feedback" || field == "scoring")
    return {K::choice};
  return {kAllKinds.begin(), kAllKinds.end()};
}

// Top-level fields a choice problem has no use for: it has no formulas.
const std::vector<std::string> kNotForChoice = {"dims",     "variables", "let",
                                                "function", "require",   "check"};

bool needs_square(Property p) {
  switch (p) {
    case Property::symmetric:
    case Property::skew_symmetric:
    case Property::positive_definite:
    case Property::invertible:
    case Property::orthogonal:
    case Property::diagonal:
    case Property::upper_triangular:
    case Property::lower_triangular:
    case Property::distinct_eigenvalues:
      return true;
    default:
      return false;
  }
}

// Properties that fix how the entries are drawn, so that `range` cannot apply.
bool excludes_range(Property p) {
  return p == Property::orthogonal || p == Property::positive_definite || p == Property::unit;
}

struct Conflict {
  Property a;
  Property b;
  const char* reason;
};

constexpr const char* kZeroOnly = "only the zero matrix is both";
constexpr const char* kCannotDraw = "grader cannot draw a matrix that is both";
constexpr const char* kSymmetricTriangular =
    "a symmetric triangular matrix is diagonal: write diagonal";

const Conflict kConflicts[] = {
    {Property::symmetric, Property::skew_symmetric, kZeroOnly},
    {Property::skew_symmetric, Property::positive_definite,
     "x'Kx = 0 for a skew-symmetric K and every x"},
    {Property::skew_symmetric, Property::distinct_eigenvalues,
     "distinct-eigenvalues matrices are drawn symmetric"},
    {Property::skew_symmetric, Property::diagonal, kZeroOnly},
    {Property::skew_symmetric, Property::upper_triangular, kZeroOnly},
    {Property::skew_symmetric, Property::lower_triangular, kZeroOnly},
    {Property::skew_symmetric, Property::positive, "a skew-symmetric matrix has a zero diagonal"},
    {Property::orthogonal, Property::symmetric, kCannotDraw},
    {Property::orthogonal, Property::skew_symmetric, kCannotDraw},
    {Property::orthogonal, Property::positive_definite,
     "the only positive-definite orthogonal matrix is I"},
    {Property::orthogonal, Property::diagonal,
     "a diagonal orthogonal matrix has only ±1 on its diagonal"},
    {Property::orthogonal, Property::upper_triangular,
     "a triangular orthogonal matrix is diagonal with ±1 on its diagonal"},
    {Property::orthogonal, Property::lower_triangular,
     "a triangular orthogonal matrix is diagonal with ±1 on its diagonal"},
    {Property::orthogonal, Property::positive,
     "two columns with every entry > 0 cannot be orthogonal"},
    {Property::orthogonal, Property::distinct_eigenvalues, kCannotDraw},
    {Property::upper_triangular, Property::lower_triangular,
     "a matrix that is both is diagonal: write diagonal"},
    {Property::symmetric, Property::upper_triangular, kSymmetricTriangular},
    {Property::symmetric, Property::lower_triangular, kSymmetricTriangular},
    {Property::positive_definite, Property::upper_triangular, kSymmetricTriangular},
    {Property::positive_definite, Property::lower_triangular, kSymmetricTriangular},
    {Property::distinct_eigenvalues, Property::upper_triangular, kSymmetricTriangular},
    {Property::distinct_eigenvalues, Property::lower_triangular, kSymmetricTriangular},
    {Property::positive, Property::diagonal,
     "positive means every entry > 0, but a diagonal matrix has zero entries"},
    {Property::positive, Property::upper_triangular,
     "positive means every entry > 0, but a triangular matrix has zero entries"},
    {Property::positive, Property::lower_triangular,
     "positive means every entry > 0, but a triangular matrix has zero entries"},
    {Property::positive, Property::positive_definite, kCannotDraw},
    {Property::positive, Property::distinct_eigenvalues, kCannotDraw},
};

constexpr long kMaxSize = 1000;      // largest dimension (Limits::max_dimension)
constexpr long kMaxTrials = 1000;    // check.trials
constexpr long kMaxRedraws = 10000;  // check.max_redraws

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

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

// A valid name in the formula language: exactly one identifier token.
bool is_identifier(const std::string& name) {
  if (name.empty()) return false;
  try {
    const auto tokens = expr::tokenize(std::make_shared<const expr::Source>(name, "name"));
    return tokens.size() == 2 && tokens[0].kind == expr::TokenKind::identifier &&
           tokens[0].text.size() == name.size();
  } catch (const expr::FormulaError&) {
    return false;
  }
}

bool is_cpp_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// A field or list entry: where it was read from, for messages.
// Thrown by a section whose own errors are already recorded, so that what depends on it is
// not read.
struct Skipped {};

struct Field {
  std::string path;  // "answer.kind", "variables.X.shape", "require[1]"
  YAML::Node key;    // the key, or an undefined node for list entries
  YAML::Node value;
};

class Loader {
 public:
  Loader(const std::string& text, std::string file, std::string expected_id)
      : text_(text), file_(std::move(file)), expected_id_(std::move(expected_id)) {
    std::size_t start = 0;
    while (true) {
      const std::size_t stop = text_.find('\n', start);
      lines_.push_back(
          text_.substr(start, stop == std::string::npos ? std::string::npos : stop - start));
      if (stop == std::string::npos) break;
      start = stop + 1;
    }
  }

  Problem run();

 private:
  // --- positions and errors --------------------------------------------------------------

  // yaml-cpp marks are 0-based and count bytes; ours are 1-based and count code points.
  Location at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return {file_, 0, 0};
    const auto line = static_cast<std::size_t>(mark.line);
    int column = mark.column + 1;
    if (line < lines_.size()) column = code_point_column(lines_[line], mark.column);
    return {file_, mark.line + 1, column};
  }

  Location where(const Field& field) const {
    // A missing value (`title:`) has its mark at the next token: point at the key instead.
    if (field.value.IsDefined() && !field.value.IsNull() && !field.value.Mark().is_null()) {
      return at(field.value.Mark());
    }
    if (field.key.IsDefined() && !field.key.Mark().is_null()) return at(field.key.Mark());
    if (field.value.IsDefined() && !field.value.Mark().is_null()) return at(field.value.Mark());
    return {file_, 0, 0};
  }

  // Where the formula in a scalar starts: after the quote of a quoted scalar; on the line
  // after the header of a block scalar (| or >), at the first content line's indentation.
  // Best effort: positions inside a formula are exact for one-line plain and quoted scalars
  // without escapes and for the first line of a literal block; later lines of a block
  // scalar are off by its indentation (Source shifts only the first line's column), and a
  // folded or multi-line quoted scalar has its lines joined, so its later lines do not map.
  Location formula_start(const Field& field) const {
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

  [[noreturn]] void fail(const Location& loc, const std::string& message) const {
    throw SpecError(loc, message);
  }
  // An error the loader can go on past (an unknown or duplicate field, which is then ignored).
  void report(const Location& loc, const std::string& message) const {
    errors_.emplace_back(loc, message);
  }
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
  [[noreturn]] void fail(const Field& field, const std::string& message) const {
    fail(where(field), message);
  }

  // A FormulaError from a spec formula, as a SpecError at the diagnostic's position.
  [[noreturn]] void fail_formula(const expr::FormulaError& e, const std::string& path) const {
    const expr::Position p = e.source().position(e.diagnostic().primary.begin);
    std::string rendered = e.what();
    // dX where differentials have no place: the shape checker's "X is not varied here" would
    // mislead, since X may well be varied.
    const std::string name(e.source().slice(e.diagnostic().primary));
    const Variable* base = problem_.differential_of(name);
    const bool answer = path.rfind("answer.reference", 0) == 0 || path.rfind("examples", 0) == 0 ||
                        path.rfind("mistakes", 0) == 0;
    if (e.kind() == expr::ErrorKind::name && base != nullptr && !base->constant &&
        e.diagnostic().message == fmt::format("unknown name '{}'", name) &&
        !(answer && uses_differentials(problem_))) {
      expr::Diagnostic d = e.diagnostic();
      d.help = answer ? fmt::format("a {} answer is written without differentials such as {}",
                                    to_string(problem_.answer.kind), name)
                      : fmt::format("{} cannot appear in {}: only answers use differentials", name,
                                    path);
      rendered = expr::render(d, e.source());
    }
    while (!rendered.empty() && rendered.back() == '\n') rendered.pop_back();
    fail(Location{file_, static_cast<int>(p.line), static_cast<int>(p.column)},
         fmt::format("in {}: {}", path, rendered));
  }

  // --- fields of a mapping ---------------------------------------------------------------

  class Map {
   public:
    Map(const Loader& loader, const Field& self, const std::vector<std::string>& allowed,
        const std::string& context_help = "")
        : loader_(loader), self_(self) {
      if (!self.value.IsMap()) {
        loader.fail(self, fmt::format("{} must be a mapping{}, not {}", self.path, context_help,
                                      node_kind(self.value)));
      }
      for (auto it = self.value.begin(); it != self.value.end(); ++it) {
        const YAML::Node key = it->first;
        const Field field{child_path(key.IsScalar() ? key.Scalar() : "?"), key, it->second};
        // A bad key is reported and its field skipped, so that the rest is still read.
        if (!key.IsScalar()) {
          loader.report(
              loader.at(key.Mark()),
              fmt::format("a field name{} must be a plain word, not {}", in(), node_kind(key)));
          continue;
        }
        const std::string name = key.Scalar();
        const auto earlier = std::find_if(entries_.begin(), entries_.end(),
                                          [&](const Field& e) { return e.key.Scalar() == name; });
        if (earlier != entries_.end()) {
          loader.report(loader.at(key.Mark()),
                        fmt::format("duplicate field '{}'{} (first given on line {})", name, in(),
                                    loader.at(earlier->key.Mark()).line));
          continue;
        }
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
          loader.report(loader.at(key.Mark()), unknown_message(name, allowed));
          if (auto best = expr::closest_name(name, allowed)) suggested_.push_back(*best);
          continue;
        }
        entries_.push_back(field);
      }
    }

    // The field, if present with a value (an empty value counts as absent).
    std::optional<Field> get(std::string_view name) const {
      for (const Field& f : entries_) {
        if (f.key.Scalar() == name) {
          if (f.value.IsNull()) return std::nullopt;
          return f;
        }
      }
      return std::nullopt;
    }

    // Present at all, even with an empty value.
    const Field* find(std::string_view name) const {
      for (const Field& f : entries_) {
        if (f.key.Scalar() == name) return &f;
      }
      return nullptr;
    }

    Field require(std::string_view name, const std::string& why = "") const {
      if (auto f = get(name)) return *f;
      if (const Field* f = find(name)) {
        loader_.fail(*f, fmt::format("field '{}'{} has no value{}", name, in(), why));
      }
      // "unknown field 'funtcion'; did you mean 'function'?" already says it.
      if (std::find(suggested_.begin(), suggested_.end(), name) != suggested_.end())
        throw Skipped{};
      loader_.fail(loader_.at(self_.value.Mark()),
                   fmt::format("missing field '{}'{}{}", name, in(), why));
    }

    const std::vector<Field>& entries() const { return entries_; }
    const Field& self() const { return self_; }

    // " in answer", or "" at the top level.
    std::string in() const { return self_.path.empty() ? "" : " in " + self_.path; }

   private:
    std::string child_path(const std::string& name) const {
      return self_.path.empty() ? name : self_.path + "." + name;
    }

    std::string unknown_message(const std::string& name,
                                const std::vector<std::string>& allowed) const {
      std::string message = fmt::format("unknown field '{}'{}", name, in());
      if (auto best = expr::closest_name(name, allowed)) {
        return message + fmt::format("; did you mean '{}'?", *best);
      }
      // A field written at the wrong level.
      auto has = [&](const std::vector<std::string>& fields) {
        return std::find(fields.begin(), fields.end(), name) != fields.end();
      };
      if (self_.path.empty() && has(kAnswerFields)) return message + "; it belongs under answer";
      if (self_.path.empty() && has(kCheckFields)) return message + "; it belongs under check";
      if (self_.path == "answer" && has(kTopFields))
        return message + "; it belongs at the top level";
      return message + "; expected one of: " + join(allowed);
    }

    const Loader& loader_;
    Field self_;
    std::vector<Field> entries_;
    std::vector<std::string> suggested_;  // the fields the unknown ones were taken for
  };

  // --- scalar values ---------------------------------------------------------------------

  std::string read_string(const Field& f) const {
    if (!f.value.IsScalar()) {
      fail(f, fmt::format("{} must be a string, not {}", f.path, node_kind(f.value)));
    }
    return f.value.Scalar();
  }

  std::string read_nonempty_string(const Field& f) const {
    std::string s = read_string(f);
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail(f, fmt::format("{} must not be empty", f.path));
    }
    return s;
  }

  long read_whole(const Field& f, long lo, long hi) const {
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

  std::optional<double> parse_number(const std::string& s) const {
    double value = 0;
    const char* begin = s.data();
    if (!s.empty() && s[0] == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
      return std::nullopt;
    }
    return value;
  }

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

  bool read_bool(const Field& f) const {
    if (f.value.IsScalar()) {
      const std::string& s = f.value.Scalar();
      if (s == "true") return true;
      if (s == "false") return false;
    }
    fail(f, fmt::format("{} must be true or false, not {}", f.path, node_kind(f.value)));
  }

  std::vector<Field> read_list(const Field& f, const std::string& example) const {
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

  FormulaText read_formula(const Field& f) const {
    if (f.value.IsSequence()) {
      fail(f,
           fmt::format("{} must be a formula in a string, not a list; quote a formula that starts "
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
  void fail_on_escaped(const Field& f) const {
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

  // yaml-cpp's error, with what it cannot say: a backslash in double quotes that is no escape
  // (write the formula in single quotes), or a line indented with a tab.
  [[noreturn]] void fail_yaml(const YAML::Exception& e) const {
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
      message +=
          fmt::format("; line {} is indented with a tab: YAML indents with spaces only", tab);
    }
    fail(loc, message);
  }

  // --- formulas --------------------------------------------------------------------------

  expr::Formula parse(const FormulaText& f, const std::string& path) const {
    try {
      return parse_formula(f);
    } catch (const expr::FormulaError& e) {
      fail_formula(e, path);
    }
  }

  expr::Shape check(const FormulaText& f, const expr::ShapeEnv& env,
                    const std::string& path) const {
    const expr::Formula formula = parse(f, path);
    try {
      return expr::check_shapes(formula, env);
    } catch (const expr::FormulaError& e) {
      fail_formula(e, path);
    }
  }

  // Parses and checks only that every name is known (an answer may be wrong, but must be
  // a formula in the names of the problem).
  void check_names(const FormulaText& f, const expr::ShapeEnv& env, const std::string& path) const {
    expr::Formula formula = parse(f, path);
    // An answer (an example, a mistake) is read as a student's is: A^T, x_0, e^(x).
    if (path.rfind("examples", 0) == 0 || path.rfind("mistakes", 0) == 0) {
      expr::read_notation(formula, env);
    }
    check_names(formula, formula.root(), env, path);
  }

  void check_names(const expr::Formula& formula, const expr::Node& node, const expr::ShapeEnv& env,
                   const std::string& path) const {
    if (node.kind == expr::NodeKind::name && node.text != "I" && node.text != "pi" &&
        node.text != "π" && expr::find_builtin(node.text) == nullptr &&
        env.find(node.text) == nullptr) {
      // The shape checker's own message for the unknown name, pointed at this use of it.
      try {
        expr::check_shapes(expr::parse(node.text), env);
      } catch (const expr::FormulaError& e) {
        expr::Diagnostic d = e.diagnostic();
        d.primary = node.span;
        d.secondary.clear();
        fail_formula(expr::FormulaError(std::move(d), formula.source_ptr()), path);
      }
    }
    for (const auto& arg : node.args) check_names(formula, *arg, env, path);
  }

  // --- the parts of a spec ---------------------------------------------------------------

  void check_name(const Field& f, const std::string& name, const std::string& what) const;
  void read_dims(const Field& f);
  void read_variables(const Field& f);
  Variable read_variable(const Field& f);
  void check_properties(const Field& f, const Variable& v) const;
  void read_lets(const Field& f);
  void read_answer(const Map& top);
  // wrt, defaulting (for a formula kind, or the derivative a code problem declares) to every
  // non-constant variable.
  void read_wrt(const Map& answer, AnswerKind kind);
  // function: F, shape-checked; a gradient or Hessian needs a scalar F.
  void read_function(const Field& f, AnswerKind kind);
  void read_reference(const Map& answer);
  void read_choice(const Map& answer);
  void read_option_feedback(const Field& f);
  void read_code(const Map& answer, const Map& top);
  std::vector<ShapeEntry> read_shape(const Field& shape);
  void read_check(const Field& f);
  void read_examples(const Field& f);
  void read_mistakes(const Field& f);
  void read_feedback(const Field& f);
  void read_partial_credit(const Field& f);
  double read_credit(const Field& f) const {
    return read_number(f, "a fraction of the points, at least 0 and below 1",
                       [](double x) { return x >= 0 && x < 1; });
  }
  AnswerText read_answer_text(const Field& f) const;
  std::string describe_shape(const Variable& v) const { return variable_shape(v).to_string(); }

  std::string text_;
  std::vector<std::string> lines_;
  std::string file_;
  std::string expected_id_;
  Problem problem_;
  mutable std::vector<SpecError> errors_;  // every error found so far, in order
};

void Loader::check_name(const Field& f, const std::string& name, const std::string& what) const {
  if (!is_identifier(name)) {
    fail(f, fmt::format("{} name '{}' is not valid: use letters, digits and _, starting with "
                        "a letter",
                        what, name));
  }
  if (expr::is_reserved_name(name)) {
    fail(f,
         fmt::format("{} name '{}' is reserved: it is a builtin function or constant", what, name));
  }
  for (const auto& d : problem_.dims) {
    if (d.name == name) fail(f, fmt::format("{} '{}' has the name of a dimension", what, name));
  }
  for (const auto& v : problem_.variables) {
    if (v.name == name) fail(f, fmt::format("{} '{}' has the name of a variable", what, name));
  }
}

void Loader::read_dims(const Field& f) {
  const Map dims(*this, f, {}, " from names to ranges, as in {n: [2, 5]}");
  for (const Field& entry : dims.entries()) {
    const std::string name = entry.key.Scalar();
    check_name(Field{entry.path, entry.key, YAML::Node()}, name, "dimension");
    const std::string form =
        fmt::format("{} must be a range [lo, hi] of whole numbers, as in [2, 5]", entry.path);
    if (!entry.value.IsSequence() || entry.value.size() != 2) {
      fail(entry, fmt::format("{}, not {}", form, node_kind(entry.value)));
    }
    long bounds[2] = {0, 0};
    for (std::size_t i = 0; i < 2; ++i) {
      const YAML::Node n = entry.value[i];
      const Field bound{entry.path, YAML::Node(), n};
      if (!n.IsScalar()) fail(bound, fmt::format("{}, not {}", form, node_kind(n)));
      long value = 0;
      const std::string& s = n.Scalar();
      const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
        fail(bound, fmt::format("{}, not '{}'", form, s));
      }
      bounds[i] = value;
    }
    if (bounds[0] < 1 || bounds[0] > bounds[1] || bounds[1] > kMaxSize) {
      fail(entry, fmt::format("{} must satisfy 1 ≤ lo ≤ hi ≤ {}, not [{}, {}]", entry.path,
                              kMaxSize, bounds[0], bounds[1]));
    }
    problem_.dims.push_back(DimRange{name, bounds[0], bounds[1]});
  }
}

std::vector<ShapeEntry> Loader::read_shape(const Field& shape) {
  std::vector<ShapeEntry> out;
  const std::string shape_help = "[] scalar, [n] column vector, [n, m] matrix";
  if (!shape.value.IsSequence()) {
    fail(shape, fmt::format("{} must be a list: {}; not {}", shape.path, shape_help,
                            node_kind(shape.value)));
  }
  if (shape.value.size() > 2) {
    fail(shape, fmt::format("{} has {} entries; a shape has at most 2: {}", shape.path,
                            shape.value.size(), shape_help));
  }
  for (const Field& entry : read_list(shape, "")) {
    if (!entry.value.IsScalar()) {
      fail(entry, fmt::format("{} must be a dimension name or a size, not {}", entry.path,
                              node_kind(entry.value)));
    }
    const std::string& s = entry.value.Scalar();
    if (!s.empty() &&
        (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+')) {
      out.push_back(ShapeEntry{"", read_whole(entry, 1, kMaxSize)});
      continue;
    }
    const bool known = std::any_of(problem_.dims.begin(), problem_.dims.end(),
                                   [&](const DimRange& d) { return d.name == s; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& d : problem_.dims) names.push_back(d.name);
      const auto best = expr::closest_name(s, names);
      fail(entry,
           fmt::format("unknown dimension '{}' in {}; {}", s, shape.path,
                       best ? fmt::format("did you mean '{}'?", *best)
                            : std::string("declare it under dims, as in {" + s + ": [2, 5]}")));
    }
    out.push_back(ShapeEntry{s, 0});
  }

  return out;
}

void Loader::read_variables(const Field& f) {
  const Map vars(*this, f, {}, " from names to declarations, as in {X: {shape: [n, n]}}");
  // Each variable is read on its own, so that every bad one is reported; the section fails
  // when one does (formulas naming it would only add confusing errors).
  bool all = true;
  for (const Field& entry : vars.entries()) {
    all = attempt([&] { problem_.variables.push_back(read_variable(entry)); }) && all;
  }
  if (!all) throw Skipped{};
  // dX would be read as the differential of X.
  for (const Field& entry : vars.entries()) {
    const std::string name = entry.key.Scalar();
    if (problem_.differential_of(name) != nullptr) {
      fail(at(entry.key.Mark()),
           fmt::format("variable name '{}' would read as the differential of variable '{}'", name,
                       name.substr(1)));
    }
  }
}

Variable Loader::read_variable(const Field& f) {
  Variable v;
  v.name = f.key.Scalar();
  v.where = at(f.key.Mark());
  check_name(Field{f.path, f.key, YAML::Node()}, v.name, "variable");
  const Map fields(*this, f, kVariableFields, ", as in {shape: [n, n]}");

  // shape
  const Field shape = fields.require("shape", " ([] scalar, [n] column vector, [n, m] matrix)");
  v.shape = read_shape(shape);

  if (auto c = fields.get("constant")) v.constant = read_bool(*c);

  // properties
  if (auto props = fields.get("properties")) {
    std::vector<std::string> names;
    for (const Property p : kAllProperties) names.emplace_back(to_string(p));
    for (const Field& entry : read_list(*props, ", as in [symmetric, positive-definite]")) {
      if (!entry.value.IsScalar()) {
        fail(entry,
             fmt::format("{} must be a property name, not {}", entry.path, node_kind(entry.value)));
      }
      const std::string name = entry.value.Scalar();
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) {
        const auto best = expr::closest_name(name, names);
        fail(entry, fmt::format("unknown property {}; {}", node_kind(entry.value),
                                best ? fmt::format("did you mean '{}'?", *best)
                                     : "expected one of: " + join(names)));
      }
      const Property p = kAllProperties[static_cast<std::size_t>(it - names.begin())];
      if (std::find(v.properties.begin(), v.properties.end(), p) != v.properties.end()) {
        fail(entry, fmt::format("property '{}' is listed twice in {}", name, props->path));
      }
      v.properties.push_back(p);
    }
    check_properties(*props, v);
  }

  // range
  if (auto range = fields.get("range")) {
    const std::string form =
        fmt::format("{} must be [lo, hi] with numbers lo < hi, as in [-1, 1]", range->path);
    if (!range->value.IsSequence() || range->value.size() != 2) {
      fail(*range, fmt::format("{}, not {}", form, node_kind(range->value)));
    }
    double bounds[2] = {0, 0};
    for (std::size_t i = 0; i < 2; ++i) {
      const YAML::Node n = range->value[i];
      const auto value = n.IsScalar() ? parse_number(n.Scalar()) : std::nullopt;
      if (!value)
        fail(Field{range->path, YAML::Node(), n}, fmt::format("{}, not {}", form, node_kind(n)));
      bounds[i] = *value;
    }
    if (!(bounds[0] < bounds[1])) {
      fail(*range, fmt::format("{}, not [{}, {}]", form, range->value[0].Scalar(),
                               range->value[1].Scalar()));
    }
    for (const Property p : v.properties) {
      if (excludes_range(p)) {
        fail(*range, fmt::format("{} cannot be combined with property '{}', which fixes how the "
                                 "entries are drawn",
                                 range->path, to_string(p)));
      }
      if (p == Property::positive && bounds[0] <= 0) {
        fail(*range, fmt::format("{} must have lo > 0 for property 'positive', not [{}, {}]",
                                 range->path, range->value[0].Scalar(), range->value[1].Scalar()));
      }
    }
    v.range = std::make_pair(bounds[0], bounds[1]);
  }

  // value
  if (auto value = fields.get("value")) {
    if (fields.get("range")) {
      fail(*value,
           fmt::format("variable '{}' has a value, so it cannot also have a range", v.name));
    }
    if (!v.properties.empty()) {
      fail(*value, fmt::format("variable '{}' has a value, so it cannot also have properties "
                               "(they say how a variable is drawn)",
                               v.name));
    }
    if (auto c = fields.get("constant"); c && !v.constant) {
      fail(*c, fmt::format("variable '{}' has a value, so it is constant: remove constant: false",
                           v.name));
    }
    v.constant = true;
    v.value = read_formula(*value);
    // A fixed value may use the dimension names only.
    expr::ShapeEnv env;
    for (const auto& d : problem_.dims) env.declare_dimension(d.name);
    const expr::Shape value_shape = check(*v.value, env, value->path);
    if (!(value_shape == variable_shape(v))) {
      fail(v.value->where, fmt::format("{} is {}, but {} is declared {}", value->path,
                                       value_shape.to_string(), v.name, describe_shape(v)));
    }
  }
  return v;
}

void Loader::check_properties(const Field& f, const Variable& v) const {
  const expr::Shape shape = variable_shape(v);
  for (const Property p : v.properties) {
    if (needs_square(p) && !shape.is_square()) {
      fail(f, fmt::format("property '{}' needs a square matrix, but {} is {}", to_string(p), v.name,
                          shape.to_string()));
    }
    if (p == Property::unit && (v.shape.empty() || !shape.cols.is_one())) {
      fail(f, fmt::format("property 'unit' needs a column vector, but {} is {}", v.name,
                          v.shape.empty() ? std::string("a scalar") : shape.to_string()));
    }
  }
  auto has = [&](Property p) {
    return std::find(v.properties.begin(), v.properties.end(), p) != v.properties.end();
  };
  for (const Conflict& c : kConflicts) {
    if (has(c.a) && has(c.b)) {
      // Name them in the order written.
      const auto ia = std::find(v.properties.begin(), v.properties.end(), c.a);
      const auto ib = std::find(v.properties.begin(), v.properties.end(), c.b);
      const Property first = ia < ib ? c.a : c.b;
      const Property second = ia < ib ? c.b : c.a;
      fail(f, fmt::format("variable '{}' cannot be both {} and {}: {}", v.name, to_string(first),
                          to_string(second), c.reason));
    }
  }
  // A skew-symmetric matrix of odd size is singular.
  if (has(Property::skew_symmetric) && (has(Property::invertible) || has(Property::full_rank))) {
    const Property other = has(Property::invertible) ? Property::invertible : Property::full_rank;
    std::string odd;
    if (!v.shape.empty()) {
      const ShapeEntry& e = v.shape[0];
      if (e.name.empty()) {
        if (e.size % 2 == 1) odd = fmt::format("{} is {}", v.name, shape.to_string());
      } else {
        for (const auto& d : problem_.dims) {
          if (d.name == e.name && (d.lo < d.hi || d.lo % 2 == 1)) {
            odd = fmt::format("{} can be {}", d.name, d.lo % 2 == 1 ? d.lo : d.lo + 1);
          }
        }
      }
    } else {
      odd = fmt::format("{} is a scalar", v.name);
    }
    if (!odd.empty()) {
      fail(f, fmt::format("variable '{}' cannot be both skew-symmetric and {}: a skew-symmetric "
                          "matrix of odd size is singular, and {}",
                          v.name, to_string(other), odd));
    }
  }
}

void Loader::read_lets(const Field& f) {
  const Map lets(*this, f, {}, " from names to formulas, as in {v: \"eigvecs(S)[:, 1]\"}");
  for (const Field& entry : lets.entries()) {
    const std::string name = entry.key.Scalar();
    check_name(Field{entry.path, entry.key, YAML::Node()}, name, "let");
    if (problem_.differential_of(name) != nullptr) {
      fail(at(entry.key.Mark()),
           fmt::format("let name '{}' would read as the differential of variable '{}'", name,
                       name.substr(1)));
    }
    if (entry.value.IsNull()) fail(entry, fmt::format("{} has no formula", entry.path));
    FormulaText formula = read_formula(entry);
    check(formula, formula_env(problem_, false), entry.path);
    problem_.lets.emplace_back(name, std::move(formula));
  }
}

void Loader::read_wrt(const Map& answer, AnswerKind kind) {
  Answer& a = problem_.answer;
  if (auto wrt = answer.get("wrt")) {
    std::vector<Field> items;
    if (wrt->value.IsScalar()) {
      items.push_back(*wrt);
    } else {
      items = read_list(*wrt, " of variable names, as in [X]");
    }
    if (items.empty()) fail(*wrt, fmt::format("{} must name at least one variable", wrt->path));
    std::vector<std::string> names;
    for (const auto& v : problem_.variables) names.push_back(v.name);
    for (const Field& item : items) {
      if (!item.value.IsScalar()) {
        fail(item,
             fmt::format("{} must be a variable name, not {}", item.path, node_kind(item.value)));
      }
      const std::string& name = item.value.Scalar();
      const Variable* v = problem_.find_variable(name);
      if (v == nullptr) {
        const auto best = expr::closest_name(name, names);
        fail(item, fmt::format("{} names unknown variable '{}'{}", wrt->path, name,
                               best ? fmt::format("; did you mean '{}'?", *best) : ""));
      }
      if (v->constant) {
        fail(item,
             fmt::format("{} names '{}', which is constant and cannot vary", wrt->path, name));
      }
      if (std::find(a.wrt.begin(), a.wrt.end(), name) != a.wrt.end()) {
        fail(item, fmt::format("{} lists '{}' twice", wrt->path, name));
      }
      a.wrt.push_back(name);
    }
  } else if (is_formula_kind(kind)) {
    for (const auto& v : problem_.variables) {
      if (!v.constant) a.wrt.push_back(v.name);
    }
    if (a.wrt.empty()) {
      fail(answer.self(), fmt::format("nothing varies: a {} needs a variable that is not constant",
                                      to_string(kind)));
    }
  }
}

void Loader::read_function(const Field& f, AnswerKind kind) {
  problem_.function = read_formula(f);
  const expr::Shape shape = check(*problem_.function, formula_env(problem_, false), f.path);
  if ((kind == AnswerKind::gradient || kind == AnswerKind::hessian) && !shape.is_scalar()) {
    fail(problem_.function->where, fmt::format("a {} needs a scalar function, but function is {}",
                                               to_string(kind), shape.to_string()));
  }
}

void Loader::read_reference(const Map& answer) {
  Answer& a = problem_.answer;
  const bool several = a.kind == AnswerKind::gradient && a.wrt.size() > 1;
  const Field ref = answer.require(
      "reference", fmt::format(" (a {} answer needs a reference)", to_string(a.kind)));
  const expr::ShapeEnv env = formula_env(problem_, uses_differentials(problem_));

  auto check_reference = [&](const FormulaText& formula, const std::string& path,
                             const std::string& part) {
    const expr::Shape shape = check(formula, env, path);
    if (a.kind == AnswerKind::value) return;
    const expr::Shape expected = expected_shape(problem_, part);
    if (!(shape == expected)) {
      std::string why;
      switch (a.kind) {
        case AnswerKind::differential:
          why = "the shape of F";
          break;
        case AnswerKind::gradient:
          why = "the shape of " + (part.empty() ? a.wrt.front() : part);
          break;
        case AnswerKind::jacobian:
          why = "(entries of F)×(entries of " + join(a.wrt) + ")";
          break;
        case AnswerKind::code:
          why = "the shape in returns";
          break;
        default:
          why = a.form == HessianForm::quadratic ? "d²F[dX,dX] is a scalar"
                                                 : "n×n for the vector " + a.wrt.front();
          break;
      }
      fail(formula.where,
           fmt::format("{} is {}, but a {} answer here must be {}: {}", path, shape.to_string(),
                       to_string(a.kind), expected.to_string(), why));
    }
  };

  if (ref.value.IsMap()) {
    // {cpp: NAME}, or one formula per wrt variable.
    const bool cpp = ref.value.size() == 1 && ref.value.begin()->first.IsScalar() &&
                     ref.value.begin()->first.Scalar() == "cpp" &&
                     !(several && problem_.find_variable("cpp") != nullptr);
    if (cpp) {
      const Map m(*this, ref, {"cpp"});
      const Field name = m.require("cpp");
      if (a.kind == AnswerKind::value) {
        fail(name,
             fmt::format("{} must be a formula: a value answer has no C++ reference", ref.path));
      }
      a.cpp_reference = read_string(name);
      if (!is_cpp_identifier(*a.cpp_reference)) {
        fail(name, fmt::format("{} must be the name of a C++ reference (letters, digits, _), "
                               "not '{}'",
                               name.path, *a.cpp_reference));
      }
      return;
    }
    if (!several) {
      fail(ref, fmt::format("{} must be one formula or {{cpp: NAME}}, not a mapping (only a "
                            "gradient with several wrt variables has one formula per variable)",
                            ref.path));
    }
    const Map m(*this, ref, {});
    for (const Field& part : m.entries()) {
      const std::string name = part.key.Scalar();
      if (std::find(a.wrt.begin(), a.wrt.end(), name) == a.wrt.end()) {
        fail(at(part.key.Mark()),
             fmt::format("{} gives a formula for '{}', which is not in wrt ({})", ref.path, name,
                         join(a.wrt)));
      }
      if (part.value.IsNull()) fail(part, fmt::format("{} has no formula", part.path));
      FormulaText formula = read_formula(part);
      check_reference(formula, part.path, name);
      a.reference[name] = std::move(formula);
    }
    for (const auto& name : a.wrt) {
      if (a.reference.count(name) == 0) {
        fail(ref, fmt::format("{} has no formula for '{}'", ref.path, name));
      }
    }
    return;
  }
  if (several) {
    fail(ref,
         fmt::format("{} must map each wrt variable to its formula, as in {{{}}}", ref.path, [&] {
           std::vector<std::string> parts;
           for (const auto& w : a.wrt) parts.push_back(w + ": ...");
           return join(parts);
         }()));
  }
  FormulaText formula = read_formula(ref);
  check_reference(formula, ref.path, "");
  a.reference[""] = std::move(formula);
}

void Loader::read_choice(const Map& answer) {
  Answer& a = problem_.answer;
  const Field options = answer.require("options", " (a choice answer lists its options)");
  const Map m(*this, options, {}, ", as in {a: text, b: text}");
  for (const Field& option : m.entries()) {
    const std::string letter = option.key.Scalar();
    if (letter.size() != 1 || letter[0] < 'a' || letter[0] > 'z') {
      fail(at(option.key.Mark()),
           fmt::format("option '{}' in {} must be named by one lowercase letter a-z", letter,
                       options.path));
    }
    if (option.value.IsNull()) fail(option, fmt::format("{} has no text", option.path));
    a.options[letter] = read_nonempty_string(option);
  }
  if (a.options.size() < 2) {
    fail(options, fmt::format("{} must offer at least two options", options.path));
  }
  const Field correct = answer.require("correct", " (the letter of the right option)");
  std::vector<Field> items;
  if (correct.value.IsSequence()) {
    items = read_list(correct, "");
    if (items.empty()) fail(correct, fmt::format("{} must name at least one option", correct.path));
  } else {
    items.push_back(correct);
  }
  for (const Field& item : items) {
    const std::string letter = read_string(item);
    if (a.options.count(letter) == 0) {
      std::vector<std::string> letters;
      for (const auto& [l, text] : a.options) letters.push_back(l);
      fail(item, fmt::format("{} names '{}', which is not an option ({})", item.path, letter,
                             join(letters)));
    }
    if (std::find(a.correct.begin(), a.correct.end(), letter) != a.correct.end()) {
      fail(item, fmt::format("{} lists '{}' twice", correct.path, letter));
    }
    a.correct.push_back(letter);
  }
  a.select_all = correct.value.IsSequence();
  if (auto e = answer.get("explanation")) a.explanation = read_string(*e);
  if (auto f = answer.get("option_feedback")) read_option_feedback(*f);
  if (auto f = answer.get("scoring")) {
    const std::string s = read_string(*f);
    if (s == to_string(ChoiceScoring::per_option)) {
      a.scoring = ChoiceScoring::per_option;
    } else if (s != to_string(ChoiceScoring::all_or_nothing)) {
      fail(*f, fmt::format("{} must be all-or-nothing or per-option, not '{}'", f->path, s));
    }
    if (a.scoring == ChoiceScoring::per_option && !a.select_all) {
      fail(*f, fmt::format("{}: per-option scores each option of a select-all question, but "
                           "correct is one letter; write it as a list ([{}])",
                           f->path, a.correct[0]));
    }
  }
}

// option_feedback: {b: text}: shown to a student who misjudged option b (check/choice.hpp).
void Loader::read_option_feedback(const Field& f) {
  Answer& a = problem_.answer;
  const Map m(*this, f, {}, ", as in {b: text, d: text}");
  std::vector<std::string> letters;
  for (const auto& [l, text] : a.options) letters.push_back(l);
  for (const Field& entry : m.entries()) {
    const std::string letter = entry.key.Scalar();
    if (a.options.count(letter) == 0) {
      fail(at(entry.key.Mark()), fmt::format("{} names '{}', which is not an option ({})", f.path,
                                             letter, join(letters)));
    }
    // In a single-answer question the right option is misjudged only by leaving it out, and
    // words shown then would name the answer: they are never shown.
    if (!a.select_all && letter == a.correct[0]) {
      fail(at(entry.key.Mark()),
           fmt::format("{} is never shown: '{}' is the one right option, and feedback on leaving "
                       "it out would give the answer away (for a select-all question, write "
                       "correct as a list: [{}])",
                       entry.path, letter, letter));
    }
    if (entry.value.IsNull()) fail(entry, fmt::format("{} has no text", entry.path));
    a.option_feedback[letter] = read_nonempty_string(entry);
  }
}

void Loader::read_answer(const Map& top) {
  const Field field = top.require("answer");
  const Map answer(*this, field, kAnswerFields, " with kind, reference and more");
  Answer& a = problem_.answer;

  const Field kind = answer.require("kind");
  {
    std::vector<std::string> names;
    for (const AnswerKind k : kAllKinds) names.emplace_back(to_string(k));
    if (!kind.value.IsScalar()) {
      fail(kind, fmt::format("answer.kind must be one of: {}; not {}", join(names),
                             node_kind(kind.value)));
    }
    const std::string name = kind.value.Scalar();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const auto best = expr::closest_name(name, names);
      fail(kind, fmt::format("unknown answer kind {}; {}", node_kind(kind.value),
                             best ? fmt::format("did you mean '{}'?", *best)
                                  : "expected one of: " + join(names)));
    }
    a.kind = kAllKinds[static_cast<std::size_t>(it - names.begin())];
  }

  // Fields that do not apply to this kind.
  for (const Field& f : answer.entries()) {
    const std::vector<AnswerKind> kinds = answer_field_kinds(f.key.Scalar());
    if (std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) {
      std::vector<std::string> names;
      for (const AnswerKind k : kinds) names.emplace_back(to_string(k));
      fail(at(f.key.Mark()), fmt::format("field '{}' in answer is not used by kind {} (only by {})",
                                         f.key.Scalar(), to_string(a.kind), join(names)));
    }
  }
  if (a.kind == AnswerKind::choice) {
    for (const Field& f : top.entries()) {
      const std::string& name = f.key.Scalar();
      if (std::find(kNotForChoice.begin(), kNotForChoice.end(), name) != kNotForChoice.end()) {
        fail(at(f.key.Mark()), fmt::format("field '{}' is not used by kind choice", name));
      }
    }
    read_choice(answer);
    return;
  }

  if (auto form = answer.get("form")) {
    const std::string s = read_string(*form);
    if (s == "matrix") {
      a.form = HessianForm::matrix;
    } else if (s == "quadratic") {
      a.form = HessianForm::quadratic;
    } else {
      fail(*form, fmt::format("{} must be matrix or quadratic, not '{}'", form->path, s));
    }
  }
  if (a.kind == AnswerKind::code) a.tolerance = 1e-8;
  if (auto t = answer.get("tolerance")) {
    a.tolerance = read_number(*t, "a positive number", [](double x) { return x > 0; });
  }
  if (a.kind == AnswerKind::code) {
    read_code(answer, top);
    return;
  }

  read_wrt(answer, a.kind);

  // The function.
  if (is_formula_kind(a.kind)) {
    top.require("function", fmt::format(" (a {} problem needs the function F)", to_string(a.kind)));
  }
  if (auto f = top.get("function")) read_function(*f, a.kind);
  if (a.kind == AnswerKind::hessian && a.form == HessianForm::matrix) {
    const Location loc = answer.get("wrt") ? where(*answer.get("wrt")) : where(field);
    if (a.wrt.size() != 1) {
      fail(loc, fmt::format("a hessian with form: matrix needs one wrt variable, not {} ({}); "
                            "use form: quadratic",
                            a.wrt.size(), join(a.wrt)));
    }
    const Variable* v = problem_.find_variable(a.wrt.front());
    if (!variable_shape(*v).is_vector()) {
      fail(loc, fmt::format("a hessian with form: matrix needs a column vector variable, but {} "
                            "is {}; use form: quadratic",
                            v->name, describe_shape(*v)));
    }
  }

  read_reference(answer);

  if (auto ip = answer.get("inner_product")) {
    if (a.wrt.size() != 1) {
      fail(*ip, fmt::format("{} needs a gradient with one wrt variable, not {}", ip->path,
                            a.wrt.size()));
    }
    a.inner_product = read_formula(*ip);
    // u and v are the two arguments, with the shape of the variable; they hide any other u, v.
    expr::ShapeEnv env = formula_env(problem_, false);
    const expr::Shape s = variable_shape(*problem_.find_variable(a.wrt.front()));
    env.declare("u", s, expr::NameRole::value);
    env.declare("v", s, expr::NameRole::value);
    const expr::Shape shape = check(*a.inner_product, env, ip->path);
    if (!shape.is_scalar()) {
      fail(a.inner_product->where,
           fmt::format("{} must be a scalar, but it is {}", ip->path, shape.to_string()));
    }
  }
}

void Loader::read_code(const Map& answer, const Map& top) {
  Answer& a = problem_.answer;
  CodeAnswer code;
  const Field entry = answer.require("entry", " (the C++ function the student writes)");
  code.where = where(entry);
  code.entry = read_string(entry);
  if (!is_cpp_identifier(code.entry)) {
    fail(entry, fmt::format("{} must be a C++ function name (letters, digits, _), not '{}'",
                            entry.path, code.entry));
  }
  const Field args = answer.require("arguments", " (the variables passed, in order)");
  for (const Field& arg : read_list(args, "")) {
    const std::string name = arg.value.IsScalar() ? arg.value.Scalar() : "";
    const bool is_let = std::any_of(problem_.lets.begin(), problem_.lets.end(),
                                    [&](const auto& l) { return l.first == name; });
    if (problem_.find_variable(name) == nullptr && !is_let) {
      std::vector<std::string> names;
      for (const auto& v : problem_.variables) names.push_back(v.name);
      for (const auto& l : problem_.lets) names.push_back(l.first);
      const auto best = expr::closest_name(name, names);
      fail(arg, fmt::format("{} must name a variable or a let; '{}' is neither{}", arg.path, name,
                            best ? fmt::format(" (did you mean '{}'?)", *best) : ""));
    }
    if (std::find(code.arguments.begin(), code.arguments.end(), name) != code.arguments.end())
      fail(arg, fmt::format("{}: '{}' is passed twice", arg.path, name));
    code.arguments.push_back(name);
  }
  code.returns = read_shape(answer.require("returns", " (the shape of the result, as [n])"));
  if (auto c = answer.get("call")) {
    code.call = read_string(*c);
  } else {
    code.call = code.entry + "(" + join(code.arguments) + ")";
  }
  if (auto p = answer.get("prelude")) code.prelude = read_string(*p);
  // derivative: the reference is the gradient or Jacobian of the problem's function with
  // respect to wrt, which grader validate checks against the oracles.
  const auto derivative = answer.get("derivative");
  const auto wrt = answer.get("wrt");
  if (wrt && !derivative) fail(*wrt, "answer.wrt of a code problem needs answer.derivative");
  if (derivative) {
    const std::string d = read_string(*derivative);
    if (d == "gradient") {
      code.derivative = AnswerKind::gradient;
    } else if (d == "jacobian") {
      code.derivative = AnswerKind::jacobian;
    } else {
      fail(*derivative,
           fmt::format("{} must be gradient or jacobian, not '{}'", derivative->path, d));
    }
    const auto f = top.get("function");
    if (!f) {
      fail(*derivative, fmt::format("{} needs the problem's function (function: F), whose {} the "
                                    "reference is",
                                    derivative->path, d));
    }
    read_function(*f, *code.derivative);
    read_wrt(answer, *code.derivative);
    if (code.derivative == AnswerKind::gradient && a.wrt.size() != 1) {
      fail(wrt ? *wrt : *derivative,
           fmt::format("a code problem's gradient is of one wrt variable, not {} ({})",
                       a.wrt.size(), join(a.wrt)));
    }
  }
  a.code = std::move(code);
  read_reference(answer);
}

void Loader::read_check(const Field& f) {
  const Map m(*this, f, kCheckFields, ", as in {trials: 5}");
  CheckOptions& c = problem_.check;
  if (auto x = m.get("trials")) c.trials = static_cast<int>(read_whole(*x, 1, kMaxTrials));
  if (auto x = m.get("max_redraws")) {
    c.max_redraws = static_cast<int>(read_whole(*x, 0, kMaxRedraws));
  }
  if (auto x = m.get("rtol")) {
    c.rtol = read_number(*x, "a number between 0 and 1", [](double v) { return v > 0 && v < 1; });
  }
  if (auto x = m.get("max_condition")) {
    c.max_condition = read_number(*x, "a number ≥ 1", [](double v) { return v >= 1; });
  }
  if (auto x = m.get("min_eigen_gap")) {
    c.min_eigen_gap =
        read_number(*x, "a number between 0 and 1", [](double v) { return v > 0 && v < 1; });
  }
}

AnswerText Loader::read_answer_text(const Field& f) const {
  const Answer& a = problem_.answer;
  AnswerText out;
  out.where = where(f);
  if (f.value.IsNull()) fail(f, fmt::format("{} has no answer", f.path));
  if (a.kind == AnswerKind::choice) {
    std::vector<Field> items;
    if (f.value.IsSequence()) {
      items = read_list(f, "");
      if (items.empty()) fail(f, fmt::format("{} must name at least one option", f.path));
    } else {
      items.push_back(f);
    }
    std::vector<std::string> letters;
    for (const auto& [l, text] : a.options) letters.push_back(l);
    std::vector<std::string> chosen;
    for (const Field& item : items) {
      if (!item.value.IsScalar() || a.options.count(item.value.Scalar()) == 0) {
        fail(item, fmt::format("{} must be the letter of an option ({}), not {}", item.path,
                               join(letters), node_kind(item.value)));
      }
      chosen.push_back(item.value.Scalar());
    }
    out.single = join(chosen);
    return out;
  }
  const expr::ShapeEnv env = formula_env(problem_, uses_differentials(problem_));
  const bool several = a.kind == AnswerKind::gradient && a.wrt.size() > 1;
  if (several) {
    if (!f.value.IsMap()) {
      fail(f, fmt::format("{} must map each wrt variable to its formula ({}), not {}", f.path,
                          join(a.wrt), node_kind(f.value)));
    }
    const Map m(*this, f, {});
    for (const Field& part : m.entries()) {
      if (std::find(a.wrt.begin(), a.wrt.end(), part.key.Scalar()) == a.wrt.end()) {
        fail(at(part.key.Mark()),
             fmt::format("{} gives a formula for '{}', which is not in wrt ({})", f.path,
                         part.key.Scalar(), join(a.wrt)));
      }
      if (part.value.IsNull()) fail(part, fmt::format("{} has no formula", part.path));
      const FormulaText formula = read_formula(part);
      check_names(formula, env, part.path);
      out.parts[part.key.Scalar()] = formula.text;
    }
    for (const auto& name : a.wrt) {
      if (out.parts.count(name) == 0) {
        fail(f, fmt::format("{} has no formula for '{}'", f.path, name));
      }
    }
    return out;
  }
  const FormulaText formula = read_formula(f);
  check_names(formula, env, f.path);
  out.single = formula.text;
  out.where = formula.where;
  return out;
}

void Loader::read_examples(const Field& f) {
  const Map m(*this, f, kExampleFields, " with accept and/or reject lists");
  for (const char* which : {"accept", "reject"}) {
    if (auto list = m.get(which)) {
      auto& out =
          std::string_view(which) == "accept" ? problem_.examples.accept : problem_.examples.reject;
      for (const Field& item : read_list(*list, " of answers")) {
        attempt([&] { out.push_back(read_answer_text(item)); });
      }
    }
  }
}

void Loader::read_mistakes(const Field& f) {
  struct Seen {
    std::string answer;  // spaces removed
    std::string path;
    int line;
  };
  std::vector<Seen> seen;
  for (const Field& item : read_list(f, " of {answer: ..., feedback: ...}")) {
    attempt([&] {
      const Map m(*this, item, kMistakeFields, " with answer and feedback");
      Mistake mistake;
      const Field answer = m.require("answer");
      mistake.answer = read_answer_text(answer);
      const Answer& a = problem_.answer;
      const std::set<std::string> right(a.correct.begin(), a.correct.end());
      if (a.kind == AnswerKind::choice && chosen_options(mistake.answer) == right) {
        fail(answer, fmt::format("{} is the right answer ({}); a mistake is a wrong one",
                                 answer.path, join(a.correct)));
      }
      mistake.feedback = read_nonempty_string(m.require("feedback"));
      if (auto c = m.get("credit")) mistake.credit = read_credit(*c);
      // Only the first of two equal mistakes is ever matched: the second's feedback and
      // credit would silently never apply.
      std::string key = mistake.answer.single;
      for (const auto& [part, text] : mistake.answer.parts) key += "\n" + part + "=" + text;
      std::erase_if(key, [](char c) { return c == ' ' || c == '\t'; });
      const auto earlier =
          std::find_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.answer == key; });
      if (earlier != seen.end()) {
        fail(mistake.answer.where,
             fmt::format("{} is a duplicate of {} (line {}): the same answer, so only the first's "
                         "feedback is ever shown; remove one or merge their feedback",
                         item.path, earlier->path, earlier->line));
      }
      seen.push_back({key, item.path, mistake.answer.where.line});
      problem_.mistakes.push_back(std::move(mistake));
    });
  }
}

// "2026-12-10", "2026-12-10T23:59", "2026-12-10T23:59:30Z", "2026-12-10 23:59+01:00": seconds
// since 1970 in UTC (no zone: UTC).
std::optional<std::int64_t> parse_deadline(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return {};
  std::size_t k = 10;
  if (k < s.size() && (s[k] == 'T' || s[k] == ' ')) {
    int m = 0;
    if (std::sscanf(s.c_str() + k + 1, "%2d:%2d%n", &h, &mi, &m) != 2 || m != 5) return {};
    k += 1 + 5;
    if (k < s.size() && s[k] == ':') {
      if (std::sscanf(s.c_str() + k + 1, "%2d%n", &sec, &m) != 1 || m != 2) return {};
      k += 3;
    }
  }
  long offset = 0;
  if (k < s.size() && s[k] == 'Z') {
    ++k;
  } else if (k < s.size() && (s[k] == '+' || s[k] == '-')) {
    int oh = 0, om = 0, m = 0;
    if (std::sscanf(s.c_str() + k + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5) return {};
    offset = (s[k] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    k += 6;
  }
  if (k != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return {};
  // Days from civil (Howard Hinnant's algorithm), so no time zone of the machine is used.
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

void Loader::read_feedback(const Field& f) {
  const Map m(*this, f, kFeedbackFields,
              ", as in {reveal_reference: after_deadline, deadline: 2026-12-10T23:59Z}");
  FeedbackOptions& out = problem_.feedback;
  if (auto r = m.get("reveal_reference")) {
    const std::string v = read_string(*r);
    if (v == "never") {
      out.reveal_reference = Reveal::never;
    } else if (v == "after_deadline") {
      out.reveal_reference = Reveal::after_deadline;
    } else if (v == "always") {
      out.reveal_reference = Reveal::always;
    } else {
      fail(*r, fmt::format("{} must be never, after_deadline or always, not '{}'", r->path, v));
    }
  }
  if (auto d = m.get("deadline")) {
    out.deadline_text = read_string(*d);
    out.deadline = parse_deadline(out.deadline_text);
    if (!out.deadline) {
      fail(*d, fmt::format("{} must be a date and time such as 2026-12-10T23:59Z (UTC unless a "
                           "zone such as +01:00 is given), not '{}'",
                           d->path, out.deadline_text));
    }
  }
  if (out.reveal_reference == Reveal::after_deadline && !out.deadline) {
    fail(f, fmt::format("{}.reveal_reference is after_deadline, so {} needs a deadline", f.path,
                        f.path));
  }
}

void Loader::read_partial_credit(const Field& f) {
  const Map m(*this, f, diagnosis_keys(), ", as in {sign: 0.5, transpose: 0.5}");
  for (const Field& entry : m.entries()) {
    if (entry.value.IsNull()) fail(entry, fmt::format("{} has no value", entry.path));
    // Map admitted only diagnosis_keys(): the key parses.
    problem_.partial_credit[parse_diagnosis_key(entry.key.Scalar()).value()] = read_credit(entry);
  }
}

// Where each YAML document of a text starts, up to `most`. yaml-cpp 0.7's own LoadAll loops
// forever on some malformed texts ("!i, " gives endless empty documents: found by
// tests/fuzz/spec_fuzz): a document that starts where the previous one did is no progress,
// and is reported as invalid YAML there.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
  std::vector<YAML::Mark> starts;
};

Problem Loader::run() {
  YAML::Node root;
  std::size_t documents = 0;
  YAML::Mark second;
  try {
    std::istringstream in(text_);
    YAML::Parser parser(in);
    DocumentStarts handler;
    while (documents < 2 && parser.HandleNextDocument(handler)) {
      ++documents;
      const auto& s = handler.starts;
      if (s.size() >= 2 && s[s.size() - 1].pos == s[s.size() - 2].pos) {
        fail(at(s.back()), "invalid YAML: the text cannot be read as YAML from here");
      }
    }
    if (handler.starts.size() >= 2) second = handler.starts[1];
    root = YAML::Load(text_);
  } catch (const YAML::Exception& e) {
    fail_yaml(e);
  }
  if (documents == 0 || root.IsNull()) {
    fail(Location{file_, 1, 1},
         "the file is empty; a problem spec is a mapping with id, title, answer and more (see "
         "problems/README.md)");
  }
  if (documents > 1) {
    fail(at(second), "a problem spec is one YAML document, but this file has more than one");
  }
  if (!root.IsMap()) {
    fail(at(root.Mark()), fmt::format("a problem spec must be a mapping of fields (id: ..., "
                                      "title: ...), not {}",
                                      node_kind(root)));
  }
  const Map top(*this, Field{"", YAML::Node(), root}, kTopFields);
  Problem& p = problem_;
  p.file = file_;

  // Each section is read on its own and its errors recorded; a section that others depend on
  // (the names, then the answer) stops only those.
  const auto section = [&](auto&& read) { return attempt(read); };
  section([&] {
    const Field id = top.require("id");
    p.id = read_nonempty_string(id);
    if (!expected_id_.empty() && p.id != expected_id_) {
      fail(id, fmt::format("id '{}' does not match the file's path: expected '{}'", p.id,
                           expected_id_));
    }
  });
  section([&] {
    if (auto f = top.get("lecture")) p.lecture = static_cast<int>(read_whole(*f, 0, 1000));
  });
  section([&] {
    if (auto f = top.get("part")) p.part = static_cast<int>(read_whole(*f, 0, 1000));
  });
  section([&] { p.title = read_nonempty_string(top.require("title")); });
  section([&] {
    if (auto f = top.get("statement")) p.statement = read_string(*f);
  });
  section([&] {
    if (auto f = top.get("points")) {
      p.points = read_number(*f, "a number ≥ 0", [](double x) { return x >= 0; });
    }
  });
  section([&] {
    if (auto f = top.get("tags")) {
      for (const Field& tag : read_list(*f, ", as in [course-exercise]")) {
        p.tags.push_back(read_nonempty_string(tag));
      }
    }
  });
  const bool names = section([&] {
                       if (auto f = top.get("dims")) read_dims(*f);
                     }) &&
                     section([&] {
                       if (auto f = top.get("variables")) read_variables(*f);
                     }) &&
                     section([&] {
                       if (auto f = top.get("let")) read_lets(*f);
                     });
  const bool answer = names && section([&] { read_answer(top); });

  if (names) {
    section([&] {
      if (auto f = top.get("require")) {
        const expr::ShapeEnv env = formula_env(p, false);
        for (const Field& item : read_list(*f, " of formulas, as in [\"det(X)^2\"]")) {
          FormulaText formula = read_formula(item);
          const expr::Shape shape = check(formula, env, item.path);
          if (!shape.is_scalar()) {
            fail(formula.where,
                 fmt::format("{} must be a scalar, but it is {}", item.path, shape.to_string()));
          }
          p.require.push_back(std::move(formula));
        }
      }
    });
  }
  section([&] {
    if (auto f = top.get("check")) read_check(*f);
  });
  if (answer) {
    section([&] {
      if (auto f = top.get("examples")) read_examples(*f);
    });
    section([&] {
      if (auto f = top.get("mistakes")) read_mistakes(*f);
    });
  }
  section([&] {
    if (auto f = top.get("feedback")) read_feedback(*f);
  });
  section([&] {
    if (auto f = top.get("partial_credit")) read_partial_credit(*f);
  });
  if (errors_.size() == 1) throw errors_.front();
  if (!errors_.empty()) throw SpecError(std::move(errors_));
  return std::move(problem_);
}

// A spec is a few KiB; yaml-cpp needs about 85 times a file's size in memory, so a file
// past this bound (or a FIFO or device that never ends) is refused before it is parsed.
constexpr std::size_t kMaxSpecBytes = 1u << 20;

std::string read_file(const fs::path& file) {
  const Location where{file.string(), 0, 0};
  std::error_code ec;
  if (fs::exists(file, ec) && !fs::is_regular_file(file, ec)) {
    throw SpecError(where, "not a regular file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SpecError(where, "cannot read this file");
  std::string text(kMaxSpecBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw SpecError(where, "cannot read this file");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxSpecBytes) {
    throw SpecError(where, fmt::format("the file is more than {} bytes; a problem spec may have "
                                       "at most {}",
                                       kMaxSpecBytes, kMaxSpecBytes));
  }
  return text;
}

// The id a file under `root` must have: its path under root without .yaml.
std::string id_for(const fs::path& file, const fs::path& root) {
  if (file.extension() != ".yaml") {
    throw SpecError(Location{file.string(), 0, 0}, "a problem spec's file name must end in .yaml");
  }
  if (root.empty()) return "";
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(file, ec);
  const fs::path r = ec ? root : fs::weakly_canonical(root, ec);
  fs::path rel = (ec ? file : f).lexically_relative(ec ? root : r);
  if (rel.empty() || *rel.begin() == "..") {
    throw SpecError(Location{file.string(), 0, 0},
                    fmt::format("the file is not under the problems folder '{}'", root.string()));
  }
  rel.replace_extension();
  return rel.generic_string();
}

}  // namespace

Problem load_problem(const fs::path& file, const fs::path& root) {
  const std::string expected = id_for(file, root);
  return load_problem_text(read_file(file), file.string(), expected);
}

Problem load_problem_text(const std::string& yaml, const std::string& file,
                          const std::string& expected_id) {
  // A UTF-8 byte order mark is dropped, so that columns on the first line are right.
  std::string text = yaml;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  Loader loader(text, file, expected_id);
  try {
    return loader.run();
  } catch (const YAML::Exception& e) {
    throw SpecError(Location{file, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg);
  }
}

ProblemSet load_problem_set(const fs::path& root) {
  return load_problem_set(root, root);
}

std::string read_yaml_file(const fs::path& file) {
  std::string text = read_file(file);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

ProblemSet load_problem_set(const fs::path& dir, const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw SpecError(Location{dir.string(), 0, 0}, "no problems folder here");
  }
  ProblemSet set;
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw SpecError(Location{dir.string(), 0, 0}, "cannot list this folder: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      set.errors.emplace_back(Location{dir.string(), 0, 0},
                              "cannot list every file of this folder: " + ec.message());
      break;
    }
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    // Hidden files and folders (.git, editor files) are not problems.
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (path.extension() == ".yaml") {
      files.push_back(path);
    } else if (path.extension() == ".yml") {
      set.errors.emplace_back(Location{path.string(), 0, 0},
                              "problem specs end in .yaml; rename this file to be loaded");
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    try {
      set.problems.push_back(load_problem(file, root));
    } catch (const SpecError& e) {
      set.errors.push_back(e);
    } catch (const std::exception& e) {
      set.errors.emplace_back(Location{file.string(), 0, 0}, e.what());
    }
  }
  std::sort(set.problems.begin(), set.problems.end(),
            [](const Problem& a, const Problem& b) { return a.id < b.id; });
  std::sort(set.errors.begin(), set.errors.end(),
            [](const SpecError& a, const SpecError& b) { return a.where().file < b.where().file; });
  return set;
}

fs::path problems_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* env = std::getenv("GRADER_PROBLEMS"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  if (fs::is_directory("problems", ec)) return "problems";
  // An installed grader (PREFIX/bin/grader) finds PREFIX/share/grader/problems.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "grader" / "problems";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return "problems";
}

}  // namespace grader::spec
