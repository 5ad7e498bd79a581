#include "grader/spec/assignment.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "grader/core/text_position.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/spec/yaml_text.hpp"

namespace grader::spec {

namespace fs = std::filesystem;

namespace {

// Positions as the spec loader gives them: 1-based, columns in code points
// (core/text_position.hpp).
class Positions {
 public:
  Positions(const std::string& text, std::string file) : file_(std::move(file)), lines_(text) {}
  Location at(const YAML::Node& node) const { return at(node.Mark()); }
  Location at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return {file_, 0, 0};
    return {file_, mark.line + 1, lines_.column(mark.line, mark.column)};
  }
  Location file() const { return {file_, 0, 0}; }

 private:
  std::string file_;
  TextLines lines_;
};

std::string scalar_text(const YAML::Node& node) {
  return node.IsScalar() ? node.Scalar() : std::string();
}

// Why `id` is not a problem of `set`: its spec did not load, or no spec has it.
std::string not_a_problem(const std::string& id, const ProblemSet& set) {
  for (const auto& e : set.errors) {
    const fs::path f(e.where().file);
    if (f.stem().string() == fs::path(id).filename().string() &&
        f.parent_path().filename().string() == fs::path(id).parent_path().filename().string())
      return fmt::format("problem '{}' has a spec that does not load ({}:{}: {})", id,
                         e.where().file, e.where().line, e.message());
  }
  std::vector<std::string> ids;
  for (const auto& p : set.problems) ids.push_back(p.id);
  const auto near = expr::closest_name(id, ids);
  return fmt::format("no problem '{}'{}", id,
                     near ? fmt::format("; did you mean '{}'?", *near) : std::string());
}

}  // namespace

Assignment load_assignment(const fs::path& file, const ProblemSet& set) {
  const std::string text = read_yaml_file(file);
  const Positions pos(text, file.string());
  Assignment a;
  a.id = file.stem().string();
  a.file = file.string();
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw SpecError(pos.at(e.mark), "invalid YAML: " + e.msg);
  }
  if (!root.IsMap())
    throw SpecError(pos.file(), "an assignment is a map with title, problems and (optional) due");
  YAML::Node problems;
  for (const auto& entry : root) {
    const std::string key = scalar_text(entry.first);
    if (key == "title") {
      a.title = scalar_text(entry.second);
      if (a.title.empty()) throw SpecError(pos.at(entry.second), "title: a line of text");
    } else if (key == "due") {
      a.due = scalar_text(entry.second);
      static const std::regex form(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z)?)");
      if (!std::regex_match(a.due, form))
        throw SpecError(pos.at(entry.second),
                        fmt::format("due: '{}' is not a date: write 2026-12-10 or "
                                    "2026-12-10T23:59Z (UTC)",
                                    a.due));
    } else if (key == "problems") {
      problems = entry.second;
    } else {
      throw SpecError(
          pos.at(entry.first),
          fmt::format("unknown key '{}': an assignment has title, due and problems", key));
    }
  }
  if (a.title.empty()) throw SpecError(pos.file(), "the assignment has no title");
  if (!problems.IsDefined() || problems.IsNull() || problems.size() == 0)
    throw SpecError(pos.file(), "the assignment has no problems: list them under problems:");
  const auto add = [&](const YAML::Node& key, const YAML::Node* points) {
    AssignedProblem item;
    item.id = scalar_text(key);
    item.where = pos.at(key);
    if (item.id.empty()) throw SpecError(item.where, "a problem id, such as lecture02/inverse");
    const auto found = std::find_if(set.problems.begin(), set.problems.end(),
                                    [&](const Problem& p) { return p.id == item.id; });
    if (found == set.problems.end()) throw SpecError(item.where, not_a_problem(item.id, set));
    for (const auto& earlier : a.problems) {
      if (earlier.id == item.id)
        throw SpecError(item.where, fmt::format("'{}' is listed twice (first at line {})", item.id,
                                                earlier.where.line));
    }
    item.points = found->points;
    if (points != nullptr) {
      const std::string t = scalar_text(*points);
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(t, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != t.size() || !(v > 0) || v > 1e6)
        throw SpecError(
            pos.at(*points),
            fmt::format("the points of '{}' must be a number > 0, not '{}'", item.id, t));
      item.points = v;
    }
    a.problems.push_back(std::move(item));
  };
  if (problems.IsMap()) {
    for (const auto& entry : problems) add(entry.first, &entry.second);
  } else if (problems.IsSequence()) {
    for (const auto& entry : problems) add(entry, nullptr);
  } else {
    throw SpecError(pos.at(problems),
                    "problems: a map of id: points (or a list of ids), one per line");
  }
  return a;
}

fs::path find_assignment(const std::string& name, const fs::path& problems_dir) {
  std::error_code ec;
  if (fs::is_regular_file(name, ec)) return name;
  const fs::path dir = fs::absolute(problems_dir, ec).parent_path() / "assignments";
  const fs::path file = dir / (name + ".yaml");
  if (name.find('/') == std::string::npos && fs::is_regular_file(file, ec)) return file;
  std::vector<std::string> known;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") known.push_back(e.path().stem().string());
  std::sort(known.begin(), known.end());
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  throw SpecError(Location{file.string(), 0, 0},
                  fmt::format("no assignment '{}': {}", name,
                              known.empty() ? fmt::format("{} has none", dir.string())
                                            : fmt::format("the assignments are {}", list)));
}

std::vector<Problem> assigned_problems(const Assignment& assignment,
                                       const std::vector<Problem>& problems) {
  std::vector<Problem> out;
  for (const auto& item : assignment.problems) {
    for (const auto& p : problems) {
      if (p.id != item.id) continue;
      out.push_back(p);
      out.back().points = item.points;
    }
  }
  return out;
}

}  // namespace grader::spec
