#include "supervise.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

#include "limits.hpp"

namespace grader::sandbox::detail {
namespace {

using Clock = std::chrono::steady_clock;

// After the program ended, how long its outputs are still read (from descendants that
// escaped the kill: only possible at the rlimits level without root).
constexpr std::chrono::milliseconds kDrainGrace{500};

// Close-on-exec, so that no other run's child inherits it past its execve.
std::optional<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void parse_reports(const std::string& bytes, Reports& reports) {
  for (std::size_t at = 0; at + sizeof(StatusRecord) <= bytes.size(); at += sizeof(StatusRecord)) {
    StatusRecord r{};
    std::memcpy(&r, bytes.data() + at, sizeof r);
    switch (r.tag) {
      case kNamespaces:
        reports.namespaces = r.value;
        break;
      case kMounts:
        reports.mount_failures = r.value;
        reports.fresh_proc = r.extra != 0;
        break;
      case kProgramStatus:
        reports.program_status = r.value;
        break;
      case kExecErrno:
        reports.exec_errno = r.value;
        break;
      case kSetupErrno:
        reports.setup_errno = std::pair{r.value, r.extra};
        break;
      default:
        break;
    }
  }
}

std::string_view step_name(int step) {
  switch (step) {
    case kStepFds:
      return "placing file descriptors";
    case kStepRlimit:
      return "setting resource limits";
    case kStepUid:
      return "changing uid";
    case kStepChdir:
      return "entering the work folder";
    case kStepFork:
      return "fork";
    case kStepMountWorkDir:
      return "mounting the work folder";
    case kStepCgroup:
      return "joining the run's control group";
    case kStepSeccomp:
      return "installing the system-call filter";
    default:
      return "set-up";
  }
}

// The bwrap --info-fd answer: {"child-pid": N}. Reads until it is complete, EOF or deadline.
std::optional<pid_t> read_child_pid(int fd, Clock::time_point deadline) {
  std::string text;
  char buffer[256];
  // What is left before the deadline, at most a second (recomputed when a signal interrupts).
  const auto left = [&] {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 1000));
  };
  while (text.find('}') == std::string::npos) {
    if (left() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    const int ready = retry_on_eintr([&] { return ::poll(&p, 1, left()); });
    if (ready < 0) return std::nullopt;
    if (ready == 0) continue;
    const ssize_t n = retry_on_eintr([&] { return ::read(fd, buffer, sizeof buffer); });
    if (n <= 0) return std::nullopt;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  const auto key = text.find("\"child-pid\"");
  if (key == std::string::npos) return std::nullopt;
  const auto digits = text.find_first_of("0123456789", key);
  if (digits == std::string::npos) return std::nullopt;
  return static_cast<pid_t>(std::atol(text.c_str() + digits));
}

class Supervisor {
 public:
  Supervisor(const Request& request, const Config& config, const Identity& id,
             const RunCgroup* cgroup, Pipes& pipes)
      : request_(request),
        limits_(request.limits),
        bubblewrap_(config.level == Isolation::bubblewrap),
        id_(id),
        cgroup_(cgroup),
        pipes_(pipes),
        in_(pipes.in.write),
        out_(pipes.out.read),
        err_(pipes.err.read),
        status_(pipes.status.read) {}
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  Collected run(const ChildPlan& plan) {
    start(plan);
    if (bubblewrap_) let_bubblewrap_go();
    for (const Fd* fd : {&in_, &out_, &err_, &status_}) set_nonblocking(fd->get());
    if (request_.stdin_data.empty()) in_.reset();
    watch();
    finish();
    return std::move(collected_);
  }

 private:
  void start(const ChildPlan& plan);
  void let_bubblewrap_go();
  void kill_everything();
  void watch();
  bool wait_for_events(Clock::time_point now);
  void feed_stdin();
  bool read_into(Fd& fd, std::string& sink, std::size_t limit);
  bool collect();
  void notice_end();
  void finish();

  const Request& request_;
  const Limits& limits_;
  const bool bubblewrap_;
  const Identity& id_;
  const RunCgroup* cgroup_;
  Pipes& pipes_;
  // grader's ends of the pipes (in pipes_).
  Fd& in_;
  Fd& out_;
  Fd& err_;
  Fd& status_;

  Collected collected_;
  Clock::time_point start_;
  Clock::time_point deadline_;
  pid_t pid_ = -1;  // the child C
  Fd pidfd_;
  std::size_t stdin_written_ = 0;
  std::string status_bytes_;
  bool ended_ = false;  // the child has exited (not reaped yet)
  std::optional<Clock::time_point> drain_until_;
  char buffer_[65536];
};

void Supervisor::start(const ChildPlan& plan) {
  start_ = Clock::now();
  deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(limits_.wall_seconds));
  pid_ = ::fork();
  if (pid_ < 0) throw std::system_error(errno, std::system_category(), "fork");
  if (pid_ == 0) child_main(plan);

  // The parent. Its copies of the child's ends go, so that EOF means "the sandbox closed".
  pipes_.in.read.reset();
  pipes_.out.write.reset();
  pipes_.err.write.reset();
  pipes_.status.write.reset();
  pidfd_ = Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
}

// bubblewrap without root: the process limit is set on the sandbox's init, inside its user
// namespace, where it counts this sandbox's processes only; then the sandbox may go on.
void Supervisor::let_bubblewrap_go() {
  pipes_.info->write.reset();
  pipes_.block->read.reset();
  const auto child = read_child_pid(pipes_.info->read.get(), deadline_);
  if (child && id_.processes_enforced && !id_.drop) {
    const auto n = static_cast<rlim_t>(limits_.processes + kBubblewrapInit);
    const rlimit value{n, n};
    if (::prlimit(*child, RLIMIT_NPROC, &value, nullptr) != 0) {
      collected_.reports.nproc_errno = errno;
    }
  }
  retry_on_eintr([&] { return ::write(pipes_.block->write.get(), "g", 1); });
  pipes_.block->write.reset();
  pipes_.info->read.reset();
}

// Everything the run started: its process group, and its uid when that is the run's own
// and no pid namespace takes care of it. Called only while the child is not yet reaped, so
// that its process group id cannot have been reused.
void Supervisor::kill_everything() {
  ::kill(-pid_, SIGKILL);
  if (cgroup_ != nullptr) cgroup_->kill_all();
  const auto& namespaces = collected_.reports.namespaces;
  const bool pid_namespace = bubblewrap_ || (namespaces && (*namespaces & CLONE_NEWPID) != 0);
  if (id_.drop && !pid_namespace) kill_uid(id_.uid);
}

// Until the outputs are closed and the child has ended, the deadline or the output limit
// strikes, or the outputs of what escaped the kill have been drained for kDrainGrace.
void Supervisor::watch() {
  while (out_.open() || err_.open() || status_.open() || !ended_) {
    const auto now = Clock::now();
    if (!ended_ && now >= deadline_) {
      collected_.stop = Collected::Stop::timeout;
      return;
    }
    if (ended_ && !drain_until_) drain_until_ = now + kDrainGrace;
    if (drain_until_ && now >= *drain_until_) return;
    if (!wait_for_events(now)) return;
    feed_stdin();
    if (!collect()) return;
    if (!ended_) notice_end();
  }
}

// Waits until a pipe is ready or the child ends (its pidfd), at most until the deadline or the
// end of the drain; false when poll() fails.
bool Supervisor::wait_for_events(Clock::time_point now) {
  std::vector<pollfd> fds;
  if (in_.open()) fds.push_back({in_.get(), POLLOUT, 0});
  for (const Fd* fd : {&out_, &err_, &status_}) {
    if (fd->open()) fds.push_back({fd->get(), POLLIN, 0});
  }
  if (!ended_ && pidfd_.open()) fds.push_back({pidfd_.get(), POLLIN, 0});
  long long wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                       (drain_until_ ? *drain_until_ : deadline_) - now)
                       .count() +
                   1;
  if (!ended_ && !pidfd_.open()) wait = std::min(wait, 10LL);  // no pidfd: poll waitid
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min(wait, 60000LL)));
  // Interrupted by a signal (EINTR): the pipes are looked at all the same, then poll again.
  return !(ready < 0 && errno != EINTR);
}

