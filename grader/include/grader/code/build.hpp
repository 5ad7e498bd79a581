#pragma once
// Compiling a student's C++ answers: the harness (code/harness.hpp) around them is compiled by
// the system's g++ inside the sandbox, against a precompiled runtime header (the standard
// library and Eigen), and the binary is kept in a cache keyed by a digest of the sources, the
// flags and the compiler, so that unchanged code is never compiled twice.

#include <filesystem>
#include <string>
#include <vector>

#include "grader/code/harness.hpp"
#include "grader/sandbox/sandbox.hpp"

namespace grader::code {

struct BuildOptions {
  // Where the precompiled header, the binaries and the work folders live. Its parents must be
  // searchable by others (the sandbox runs as an unprivileged uid): not under /root.
  std::filesystem::path cache_dir = default_cache_dir();
  sandbox::Limits limits = compile_limits();
  sandbox::Isolation strongest = sandbox::Isolation::bubblewrap;
  // Paths the compiler must not see (sandbox::Request::hidden): the grader's own data, so that
  // `#include "/usr/share/grader/reference/..."` finds nothing.
  std::vector<std::filesystem::path> hidden;

  // $GRADER_CACHE, else /var/tmp/grader-cache-<uid>.
  static std::filesystem::path default_cache_dir();
  // Generous: g++ on an Eigen program needs about 200 MB and 2 s.
  static sandbox::Limits compile_limits();
};

// One C++ answer to compile: the problem and the student's file, already read (from inside
// the student's folder only: core/files.hpp), so that what is hashed is what is compiled and
// nothing is read from a path the student controls.
struct CodeFile {
  const spec::Problem* problem = nullptr;
  std::string text;  // the file's contents
  std::string name;  // its file name as the student named it, for messages ("adjoint.cpp")
};

struct Build {
  bool ok = false;
  std::filesystem::path binary;  // the compiled harness (in the cache), when ok
  // The compiler's messages, trimmed to the student's own files (paths as the student named
  // them, control characters shown escaped, no sandbox or cache path), or what went wrong (a
  // time or memory limit of the compiler).
  std::string errors;
  // The same messages by file (in the order of the files; empty for a file the compiler said
  // nothing about), so that a failed shared build names the files at fault without compiling
  // each one alone.
  std::vector<std::string> file_errors;
  // The compiler was stopped by a limit (time, memory, output): errors says which. Nothing
  // tells which file was at fault.
  bool stopped = false;
  bool cached = false;     // reused from an earlier build (a failed one as well)
  std::string protection;  // the sandbox's protection during compilation (empty when cached)
};

// Compiles one harness holding every file. Successes and failures alike are cached by the
// digest of everything the result depends on (files, flags, compiler, harness), so a file
// that does not compile, or a compile bomb, costs the compiler once, not once per run.
// Never throws for anything in the files; throws grader::Error when the cache cannot be
// written.
Build build(const std::vector<CodeFile>& files, const BuildOptions& options = {});

}  // namespace grader::code
