#define BOOST_TEST_MODULE sandbox
#include "grader/sandbox/sandbox.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "../support/temp_dir.hpp"
#include "grader/core/error.hpp"

using namespace grader;
using grader_test::read_file;
using grader_test::TempDir;
using grader_test::write_file;
namespace fs = std::filesystem;

namespace grader::sandbox {
std::ostream& operator<<(std::ostream& out, Isolation i) {
  return out << isolation_name(i);
}
std::ostream& operator<<(std::ostream& out, Outcome o) {
  return out << outcome_name(o);
}
}  // namespace grader::sandbox

using sandbox::Isolation;
using sandbox::Outcome;

namespace {

const Isolation kLevels[] = {Isolation::bubblewrap, Isolation::namespaces, Isolation::rlimits};

sandbox::Request request(std::vector<std::string> argv, const fs::path& work_dir,
                         Isolation strongest = Isolation::bubblewrap) {
  sandbox::Request r;
  r.argv = std::move(argv);
  r.work_dir = work_dir;
  r.strongest = strongest;
  r.limits.wall_seconds = 10;
  return r;
}

sandbox::Request shell(const std::string& script, const fs::path& work_dir,
                       Isolation strongest = Isolation::bubblewrap) {
  return request({"sh", "-c", script}, work_dir, strongest);
}

// The level a request allowing `strongest` actually gets on this machine.
Isolation level_for(Isolation strongest) {
  return sandbox::available_isolation(strongest);
}

std::string describe(const sandbox::Result& r) {
  return std::string(sandbox::outcome_name(r.outcome)) + " exit " + std::to_string(r.exit_code) +
         " signal " + std::to_string(r.signal) + " detail '" + r.detail + "' stderr '" +
         r.stderr_data.substr(0, 500) + "'";
}

// Host processes whose command line contains `marker`.
int processes_with(const std::string& marker) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::to_string(::getpid()) == name) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");
    for (char& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    if (cmdline.find(marker) != std::string::npos) ++count;
  }
  return count;
}

// Small C++ programs, compiled once with the host's g++ into a folder that runs mount
// read-only.
struct Programs {
  TempDir dir;
  std::string compile_errors;

  Programs() {
    build("hello", R"(#include <cstdio>
int main() { std::puts("hello from C++"); }
)");
    build("crash", R"(int main() { volatile int* p = nullptr; *p = 1; return *p; }
)");
    // 4 GB in 64 MB blocks, each touched: std::bad_alloc under a smaller address space.
    build("hog_new", R"(#include <cstring>
#include <vector>
int main() {
  std::vector<char*> blocks;
  for (int i = 0; i < 64; ++i) { char* b = new char[64 << 20]; std::memset(b, 1, 64 << 20); blocks.push_back(b); }
  return blocks.size() == 64 ? 0 : 1;
}
)");
    // 4 GB in 1 MB blocks, malloc unchecked: writes through a null pointer once memory is out.
    build("hog_malloc", R"(#include <cstdlib>
#include <cstring>
int main() {
  for (int i = 0; i < 4096; ++i) { char* b = static_cast<char*>(std::malloc(1 << 20)); std::memset(b, 1, 1 << 20); }
}
)");
    // Forks up to 200 children that wait 1.5 s, prints how many forks succeeded.
    build("forker", R"(#include <cstdio>
#include <unistd.h>
#include <sys/wait.h>
int main() {
  int n = 0;
  for (int i = 0; i < 200; ++i) { pid_t p = fork(); if (p == 0) { usleep(1500000); _exit(0); } if (p < 0) break; ++n; }
  std::printf("%d\n", n); std::fflush(stdout);
  while (wait(nullptr) > 0) {}
}
)");
    // Issue 16: 8 children, each touching 200 MB, alive together for a second; prints how
    // many were still alive to report (each under a per-process limit of 256 MiB).
    build("many_hogs", R"(#include <cstdio>
#include <cstring>
#include <vector>
#include <unistd.h>
#include <sys/wait.h>
int main() {
  std::vector<pid_t> kids;
  for (int i = 0; i < 8; ++i) {
    pid_t p = fork();
    if (p == 0) { char* b = new char[200 << 20]; std::memset(b, 1, 200 << 20); sleep(1); _exit(b[7]); }
    kids.push_back(p);
  }
  int alive = 0;
  for (pid_t p : kids) { int st = 0; waitpid(p, &st, 0); if (WIFEXITED(st) && WEXITSTATUS(st) == 1) ++alive; }
  std::printf("%d\n", alive);
  return alive == 8 ? 0 : 3;
}
)");
    // Issue 16: attaches to the sandbox's pid 1 and opens its memory; prints both results.
    build("tracer", R"(#include <cerrno>
#include <cstdio>
#include <sys/ptrace.h>
int main() {
  long r = ptrace(PTRACE_SEIZE, 1, 0, 0);
  std::printf("seize %ld errno %d\n", r, r == 0 ? 0 : errno);
  std::FILE* f = std::fopen("/proc/1/mem", "r+");
  std::printf("mem %s\n", f ? "open" : "refused");
}
)");
  }

