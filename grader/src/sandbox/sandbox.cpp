#include "grader/sandbox/sandbox.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <system_error>

#include "config.hpp"
#include "execute.hpp"

namespace grader::sandbox {
namespace {

namespace fs = std::filesystem;
using detail::BubblewrapVariant;
using detail::Config;
using detail::execute;
using detail::first_line;
using detail::is_root;

// The probe: which levels work on this machine.

struct Probe {
  std::string bwrap;  // empty: not found
  std::optional<BubblewrapVariant> variant;
  std::string why_no_bwrap;
  bool namespaces = false;
  std::string why_no_namespaces;
};

// $GRADER_BWRAP when set (empty or "none": no bubblewrap), else bwrap in grader's PATH.
std::string find_bwrap() {
  if (const char* forced = std::getenv("GRADER_BWRAP")) {
    return std::string(forced) == "none" ? std::string() : std::string(forced);
  }
  std::string dirs = "/usr/bin:/bin";
  if (const char* path = std::getenv("PATH")) dirs = std::string(path) + ":" + dirs;
  std::istringstream in(dirs);
  for (std::string dir; std::getline(in, dir, ':');) {
    if (dir.empty() || dir[0] != '/') continue;
    const auto candidate = dir + "/bwrap";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

Probe run_probe() {
  Probe probe;
  static std::atomic<int> counter{0};
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("grader-sandbox-probe-{}-{}", ::getpid(), counter++);
  std::error_code ec;
  fs::create_directories(dir, ec);
  Request request;
  request.argv = {"true"};
  request.work_dir = dir;
  request.limits.wall_seconds = 20;

  probe.bwrap = find_bwrap();
  if (probe.bwrap.empty()) {
    probe.why_no_bwrap =
        std::getenv("GRADER_BWRAP") ? "bubblewrap disabled by GRADER_BWRAP" : "bwrap not found";
  } else {
    std::vector<BubblewrapVariant> variants = {{is_root(), true}, {is_root(), false}};
    if (is_root()) variants.insert(variants.end(), {{false, true}, {false, false}});
    for (const auto& variant : variants) {
      const Config config{Isolation::bubblewrap, probe.bwrap, variant, {}};
      const Result r = execute(request, config);
      if (r.outcome == Outcome::exited && r.exit_code == 0) {
        probe.variant = variant;
        break;
      }
      if (probe.why_no_bwrap.empty()) {
        probe.why_no_bwrap =
            "bwrap failed: " + (r.stderr_data.empty() ? r.detail : first_line(r.stderr_data));
      }
    }
    if (probe.variant) probe.why_no_bwrap.clear();
  }
  const Config config{Isolation::namespaces, {}, {}, "probe"};
  const Result r = execute(request, config);
  probe.namespaces =
      r.isolation == Isolation::namespaces && r.outcome == Outcome::exited && r.exit_code == 0;
  if (!probe.namespaces) {
    probe.why_no_namespaces = is_root() ? "namespaces refused" : "namespaces need root";
  }
  fs::remove_all(dir, ec);
  return probe;
}

const Probe& probe() {
  static const Probe probe = run_probe();  // thread-safe initialisation
  return probe;
}

Config choose(Isolation strongest) {
  const Probe& p = probe();
  Config config;
  const std::string no_bwrap =
      strongest < Isolation::bubblewrap ? "bubblewrap not requested" : p.why_no_bwrap;
  if (strongest >= Isolation::bubblewrap && p.variant) {
    config.level = Isolation::bubblewrap;
    config.bwrap = p.bwrap;
    config.variant = *p.variant;
  } else if (strongest >= Isolation::namespaces && p.namespaces) {
    config.level = Isolation::namespaces;
    config.why_not_stronger = no_bwrap;
  } else {
    config.level = Isolation::rlimits;
    config.why_not_stronger = strongest >= Isolation::namespaces
                                  ? no_bwrap + "; " + p.why_no_namespaces
                                  : "bubblewrap and namespaces not requested";
  }
  return config;
}

void validate(const Request& request) {
  if (request.argv.empty() || request.argv[0].empty()) throw SandboxError("empty command");
  const auto no_nul = [](const std::string& s, const char* what) {
    if (s.find('\0') != std::string::npos) {
      throw SandboxError(fmt::format("{} contains a NUL byte", what));
    }
  };
  for (const auto& arg : request.argv) no_nul(arg, "an argument");
  for (const auto& [name, value] : request.env) {
    if (name.empty() || name.find('=') != std::string::npos) {
      throw SandboxError(fmt::format("bad environment variable name '{}'", name));
    }
    no_nul(name, "an environment variable");
    no_nul(value, "an environment variable");
  }
  if (!request.work_dir.is_absolute() || !fs::is_directory(request.work_dir)) {
    throw SandboxError(fmt::format("the work folder '{}' is not an existing absolute folder",
                                   request.work_dir.string()));
  }
  for (const auto& p : request.read_only) {
    if (!p.is_absolute() || !fs::exists(p)) {
      throw SandboxError(
          fmt::format("the read-only path '{}' is not an existing absolute path", p.string()));
    }
  }
  if (!(request.limits.wall_seconds > 0)) throw SandboxError("the wall-clock limit must be > 0");
}

}  // namespace

std::string_view isolation_name(Isolation isolation) {
  switch (isolation) {
    case Isolation::rlimits:
      return "rlimits";
    case Isolation::namespaces:
      return "namespaces";
    case Isolation::bubblewrap:
      return "bubblewrap";
  }
  return "?";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::exited:
      return "exited";
    case Outcome::signaled:
      return "signaled";
    case Outcome::timeout:
      return "timeout";
    case Outcome::memory_limit:
      return "memory_limit";
    case Outcome::output_limit:
      return "output_limit";
    case Outcome::failed_to_start:
      return "failed_to_start";
  }
  return "?";
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault)";
    case SIGABRT:
      return "SIGABRT (abort)";
    case SIGFPE:
      return "SIGFPE (arithmetic error)";
    case SIGKILL:
      return "SIGKILL (killed)";
    case SIGBUS:
      return "SIGBUS (bus error)";
    case SIGILL:
      return "SIGILL (illegal instruction)";
    case SIGTRAP:
      return "SIGTRAP (trace trap)";
    case SIGSYS:
      return "SIGSYS (bad system call)";
    case SIGXCPU:
      return "SIGXCPU (CPU time limit exceeded)";
    case SIGXFSZ:
      return "SIGXFSZ (file size limit exceeded)";
    case SIGPIPE:
      return "SIGPIPE (broken pipe)";
    case SIGTERM:
      return "SIGTERM (terminated)";
    case SIGINT:
      return "SIGINT (interrupt)";
    case SIGHUP:
      return "SIGHUP (hangup)";
    case SIGQUIT:
      return "SIGQUIT (quit)";
    case SIGALRM:
      return "SIGALRM (alarm clock)";
    case SIGUSR1:
      return "SIGUSR1 (user signal 1)";
    case SIGUSR2:
      return "SIGUSR2 (user signal 2)";
    default:
      break;
  }
  if (const char* abbrev = ::sigabbrev_np(signal)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signal);
}

