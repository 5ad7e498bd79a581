#include "grader/check/answers.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "grader/core/error.hpp"
#include "grader/core/files.hpp"
#include "grader/core/text_position.hpp"
#include "grader/core/utf8.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/spec/yaml_text.hpp"

namespace grader::check {

namespace {

// 1 MiB: a whole problem set of answers at the 10,000-byte formula limit fits; yaml-cpp needs
// about 85 times a file's size in memory, so a bigger cap would let a batch run out of memory.
constexpr std::uintmax_t kMaxSubmissionBytes = 1u << 20;

// The file being read, to name positions in it: 1-based lines, and columns in code points as
// every loader shows them (core/text_position.hpp).
struct YamlFile {
  std::string name;
  TextLines lines;
};

[[noreturn]] void fail_at(const YamlFile& file, const YAML::Mark& mark,
                          const std::string& message) {
  if (mark.line < 0) throw InputError(fmt::format("{}: {}", file.name, message));
  throw InputError(fmt::format("{}:{}:{}: {}", file.name, mark.line + 1,
                               file.lines.column(mark.line, mark.column), message));
}

// Where a scalar's text starts: yaml-cpp marks a quoted scalar at its quote.
spec::Location location_of(const YamlFile& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  const bool quoted = node.Tag() == "!";
  return {file.name, mark.line + 1, file.lines.column(mark.line, mark.column) + (quoted ? 1 : 0)};
}

spec::AnswerText answer_of(const YamlFile& file, const YAML::Node& node) {
  spec::AnswerText answer;
  answer.where = location_of(file, node);
  if (node.IsScalar()) {
    answer.single = node.Scalar();
  } else if (node.IsSequence()) {  // choice: [a, c]
    for (const auto& item : node) {
      if (!item.IsScalar()) fail_at(file, item.Mark(), "expected a letter in the list of options");
      answer.single += (answer.single.empty() ? "" : ",") + item.Scalar();
    }
  } else if (node.IsMap()) {  // one formula per variable
    for (const auto& kv : node) {
      if (!kv.second.IsScalar()) fail_at(file, kv.second.Mark(), "expected a formula");
      answer.parts[kv.first.Scalar()] = kv.second.Scalar();
    }
    // An empty map ({}) has no first entry: its location is the map's own.
    if (node.begin() != node.end() && !node.begin()->second.IsNull())
      answer.where = location_of(file, node.begin()->second);
  } else if (!node.IsNull()) {
    fail_at(file, node.Mark(), "expected a formula, a letter, or a map of formulas");
  }
  return answer;
}

// The backslash a yaml-cpp escape error is about (spec/yaml_text.hpp).
std::optional<std::size_t> escape_of(const std::string& text, const YAML::Exception& e) {
  return spec::escape_backslash(text, e.msg, e.mark.pos);
}

// The answer whose scalar starts at byte `pos` of `yaml` ("lecture02/inverse", or
// "lecture04/two-grads (x)" for one formula of a map), or "" when it cannot be told: the
// text is read again with every double-quoted scalar yaml-cpp refuses single-quoted instead
// (up to 100 of them, and 8 MiB read in all: a hostile file costs a second, not minutes).
std::string answer_at(std::string yaml, std::size_t pos) {
  const std::size_t attempts = std::clamp<std::size_t>(
      (std::size_t{8} << 20) / std::max<std::size_t>(yaml.size(), 1), 1, 100);
  for (std::size_t attempt = 0; attempt < attempts; ++attempt) {
    YAML::Node root;
    try {
      root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      const auto backslash = escape_of(yaml, e);
      const auto quoted = backslash ? spec::double_quoted_around(yaml, *backslash) : std::nullopt;
      if (!quoted) return "";
      yaml.replace(
          quoted->open, quoted->close - quoted->open + 1,
          spec::single_quoted(yaml.substr(quoted->open + 1, quoted->close - quoted->open - 1)));
      continue;
    }
    const auto at = [&](const YAML::Node& n) {
      return n.Mark().pos >= 0 && static_cast<std::size_t>(n.Mark().pos) == pos;
    };
    if (!root.IsMap() || !root["answers"] || !root["answers"].IsMap()) return "";
    for (const auto& a : root["answers"]) {
      if (at(a.second)) return a.first.Scalar();
      if (!a.second.IsMap()) continue;
      for (const auto& part : a.second) {
        if (at(part.second)) return fmt::format("{} ({})", a.first.Scalar(), part.first.Scalar());
      }
    }
    return "";
  }
  return "";
}

// yaml-cpp refuses a double-quoted scalar with a backslash it cannot read as an escape, such
// as the formula "tr(A\\dA)". The message says where, whose answer it is, and how to write it.
[[noreturn]] void fail_on_escape(const std::string& text, const YamlFile& file,
                                 const YAML::Exception& e) {
  const auto backslash = escape_of(text, e);
  const auto quoted = backslash ? spec::double_quoted_around(text, *backslash) : std::nullopt;
  if (!quoted) fail_at(file, e.mark, fmt::format("not valid YAML: {}", e.msg));
  YAML::Mark mark;
  const std::size_t line_start = text.rfind('\n', *backslash) + 1;  // npos + 1 == 0
  mark.line = static_cast<int>(std::count(text.begin(), text.begin() + line_start, '\n'));
  mark.column = static_cast<int>(*backslash - line_start);
  const std::size_t after = *backslash + 1;
  const std::string escape = visible(text.substr(
      *backslash,
      1 + (after < text.size() ? std::max<std::size_t>(utf8_length(text, after), 1) : 0)));
  const std::string answer = answer_at(text, quoted->open);
  const std::string raw = text.substr(quoted->open + 1, quoted->close - quoted->open - 1);
  fail_at(
      file, mark,
      fmt::format("{} is in double quotes, where a backslash starts an escape and YAML "
                  "cannot read '{}'; write it in single quotes, which keep backslashes: {}",
                  answer.empty() ? visible("\"" + raw + "\"") : "the answer to " + visible(answer),
                  escape, visible(spec::single_quoted(raw))));
}

}  // namespace

Submission load_submission_text(const std::string& yaml, const std::string& path,
                                const std::string& default_student) {
  // yaml-cpp's positions count bytes after a byte order mark.
  const std::string_view text =
      std::string_view(yaml).starts_with("\xEF\xBB\xBF") ? std::string_view(yaml).substr(3) : yaml;
  const YamlFile file{path, TextLines(text)};
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    fail_on_escape(std::string(text), file, e);
  }
  if (!root.IsMap()) {
    fail_at(file, root.Mark(),
            "expected a map with 'answers:' (and optionally 'student:'), e.g.\n"
            "  student: alice\n  answers:\n    lecture01/xax: dX*A*X + X*A*dX");
  }
  Submission s;
  s.file = path;
  s.student = default_student;
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (key == "student") {
      if (!kv.second.IsScalar()) fail_at(file, kv.second.Mark(), "'student' must be a name");
      s.student = kv.second.Scalar();
    } else if (key == "answers") {
      if (kv.second.IsNull()) continue;
      if (!kv.second.IsMap())
        fail_at(file, kv.second.Mark(), "'answers' must map problem ids to answers");
      for (const auto& a : kv.second) {
        const std::string id = a.first.Scalar();
        if (s.answers.count(id) != 0)
          fail_at(file, a.first.Mark(), fmt::format("'{}' is answered twice", id));
        s.answers.emplace(id, answer_of(file, a.second));
      }
    } else {
      const auto near = expr::closest_name(key, {"student", "answers"});
      fail_at(file, kv.first.Mark(),
              fmt::format("unknown field '{}'{}", key,
                          near ? fmt::format("; did you mean '{}'?", *near) : ""));
    }
  }
  return s;
}