  void build(const std::string& name, const std::string& source) {
    write_file(dir / (name + ".cpp"), source);
    const std::string command = "g++ -O1 -o '" + (dir / name).string() + "' '" +
                                (dir / (name + ".cpp")).string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) compile_errors += name + " ";
  }

  fs::path operator()(const std::string& name) const { return dir / name; }
};

const Programs& programs() {
  static const Programs p;
  BOOST_REQUIRE_MESSAGE(p.compile_errors.empty(), "cannot compile " << p.compile_errors);
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(protection_is_probed_and_reported) {
  const auto level = sandbox::available_isolation();
  const auto text = sandbox::describe_protection();
  BOOST_TEST_MESSAGE("available: " << sandbox::isolation_name(level) << ": " << text);
  BOOST_TEST(text.rfind(std::string(sandbox::isolation_name(level)), 0) == 0);
  TempDir work;
  const auto r = sandbox::run(shell("exit 0", work.path()));
  BOOST_TEST(r.outcome == Outcome::exited, describe(r));
  BOOST_TEST(r.isolation == level);
  BOOST_TEST(r.protection.rfind(std::string(sandbox::isolation_name(level)), 0) == 0);
  BOOST_TEST(r.protection.find("limits: wall 10 s, CPU 5 s per process, address space 1 GiB") ==
             std::string::npos);  // bytes are written in MiB
  BOOST_TEST(r.protection.find("address space 1024 MiB per process") != std::string::npos,
             r.protection);
  const auto rlimits = sandbox::run(shell("exit 0", work.path(), Isolation::rlimits));
  BOOST_TEST(rlimits.isolation == Isolation::rlimits);
  BOOST_TEST(rlimits.protection.rfind("rlimits only (", 0) == 0, rlimits.protection);
  BOOST_TEST(sandbox::describe_protection(Isolation::rlimits).rfind("rlimits only (", 0) == 0);
}

BOOST_AUTO_TEST_CASE(exit_code_stdout_and_stderr_are_captured_at_every_level) {
  for (const auto level : kLevels) {
    TempDir work;
    const auto r = sandbox::run(shell("echo out; echo err >&2; exit 3", work.path(), level));
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::exited, describe(r));
      BOOST_TEST(r.exit_code == 3);
      BOOST_TEST(r.signal == 0);
      BOOST_TEST(r.stdout_data == "out\n");
      BOOST_TEST(r.stderr_data == "err\n");
      BOOST_TEST(r.isolation == level_for(level));
      BOOST_TEST(r.wall_seconds > 0);
      BOOST_TEST(r.wall_seconds < 5);
    }
  }
}

BOOST_AUTO_TEST_CASE(large_stdin_is_delivered_while_output_is_read_at_every_level) {
  std::string input;
  for (int i = 0; input.size() < 5'000'000; ++i) input += std::to_string(i) + "\n";
  for (const auto level : kLevels) {
    TempDir work;
    auto req = request({"cat"}, work.path(), level);
    req.stdin_data = input;
    req.limits.output_bytes = 8 << 20;
    const auto r = sandbox::run(req);
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::exited, describe(r));
      BOOST_TEST(r.stdout_data.size() == input.size());
      BOOST_TEST((r.stdout_data == input));
      BOOST_TEST(r.wall_seconds < 5);
    }
    // A program that never reads its stdin neither blocks nor breaks the run (nor grader,
    // with SIGPIPE).
    auto ignoring = request({"true"}, work.path(), level);
    ignoring.stdin_data = input;
    const auto t = sandbox::run(ignoring);
    BOOST_TEST(t.outcome == Outcome::exited, describe(t));
    BOOST_TEST(t.exit_code == 0);
  }
}

