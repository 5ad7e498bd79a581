#pragma once
// Words and literals the checker's messages use for an answer (checker.cpp).

#include <string>

#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check::detail {

// What the answer stands for, for messages: "dF", "the gradient with respect to x", ...
std::string answer_noun(const spec::Problem& p, const std::string& part);
// A value as a formula-language literal with every digit of the double: "0.5",
// "[1 2; 3 4]", "[1; 2]", so that it can be pasted into grader eval.
std::string literal(const expr::Matrix<double>& m);
// What the matrix of a non-differential answer is, in terms of the differential it omits.
std::string matrix_meaning(const spec::Problem& p, const std::string& differential);

}  // namespace grader::check::detail
