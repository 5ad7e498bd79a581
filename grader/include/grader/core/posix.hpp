#pragma once
// Small helpers around POSIX system calls. Header-only and allocation-free: the sandbox calls
// them between fork() and execve(), where only async-signal-safe code may run.

#include <cerrno>

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

}  // namespace grader