BOOST_AUTO_TEST_CASE(too_much_output_is_killed_and_truncated_at_every_level) {
  for (const auto level : kLevels) {
    TempDir work;
    auto req = request({"yes"}, work.path(), level);
    req.limits.output_bytes = 100'000;
    const auto r = sandbox::run(req);
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::output_limit, describe(r));
      BOOST_TEST(r.stdout_data.size() == 100'000u);
      BOOST_TEST(r.stdout_data.substr(0, 4) == "y\ny\n");
      BOOST_TEST(r.detail == "stdout exceeded 100000 bytes");
      BOOST_TEST(r.wall_seconds < 5);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_infinite_loop_times_out_on_the_wall_clock_at_every_level) {
  for (const auto level : kLevels) {
    TempDir work;
    auto req = shell("while :; do :; done", work.path(), level);
    req.limits.wall_seconds = 1.5;
    req.limits.cpu_seconds = 30;
    const auto r = sandbox::run(req);
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::timeout, describe(r));
      BOOST_TEST(r.detail == "wall-clock limit of 1.5 s");
      BOOST_TEST(r.wall_seconds >= 1.5);
      BOOST_TEST(r.wall_seconds < 1.5 + 2);
    }
  }
}

BOOST_AUTO_TEST_CASE(cpu_time_is_limited) {
  TempDir work;
  auto req = shell("while :; do :; done", work.path());
  req.limits.cpu_seconds = 1;
  const auto r = sandbox::run(req);
  BOOST_TEST(r.outcome == Outcome::timeout, describe(r));
  BOOST_TEST(r.detail == "CPU-time limit of 1 s");
  BOOST_TEST(r.signal == SIGXCPU);
  BOOST_TEST(r.cpu_seconds >= 0.9);
  BOOST_TEST(r.wall_seconds < 4);
}

