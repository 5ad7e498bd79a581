#pragma once
// C++ references (problems/README.md, "C++ references"): a problem's F or reference written as
// a function template over the scalar type in the reference folder (code/reference_api.hpp).
// The entries a problem names are compiled once into a small program (its main() is
// src/code/reference_driver.hpp), kept in the code cache under a digest of the sources (the
// header and every header it includes with quotes), the driver, the flags and the compiler, so
// that a changed reference or a compiler upgrade recompiles and nothing else does. The program
// then runs as one child process for the grader's lifetime and answers one evaluation at a
// time over pipes, in double, complex<double> or 50 digits.
//
// Instructors' code is trusted: it is compiled and run as the grader, outside the sandbox. But a
// reference that does not compile, throws, loops, crashes or returns NaN raises ReferenceError
// naming it: the problem gets an `error`, never a student's fail.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::code {

// A C++ reference that failed: what() names the file, the entry and what happened. The
// spec's fault, like a spec that does not load (exit status 2 where it ends a command).
class ReferenceError : public InputError {
 public:
  using InputError::InputError;
};

class ReferenceProgram {
 public:
  // Compiles the program holding `sources`' entries, in order (or finds it in the cache).
  // Throws ReferenceError with the compiler's words when it does not compile, Error when the
  // cache cannot be written.
  ReferenceProgram(std::vector<spec::CppSource> sources, const std::filesystem::path& cache_dir);
  ~ReferenceProgram();
  ReferenceProgram(const ReferenceProgram&) = delete;
  ReferenceProgram& operator=(const ReferenceProgram&) = delete;

  // sources[entry] at the bindings (variables, lets, directions; dimensions as 1×1 values).
  // Thread-safe (one call at a time). Throws ReferenceError when it throws, returns NaN or Inf,
  // takes longer than the call limit, or dies; after a timeout or a death, every later call
  // throws the same error at once.
  template <class T>
  expr::Matrix<T> call(std::size_t entry, const expr::Bindings<T>& bindings);

  const std::vector<spec::CppSource>& sources() const { return sources_; }
  // Whether the program came from the cache rather than the compiler.
  bool cached() const { return cached_; }

  struct Child;  // the running program (reference_program.cpp)

 private:
  std::string exchange(std::size_t entry, const std::string& request);

  std::vector<spec::CppSource> sources_;
  std::filesystem::path binary_;
  bool cached_ = false;
  std::mutex mutex_;
  std::unique_ptr<Child> child_;
  std::string broken_;  // why every call now fails (a timeout, a crash)
};

// The program of a problem's C++: F's entry first when F is C++, then the reference's. One
// per distinct set of sources in this process, shared by every caller (one compilation, one
// child). nullptr when the problem has no C++. A program that failed to compile throws its
// ReferenceError again at each request, without compiling again.
std::shared_ptr<ReferenceProgram> reference_program(const spec::Problem& problem);
// The entry index of F and of the reference in reference_program(problem).
std::size_t function_entry(const spec::Problem& problem);
std::size_t reference_entry(const spec::Problem& problem);

// How long one call may take before the program counts as looping (default 60 s; tests
// shorten it).
void set_reference_call_seconds(double seconds);

}  // namespace grader::code
