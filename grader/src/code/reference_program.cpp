#include "grader/code/reference_program.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "cache.hpp"
#include "grader/code/build.hpp"
#include "grader/core/files.hpp"
#include "grader/core/posix.hpp"
#include "grader/sandbox/sandbox.hpp"

extern char** environ;

namespace grader::code {

// The texts compiled with every reference (generated/reference_sources.cpp).
const std::string& reference_api_text();
const std::string& high_type_text();
const std::string& reference_driver_text();

namespace fs = std::filesystem;
using expr::Complex;
using expr::High;

namespace {

// GRADER_REFERENCE_CALL_SECONDS, else 60.
double default_call_seconds() {
  if (const char* env = std::getenv("GRADER_REFERENCE_CALL_SECONDS"); env != nullptr) {
    char* end = nullptr;
    const double seconds = std::strtod(env, &end);
    if (end != env && seconds > 0) return seconds;
  }
  return 60.0;
}

std::atomic<double> call_seconds{default_call_seconds()};

constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;

// "lecture06/ode.hpp: ode::loss, lecture06/ode.hpp: ode::gradient".
std::string describe(const std::vector<ReferenceEntry>& entries) {
  std::string out;
  for (const auto& e : entries) out += (out.empty() ? "" : ", ") + e.source.describe();
  return out;
}

// The header files a program is compiled from: each source's file and, transitively, every
// file it includes with quotes that is in the reference folder (path relative to the folder
// -> text).
std::map<std::string, std::string> header_closure(const std::vector<ReferenceEntry>& entries) {
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::map<std::string, std::string> files;
  std::vector<std::pair<fs::path, std::string>> todo;  // folder, relative path
  for (const auto& e : entries) todo.emplace_back(fs::path(e.source.folder), e.source.file);
  while (!todo.empty()) {
    const auto [folder, file] = todo.back();
    todo.pop_back();
    const std::string key = fs::path(file).lexically_normal().generic_string();
    if (key.rfind("..", 0) == 0 || files.count(key) != 0) continue;
    std::string text;
    try {
      text = read_file(folder / key, kMaxHeaderBytes);
    } catch (const FileError& e) {
      throw ReferenceError(fmt::format("the C++ reference {} cannot be read: {}", key, e.what()));
    }
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      const fs::path beside = fs::path(key).parent_path() / m[1].str();
      std::error_code ec;
      const bool near = fs::is_regular_file(folder / beside, ec);
      todo.emplace_back(folder, (near ? beside : fs::path(m[1].str())).generic_string());
    }
    files.emplace(key, std::move(text));
  }
  return files;
}

// driver.cpp: the headers, the driver, and grader_entries<T>(), each entry compiled for the
// precisions it needs (nullptr elsewhere, which the driver reports).
std::string driver_source(const std::vector<ReferenceEntry>& entries) {
  std::string out = "#include \"grader/code/reference_api.hpp\"\n";
  std::set<std::string> included;
  for (const auto& e : entries) {
    if (included.insert(e.source.file).second)
      out += fmt::format("#include \"{}\"\n", e.source.file);
  }
  out +=
      "#include \"grader/code/reference_driver.hpp\"\n\ntemplate <class T>\n"
      "std::vector<GraderEntry<T>> grader_entries() {\n"
      "  constexpr bool high = std::is_same_v<T, grader::reference::High>;\n"
      "  (void)high;\n  return {";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string entry = fmt::format("&{}<T>", entries[i].source.entry);
    out += (i == 0 ? "" : ", ") +
           (entries[i].every_precision
                ? entry
                : fmt::format("[]() -> GraderEntry<T> {{ if constexpr (high) return {}; "
                              "else return nullptr; }}()",
                              entry));
  }
  return out + "};\n}\n";
}

// The compiler's words with the work folder's path removed, at most 4000 bytes.
std::string compiler_words(std::string text, const fs::path& work) {
  const std::string prefix = work.string() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;)
    text.erase(at, prefix.size());
  if (text.size() > 4000) text = text.substr(0, 4000) + "\n[...]";
  return text;
}