BOOST_AUTO_TEST_CASE(a_fork_bomb_ends_and_leaves_no_process_behind_at_every_level) {
  for (const auto level : kLevels) {
    TempDir work;
    // The marker is in the command line of every copy of the shell.
    const std::string marker = "grader_bomb_" + std::to_string(static_cast<int>(level));
    auto req =
        shell(marker + "() { " + marker + " | " + marker + " & }; " + marker, work.path(), level);
    req.limits.wall_seconds = 2;
    req.limits.processes = 32;
    const auto start = std::chrono::steady_clock::now();
    const auto r = sandbox::run(req);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level) << ": " << describe(r)) {
      BOOST_TEST((r.outcome == Outcome::timeout || r.outcome == Outcome::exited));
      BOOST_TEST(seconds < 2 + 3);
      // Give the kernel a moment to finish tearing down what was killed.
      int left = 0;
      for (int i = 0; i < 50 && (left = processes_with(marker)) > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      BOOST_TEST(left == 0);
      const auto after = sandbox::run(shell("echo still fine", work.path(), level));
      BOOST_TEST(after.stdout_data == "still fine\n", describe(after));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_process_limit_holds_per_sandbox_where_it_is_enforced) {
  const auto& bin = programs();
  for (const auto level : kLevels) {
    // Two sandboxes at once: each may have 16 processes, whatever the other one does.
    TempDir work1, work2;
    std::vector<sandbox::Result> results(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        auto req = request({bin("forker")}, i == 0 ? work1.path() : work2.path(), level);
        req.read_only = {bin.dir.path()};
        req.limits.processes = 16;
        results[i] = sandbox::run(req);
      });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      for (const auto& r : results) {
        BOOST_TEST_MESSAGE(sandbox::isolation_name(level)
                           << ": " << r.stdout_data.substr(0, 5) << " forks; " << r.protection);
        BOOST_TEST(r.outcome == Outcome::exited, describe(r));
        const int forks = std::atoi(r.stdout_data.c_str());
        if (r.protection.find("processes not limited") != std::string::npos) {
          BOOST_TEST(forks == 200);
        } else {
          BOOST_TEST(forks < 16);
          BOOST_TEST(forks >= 12);  // not shared with the other sandbox
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_memory_hog_hits_the_memory_limit_at_every_level) {
  const auto& bin = programs();
  for (const auto level : kLevels) {
    for (const char* hog : {"hog_new", "hog_malloc"}) {
      TempDir work;
      auto req = request({bin(hog)}, work.path(), level);
      req.read_only = {bin.dir.path()};
      req.limits.memory_bytes = 256 << 20;
      const auto r = sandbox::run(req);
      BOOST_TEST_CONTEXT(sandbox::isolation_name(level) << " " << hog) {
        BOOST_TEST(r.outcome == Outcome::memory_limit, describe(r));
        BOOST_TEST(r.detail.find("256 MiB") != std::string::npos, r.detail);
        BOOST_TEST(r.peak_memory_bytes < std::size_t{300} << 20);
      }
    }
  }
  // Python's MemoryError too.
  TempDir work;
  auto req = request({"python3", "-c", "x = bytearray(4 << 30)"}, work.path());
  req.limits.memory_bytes = 256 << 20;
  const auto r = sandbox::run(req);
  BOOST_TEST(r.outcome == Outcome::memory_limit, describe(r));
  BOOST_TEST(r.detail.find("MemoryError") != std::string::npos, r.detail);
}

// Issue 16: the per-process limit let 14 processes of 480 MiB reach 4.2 GiB. Where a control
// group can be made, the whole run gets one limit (and the protection says so).
BOOST_AUTO_TEST_CASE(many_processes_share_one_memory_limit_where_a_cgroup_is_allowed) {
  const auto& bin = programs();
  TempDir work;
  auto req = request({bin("many_hogs")}, work.path());
  req.read_only = {bin.dir.path()};
  req.limits.memory_bytes = 256 << 20;
  const auto r = sandbox::run(req);
  if (r.protection.find("cgroup v") == std::string::npos) {
    BOOST_TEST_MESSAGE("no cgroup on this machine: " << r.protection);
    BOOST_TEST(r.protection.find("no limit for the whole run (") != std::string::npos,
               r.protection);
    return;
  }
  BOOST_TEST(r.protection.find("320 MiB of memory and 68 processes for the whole run") !=
                 std::string::npos,
             r.protection);
  BOOST_TEST(r.exit_code != 0, describe(r) << " stdout " << r.stdout_data);
  BOOST_TEST(r.run_peak_memory_bytes <= std::size_t{320} << 20);
  BOOST_TEST(r.run_peak_memory_bytes > std::size_t{100} << 20);
}

// tmpfs files count against the run's memory: /dev/shm and /tmp are small, the root is
// read-only (bwrap's root was a writable tmpfs of half the host's RAM).
BOOST_AUTO_TEST_CASE(the_root_is_read_only_and_tmp_is_small_under_bubblewrap) {
  if (level_for(Isolation::bubblewrap) != Isolation::bubblewrap) return;
  TempDir work;
  auto req = shell(
      "touch /rootfile 2>/dev/null && echo root-writable; "
      "head -c 20000000 /dev/zero > /dev/shm/big 2>/dev/null || echo shm-full; "
      "head -c 20000000 /dev/zero > /tmp/big 2>/dev/null || echo tmp-full; exit 0",
      work.path());
  req.limits.file_bytes = 8 << 20;
  const auto r = sandbox::run(req);
  BOOST_TEST(r.stdout_data == "shm-full\ntmp-full\n", describe(r) << r.stdout_data);
}

// A program that stops the sandbox's pid 1 turned a crash into a timeout: ptrace is refused
// and pid 1's memory is covered.
BOOST_AUTO_TEST_CASE(no_program_can_trace_the_sandbox_init) {
  const auto& bin = programs();
  for (const auto level : kLevels) {
    TempDir work;
    auto req = request({bin("tracer")}, work.path(), level);
    req.read_only = {bin.dir.path()};
    const auto r = sandbox::run(req);
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.stdout_data.find("seize -1 errno 1\n") == 0, describe(r) << r.stdout_data);
      if (level_for(level) != Isolation::rlimits) {
        BOOST_TEST(r.stdout_data.find("mem refused") != std::string::npos, r.stdout_data);
      }
      BOOST_TEST(r.protection.find("refused system calls: ptrace") != std::string::npos,
                 r.protection);
    }
  }
}

// Files inside what bubblewrap shows (/usr) can be hidden too: an installed grader's data.
BOOST_AUTO_TEST_CASE(hidden_paths_under_usr_are_covered) {
  if (level_for(Isolation::bubblewrap) != Isolation::bubblewrap) return;
  TempDir work;
  auto req =
      shell("ls /usr/share/doc | head -1; cat /usr/include/stdio.h | wc -c; exit 0", work.path());
  req.hidden = {"/usr/share/doc", "/usr/include/stdio.h"};
  const auto r = sandbox::run(req);
  BOOST_TEST(r.stdout_data == "0\n", describe(r) << r.stdout_data);
}

BOOST_AUTO_TEST_CASE(a_crash_is_reported_with_its_signal_at_every_level) {
  const auto& bin = programs();
  for (const auto level : kLevels) {
    TempDir work;
    auto req = request({bin("crash")}, work.path(), level);
    req.read_only = {bin.dir.path()};
    const auto r = sandbox::run(req);
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::signaled, describe(r));
      BOOST_TEST(r.signal == SIGSEGV);
      BOOST_TEST(r.exit_code == -1);
    }
    const auto killed = sandbox::run(shell("kill -FPE $$", work.path(), level));
    BOOST_TEST(killed.outcome == Outcome::signaled, describe(killed));
    BOOST_TEST(killed.signal == SIGFPE);
  }
  BOOST_TEST(sandbox::signal_name(SIGSEGV) == "SIGSEGV (segmentation fault)");
  BOOST_TEST(sandbox::signal_name(SIGABRT) == "SIGABRT (abort)");
  BOOST_TEST(sandbox::signal_name(SIGFPE) == "SIGFPE (arithmetic error)");
  BOOST_TEST(sandbox::signal_name(SIGKILL) == "SIGKILL (killed)");
  BOOST_TEST(sandbox::signal_name(SIGWINCH) == "SIGWINCH");
  BOOST_TEST(sandbox::signal_name(1000) == "signal 1000");
}

