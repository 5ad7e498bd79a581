#include "grader/spec/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "field_reader.hpp"
#include "grader/core/files.hpp"
#include "grader/core/text_position.hpp"
#include "sections.hpp"

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

namespace detail {

const std::vector<std::string>& top_fields() {
  static const std::vector<std::string> fields = {
      "id",      "lecture", "part",      "title",    "statement", "points",
      "tags",    "dims",    "variables", "let",      "function",  "answer",
      "require", "check",   "examples",  "mistakes", "feedback",  "partial_credit"};
  return fields;
}

const std::vector<std::string>& check_fields() {
  static const std::vector<std::string> fields = {"trials", "max_redraws", "rtol", "max_condition",
                                                  "min_eigen_gap"};
  return fields;
}

}  // namespace detail

namespace {

using detail::Field;
using detail::FieldMap;
using detail::FieldReader;

constexpr long kMaxTrials = 1000;    // check.trials
constexpr long kMaxRedraws = 10000;  // check.max_redraws

void read_check(const FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap m(reader, f, detail::check_fields(), ", as in {trials: 5}");
  CheckOptions& c = problem.check;
  if (auto x = m.get("trials")) c.trials = static_cast<int>(reader.read_whole(*x, 1, kMaxTrials));
  if (auto x = m.get("max_redraws")) {
    c.max_redraws = static_cast<int>(reader.read_whole(*x, 0, kMaxRedraws));
  }
  if (auto x = m.get("rtol")) {
    c.rtol =
        reader.read_number(*x, "a number between 0 and 1", [](double v) { return v > 0 && v < 1; });
  }
  if (auto x = m.get("max_condition")) {
    c.max_condition = reader.read_number(*x, "a number ≥ 1", [](double v) { return v >= 1; });
  }
  if (auto x = m.get("min_eigen_gap")) {
    c.min_eigen_gap =
        reader.read_number(*x, "a number between 0 and 1", [](double v) { return v > 0 && v < 1; });
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

// The root of a spec's text: one YAML document, a mapping.
YAML::Node read_document(const FieldReader& reader) {
  YAML::Node root;
  std::size_t documents = 0;
  YAML::Mark second;
  try {
    std::istringstream in(reader.text());
    YAML::Parser parser(in);
    DocumentStarts handler;
    while (documents < 2 && parser.HandleNextDocument(handler)) {
      ++documents;
      const auto& s = handler.starts;
      if (s.size() >= 2 && s[s.size() - 1].pos == s[s.size() - 2].pos) {
        reader.fail(reader.at(s.back()), "invalid YAML: the text cannot be read as YAML from here");
      }
    }
    if (handler.starts.size() >= 2) second = handler.starts[1];
    root = YAML::Load(reader.text());
  } catch (const YAML::Exception& e) {
    reader.fail_yaml(e);
  }
  if (documents == 0 || root.IsNull()) {
    reader.fail(Location{reader.file(), 1, 1},
                "the file is empty; a problem spec is a mapping with id, title, answer and more "
                "(see problems/README.md)");
  }
  if (documents > 1) {
    reader.fail(reader.at(second),
                "a problem spec is one YAML document, but this file has more than one");
  }
  if (!root.IsMap()) {
    reader.fail(reader.at(root.Mark()), fmt::format("a problem spec must be a mapping of fields "
                                                    "(id: ..., title: ...), not {}",
                                                    detail::node_kind(root)));
  }
  return root;
}

// id, lecture, part, title, statement, points, tags: each on its own, its errors recorded.
void read_header(FieldReader& reader, Problem& p, const FieldMap& top,
                 const std::string& expected_id) {
  reader.attempt([&] {
    const Field id = top.require("id");
    p.id = reader.read_nonempty_string(id);
    if (!expected_id.empty() && p.id != expected_id) {
      reader.fail(id, fmt::format("id '{}' does not match the file's path: expected '{}'", p.id,
                                  expected_id));
    }
  });
  reader.attempt([&] {
    if (auto f = top.get("lecture")) p.lecture = static_cast<int>(reader.read_whole(*f, 0, 1000));
  });
  reader.attempt([&] {
    if (auto f = top.get("part")) p.part = static_cast<int>(reader.read_whole(*f, 0, 1000));
  });
  reader.attempt([&] { p.title = reader.read_nonempty_string(top.require("title")); });
  reader.attempt([&] {
    if (auto f = top.get("statement")) p.statement = reader.read_string(*f);
  });
  reader.attempt([&] {
    if (auto f = top.get("points")) {
      p.points = reader.read_number(*f, "a number ≥ 0", [](double x) { return x >= 0; });
    }
  });
  reader.attempt([&] {
    if (auto f = top.get("tags")) {
      for (const Field& tag : reader.read_list(*f, ", as in [course-exercise]")) {
        p.tags.push_back(reader.read_nonempty_string(tag));
      }
    }
  });
}

// Reads the optional top-level field `name` with `read`, recording its errors: whether it
// succeeded (or was absent).
template <class Read>
bool read_section(FieldReader& reader, Problem& p, const FieldMap& top, std::string_view name,
                  Read read) {
  return reader.attempt([&] {
    if (auto f = top.get(name)) read(reader, p, *f);
  });
}

Problem read_spec(const std::string& text, const std::string& file,
                  const std::string& expected_id) {
  FieldReader reader(text, file);
  const YAML::Node root = read_document(reader);
  const FieldMap top(reader, Field{"", YAML::Node(), root}, detail::top_fields(), "",
                     {{&detail::answer_fields(), "it belongs under answer"},
                      {&detail::check_fields(), "it belongs under check"}});
  Problem p;
  p.file = file;

  // Each section is read on its own and its errors recorded; a section that others depend on
  // (the names, then the answer) stops only those.
  read_header(reader, p, top, expected_id);
  const bool names = read_section(reader, p, top, "dims", detail::read_dims) &&
                     read_section(reader, p, top, "variables", detail::read_variables) &&
                     read_section(reader, p, top, "let", detail::read_lets);
  const bool answer = names && reader.attempt([&] { detail::read_answer(reader, p, top); });
  if (names) read_section(reader, p, top, "require", detail::read_require);
  read_section(reader, p, top, "check", read_check);
  if (answer) {
    read_section(reader, p, top, "examples", detail::read_examples);
    read_section(reader, p, top, "mistakes", detail::read_mistakes);
  }
  read_section(reader, p, top, "feedback", detail::read_feedback);
  read_section(reader, p, top, "partial_credit", detail::read_partial_credit);
  std::vector<SpecError>& errors = reader.errors();
  if (errors.size() == 1) throw errors.front();
  if (!errors.empty()) throw SpecError(std::move(errors));
  return p;
}

// A spec is a few KiB; yaml-cpp needs about 85 times a file's size in memory, so a file
// past this bound (or a FIFO or device that never ends) is refused before it is parsed.
constexpr std::size_t kMaxSpecBytes = 1u << 20;

// The text of a spec file (core/files.hpp), or a SpecError naming the file and why not.
std::string read_spec_file(const fs::path& file) {
  try {
    return read_file(file, kMaxSpecBytes);
  } catch (const FileError& e) {
    const Location where{file.string(), 0, 0};
    switch (e.reason()) {
      case FileError::Reason::not_regular:
        throw SpecError(where, "not a regular file");
      case FileError::Reason::too_large:
        throw SpecError(where, fmt::format("the file is more than {} bytes; a problem spec may "
                                           "have at most {}",
                                           kMaxSpecBytes, kMaxSpecBytes));
      case FileError::Reason::cannot_read:
        break;
    }
    throw SpecError(where, "cannot read this file");
  }
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
  Problem problem = load_problem_text(read_spec_file(file), file.string(), expected);
  find_cpp_sources(problem, reference_dir(root));
  return problem;
}

fs::path reference_dir(const fs::path& problems_root) {
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(problems_root), ec);
  return (ec ? problems_root : absolute).parent_path() / "reference";
}

void find_cpp_sources(Problem& problem, const fs::path& folder) {
  std::vector<SpecError> errors;
  for (CppSource* source :
       {problem.function_cpp ? &*problem.function_cpp : nullptr,
        problem.answer.cpp_reference ? &*problem.answer.cpp_reference : nullptr}) {
    if (source == nullptr) continue;
    source->folder = folder.string();
    std::error_code ec;
    if (!fs::is_regular_file(folder / source->file, ec)) {
      errors.emplace_back(source->where,
                          fmt::format("there is no C++ reference {} in the reference folder {} "
                                      "(beside the problems folder)",
                                      source->file, folder.string()));
    }
  }
  if (errors.size() == 1) throw errors.front();
  if (!errors.empty()) throw SpecError(std::move(errors));
}

Problem load_problem_text(const std::string& yaml, const std::string& file,
                          const std::string& expected_id) {
  // A UTF-8 byte order mark is dropped, so that columns on the first line are right.
  std::string text = yaml;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  try {
    return read_spec(text, file, expected_id);
  } catch (const YAML::Exception& e) {
    // Columns in code points, as every position of a spec (core/text_position.hpp).
    throw SpecError(
        Location{file, e.mark.line + 1, TextLines(text).column(e.mark.line, e.mark.column)},
        "invalid YAML: " + e.msg);
  }
}

ProblemSet load_problem_set(const fs::path& root) {
  return load_problem_set(root, root);
}

std::string read_yaml_file(const fs::path& file) {
  std::string text = read_spec_file(file);
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
