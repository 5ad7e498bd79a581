#include "grader/code/run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>

#include "grader/core/error.hpp"

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
  sandbox::Limits l;
  l.cpu_seconds = 5;
  l.wall_seconds = 10;
  l.memory_bytes = std::size_t{512} << 20;
  l.output_bytes = std::size_t{1} << 20;
  l.file_bytes = std::size_t{16} << 20;
  l.processes = 16;
  return l;
}

namespace {

// The last lines of a program's stderr, at most 1500 bytes.
std::string tail(const std::string& text) {
  if (text.size() <= 1500) return text;
  const std::size_t from = text.find('\n', text.size() - 1500);
  return "...\n" + text.substr(from == std::string::npos ? text.size() - 1500 : from + 1);
}

// Copies the regular files under `from` into `to` (no symbolic links), at most `budget` bytes.
void copy_files(const fs::path& from, const fs::path& to, std::uintmax_t budget) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    const fs::path rel = fs::relative(it->path(), from, ec);
    if (fs::is_directory(status)) {
      fs::create_directories(to / rel, ec);
    } else if (fs::is_regular_file(status)) {
      const auto size = fs::file_size(it->path(), ec);
      if (ec || size > budget) continue;
      budget -= size;
      fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing, ec);
    }
  }
}

}  // namespace

RunResult run_program(const std::vector<std::string>& argv, const Request& request,
                      const fs::path& copy_from, const std::vector<fs::path>& read_only,
                      const RunOptions& options) {
  static std::atomic<std::uint64_t> counter{0};
  const fs::path work =
      options.cache_dir / "work" / fmt::format("run-{}-{}", ::getpid(), counter++);
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) throw InputError(fmt::format("{}: cannot create: {}", work.string(), ec.message()));
  fs::permissions(work, fs::perms::owner_all, ec);
  if (!copy_from.empty()) copy_files(copy_from, work, std::uintmax_t{16} << 20);

  sandbox::Request r;
  r.argv = argv;
  r.stdin_data = encode_request(request);
  r.work_dir = work;
  r.read_only = read_only;
  r.hidden = options.hidden;
  r.limits = options.limits;
  r.strongest = options.strongest;
  const sandbox::Result s = sandbox::run(r);
  fs::remove_all(work, ec);

  RunResult out;
  out.protection = s.protection;
  out.seconds = s.wall_seconds;
  out.stderr_tail = tail(s.stderr_data);
  switch (s.outcome) {
    case sandbox::Outcome::timeout:
      out.status = RunStatus::timeout;
      out.message = fmt::format("your program was stopped: {} (it must answer all {} trials "
                                "within {:g} s of wall-clock time and {:g} s of CPU time)",
                                s.detail, request.trials.size(), options.limits.wall_seconds,
                                options.limits.cpu_seconds);
      return out;
    case sandbox::Outcome::memory_limit:
      out.status = RunStatus::memory_limit;
      out.message = fmt::format("your program ran out of memory: it may use {} MiB ({})",
                                options.limits.memory_bytes >> 20, s.detail);
      return out;
    case sandbox::Outcome::output_limit:
      out.status = RunStatus::bad_output;
      out.message = fmt::format("your program printed more than {} KiB ({}); print only the "
                                "results",
                                options.limits.output_bytes >> 10, s.detail);
      return out;
    case sandbox::Outcome::signaled:
      out.status = RunStatus::crash;
      out.message = fmt::format("your program crashed: {}", sandbox::signal_name(s.signal));
      return out;
    case sandbox::Outcome::failed_to_start:
      out.status = RunStatus::crash;
      out.message = fmt::format("your program could not be started: {}", s.detail);
      return out;
    case sandbox::Outcome::exited:
      break;
  }
  if (s.exit_code != 0) {
    out.status = RunStatus::crash;
    // The harness says why on stderr ("your code threw an exception ...").
    const auto at = s.stderr_data.find("grader harness: ");
    if (at != std::string::npos) {
      const auto end = s.stderr_data.find('\n', at);
      out.message = s.stderr_data.substr(at + 16, end == std::string::npos ? end : end - at - 16);
    } else {
      out.message = fmt::format("your program exited with status {}", s.exit_code);
    }
    return out;
  }
  try {
    out.outputs = decode_response(s.stdout_data, request.trials.size());
  } catch (const ProtocolError& e) {
    out.status = RunStatus::bad_output;
    out.message = fmt::format("your program's output does not follow the protocol: {}", e.what());
    return out;
  }
  out.status = RunStatus::ok;
  return out;
}

}  // namespace grader::code
