#include "grader/code/build.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>

#include "cache.hpp"
#include "grader/core/digest.hpp"
#include "grader/core/error.hpp"
#include "grader/core/files.hpp"
#include "grader/core/utf8.hpp"
#include "grader/sandbox/work_folder.hpp"

namespace grader::code {

namespace fs = std::filesystem;

fs::path BuildOptions::default_cache_dir() {
  if (const char* env = std::getenv("GRADER_CACHE"); env != nullptr && *env != '\0') return env;
  return fs::path("/var/tmp") / fmt::format("grader-cache-{}", ::getuid());
}

sandbox::Limits BuildOptions::compile_limits() {
  return {.cpu_seconds = 120,
          .wall_seconds = 180,
          .memory_bytes = std::size_t{3} << 30,
          .output_bytes = std::size_t{1} << 20,
          .file_bytes = std::size_t{512} << 20,
          .processes = 64};
}

namespace {

using detail::compiler_version;
using detail::digest;
using detail::fresh_folder;
using detail::kBuildQuotaBytes;
using detail::kFlags;
using detail::prepare_cache;
using detail::write_file;

// Runs g++ with `args` (after the flags) in the sandbox, in `work`; throws InternalError
// with `what` and the compiler's words when it fails (the runtime is the grader's own code).
void compile_runtime(const BuildOptions& options, const fs::path& work,
                     const std::vector<std::string>& args, const char* what) {
  sandbox::Request r;
  r.argv = {"g++"};
  r.argv.insert(r.argv.end(), kFlags.begin(), kFlags.end());
  r.argv.insert(r.argv.end(), args.begin(), args.end());
  r.work_dir = work;
  // The grader's own code: the default limits, never a student's (a tight --compile-time-limit
  // must not make the runtime fail to build).
  r.limits = BuildOptions::compile_limits();
  r.strongest = options.strongest;
  const auto result = sandbox::run(r);
  if (result.outcome != sandbox::Outcome::exited || result.exit_code != 0) {
    throw InternalError(fmt::format("could not {}: {} {}\n{}", what,
                                    sandbox::outcome_name(result.outcome), result.detail,
                                    result.stderr_data.substr(0, 2000)));
  }
}

// Whether a line of the g++ driver's own ("g++: …") in `stderr_data` contains `words`.
bool driver_says(const std::string& stderr_data, std::string_view words) {
  std::istringstream in(stderr_data);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("g++: ", 0) == 0 && line.find(words) != std::string::npos) return true;
  return false;
}

// The precompiled runtime header and the object of its instances: built once per cache,
// compiler and flags.
fs::path precompiled_header(const BuildOptions& options) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::string> parts = {compiler_version(options.cache_dir), runtime_header(),
                                    runtime_instances_source()};
  parts.insert(parts.end(), kFlags.begin(), kFlags.end());
  const fs::path dir = options.cache_dir / ("pch-" + digest(parts));
  std::error_code ec;
  // The folder is published whole, so its object says both files are there.
  if (fs::exists(dir / kRuntimeObjectName, ec)) return dir;
  const fs::path work = fresh_folder(options.cache_dir, "pch");
  const std::string header = (work / kRuntimeHeaderName).string();
  write_file(header, runtime_header());
  compile_runtime(options, work, {"-x", "c++-header", header, "-o", header + ".gch"},
                  "precompile the runtime header");
  write_file(work / "instances.cpp", runtime_instances_source());
  compile_runtime(options, work,
                  {"-I" + work.string(), "-include", kRuntimeHeaderName, "-c",
                   (work / "instances.cpp").string(), "-o", (work / kRuntimeObjectName).string()},
                  "compile the runtime's instances");
  // Publish the folder whole (rename is atomic), readable by the sandbox's uid.
  fs::permissions(work,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  for (const auto& e : fs::directory_iterator(work, ec))
    fs::permissions(e.path(), fs::perms::others_read | fs::perms::group_read, fs::perm_options::add,
                    ec);
  fs::rename(work, dir, ec);
  if (ec && !fs::exists(dir / kRuntimeObjectName)) {
    throw InputError(
        fmt::format("{}: cannot write the precompiled header: {}", dir.string(), ec.message()));
  }
  fs::remove_all(work, ec);
  return dir;
}

// Every occurrence of `from` in `text` replaced by `to`.
void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The compiler's messages about the student's files, by file, with the folder prefix removed
// (a report never shows a sandbox or cache path: the same class graded twice gives the same
// bytes) and control characters shown escaped.
struct Diagnostics {
  std::string all;
  std::vector<std::string> by_file;
};

Diagnostics trim_diagnostics(const std::string& text, const fs::path& work, const fs::path& cache,
                             std::size_t file_count) {
  Diagnostics d;
  d.by_file.resize(file_count);
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t current = kNone;  // the file the kept lines are about
  std::istringstream in(text);
  int kept = 0;
  for (std::string line; std::getline(in, line) && kept < 60;) {
    replace_all(line, work.string() + "/", "");
    bool student = false;
    if (line.rfind("student", 0) == 0) {
      std::size_t end = 7;
      while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
      if (end > 7 && end < line.size() && line[end] == '/') {
        const std::size_t index = std::stoul(line.substr(7, end - 7));
        if (index < file_count) {
          current = index;
          line = line.substr(end + 1);
          student = true;
        }
      }
    }
    if (!student && (line.empty() || (line[0] != ' ' && line[0] != '|'))) current = kNone;
    if (current == kNone) continue;
    // The namespace the harness wraps each file in means nothing to the student.
    for (std::size_t at = line.find("grader_p"); at != std::string::npos;
         at = line.find("grader_p", at)) {
      std::size_t end = at + 8;
      while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
      if (line.compare(end, 2, "::") == 0) {
        line.erase(at, end + 2 - at);
      } else {
        at = end;
      }
    }
    replace_all(line, cache.string(), "<cache>");
    line = visible(line) + "\n";
    d.all += line;
    d.by_file[current] += line;
    ++kept;
  }
  return d;
}

// A failed build, kept in the cache as "stopped N\n" then "<length>\n<bytes>" for the
// messages and for each file's messages.
std::string encode_failure(const Build& b) {
  std::string out = fmt::format("stopped {}\n{}\n{}", b.stopped ? 1 : 0, b.errors.size(), b.errors);
  for (const auto& e : b.file_errors) out += fmt::format("{}\n{}", e.size(), e);
  return out;
}

std::optional<Build> decode_failure(const std::string& text, std::size_t file_count) {
  std::size_t at = 0;
  const auto number = [&]() -> std::optional<std::size_t> {
    const std::size_t end = text.find('\n', at);
    if (end == std::string::npos || end == at) return std::nullopt;
    std::size_t value = 0;
    for (std::size_t i = at; i < end; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
      value = value * 10 + static_cast<std::size_t>(text[i] - '0');
    }
    at = end + 1;
    return value;
  };
  const auto chunk = [&]() -> std::optional<std::string> {
    const auto n = number();
    if (!n || at + *n > text.size()) return std::nullopt;
    std::string s = text.substr(at, *n);
    at += *n;
    return s;
  };
  if (text.rfind("stopped ", 0) != 0) return std::nullopt;
  at = 8;
  const auto stopped = number();
  Build b;
  auto errors = chunk();
  if (!stopped || !errors) return std::nullopt;
  b.stopped = *stopped != 0;
  b.errors = std::move(*errors);
  for (std::size_t i = 0; i < file_count; ++i) {
    auto e = chunk();
    if (!e) return std::nullopt;
    b.file_errors.push_back(std::move(*e));
  }
  if (at != text.size()) return std::nullopt;
  b.cached = true;
  return b;
}

// A cached failure holds the compiler's messages (at most 60 lines) twice; far less than this.
constexpr std::size_t kMaxFailureBytes = std::size_t{16} << 20;

// The failure an earlier build of the same files cached, when there is one that reads back.
std::optional<Build> cached_failure(const fs::path& file, std::size_t file_count) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  try {
    return decode_failure(read_file(file, kMaxFailureBytes), file_count);
  } catch (const FileError&) {
    // As a failure that does not decode: compiled again, and the failure written anew.
    return std::nullopt;
  }
}