BOOST_AUTO_TEST_CASE(writes_outside_the_work_folder_fail) {
  TempDir outside;
  const auto host_tmp = fs::temp_directory_path() / ("grader-pwned-" + std::to_string(getpid()));
  const std::string script = "echo x > /work/main/pwned; echo x > '" +
                             (outside / "pwned").string() + "'; echo x > '" + host_tmp.string() +
                             "'; echo x > /pwned; echo x > inside; exit 0";
  for (const auto level : kLevels) {
    TempDir work;
    const auto r = sandbox::run(shell(script, work.path(), level));
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level) << ": " << describe(r)) {
      BOOST_TEST(r.outcome == Outcome::exited);
      BOOST_TEST(fs::exists(work / "inside"));
      const bool root = ::geteuid() == 0;
      if (level_for(level) == Isolation::rlimits) {
        // Promised: a uid of its own when grader is root, so only folders everyone may write
        // (like /tmp) are writable outside.
        BOOST_TEST_MESSAGE("rlimits: only the uid protects the host's files");
        if (root) {
          BOOST_TEST(!fs::exists("/work/main/pwned"));
          BOOST_TEST(!fs::exists(outside / "pwned"));
          BOOST_TEST(!fs::exists("/pwned"));
        }
      } else {
        BOOST_TEST(!fs::exists("/work/main/pwned"));
        BOOST_TEST(!fs::exists(outside / "pwned"));
        BOOST_TEST(!fs::exists(host_tmp));
        BOOST_TEST(!fs::exists("/pwned"));
      }
    }
    std::error_code ec;
    fs::remove(host_tmp, ec);
  }
}