void Supervisor::feed_stdin() {
  if (!in_.open()) return;
  const auto& data = request_.stdin_data;
  const auto left = data.size() - stdin_written_;
  const ssize_t n =
      ::write(in_.get(), data.data() + stdin_written_, std::min<std::size_t>(left, 65536));
  if (n > 0) stdin_written_ += static_cast<std::size_t>(n);
  if ((n < 0 && errno != EAGAIN && errno != EINTR) || stdin_written_ == data.size()) {
    in_.reset();  // done, or the program closed its stdin (EPIPE)
  }
}

// Reads what is there; false once `sink` holds more than `limit` bytes (0: no limit).
bool Supervisor::read_into(Fd& fd, std::string& sink, std::size_t limit) {
  for (;;) {
    const ssize_t n = retry_on_eintr([&] { return ::read(fd.get(), buffer_, sizeof buffer_); });
    if (n > 0) {
      sink.append(buffer_, static_cast<std::size_t>(n));
      if (limit > 0 && sink.size() > limit) return false;
      continue;
    }
    if (n == 0) fd.reset();
    return true;  // EOF or EAGAIN
  }
}

// Reads stdout, stderr and the status pipe; false when an output exceeds its limit.
bool Supervisor::collect() {
  if (out_.open() && !read_into(out_, collected_.out, limits_.output_bytes)) {
    collected_.stop = Collected::Stop::output_limit, collected_.stop_stream = "stdout";
    return false;
  }
  if (err_.open() && !read_into(err_, collected_.err, limits_.output_bytes)) {
    collected_.stop = Collected::Stop::output_limit, collected_.stop_stream = "stderr";
    return false;
  }
  if (status_.open()) {
    read_into(status_, status_bytes_, 0);
    parse_reports(status_bytes_, collected_.reports);
  }
  return true;
}

