#pragma once
// The one error root of grader. Every error the library throws derives from Error and
// carries the process exit code that main() uses; the library itself never exits.

#include <stdexcept>
#include <string>

namespace grader {

// Exit codes of the command-line tool (documented in docs/command-line.md).
enum class ExitCode : int {
  success = 0,
  check_failed = 1,   // a checked answer was wrong
  bad_input = 2,      // bad usage, or input that cannot be read, parsed or evaluated
  internal = 3,       // a bug in grader itself
  incomplete = 4,     // grade: graded, but a spec, a submission or an answer could not be used
  interrupted = 130,  // grade: stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it)
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode exit_code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// Bad command-line usage or unreadable input.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(ExitCode::bad_input, message) {}
};

// Something grader assumed could not happen; reported, never ignored.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message)
      : Error(ExitCode::internal, "internal error: " + message) {}
};

}  // namespace grader