BOOST_AUTO_TEST_CASE(other_students_files_and_the_graders_folders_are_invisible) {
  TempDir other;
  write_file(other / "bob/answers.yaml", "secret answer of bob\n");
  const std::string secret = (other / "bob/answers.yaml").string();
  TempDir work;
  const auto r = sandbox::run(
      shell("cat '" + secret + "'; ls /work /root /home; cat /etc/shadow; exit 0", work.path()));
  if (r.isolation == Isolation::bubblewrap) {
    BOOST_TEST(r.outcome == Outcome::exited, describe(r));
    BOOST_TEST(r.stdout_data.empty(), r.stdout_data);
    BOOST_TEST(r.stderr_data.find("No such file") != std::string::npos, r.stderr_data);
  } else {
    BOOST_TEST_MESSAGE("no bubblewrap: files the host lets everyone read stay readable");
  }
  // Every level, when grader is root: files readable by their owner only stay hidden, and so
  // does another run's work folder made 0700 (each run has a uid of its own).
  if (::geteuid() == 0) {
    fs::permissions(other / "bob/answers.yaml", fs::perms::owner_read | fs::perms::owner_write);
    TempDir alice;
    fs::permissions(alice.path(), fs::perms::owner_all);
    const auto a = sandbox::run(shell("echo alice-secret > answer.txt", alice.path()));
    BOOST_TEST(a.exit_code == 0, describe(a));
    const std::string alice_answer = (alice / "answer.txt").string();
    for (const auto level : kLevels) {
      TempDir mine;
      const auto s = sandbox::run(shell("cat '" + secret + "'", mine.path(), level));
      BOOST_TEST(s.stdout_data.empty(), sandbox::isolation_name(level));
      BOOST_TEST(s.exit_code != 0, sandbox::isolation_name(level));
      const auto t = sandbox::run(shell("cat '" + alice_answer + "'", mine.path(), level));
      BOOST_TEST(t.stdout_data.empty(), sandbox::isolation_name(level));
      BOOST_TEST(t.exit_code != 0, sandbox::isolation_name(level));
    }
    BOOST_TEST(read_file(alice / "answer.txt") == "alice-secret\n");
  }
}

// Hidden folders (the class, the problems) are invisible at the namespaces level too, even
// when everyone may read them; a hidden folder holding the work folder is left visible.
BOOST_AUTO_TEST_CASE(hidden_folders_are_invisible_where_files_everyone_reads_are_not) {
  TempDir cls;
  write_file(cls / "bob/answers.yaml", "secret answer of bob\n");
  fs::permissions(cls.path(), fs::perms::others_read | fs::perms::others_exec,
                  fs::perm_options::add);
  const std::string secret = (cls / "bob/answers.yaml").string();
  for (const auto level : {Isolation::bubblewrap, Isolation::namespaces}) {
    if (level_for(level) != level) continue;
    TempDir work;
    sandbox::Request r = shell("cat '" + secret + "'; exit 0", work.path(), level);
    r.hidden = {cls.path(), "/no/such/folder"};
    const auto s = sandbox::run(r);
    BOOST_TEST(s.exit_code == 0, describe(s));
    BOOST_TEST(s.stdout_data.empty(), sandbox::isolation_name(level) << ": " << s.stdout_data);
    if (level == Isolation::namespaces) {
      BOOST_TEST(s.protection.find("except 1 hidden folder") != std::string::npos, s.protection);
    }
  }
  if (level_for(Isolation::namespaces) == Isolation::namespaces) {
    // The work folder inside a hidden folder: not hidden, or the program could not run.
    fs::create_directories(cls / "work");
    fs::permissions(cls / "work", fs::perms::owner_all);
    sandbox::Request r = shell("echo here", cls / "work", Isolation::namespaces);
    r.hidden = {cls.path()};
    const auto s = sandbox::run(r);
    BOOST_TEST(s.stdout_data == "here\n", describe(s));
    BOOST_TEST(s.protection.find("hidden folder") == std::string::npos, s.protection);
  }
}