void Supervisor::notice_end() {
  siginfo_t exit_info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &exit_info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
      exit_info.si_pid == pid_) {
    ended_ = true;
    // The program is over: whatever it left running goes now (its outputs stay in the
    // pipes and are still read).
    kill_everything();
  }
}

// Kills what is left after a limit, reaps the child, and reads the last reports.
void Supervisor::finish() {
  if (collected_.stop != Collected::Stop::none || !ended_) {
    kill_everything();
    if (collected_.stop == Collected::Stop::none) collected_.stop = Collected::Stop::timeout;
  }
  in_.reset();

  retry_on_eintr([&] { return ::wait4(pid_, &collected_.wait_status, 0, &collected_.usage); });
  collected_.wall_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  if (status_.open()) read_into(status_, status_bytes_, 0);
  parse_reports(status_bytes_, collected_.reports);
  if (limits_.output_bytes > 0) {
    for (auto* data : {&collected_.out, &collected_.err}) {
      if (data->size() > limits_.output_bytes) data->resize(limits_.output_bytes);
    }
  }
}

bool contains(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// The run ended before the program's status could say how: the sandbox's set-up or the
// execve failed, or supervise() stopped it at a limit. False when the status decides.
bool ended_by_the_sandbox(const Collected& c, const Limits& limits, const std::string& exec_path,
                          Result& result) {
  if (c.reports.setup_errno) {
    result.outcome = Outcome::failed_to_start;
    result.detail =
        fmt::format("sandbox set-up failed ({}): {}", step_name(c.reports.setup_errno->second),
                    errno_text(c.reports.setup_errno->first));
    return true;
  }
  if (c.reports.exec_errno) {
    result.outcome = Outcome::failed_to_start;
    result.detail =
        fmt::format("cannot execute {}: {}", exec_path, errno_text(*c.reports.exec_errno));
    return true;
  }
  if (c.stop == Collected::Stop::output_limit) {
    result.outcome = Outcome::output_limit;
    result.detail = fmt::format("{} exceeded {}", c.stop_stream, bytes_text(limits.output_bytes));
    return true;
  }
  if (c.stop == Collected::Stop::timeout) {
    result.outcome = Outcome::timeout;
    result.detail = "wall-clock limit of " + seconds_text(limits.wall_seconds);
    return true;
  }
  return false;
}

// The exit code or signal of the program. False when bwrap itself failed (failed_to_start).
bool take_status(const Collected& c, const Config& config, Result& result) {
  // The program's status as its init (G) or, under bubblewrap, C relayed it; C's own when
  // the helpers were killed before they could.
  const int raw = c.reports.program_status.value_or(c.wait_status);
  if (WIFEXITED(raw)) result.exit_code = WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) result.signal = WTERMSIG(raw);
  if (config.level == Isolation::bubblewrap) {
    if (result.exit_code > 128 && result.exit_code <= 128 + 64) {
      result.signal = result.exit_code - 128;  // bwrap's report of a signal
      result.exit_code = -1;
    }
    if (result.exit_code == 1 && result.stderr_data.rfind("bwrap: ", 0) == 0) {
      result.outcome = Outcome::failed_to_start;
      result.detail = first_line(result.stderr_data);
      return false;
    }
  }
  return true;
}

