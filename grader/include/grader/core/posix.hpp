#pragma once
// Small helpers around POSIX system calls. Header-only; retry_on_eintr is allocation-free:
// the sandbox calls it between fork() and execve(), where only async-signal-safe code may run.

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace grader {

// Calls `call` (a system call that returns a negative value and sets errno on failure) again
// as long as a signal interrupted it (EINTR); returns its first other result, errno as it
// left it.
template <class F>
auto retry_on_eintr(F call) noexcept(noexcept(call())) -> decltype(call()) {
  for (;;) {
    const auto result = call();
    if (!(result < 0 && errno == EINTR)) return result;
  }
}

// An open file descriptor, closed when its owner goes (or on reset()); -1 when none.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace grader