BOOST_AUTO_TEST_CASE(there_is_no_network) {
  TempDir work;
  const std::string script =
      "import socket\n"
      "try:\n"
      "    socket.create_connection(('1.1.1.1', 53), timeout=3)\n"
      "    print('connected')\n"
      "except OSError as e:\n"
      "    print('refused', e)\n"
      "print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))\n";
  for (const auto level : {Isolation::bubblewrap, Isolation::namespaces}) {
    const auto r = sandbox::run(request({"python3", "-c", script}, work.path(), level));
    if (level_for(level) == Isolation::rlimits) {
      BOOST_TEST_MESSAGE("rlimits only: the network is not cut off (not promised)");
      continue;
    }
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::exited, describe(r));
      BOOST_TEST(r.stdout_data.rfind("refused", 0) == 0, r.stdout_data);
      // Only the loopback interface of its own network namespace.
      BOOST_TEST(r.stdout_data.find("['lo']") != std::string::npos, r.stdout_data);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_work_folder_is_the_writable_cwd_and_home) {
  for (const auto level : kLevels) {
    TempDir work;
    const auto r = sandbox::run(
        shell("pwd; echo \"$HOME\"; echo \"$TMPDIR\"; echo \"$LANG\"; echo data > f.txt; cat f.txt",
              work.path(), level));
    const auto w = fs::canonical(work.path()).string();
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::exited, describe(r));
      BOOST_TEST(r.stdout_data == w + "\n" + w + "\n" + w + "\nC.UTF-8\ndata\n");
      BOOST_TEST(read_file(work / "f.txt") == "data\n");
    }
  }
  // The environment is the request's, not grader's.
  TempDir work;
  ::setenv("GRADER_SANDBOX_TEST_SECRET", "leak", 1);
  auto req = shell("echo \"[$GRADER_SANDBOX_TEST_SECRET][$MINE]\"", work.path());
  req.env = {{"MINE", "x y"}};
  const auto r = sandbox::run(req);
  BOOST_TEST(r.stdout_data == "[][x y]\n");
}

BOOST_AUTO_TEST_CASE(python_and_a_compiled_binary_in_a_read_only_folder_run) {
  const auto& bin = programs();
  TempDir work;
  const auto py = sandbox::run(
      request({"/usr/bin/python3", "-c", "import os, sys; print(sys.version_info[0], os.getcwd())"},
              work.path()));
  BOOST_TEST(py.outcome == Outcome::exited, describe(py));
  BOOST_TEST(py.stdout_data == "3 " + fs::canonical(work.path()).string() + "\n");

  auto req = request({bin("hello")}, work.path());
  req.read_only = {bin.dir.path()};
  const auto r = sandbox::run(req);
  BOOST_TEST(r.outcome == Outcome::exited, describe(r));
  BOOST_TEST(r.stdout_data == "hello from C++\n");
  // Read-only indeed.
  auto write = shell("echo x > '" + (bin.dir / "new").string() + "'", work.path());
  write.read_only = {bin.dir.path()};
  const auto w = sandbox::run(write);
  if (w.isolation != Isolation::rlimits || ::geteuid() == 0) {
    BOOST_TEST(w.exit_code != 0, describe(w));
    BOOST_TEST(!fs::exists(bin.dir / "new"));
  }
}

BOOST_AUTO_TEST_CASE(g_plus_plus_compiles_an_eigen_program_inside) {
  TempDir work;
  write_file(work / "main.cpp", R"(#include <Eigen/Dense>
#include <iostream>
int main() {
  Eigen::Matrix2d a;
  a << 2, 1, 1, 3;
  std::cout << a.inverse().sum() << "\n";
}
)");
  auto compile =
      request({"g++", "-O1", "-I/usr/include/eigen3", "main.cpp", "-o", "main"}, work.path());
  compile.limits.memory_bytes = std::size_t{2} << 30;
  compile.limits.wall_seconds = 60;
  compile.limits.cpu_seconds = 60;
  compile.limits.file_bytes = 64 << 20;
  const auto c = sandbox::run(compile);
  BOOST_TEST(c.outcome == Outcome::exited, describe(c));
  BOOST_TEST(c.exit_code == 0, c.stderr_data);
  BOOST_TEST_MESSAGE("g++ on Eigen: " << c.wall_seconds << " s wall, " << c.cpu_seconds
                                      << " s CPU, " << (c.peak_memory_bytes >> 20) << " MiB");
  const auto r = sandbox::run(request({"./main"}, work.path()));
  BOOST_TEST(r.outcome == Outcome::exited, describe(r));
  BOOST_TEST(r.stdout_data == "0.6\n");  // (3 - 1 - 1 + 2) / 5
}