// Compiles `driver` with `files` in a fresh folder of the cache and publishes the binary at
// `binary`. Throws ReferenceError with the compiler's words.
void compile(const fs::path& cache, const std::map<std::string, std::string>& files,
             const std::string& driver, const fs::path& binary, const std::string& what) {
  const fs::path work = detail::fresh_folder(cache, "reference");
  for (const auto& [name, text] : std::map<std::string, std::string>{
           {"include/grader/code/reference_api.hpp", reference_api_text()},
           {"include/grader/expr/high.hpp", high_type_text()},
           {"include/grader/code/reference_driver.hpp", reference_driver_text()},
           {"driver.cpp", driver}}) {
    fs::create_directories((work / name).parent_path());
    detail::write_file(work / name, text);
  }
  for (const auto& [name, text] : files) {
    fs::create_directories((work / "src" / name).parent_path());
    detail::write_file(work / "src" / name, text);
  }
  sandbox::Request r;
  r.argv = {"g++"};
  r.argv.insert(r.argv.end(), detail::kFlags.begin(), detail::kFlags.end());
  for (const std::string& arg :
       {"-I" + (work / "include").string(), "-I" + (work / "src").string(),
        (work / "driver.cpp").string(), std::string("-o"), (work / "program").string()})
    r.argv.push_back(arg);
  r.work_dir = work;
  r.limits = BuildOptions::compile_limits();
  // Instructors' code: resource limits only (the sandbox's weakest level).
  r.strongest = sandbox::Isolation::rlimits;
  const sandbox::Result result = sandbox::run(r);
  std::error_code ec;
  if (result.outcome != sandbox::Outcome::exited || result.exit_code != 0) {
    const std::string words = compiler_words(result.stderr_data, work);
    fs::remove_all(work, ec);
    throw ReferenceError(fmt::format("the C++ reference {} does not compile ({}{}):\n{}", what,
                                     sandbox::outcome_name(result.outcome),
                                     result.detail.empty() ? "" : ": " + result.detail, words));
  }
  fs::rename(work / "program", binary, ec);
  fs::remove_all(work, ec);
  if (ec)
    throw InputError(fmt::format("{}: cannot publish the reference program", binary.string()));
}

std::string hex(double x) {
  return fmt::format("{:a}", x);
}
void put(std::string& out, double x) {
  out += ' ' + hex(x);
}
void put(std::string& out, const Complex& x) {
  out += ' ' + hex(x.real()) + ' ' + hex(x.imag());
}
void put(std::string& out, const High& x) {
  out += ' ' + x.str(std::numeric_limits<High>::max_digits10, std::ios_base::scientific);
}
void take(std::istream& in, double& x) {
  std::string token;
  in >> token;
  x = std::strtod(token.c_str(), nullptr);
}
void take(std::istream& in, Complex& x) {
  double re = 0, im = 0;
  take(in, re);
  take(in, im);
  x = Complex(re, im);
}
void take(std::istream& in, High& x) {
  std::string token;
  in >> token;
  x = High(token);
}

template <class T>
constexpr char precision_letter() {
  if constexpr (std::is_same_v<T, double>) return 'd';
  if constexpr (std::is_same_v<T, Complex>) return 'c';
  return 'h';
}

template <class T>
void put_value(std::string& out, const std::string& name, const expr::Matrix<T>& m) {
  out += fmt::format("{} {} {}", name, m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) put(out, m(i, j));
  out += '\n';
}

}  // namespace

// The running program: its pid and the two ends of its pipes.
struct ReferenceProgram::Child {
  pid_t pid = -1;
  Fd in, out;
  std::string pending;  // read past the last reply

  ~Child() {
    in.reset();
    out.reset();
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      retry_on_eintr([&] { return ::waitpid(pid, nullptr, 0); });
    }
  }
};