// Publishes `text` at `path` whole (a temporary file renamed over it).
void publish(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  write_file(tmp, text);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw InputError(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
}

// What a build depends on, and where its result is cached.
struct BuildKey {
  std::vector<HarnessEntry> entries;
  std::vector<std::string> texts;  // each file without its system includes (hoisted)
  std::string harness;
  fs::path binary;   // the compiled harness, when it compiled
  fs::path failure;  // the failure, when it did not (the limits are part of its key)
};

BuildKey build_key(const std::vector<CodeFile>& files, const BuildOptions& options) {
  // The key: everything the binary depends on.
  BuildKey k;
  std::vector<std::string> parts = {compiler_version(options.cache_dir), runtime_header()};
  parts.insert(parts.end(), kFlags.begin(), kFlags.end());
  // The limits decide whether a slow file compiles: part of a failure's key, not a success's.
  const auto& l = options.limits;
  const std::string limits_key =
      fmt::format("limits {} {} {} {} {} {}", l.cpu_seconds, l.wall_seconds, l.memory_bytes,
                  l.output_bytes, l.file_bytes, l.processes);
  for (std::size_t i = 0; i < files.size(); ++i) {
    HoistedSource source = hoist_system_includes(files[i].text);
    k.entries.push_back({files[i].problem, fs::path(fmt::format("student{}", i)) / files[i].name,
                         std::move(source.system_includes)});
    parts.push_back(files[i].name);
    parts.push_back(source.text);
    k.texts.push_back(std::move(source.text));
  }
  k.harness = harness_source(k.entries);
  parts.push_back(k.harness);
  k.binary = options.cache_dir / "bin" / digest(parts);
  parts.push_back(limits_key);
  k.failure = options.cache_dir / "fail" / digest(parts);
  return k;
}

// Writes the student's files and the harness into `work` and compiles them there, in the
// sandbox, against the precompiled runtime in `pch`.
sandbox::Result compile_harness(const BuildKey& k, const fs::path& pch, const fs::path& work,
                                const BuildOptions& options) {
  std::error_code ec;
  for (std::size_t i = 0; i < k.texts.size(); ++i) {
    fs::create_directories(work / fmt::format("student{}", i), ec);
    write_file(work / k.entries[i].source, k.texts[i]);
  }
  write_file(work / "harness.cpp", k.harness);
  sandbox::Request r;
  r.argv = {"g++"};
  r.argv.insert(r.argv.end(), kFlags.begin(), kFlags.end());
  r.argv.insert(r.argv.end(), {"-I" + pch.string(), "-include", kRuntimeHeaderName,
                               (work / "harness.cpp").string(), (pch / kRuntimeObjectName).string(),
                               "-o", (work / "program").string()});
  r.work_dir = work;
  r.read_only = {pch};
  r.hidden = options.hidden;
  r.limits = options.limits;
  r.strongest = options.strongest;
  return sandbox::run(r);
}

// Copies the compiled program into the cache, as `binary`.
void publish_binary(const fs::path& program, const fs::path& binary) {
  std::error_code ec;
  const fs::path tmp = binary.string() + ".tmp-" + std::to_string(::getpid());
  fs::copy_file(program, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, binary, ec);
  if (ec) throw InputError(fmt::format("{}: cannot write: {}", binary.string(), ec.message()));
  // Only grader reads the binaries: each run gets a copy of its own (code/run.hpp), and no
  // program can reach a classmate's binary or a reference build through the cache.
  fs::permissions(binary, fs::perms::owner_all, ec);
}

// The compiler's messages when it failed on the code: about the student's files, or else
// the first error of the harness's call.
void take_compiler_errors(const sandbox::Result& result, const fs::path& work,
                          const BuildOptions& options, Build& b) {
  Diagnostics d =
      trim_diagnostics(result.stderr_data, work, options.cache_dir, b.file_errors.size());
  b.errors = std::move(d.all);
  b.file_errors = std::move(d.by_file);
  if (!b.errors.empty()) return;
  // Nothing in the student's files: the harness's call did not compile.
  std::istringstream in(result.stderr_data);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("error: ");
    if (at != std::string::npos) {
      b.errors = line.substr(at) + "\n";
      break;
    }
  }
  if (b.errors.empty()) b.errors = result.stderr_data.substr(0, 2000);
  replace_all(b.errors, work.string() + "/", "");
  replace_all(b.errors, options.cache_dir.string(), "<cache>");
  b.errors = visible(b.errors);
}

