#include "grader/code/run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

#include "grader/core/error.hpp"
#include "grader/core/files.hpp"
#include "grader/core/utf8.hpp"
#include "grader/sandbox/work_folder.hpp"

namespace grader::code {

namespace fs = std::filesystem;

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::ok:
      return "ok";
    case RunStatus::timeout:
      return "timeout";
    case RunStatus::crash:
      return "crash";
    case RunStatus::memory_limit:
      return "memory-limit";
    case RunStatus::bad_output:
      return "bad-output";
  }
  return "crash";
}

sandbox::Limits RunOptions::run_limits() {
  return {.cpu_seconds = 5,
          .wall_seconds = 10,
          .memory_bytes = std::size_t{512} << 20,
          .output_bytes = std::size_t{1} << 20,
          .file_bytes = std::size_t{16} << 20,
          .processes = 16};
}

namespace {

// The bytes a run's folder may hold in all (its copy of the binary or of the command's
// folder, and whatever it writes), where the sandbox can bound it (sandbox/work_folder.hpp).
constexpr std::size_t kWorkQuotaBytes = std::size_t{64} << 20;

// The last lines of a program's stderr, at most 1500 bytes, with the run's folder removed (a
// report is the same whoever runs it, wherever the cache is) and control characters shown
// escaped: it is the program's text, shown as such.
std::string tail(std::string text, const fs::path& work) {
  const std::string folder = work.string() + "/";
  for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at)) {
    text.erase(at, folder.size());
  }
  for (std::size_t at = text.find(work.string()); at != std::string::npos;
       at = text.find(work.string(), at)) {
    text.replace(at, work.string().size(), ".");
  }
  if (text.size() > 1500) {
    const std::size_t from = text.find('\n', text.size() - 1500);
    text = "...\n" + text.substr(from == std::string::npos ? text.size() - 1500 : from + 1);
  }
  return visible(text);
}

// Copies the regular files under `from` into `to`, at most `budget` bytes: each read from
// inside `from` only (core/files.hpp: no symbolic link followed, no hard link to elsewhere).
void copy_files(const fs::path& from, const fs::path& to, std::size_t budget) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    const fs::path rel = fs::relative(it->path(), from, ec);
    if (ec) continue;
    if (fs::is_directory(status)) {
      fs::create_directories(to / rel, ec);
    } else if (fs::is_regular_file(status)) {
      const BeneathRead file = read_beneath(from, rel.string(), budget);
      if (!file.ok) continue;
      budget -= file.text.size();
      std::ofstream out(to / rel, std::ios::binary | std::ios::trunc);
      out << file.text;
    }
  }
}

// The request to the sandbox: the program's own copy of the binary, or the command in a copy
// of its folder, in `work`; the trials on its stdin.
sandbox::Request sandbox_request(const Program& program, const fs::path& work,
                                 const Request& request, const RunOptions& options) {
  sandbox::Request r;
  std::error_code ec;
  if (!program.binary.empty()) {
    // The run's own copy: nothing of the cache is mounted into the sandbox.
    const fs::path copy = work / "program";
    fs::copy_file(program.binary, copy, ec);
    if (ec) {
      throw InputError(fmt::format("{}: cannot copy: {}", program.binary.string(), ec.message()));
    }
    fs::permissions(copy, fs::perms::owner_all, ec);
    r.argv = {copy.string()};
  } else {
    if (!program.folder.empty()) copy_files(program.folder, work, std::size_t{16} << 20);
    r.argv = {"sh", "-c", program.command};
  }
  r.stdin_data = encode_request(request);
  r.work_dir = work;
  r.hidden = options.hidden;
  r.limits = options.limits;
  r.strongest = options.strongest;
  return r;
}

// Why a program that did not exit by itself (or could not start) failed, in the student's
// words; false when it exited.
bool did_not_exit(const sandbox::Result& s, const Request& request, const RunOptions& options,
                  RunResult& out) {
  switch (s.outcome) {
    case sandbox::Outcome::timeout:
      out.status = RunStatus::timeout;
      out.message = fmt::format(
          "your program was stopped: {} (it must answer all {} trials "
          "within {:g} s of wall-clock time and {:g} s of CPU time)",
          s.detail, request.trials.size(), options.limits.wall_seconds, options.limits.cpu_seconds);
      return true;
    case sandbox::Outcome::memory_limit:
      out.status = RunStatus::memory_limit;
      out.message = fmt::format("your program ran out of memory: it may use {} MiB ({})",
                                options.limits.memory_bytes >> 20, s.detail);
      return true;
    case sandbox::Outcome::output_limit:
      out.status = RunStatus::bad_output;
      out.message = fmt::format(
          "your program printed more than {} KiB ({}); print only the "
          "results",
          options.limits.output_bytes >> 10, s.detail);
      return true;
    case sandbox::Outcome::signaled:
      out.status = RunStatus::crash;
      out.message = fmt::format("your program crashed: {}", sandbox::signal_name(s.signal));
      return true;
    case sandbox::Outcome::failed_to_start:
      out.status = RunStatus::crash;
      out.message = fmt::format("your program could not be started: {}", s.detail);
      return true;
    case sandbox::Outcome::exited:
      break;
  }
  return false;
}

// "your program exited with status N", and the harness's line on stderr when there is one.
std::string exit_message(const sandbox::Result& s, const fs::path& work) {
  std::string message = fmt::format("your program exited with status {}", s.exit_code);
  // The harness says why on stderr ("grader harness: your code threw an exception ..."),
  // but so can the student's own code: the line is quoted as the program's output, never
  // made the grader's own words.
  const auto at = s.stderr_data.rfind("grader harness: ");
  if (at != std::string::npos) {
    const auto end = s.stderr_data.find('\n', at);
    std::string line = s.stderr_data.substr(at, end == std::string::npos ? end : end - at);
    if (line.size() > 300) line = line.substr(0, 300) + "...";
    message += fmt::format("; it wrote on stderr: \"{}\"", tail(line, work));
  }
  return message;
}

}  // namespace

RunResult run_program(const Program& program, const Request& request, const RunOptions& options) {
  static std::atomic<std::uint64_t> counter{0};
  std::error_code ec;
  fs::create_directories(options.cache_dir / "work", ec);
  const sandbox::WorkFolder folder(
      options.cache_dir / "work" / fmt::format("run-{}-{}", ::getpid(), counter++),
      kWorkQuotaBytes);
  const fs::path& work = folder.path();
  const sandbox::Result s = sandbox::run(sandbox_request(program, work, request, options));

  RunResult out;
  out.protection = s.protection;
  out.seconds = s.wall_seconds;
  out.stderr_tail = tail(s.stderr_data, work);
  if (did_not_exit(s, request, options, out)) return out;
  if (s.exit_code != 0) {
    out.status = RunStatus::crash;
    out.message = exit_message(s, work);
    return out;
  }
  try {
    out.outputs = decode_response(s.stdout_data, request.trials.size());
  } catch (const ProtocolError& e) {
    out.status = RunStatus::bad_output;
    out.message =
        fmt::format("your program's output does not follow the protocol: {}", visible(e.what()));
    return out;
  }
  out.status = RunStatus::ok;
  return out;
}

}  // namespace grader::code
