// C++ references in the browser (GRADER_WEB): there is no compiler and no process to run
// one, so a problem whose F or reference is C++ throws ReferenceError at once, saying that
// the command line checks it. Problems without C++ never get here (reference_program()
// returns nullptr for them, as natively).

#include <fmt/format.h>

#include "grader/code/reference_program.hpp"

namespace grader::code {

namespace {

ReferenceError needs_command_line(const std::string& what) {
  return ReferenceError(fmt::format(
      "{} is C++, which the browser cannot compile: check this problem with `grader check`", what));
}

}  // namespace

struct ReferenceProgram::Child {};

ReferenceProgram::ReferenceProgram(std::vector<ReferenceEntry> entries,
                                   const std::filesystem::path&)
    : entries_(std::move(entries)) {
  throw needs_command_line("the reference program");
}

ReferenceProgram::~ReferenceProgram() = default;

template <class T>
expr::Matrix<T> ReferenceProgram::call(std::size_t, const expr::Bindings<T>&) {
  throw needs_command_line("the reference program");
}

template expr::Matrix<double> ReferenceProgram::call(std::size_t, const expr::Bindings<double>&);
template expr::Matrix<expr::Complex> ReferenceProgram::call(std::size_t,
                                                            const expr::Bindings<expr::Complex>&);
template expr::Matrix<expr::High> ReferenceProgram::call(std::size_t,
                                                         const expr::Bindings<expr::High>&);

std::shared_ptr<ReferenceProgram> reference_program(const spec::Problem& problem) {
  if (problem.function_cpp) throw needs_command_line(fmt::format("{}'s F", problem.id));
  if (problem.answer.cpp_reference) {
    throw needs_command_line(fmt::format("{}'s reference", problem.id));
  }
  return nullptr;
}

void set_reference_call_seconds(double) {}

}  // namespace grader::code
