#pragma once
// How one random variable of a trial is drawn, with the structure its properties
// (spec/property.hpp) impose, and the directions in its tangent space (see sampler.hpp and
// problems/README.md, "Properties and how inputs are drawn"). sampler.cpp draws the points.

#include <Eigen/Core>
#include <optional>
#include <string>

#include "grader/expr/evaluate.hpp"
#include "grader/sample/rng.hpp"
#include "grader/spec/problem.hpp"

namespace grader::sample::detail {

using Mat = expr::Matrix<double>;
using HighMat = expr::HighMatrix;

// A drawn variable, with what the point reports of it.
struct Drawn {
  Mat value;
  // The same value in 50 digits, where its properties hold to 50 digits: `value` cast, made
  // exactly unit (x/|x|) or orthogonal (the nearest orthogonal matrix) there.
  HighMat exact;
  std::optional<double> condition;  // set for declared-square variables
  std::optional<double> gap;        // set for distinct-eigenvalues variables of size >= 2
};

// Draws one random (non-`value`) variable of concrete size rows×cols into `out`. Returns the
// reason if the draw is unusable; throws InputError when no draw can fit the declaration.
std::optional<std::string> draw_variable(const spec::Variable& variable, long rows, long cols,
                                         const spec::CheckOptions& check, Rng& rng, Drawn& out);

// A direction, in double and in 50 digits, where it is in the tangent space of the 50-digit
// point to 50 digits.
struct DrawnDirection {
  Mat value;
  HighMat exact;
};

// A direction in the tangent space of `variable` at `x` (`exact`: x in 50 digits), entries
// O(1).
DrawnDirection draw_direction(const spec::Variable& variable, const Mat& x, const HighMat& exact,
                              Rng& rng);

// The ratio of the extreme singular values (the 2-norm condition number of a square
// matrix); infinite for a singular one.
double condition_number(const Mat& m);

// "rows×cols", as messages write a concrete shape.
std::string shape_text(Eigen::Index rows, Eigen::Index cols);

}  // namespace grader::sample::detail
