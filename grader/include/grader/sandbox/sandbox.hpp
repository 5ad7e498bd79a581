#pragma once
// Runs an untrusted program (a student's compiled code, the compiler on a student's source,
// a `command` submission such as a Python script) with limits on time, memory, output and
// processes, cut off from the network and from every file but its own folder, as far as this
// machine allows. Three levels of isolation, strongest first (docs/sandbox.md):
//
//   bubblewrap  `bwrap` with its own user, pid, network, IPC, UTS, cgroup and mount namespaces:
//               the program sees /usr, a few files of /etc, the request's read-only folders and
//               its work folder, nothing else of the host.
//   namespaces  no bwrap, but root: own pid, network, IPC, UTS and mount namespaces, the whole
//               file system remounted read-only except the work folder, a fresh /proc.
//   rlimits     resource limits only (and, as root, an unprivileged uid of its own).
//
// Whatever the level, when grader runs as root each run gets an unprivileged host uid of its
// own (so RLIMIT_NPROC holds and runs cannot signal each other); the program runs in its own
// session and process group, with the resource limits of `Limits`, and everything it started
// is killed when it ends. Every Result says which protection was in force, and
// describe_protection() what this machine allows. GRADER_BWRAP=PATH chooses the bwrap binary
// (GRADER_BWRAP=none: no bubblewrap).
//
// Paths are the same inside and outside: the work folder and the read-only folders are
// mounted at their host paths (canonical: symbolic links resolved), so a command line built
// from those paths (g++ WORK/main.cpp -o WORK/main) works unchanged at every level.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grader/core/error.hpp"

