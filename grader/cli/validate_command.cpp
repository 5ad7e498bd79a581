// grader validate [PATH | ID ...]: problem specs checked before students see them (schema,
// the reference against every oracle, the examples and mistakes).

#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "grader/check/validate.hpp"
#include "grader/core/error.hpp"
#include "grader/spec/loader.hpp"

namespace grader::cli {

namespace {

namespace fs = std::filesystem;

struct ValidateOptions {
  ProblemOptions common;
  std::vector<std::string> paths;
  int seeds = 1;
  std::string reference;  // default: the problems folder's sibling reference/
  std::string starters;   // default: its sibling submissions/starters/
  double code_time_limit = 5;
};

// The specs named on the command line: those that loaded, and one error per file that did
// not (each with all its errors).
struct Specs {
  std::vector<spec::Problem> problems;
  std::vector<spec::SpecError> load_errors;
};

class SpecCollector {
 public:
  explicit SpecCollector(fs::path root) : root_(std::move(root)) {}

  // A folder of specs.
  void add_folder(const fs::path& dir) {
    spec::ProblemSet set = spec::load_problem_set(dir, inside_root(dir) ? root_ : dir);
    for (auto& p : set.problems) specs_.problems.push_back(std::move(p));
    for (auto& e : set.errors) specs_.load_errors.push_back(std::move(e));
  }

  // A spec file, a folder, or a problem id (lecture02/inverse names its spec in the problems
  // folder).
  void add(const std::string& given) {
    std::error_code ec;
    fs::path path = given;
    if (!fs::exists(path, ec) && path.extension() != ".yaml" &&
        fs::is_regular_file(root_ / (given + ".yaml"), ec)) {
      path = root_ / (given + ".yaml");
    }
    if (fs::is_directory(path, ec)) {
      add_folder(path);
      return;
    }
    if (!fs::exists(path, ec) && path.extension() != ".yaml") {
      throw InputError(fmt::format("{}: neither a spec file or folder nor a problem id in {}",
                                   given, root_.string()));
    }
    try {
      specs_.problems.push_back(spec::load_problem(path, root_for(path)));
    } catch (spec::SpecError& e) {
      specs_.load_errors.push_back(std::move(e));
    }
  }

  Specs take() { return std::move(specs_); }

 private:
  // A spec or folder inside the problems folder keeps its id relative to the problems
  // folder; one elsewhere is taken as a problems folder of its own.
  bool inside_root(const fs::path& path) const {
    std::error_code ec;
    const auto rel = fs::relative(fs::absolute(path, ec), fs::absolute(root_, ec), ec);
    return !ec && !rel.empty() && *rel.begin() != "..";
  }
  fs::path root_for(const fs::path& file) const {
    return inside_root(file) ? root_ : file.parent_path();
  }

  fs::path root_;
  Specs specs_;
};

check::ValidateOptions validate_options(const ValidateOptions& o, const fs::path& root) {
  check::ValidateOptions options;
  const auto beside = fs::absolute(root).parent_path();
  options.reference_dir = o.reference.empty() ? beside / "reference" : fs::path(o.reference);
  options.starters_dir =
      o.starters.empty() ? beside / "submissions" / "starters" : fs::path(o.starters);
  options.code = code_options(o.code_time_limit, o.common.problems);
  return options;
}

// "ok    lecture01/xax  (3 examples; worst disagreement: ...)", then its failures and notes.
void print_validation(const spec::Problem& p, const check::Validation& v, std::ostream& out) {
  std::string agreement;
  for (const auto& a : v.oracles) {
    agreement += fmt::format("{}{} {:.0e}", agreement.empty() ? "" : ", ", a.oracle, a.worst_rel);
  }
  out << fmt::format("{}  {}  ({} examples{}{})\n", v.ok() ? "ok  " : "FAIL", p.id,
                     v.examples_checked,
                     agreement.empty() ? "" : "; worst disagreement: ", agreement);
  for (const auto& f : v.failures) out << "      " << f << "\n";
  for (const auto& n : v.notes) out << "      note: " << n << "\n";
}

int run_validate(const ValidateOptions& o, std::ostream& out) {
  const auto root = spec::problems_dir(o.common.problems);
  const check::ValidateOptions options = validate_options(o, root);
  SpecCollector collector(root);
  if (o.paths.empty()) collector.add_folder(root);
  for (const auto& given : o.paths) collector.add(given);
  const Specs specs = collector.take();
  int bad = 0;
  // Every error the loader found in a file, one line each, under its first.
  for (const auto& e : specs.load_errors) {
    out << "FAIL  " << spec::SpecError(e.where(), e.message()).what() << "\n";
    for (const auto& more : e.more()) out << "      " << more.what() << "\n";
    ++bad;
  }
  for (const auto& p : specs.problems) {
    const check::Validation v = check::validate_problem(p, o.common.seed, o.seeds, options);
    print_validation(p, v, out);
    if (!v.ok()) ++bad;
  }
  out << fmt::format("{} problems, {} failed, seeds {}..{}\n",
                     specs.problems.size() + specs.load_errors.size(), bad, o.common.seed,
                     o.common.seed + static_cast<std::uint64_t>(o.seeds) - 1);
  return bad == 0 ? 0 : 1;
}

}  // namespace

Command register_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Validate problem specs: schema, the reference against every oracle, and the examples");
  cmd->add_option("paths", o->paths, "Spec files or folders (default: the problems folder)");
  cmd->add_option("--seeds", o->seeds, "Sweep this many seeds, from --seed on (default 1)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--reference", o->reference,
                  "Folder of code problems' solutions, <id>.cpp (default: reference/ next to the "
                  "problems folder)");
  cmd->add_option("--starters", o->starters,
                  "Folder of code problems' starter files, <id>.cpp (default: "
                  "submissions/starters/ next to the problems folder)");
  add_code_time_limit_option(*cmd, o->code_time_limit);
  add_problem_options(*cmd, o->common);
  return {cmd, [o](std::ostream& out, std::ostream&) { return run_validate(*o, out); }};
}

}  // namespace grader::cli
