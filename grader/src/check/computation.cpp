#include "grader/check/computation.hpp"

#include <fmt/format.h>

#include "grader/oracle/oracles.hpp"

namespace grader::check {

Computation::Computation(expr::Formula formula) : formula_(std::move(formula)) {}

Computation::Computation(std::shared_ptr<code::ReferenceProgram> program, std::size_t entry)
    : program_(std::move(program)), entry_(entry) {}

template <class T>
expr::Matrix<T> Computation::operator()(const expr::Bindings<T>& bindings) const {
  if (formula_) return expr::evaluate(*formula_, bindings);
  return program_->call(entry_, bindings);
}

template expr::Matrix<double> Computation::operator()(const expr::Bindings<double>&) const;
template expr::Matrix<expr::Complex> Computation::operator()(
    const expr::Bindings<expr::Complex>&) const;
template expr::Matrix<expr::High> Computation::operator()(const expr::Bindings<expr::High>&) const;

bool Computation::complex_step_applies() const {
  return !formula_ || oracle::complex_step_applies(*formula_);
}

std::string Computation::describe(const std::string& role) const {
  if (formula_) return role;
  return fmt::format("the C++ {} {}", role, program_->sources().at(entry_).describe());
}

Computation problem_function(const spec::Problem& problem) {
  if (problem.function_cpp)
    return Computation(code::reference_program(problem), code::function_entry(problem));
  if (!problem.function) throw InternalError("problem " + problem.id + " has no function");
  return Computation(spec::parse_formula(*problem.function));
}

Computation problem_reference(const spec::Problem& problem, const std::string& part) {
  if (problem.answer.cpp_reference)
    return Computation(code::reference_program(problem), code::reference_entry(problem));
  const auto& refs = problem.answer.reference;
  auto it = refs.find(part);
  if (it == refs.end() && refs.size() == 1) it = refs.begin();
  if (it == refs.end())
    throw InternalError(fmt::format("problem {} has no reference for '{}'", problem.id, part));
  return Computation(spec::parse_formula(it->second));
}

}  // namespace grader::check