CheckResult unknown_problem_answer(const std::string& id, const std::vector<std::string>& ids,
                                   std::uint64_t seed) {
  CheckResult r;
  r.problem_id = visible(id);
  r.verdict = Verdict::invalid;
  r.seed = seed;
  const auto near = expr::closest_name(id, ids);
  r.message = fmt::format("no problem '{}', so this answer was not checked{}", visible(id),
                          near ? fmt::format("; did you mean '{}'?", *near) : "");
  return r;
}

Submission load_submission(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  std::string student = path.stem().string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    file = path / "answers.yaml";
    student =
        path.filename().empty() ? path.parent_path().filename().string() : path.filename().string();
  }
  if (!std::filesystem::exists(file, ec))
    throw InputError(fmt::format("{}: no such file", file.string()));
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError(fmt::format("{}: cannot read: {}", file.string(), ec.message()));
  if (size > kMaxSubmissionBytes) {
    throw InputError(fmt::format("{}: the file is {} bytes; a submission may have at most {}",
                                 file.string(), size, kMaxSubmissionBytes));
  }
  std::string text;
  try {
    // The file may have grown since its size was taken: read_file stops one byte past the cap.
    text = read_file(file, kMaxSubmissionBytes);
  } catch (const FileError& e) {
    switch (e.reason()) {
      case FileError::Reason::not_regular:
        throw InputError(fmt::format("{}: not a regular file", file.string()));
      case FileError::Reason::too_large:
        throw InputError(
            fmt::format("{}: the file is more than {} bytes; a submission may have "
                        "at most {}",
                        file.string(), kMaxSubmissionBytes, kMaxSubmissionBytes));
      case FileError::Reason::cannot_read:
        break;
    }
    throw InputError(fmt::format("{}: cannot open", file.string()));
  }
  return load_submission_text(text, file.string(), student);
}

}  // namespace grader::check
