#pragma once
// What a problem computes besides the answer: its function F and its reference, each either a
// formula of the spec or an entry of the problem's C++ program (code/reference_program.hpp).
// Checking, validation and the oracles evaluate them through this one type, in double,
// complex<double> or 50 digits, without caring which they are.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/code/reference_program.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

class Computation {
 public:
  explicit Computation(expr::Formula formula);
  Computation(std::shared_ptr<code::ReferenceProgram> program, std::size_t entry);

  // The value at `bindings`. A formula throws expr::FormulaError (a domain error: the point
  // is outside where it is defined); C++ throws code::ReferenceError (the spec's fault).
  template <class T>
  expr::Matrix<T> operator()(const expr::Bindings<T>& bindings) const;

  // The formula, or nullptr for C++ (diagnoses that rewrite the reference need a formula).
  const expr::Formula* formula() const { return formula_ ? &*formula_ : nullptr; }
  // Whether the complex step may differentiate it: a formula whose builtins are all analytic;
  // C++ always (its author branches on real_part: problems/README.md).
  bool complex_step_applies() const;
  // "the reference" for a formula; "the C++ reference FILE: ENTRY" for C++.
  std::string describe(const std::string& role) const;

 private:
  std::optional<expr::Formula> formula_;
  std::shared_ptr<code::ReferenceProgram> program_;
  std::size_t entry_ = 0;
};

// The problem's F. Throws code::ReferenceError when its C++ does not compile; InternalError
// when it has none.
Computation problem_function(const spec::Problem& problem);
// The reference of one part of the answer ("" or a wrt variable of a multi-variable gradient).
Computation problem_reference(const spec::Problem& problem, const std::string& part);

extern template expr::Matrix<double> Computation::operator()(const expr::Bindings<double>&) const;
extern template expr::Matrix<expr::Complex> Computation::operator()(
    const expr::Bindings<expr::Complex>&) const;
extern template expr::Matrix<expr::High> Computation::operator()(
    const expr::Bindings<expr::High>&) const;

}  // namespace grader::check