Result run(const Request& request) {
  validate(request);
  try {
    return execute(request, choose(request.strongest));
  } catch (const std::system_error& e) {
    // A folder removed meanwhile (std::filesystem::filesystem_error), a system call refused:
    // the program did not start. SandboxError (the caller's bug) and std::bad_alloc go on.
    Result r;
    r.outcome = Outcome::failed_to_start;
    r.detail = e.what();
    return r;
  }
}

std::string describe_protection(Isolation strongest) {
  const Config config = choose(strongest);
  switch (config.level) {
    case Isolation::bubblewrap:
      return fmt::format(
          "bubblewrap ({}): own user ({}), pid, network, IPC, UTS and mount namespaces; "
          "visible: /usr, a few files of /etc, the read-only paths and the work folder, the "
          "only writable place with a private /tmp; resource limits",
          config.bwrap,
          config.variant.drop_uid ? "uid 65534 inside, a uid of its own on the host"
          : is_root()             ? "uid 65534 inside, root on the host: no process limit"
                                  : fmt::format("uid 65534 inside, {} on the host", ::getuid()));
    case Isolation::namespaces:
      return fmt::format(
          "namespaces ({}): own pid, network, mount, IPC and UTS namespaces; file system "
          "read-only except the work folder; {}; resource limits",
          config.why_not_stronger, is_root() ? "a uid of its own" : "grader's own uid");
    case Isolation::rlimits:
      break;
  }
  return fmt::format("rlimits only ({}): own session; {}; resource limits{}",
                     config.why_not_stronger, is_root() ? "a uid of its own" : "grader's own uid",
                     is_root() ? "" : " (no process limit)");
}

Isolation available_isolation(Isolation strongest) {
  return choose(strongest).level;
}

}  // namespace grader::sandbox
