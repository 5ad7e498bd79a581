#pragma once
// Loads problem specs from YAML. Every error names the file, line and column and says what
// was expected; loading a folder never stops at the first bad file.

#include <filesystem>
#include <string>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/spec/problem.hpp"

namespace grader::spec {

// A spec that cannot be used. what() is "FILE:LINE:COLUMN: message" (line and column
// 1-based, the column in characters); "FILE: message" when no position applies.
class SpecError : public Error {
 public:
  SpecError(Location where, const std::string& message);
  // Every error found in one file, in the order found (at least one): where() and message()
  // are the first's, what() lists them all, one "FILE:LINE:COLUMN: message" per line.
  explicit SpecError(std::vector<SpecError> errors);
  const Location& where() const { return where_; }
  const std::string& message() const { return message_; }
  // The errors found after this one in the same file (empty for a single error).
  const std::vector<SpecError>& more() const { return more_; }

 private:
  Location where_;
  std::string message_;
  std::vector<SpecError> more_;
};

// Loads and validates one spec. `root` is the problems folder; the id must equal the file's
// path under it without .yaml. Validation covers the schema and that every formula parses
// and has the right shape on symbolic dimensions. Throws SpecError, carrying every error of
// the file the loader could find: it goes on past a bad field, a bad variable, a bad example
// or mistake, and skips only what depends on a part that failed (no answer is read when a
// variable failed, no example when the answer did). Invalid YAML stops it at once.
Problem load_problem(const std::filesystem::path& file, const std::filesystem::path& root);

// Loads from YAML text (for tests); `file` is used in messages, and the id must equal
// `expected_id` (an empty `expected_id` skips that check).
Problem load_problem_text(const std::string& yaml, const std::string& file,
                          const std::string& expected_id);

// The reference folder of a problems folder: `reference` beside it (C++ references and the
// solutions of code problems).
std::filesystem::path reference_dir(const std::filesystem::path& problems_root);

// Sets the folder of the problem's C++ sources (function, reference) to `folder`, and checks
// that each file is there. Throws SpecError naming where each missing one was written.
void find_cpp_sources(Problem& problem, const std::filesystem::path& folder);

struct ProblemSet {
  std::vector<Problem> problems;  // sorted by id
  std::vector<SpecError> errors;  // files that could not be loaded
};

// Every *.yaml under `root` (recursively; hidden files and folders skipped), sorted by id.
// A file that fails to load is an entry of `errors` (sorted by file); a *.yml file is one
// too. Throws SpecError only when `root` is not a folder.
ProblemSet load_problem_set(const std::filesystem::path& root);
// Every *.yaml under `dir` (a folder inside the problems folder `root`), ids relative to root.
ProblemSet load_problem_set(const std::filesystem::path& dir, const std::filesystem::path& root);

// The text of a YAML file of the problem set (a spec, an assignment), read with the spec's
// bound on size; a UTF-8 byte order mark is dropped. Throws SpecError naming the file.
std::string read_yaml_file(const std::filesystem::path& file);

// The problems folder: `explicit_dir` if not empty, else $GRADER_PROBLEMS, else ./problems
// when it exists, else PREFIX/share/grader/problems beside an installed PREFIX/bin/grader,
// else ./problems (which then does not exist, and the caller says so).
std::filesystem::path problems_dir(const std::string& explicit_dir);

}  // namespace grader::spec