namespace grader::sandbox {

// A request that run() cannot carry out as written (empty argv, a relative or missing
// folder, a work folder others share): a bug in the caller, never something the program did.
// An InternalError whose message reads "sandbox: <what>", without the "internal error: "
// prefix.
class SandboxError : public InternalError {
 public:
  explicit SandboxError(const std::string& message)
      : InternalError("sandbox: " + message), message_("sandbox: " + message) {}
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

// Resource limits. A limit of 0 means "no limit" (except wall_seconds, which is required).
struct Limits {
  // CPU time per process (RLIMIT_CPU, rounded up to whole seconds; SIGXCPU, then SIGKILL one
  // second later). A program that forks gets this much per process; the wall-clock limit bounds
  // the whole tree. Reported as Outcome::timeout.
  double cpu_seconds = 5;
  // Wall-clock time from start to end; then everything the program started is killed
  // (SIGKILL to its process group, and its pid namespace or uid). Outcome::timeout.
  double wall_seconds = 10;
  // Address space per process (RLIMIT_AS): counts every mapping, so thread stacks and malloc
  // arenas count in full even if never touched. g++ compiling an Eigen program needs a few
  // hundred MB; give compilations 2 GB. Exceeding it makes allocations fail
  // (std::bad_alloc, MemoryError, a null pointer): see Outcome::memory_limit.
  std::size_t memory_bytes = std::size_t{1} << 30;
  // Bytes kept of stdout and of stderr, each: one byte more and the program is killed, its
  // outputs truncated to this size. Outcome::output_limit.
  std::size_t output_bytes = std::size_t{1} << 20;
  // Largest file the program may write (RLIMIT_FSIZE: SIGXFSZ beyond it); also the size of
  // the private /tmp and /dev/shm under bubblewrap.
  std::size_t file_bytes = std::size_t{16} << 20;
  // Processes and threads the program may have at once (RLIMIT_NPROC, counted in the
  // sandbox's own user namespace or for its own uid). The kernel ignores it for processes
  // whose uid is root on the host, so it holds only where the program runs as an unprivileged
  // uid: Result::protection says whether it did.
  int processes = 64;
};

// Isolation levels, weakest first (see the top of this file).
enum class Isolation { rlimits, namespaces, bubblewrap };

std::string_view isolation_name(Isolation isolation);  // "rlimits", "namespaces", "bubblewrap"

struct Request {
  // The program and its arguments. argv[0] without a '/' is looked up in the PATH of `env`.
  std::vector<std::string> argv;
  // Written to the program's stdin (concurrently with reading its outputs, so any size
  // works); then stdin is closed. A program that does not read it is not blocked.
  std::string stdin_data;
  // The program's folder: an existing absolute path, created by the caller; its current
  // directory and the only writable place of the host it sees. When grader runs as root the
  // folder and everything in it are handed to the run's own uid (chown; permissions kept):
  // create it 0700 and no other run can look into it, even without bubblewrap. Its parent
  // folders must be searchable by others (o+x), and so must the read-only paths' (bwrap runs
  // as the run's uid). Treat its contents as hostile afterwards: the program may have left
  // symbolic links to anywhere (open with O_NOFOLLOW, or use a fresh folder per run).
  std::filesystem::path work_dir;
  // Existing host paths (files or folders) made visible read-only at the same path: the
  // folder holding a compiled binary, a student's submission. /usr is always visible.
  std::vector<std::filesystem::path> read_only;
  // Host folders and files the program must not see even where the host lets everyone read
  // them or they lie inside what the sandbox shows: the class's submissions, the problems, an
  // installed grader's share/grader under /usr and its binary. Under bubblewrap each one
  // inside /usr or a read-only path is covered (an empty read-only tmpfs over a folder,
  // /dev/null over a file), and nothing else of the host is shown anyway; at the namespaces
  // level each is covered; the rlimits level cannot hide them (only the run's own uid
  // protects files there). A path that holds the work folder or a read-only path, or that
  // does not exist, is not hidden.
  std::vector<std::filesystem::path> hidden;
  // The program's whole environment. PATH (/usr/local/bin:/usr/bin:/bin), HOME (work_dir),
  // TMPDIR (work_dir) and LANG (C.UTF-8) get these defaults when absent; nothing of grader's
  // own environment is passed on.
  std::map<std::string, std::string> env;
  Limits limits;
  // The strongest isolation run() may use; it uses the strongest one this machine allows at
  // or below it. Tests and diagnosis use weaker levels; grading should not.
  Isolation strongest = Isolation::bubblewrap;
};

enum class Outcome {
  exited,           // the program exited by itself: exit_code is its status
  signaled,         // killed by a signal (a crash): signal, and signal_name(signal)
  timeout,          // wall-clock or CPU-time limit (detail says which)
  memory_limit,     // failed for lack of memory under Limits::memory_bytes (heuristic below)
  output_limit,     // wrote more than Limits::output_bytes to stdout or stderr
  failed_to_start,  // could not be started (command not found, sandbox set-up): detail says why
};

std::string_view outcome_name(Outcome outcome);  // "exited", "signaled", "timeout", ...

struct Result {
  Outcome outcome = Outcome::failed_to_start;
  // Exit status when the program exited (also under memory_limit when it did); else -1.
  int exit_code = -1;
  // The signal that killed the program, else 0 (set for timeout and memory_limit as well when
  // a signal ended it). Under bubblewrap, an exit status 129..192 is read as signal status-128,
  // the shell convention bwrap follows: a program exiting with such a status reads as killed.
  int signal = 0;
  // What the program wrote, at most Limits::output_bytes each.
  std::string stdout_data, stderr_data;
  double wall_seconds = 0;  // start to end, including the sandbox's own set-up (~10 ms)
  // User + system CPU time of everything the program ran and that ended before it did; 0 for
  // processes killed at a time limit.
  double cpu_seconds = 0;
  // Largest resident set of any one of its processes (ru_maxrss).
  std::size_t peak_memory_bytes = 0;
  // The most memory the whole run used at once, its tmpfs files included (its control group;
  // 0 where there is none).
  std::size_t run_peak_memory_bytes = 0;
  // The isolation level in force, and in words what it enforced, e.g. "bubblewrap
  // (/usr/bin/bwrap): own user, pid, network, ...; limits: wall 10 s, CPU 5 s, ...".
  Isolation isolation = Isolation::rlimits;
  std::string protection;
  // Why: failed_to_start (the error), timeout (which limit), memory_limit (the evidence),
  // output_limit (which stream); empty otherwise.
  std::string detail;
};

// Runs the request and waits for it to end. Never throws for anything the program does;
// throws SandboxError for an invalid request (the caller's bug), and lets grader's own
// failures through (std::bad_alloc, an InternalError). A system call that fails while the run
// is set up (a folder removed meanwhile, no more processes) is Outcome::failed_to_start.
// Thread-safe: several runs may proceed in
// parallel from different threads (each run blocks its calling thread, which must not exit
// meanwhile: the sandbox dies with the thread that started it).
//
// memory_limit is decided by a heuristic, since running out of address space has no signal
// of its own: the program did not exit with status 0, and either its stderr says so
// ("std::bad_alloc", "MemoryError", "out of memory", "Cannot allocate memory", "memory
// exhausted") or it crashed (SIGSEGV, SIGBUS, SIGABRT, SIGKILL) with a peak resident set of at
// least 80% of Limits::memory_bytes. A C program that dereferences the null pointer returned
// by one huge failed malloc shows neither and is reported as the crash it is.
Result run(const Request& request);

// "SIGSEGV (segmentation fault)", "SIGABRT (abort)", "SIGFPE (arithmetic error)",
// "SIGKILL (killed)", ...; "signal N" for a number without a name.
std::string signal_name(int signal);

// What run() would enforce on this machine for a request allowing `strongest`, e.g. for the
// head of a grading report. Probes the machine once (a few runs of `true`, ~50 ms) and caches
// what it found; the wording is that of Result::protection without the limits.
std::string describe_protection(Isolation strongest = Isolation::bubblewrap);

// The isolation run() uses on this machine for a request allowing `strongest` (same probe).
Isolation available_isolation(Isolation strongest = Isolation::bubblewrap);

}  // namespace grader::sandbox