// Why the compiler was stopped: the limit in `outcome`, with the limits' values.
std::string stopped_message(sandbox::Outcome outcome, const std::string& detail,
                            const sandbox::Limits& limits) {
  // Which of the limits came first depends on the machine's load: the message names them
  // all, so that the same code gets the same words.
  switch (outcome) {
    case sandbox::Outcome::timeout:
      return fmt::format(
          "the compiler was stopped at its time limit ({:g} s of CPU time, "
          "{:g} s of wall clock): simplify the code (deep template "
          "recursion or huge constant expressions)",
          limits.cpu_seconds, limits.wall_seconds);
    case sandbox::Outcome::memory_limit:
      return fmt::format("the compiler was stopped: it ran out of its {} MiB of memory",
                         limits.memory_bytes >> 20);
    case sandbox::Outcome::output_limit:
      return fmt::format("the compiler was stopped: its messages exceeded {} KiB",
                         limits.output_bytes >> 10);
    default:
      return fmt::format("the compiler was stopped: {} ({})", sandbox::outcome_name(outcome),
                         visible(detail));
  }
}

}  // namespace

Build build(const std::vector<CodeFile>& files, const BuildOptions& options) {
  Build b;
  b.file_errors.resize(files.size());
  prepare_cache(options.cache_dir);
  const fs::path pch = precompiled_header(options);
  const BuildKey key = build_key(files, options);
  std::error_code ec;
  if (fs::exists(key.binary, ec)) {
    b.ok = true;
    b.binary = key.binary;
    b.cached = true;
    return b;
  }
  if (auto cached = cached_failure(key.failure, files.size())) return *cached;

  static std::atomic<std::uint64_t> counter{0};
  const sandbox::WorkFolder folder(
      options.cache_dir / "work" / fmt::format("build-{}-{}", ::getpid(), counter++),
      kBuildQuotaBytes);
  const fs::path& work = folder.path();
  const auto result = compile_harness(key, pch, work, options);
  b.protection = result.protection;
  if (result.outcome == sandbox::Outcome::exited && result.exit_code == 0) {
    publish_binary(work / "program", key.binary);
    b.ok = true;
    b.binary = key.binary;
    return b;
  }
  // When the CPU limit strikes cc1plus rather than the whole run, the g++ driver survives and
  // exits 1 with "CPU time limit exceeded signal terminated program cc1plus": the same limit,
  // so the same message (which of the two comes first depends on the machine's load).
  // Only the driver's own line counts ("g++: fatal error: …" or "g++: internal compiler
  // error: …"; a student's `#error` line starts with a file name).
  const bool compiler_out_of_cpu =
      result.outcome == sandbox::Outcome::exited &&
      driver_says(result.stderr_data, "CPU time limit exceeded signal terminated program");
  if (result.outcome == sandbox::Outcome::exited && !compiler_out_of_cpu) {
    take_compiler_errors(result, work, options, b);
  } else {
    b.stopped = true;
    b.errors = stopped_message(compiler_out_of_cpu ? sandbox::Outcome::timeout : result.outcome,
                               result.detail, options.limits);
  }
  publish(key.failure, encode_failure(b));
  return b;
}

}  // namespace grader::code