// The heuristic of sandbox.hpp (run()): a program that failed for want of address space.
bool ran_out_of_address_space(const Limits& limits, Result& result) {
  if (result.exit_code == 0 || limits.memory_bytes == 0) return false;
  for (const char* marker : {"std::bad_alloc", "MemoryError", "out of memory",
                             "Cannot allocate memory", "memory exhausted"}) {
    if (contains(result.stderr_data, marker)) {
      result.outcome = Outcome::memory_limit;
      result.detail = fmt::format("ran out of its {} of address space (stderr: \"{}\")",
                                  bytes_text(limits.memory_bytes), marker);
      return true;
    }
  }
  const bool crashed = result.signal == SIGSEGV || result.signal == SIGBUS ||
                       result.signal == SIGABRT || result.signal == SIGKILL;
  if (crashed && static_cast<double>(result.peak_memory_bytes) >=
                     0.8 * static_cast<double>(limits.memory_bytes)) {
    result.outcome = Outcome::memory_limit;
    // Not the measured resident size: a report must not change from run to run.
    result.detail = fmt::format("{} near its {} of address space", signal_name(result.signal),
                                bytes_text(limits.memory_bytes));
    return true;
  }
  return false;
}

// The program ended at a limit of memory or CPU time.
bool ended_by_a_limit(const Limits& limits, const RunCgroup* cgroup, Result& result) {
  // The kernel killed a process of the run for want of memory under the whole run's limit
  // (many processes, or tmpfs files, each under the per-process limit).
  if (cgroup != nullptr && cgroup->out_of_memory() &&
      !(result.signal == 0 && result.exit_code == 0)) {
    result.outcome = Outcome::memory_limit;
    result.detail = fmt::format("its processes together reached the whole run's {} of memory",
                                bytes_text(cgroup->memory_bytes()));
    return true;
  }
  const double cpu_limit = std::max(1.0, std::ceil(limits.cpu_seconds));
  if (result.signal == SIGXCPU || (result.signal == SIGKILL && limits.cpu_seconds > 0 &&
                                   result.cpu_seconds >= cpu_limit - 0.05)) {
    result.outcome = Outcome::timeout;
    result.detail = "CPU-time limit of " + seconds_text(cpu_limit);
    return true;
  }
  return ran_out_of_address_space(limits, result);
}

}  // namespace

std::optional<Pipes> make_pipes(bool bubblewrap) {
  auto in = make_pipe(), out = make_pipe(), err = make_pipe(), status = make_pipe();
  std::optional<Pipe> info, block;
  if (bubblewrap) info = make_pipe(), block = make_pipe();
  if (!in || !out || !err || !status || (bubblewrap && (!info || !block))) return std::nullopt;
  return Pipes{std::move(*in),     std::move(*out), std::move(*err),
               std::move(*status), std::move(info), std::move(block)};
}

Collected supervise(const Request& request, const Config& config, const Identity& id,
                    const RunCgroup* cgroup, const ChildPlan& plan, Pipes& pipes) {
  const SigpipeBlocked sigpipe_blocked;
  Supervisor supervisor(request, config, id, cgroup, pipes);
  return supervisor.run(plan);
}

void classify(const Collected& c, const Config& config, const Limits& limits,
              const RunCgroup* cgroup, const std::string& exec_path, Result& result) {
  if (ended_by_the_sandbox(c, limits, exec_path, result)) return;
  if (!take_status(c, config, result)) return;
  if (ended_by_a_limit(limits, cgroup, result)) return;
  result.outcome = result.signal != 0 ? Outcome::signaled : Outcome::exited;
}

}  // namespace grader::sandbox::detail