namespace {

// Starts `binary` with its stdin and stdout on pipes (its stderr is the grader's: a
// reference's own messages are the instructor's, and go where the grader's diagnostics go).
std::unique_ptr<ReferenceProgram::Child> start(const fs::path& binary) {
  int to_child[2], from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0)
    throw InputError("cannot create a pipe for a C++ reference");
  auto child = std::make_unique<ReferenceProgram::Child>();
  child->in = Fd(to_child[1]);
  const Fd child_in(to_child[0]);
  if (::pipe2(from_child, O_CLOEXEC) != 0)
    throw InputError("cannot create a pipe for a C++ reference");
  child->out = Fd(from_child[0]);
  const Fd child_out(from_child[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, child_out.get(), 1);
  const std::string path = binary.string();
  char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
  const int rc = ::posix_spawn(&child->pid, path.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    child->pid = -1;
    throw ReferenceError(
        fmt::format("the reference program {} cannot be started: {}", path, std::strerror(rc)));
  }
  return child;
}

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// Writes all of `text` before `deadline`; false when the child stopped reading (it died, or
// it is looping) in time.
bool write_all(int fd, std::string_view text, Clock::time_point deadline) {
  const SigpipeBlocked blocked;
  while (!text.empty()) {
    pollfd p{fd, POLLOUT, 0};
    if (retry_on_eintr([&] { return ::poll(&p, 1, remaining_ms(deadline)); }) <= 0) return false;
    const auto n = retry_on_eintr([&] { return ::write(fd, text.data(), text.size()); });
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads one line (without its newline) before `deadline`: nullopt when the child died
// (false) or did not answer in time (true).
std::optional<std::string> read_line(ReferenceProgram::Child& child, Clock::time_point deadline,
                                     bool& timed_out) {
  for (;;) {
    if (const auto nl = child.pending.find('\n'); nl != std::string::npos) {
      std::string line = child.pending.substr(0, nl);
      child.pending.erase(0, nl + 1);
      return line;
    }
    pollfd p{child.out.get(), POLLIN, 0};
    const int ready = retry_on_eintr([&] { return ::poll(&p, 1, remaining_ms(deadline)); });
    if (ready <= 0) {
      timed_out = ready == 0;
      return std::nullopt;
    }
    char buffer[65536];
    const auto n = retry_on_eintr([&] { return ::read(child.out.get(), buffer, sizeof buffer); });
    if (n <= 0) return std::nullopt;
    child.pending.append(buffer, static_cast<std::size_t>(n));
  }
}

// Why the child is gone: its exit status or signal, reaped.
std::string death(ReferenceProgram::Child& child) {
  int status = 0;
  const pid_t pid = std::exchange(child.pid, -1);
  if (pid <= 0 || retry_on_eintr([&] { return ::waitpid(pid, &status, 0); }) != pid)
    return "it stopped";
  if (WIFSIGNALED(status)) return fmt::format("it crashed ({})", strsignal(WTERMSIG(status)));
  return fmt::format("it exited with status {}", WEXITSTATUS(status));
}

}  // namespace

ReferenceProgram::ReferenceProgram(std::vector<ReferenceEntry> entries, const fs::path& cache_dir)
    : entries_(std::move(entries)) {
  detail::prepare_cache(cache_dir);
  const auto files = header_closure(entries_);
  const std::string driver = driver_source(entries_);
  std::vector<std::string> key = {detail::compiler_version(cache_dir), reference_api_text(),
                                  high_type_text(), reference_driver_text(), driver};
  key.insert(key.end(), detail::kFlags.begin(), detail::kFlags.end());
  for (const auto& [name, text] : files) {
    key.push_back(name);
    key.push_back(text);
  }
  binary_ = cache_dir / "bin" / ("reference-" + detail::digest(key));
  std::error_code ec;
  cached_ = fs::is_regular_file(binary_, ec);
  if (!cached_) compile(cache_dir, files, driver, binary_, describe(entries_));
}

ReferenceProgram::~ReferenceProgram() {
  if (child_) {
    const char quit[] = "quit\n";
    const SigpipeBlocked blocked;
    [[maybe_unused]] const auto n = ::write(child_->in.get(), quit, sizeof quit - 1);
  }
}

std::string ReferenceProgram::exchange(std::size_t entry, const std::string& request) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::string what = entries_.at(entry).source.describe();
  if (!broken_.empty()) throw ReferenceError(broken_);
  if (!child_) child_ = start(binary_);
  const double seconds = call_seconds.load();
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  bool timed_out = false;
  std::optional<std::string> line;
  if (write_all(child_->in.get(), request, deadline))
    line = read_line(*child_, deadline, timed_out);
  if (!line) {
    if (timed_out || Clock::now() >= deadline) {
      broken_ = fmt::format(
          "the C++ reference {} did not answer within {:g} s (a loop that "
          "never ends?)",
          what, seconds);
      child_.reset();
    } else {
      broken_ = fmt::format("the C++ reference {} stopped: {}", what, death(*child_));
      child_.reset();
    }
    throw ReferenceError(broken_);
  }
  if (line->rfind("ok ", 0) == 0) return line->substr(3);
  if (line->rfind("error ", 0) == 0)
    throw ReferenceError(fmt::format("the C++ reference {} failed: {}", what, line->substr(6)));
  broken_ = fmt::format(
      "the C++ reference {} wrote to its standard output, which belongs to the "
      "grader: \"{}\"",
      what, line->substr(0, 200));
  child_.reset();
  throw ReferenceError(broken_);
}

template <class T>
expr::Matrix<T> ReferenceProgram::call(std::size_t entry, const expr::Bindings<T>& bindings) {
  std::string values;
  std::size_t count = 0;
  for (const auto& [name, value] : bindings.values) {
    put_value(values, name, value);
    ++count;
  }
  for (const auto& [name, size] : bindings.dimensions) {
    put_value<T>(values, name, expr::Matrix<T>::Constant(1, 1, T(static_cast<double>(size))));
    ++count;
  }
  const std::string request =
      fmt::format("call {} {} {}\n", entry, precision_letter<T>(), count) + values;
  std::istringstream reply(exchange(entry, request));
  Eigen::Index rows = 0, cols = 0;
  reply >> rows >> cols;
  if (!reply || rows < 0 || cols < 0)
    throw ReferenceError(
        fmt::format("the C++ reference {} answered in a form the grader cannot read",
                    entries_.at(entry).source.describe()));
  expr::Matrix<T> out(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) take(reply, out(i, j));
  return out;
}

template expr::Matrix<double> ReferenceProgram::call(std::size_t, const expr::Bindings<double>&);
template expr::Matrix<Complex> ReferenceProgram::call(std::size_t, const expr::Bindings<Complex>&);
template expr::Matrix<High> ReferenceProgram::call(std::size_t, const expr::Bindings<High>&);

namespace {

std::vector<ReferenceEntry> problem_entries(const spec::Problem& problem) {
  std::vector<ReferenceEntry> out;
  if (problem.function_cpp) out.push_back({*problem.function_cpp, true});
  if (problem.answer.cpp_reference) out.push_back({*problem.answer.cpp_reference, false});
  return out;
}

}  // namespace

std::shared_ptr<ReferenceProgram> reference_program(const spec::Problem& problem) {
  const std::vector<ReferenceEntry> entries = problem_entries(problem);
  if (entries.empty()) return nullptr;
  struct Slot {
    std::once_flag once;
    std::shared_ptr<ReferenceProgram> program;
    std::string error;
  };
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<Slot>> slots;
  std::string key;
  for (const auto& e : entries) {
    key += fmt::format("{}\n{}\n{}\n{}\n", e.source.folder, e.source.file, e.source.entry,
                       e.every_precision);
  }
  std::shared_ptr<Slot> slot;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    auto& entry = slots[key];
    if (!entry) entry = std::make_shared<Slot>();
    slot = entry;
  }
  // Compiled once, even when several problems ask at once (grade prepares them in parallel).
  std::call_once(slot->once, [&] {
    try {
      slot->program =
          std::make_shared<ReferenceProgram>(entries, BuildOptions::default_cache_dir());
    } catch (const ReferenceError& e) {
      slot->error = e.what();
    }
  });
  if (!slot->program) throw ReferenceError(slot->error);
  return slot->program;
}

void set_reference_call_seconds(double seconds) {
  call_seconds.store(seconds);
}

}  // namespace grader::code