BOOST_AUTO_TEST_CASE(parallel_runs_do_not_interfere) {
  constexpr int kThreads = 4;
  std::vector<std::unique_ptr<TempDir>> dirs;
  std::vector<sandbox::Result> results(kThreads);
  std::vector<std::string> inputs(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    dirs.push_back(std::make_unique<TempDir>());
    for (int line = 0; inputs[i].size() < 1'000'000; ++line) {
      inputs[i] += std::to_string(i) + ":" + std::to_string(line) + "\n";
    }
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Thread 3 runs a program that times out meanwhile; the others still finish.
      auto req = i == 3
                     ? shell("sleep 30", dirs[i]->path())
                     : shell("cat > in.txt; echo " + std::to_string(i) + " > mark; cat in.txt mark",
                             dirs[i]->path());
      req.stdin_data = inputs[i];
      req.limits.wall_seconds = i == 3 ? 2 : 20;
      results[i] = sandbox::run(req);
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST_CONTEXT("thread " << i) {
      BOOST_TEST(results[i].outcome == Outcome::exited, describe(results[i]));
      BOOST_TEST((results[i].stdout_data == inputs[i] + std::to_string(i) + "\n"));
      BOOST_TEST(read_file(*dirs[i] / "mark") == std::to_string(i) + "\n");
    }
  }
  BOOST_TEST(results[3].outcome == Outcome::timeout, describe(results[3]));
}

BOOST_AUTO_TEST_CASE(a_missing_command_fails_to_start_at_every_level) {
  for (const auto level : kLevels) {
    TempDir work;
    const auto r = sandbox::run(request({"no-such-command-xyz"}, work.path(), level));
    BOOST_TEST_CONTEXT(sandbox::isolation_name(level)) {
      BOOST_TEST(r.outcome == Outcome::failed_to_start, describe(r));
      BOOST_TEST(r.detail.find("no-such-command-xyz") != std::string::npos, r.detail);
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_requests_are_sandbox_errors) {
  TempDir work;
  const auto message_of = [](const sandbox::Request& req) -> std::string {
    try {
      sandbox::run(req);
    } catch (const sandbox::SandboxError& e) {
      BOOST_TEST((e.exit_code() == ExitCode::internal));
      return e.what();
    }
    return "no error";
  };
  BOOST_TEST(message_of(request({}, work.path())) == "sandbox: empty command");
  BOOST_TEST(message_of(request({"true"}, "relative")) ==
             "sandbox: the work folder 'relative' is not an existing absolute folder");
  auto ro = request({"true"}, work.path());
  ro.read_only = {work / "missing"};
  BOOST_TEST(message_of(ro) == "sandbox: the read-only path '" + (work / "missing").string() +
                                   "' is not an existing absolute path");
  auto wall = request({"true"}, work.path());
  wall.limits.wall_seconds = 0;
  BOOST_TEST(message_of(wall) == "sandbox: the wall-clock limit must be > 0");
}

// An invalid request is a bug in grader, not in the program: an InternalError, never a run
// that failed to start.
BOOST_AUTO_TEST_CASE(invalid_requests_are_internal_errors) {
  TempDir work;
  BOOST_CHECK_EXCEPTION(sandbox::run(request({}, work.path())), grader::InternalError,
                        [](const grader::InternalError& e) {
                          return std::string(e.what()) == "sandbox: empty command" &&
                                 e.exit_code() == ExitCode::internal;
                        });
}

// As root, a run's work folder is handed to the run's uid (a recursive chown). A folder
// others share (like /tmp) must never be: it is refused (a bug in the caller) and left as it
// was.
BOOST_AUTO_TEST_CASE(a_shared_work_folder_is_refused_and_nothing_in_it_changes_owner) {
  if (::getuid() != 0) {
    BOOST_TEST_MESSAGE("not root: a work folder is never handed over, nothing to refuse");
    return;
  }
  TempDir dir;
  fs::create_directories(dir / "shared/inner");
  fs::permissions(dir / "shared", fs::perms::all);  // 0777, as /tmp is (without the sticky bit)
  for (const Isolation level : kLevels) {
    BOOST_TEST_CONTEXT(level) {
      std::string message = "no error";
      try {
        sandbox::run(request({"true"}, dir / "shared", level));
      } catch (const grader::InternalError& e) {
        message = e.what();
      }
      BOOST_TEST(message == "sandbox: work_dir " + fs::canonical(dir / "shared").string() +
                                " is shared (writable by everyone, or a top-level folder): "
                                "give each run a private folder");
      struct stat st {};
      BOOST_TEST(::stat((dir / "shared/inner").c_str(), &st) == 0);
      BOOST_TEST(st.st_uid == 0u);
    }
  }
}
