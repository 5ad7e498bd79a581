#pragma once
// Draws the inputs of one trial of a problem: dimensions, variables respecting their
// properties, and directions that respect the variables' structure.
//
// - Dimensions: each drawn from its range, distinct symbols getting distinct values where
//   the ranges allow (so that a transposed factor cannot hide in a square matrix).
// - Variables: entries of a generic matrix are uniform in [-1, 1] (or the `range`); each
//   property is imposed by construction (see problems/README.md); square matrices are
//   redrawn while their condition number exceeds check.max_condition, and
//   distinct-eigenvalues ones while their relative eigenvalue gap is below check.min_eigen_gap.
//   The worst condition number and smallest gap of the accepted draw are reported.
// - `value:` variables are evaluated, not drawn.
// - `require:` formulas must evaluate to a positive scalar, else the draw is redone.
// - Directions: one per varied (`wrt`) variable, O(1) in size, in the variable's tangent
//   space: symmetric for symmetric, skew for skew-symmetric, Q*K (K skew) for orthogonal,
//   orthogonal to x for unit vectors, the same zero pattern for diagonal and triangular.
// - Exact structure: the point and its directions are also kept in 50 digits, the arithmetic
//   that decides, where every property and every tangency holds to 50 digits (a unit vector
//   is x/|x| there, an orthogonal matrix the nearest orthogonal one, Q*K with K skew its
//   direction, a `value:` is evaluated there). The double values are those of the plain
//   draw, within double rounding of the 50-digit ones.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/spec/problem.hpp"

namespace grader::sample {

// A candidate point that was rejected and redrawn, and why.
struct Redraw {
  enum class Cause {
    draw,       // a variable's condition number, eigenvalue gap or contradictory properties
    require,    // a `require:` formula was not positive (or could not be evaluated)
    undefined,  // a formula the problem needs (a value, a let, or the caller's filter: F, the
                // reference) is undefined there: a property or require is missing
  };
  Cause cause = Cause::draw;
  std::string reason;  // "let 'M': log of a non-positive number: ..."
  std::string fix;     // undefined only: the declaration that prevents it (sample/domain.hpp)
};

using HighValues = std::map<std::string, expr::HighMatrix, std::less<>>;

// The directions of the wrt variables, by variable, in double, with `exact`: the same in 50
// digits (check::to_high uses it), in the tangent space of the 50-digit point.
struct Directions : std::map<std::string, expr::Matrix<double>, std::less<>> {
  HighValues exact;
};

struct Point {
  std::map<std::string, long, std::less<>> dims;
  std::map<std::string, expr::Matrix<double>, std::less<>> values;  // every variable
  HighValues exact;       // every variable in 50 digits, with its properties exact there
  Directions directions;  // wrt variables only
  // A second, independent direction per wrt variable (for mixed second derivatives).
  Directions directions2;
  double condition = 1.0;  // the largest 2-norm condition number among square variables
  double eigen_gap =
      0.0;  // the smallest relative eigenvalue gap among distinct-eigenvalues ones (0: none)
  int attempts = 1;             // draws made to get this point
  std::vector<Redraw> redraws;  // the attempts rejected before it, in order
  std::uint64_t seed = 0;       // the trial seed it was drawn from

  // The point as bindings: variables and dims; with `with_directions`, also dX for each
  // direction (named "d" + variable).
  expr::Bindings<double> bindings(bool with_directions = true) const;
  // The same in 50 digits, from `exact` (a value missing there is cast from double).
  expr::HighBindings exact_bindings(bool with_directions = true) const;
};

// Why a candidate point is unusable (e.g. the reference is undefined there: cause
// `undefined`, with its fix), or nothing.
using PointFilter = std::function<std::optional<Redraw>(const Point&)>;

// Thrown when no usable point was found in check.max_redraws attempts; what() says why the
// last attempt was rejected.
class SamplingError : public Error {
 public:
  explicit SamplingError(const std::string& message) : Error(ExitCode::bad_input, message) {}
};

// Draws trial `trial` of `problem` from `problem_seed` (= derive_seed(master, problem.id)).
// Deterministic: the same arguments give the same point.
Point draw_point(const spec::Problem& problem, std::uint64_t problem_seed, int trial,
                 const PointFilter& filter = {});

// The variables a problem varies: answer.wrt, or every non-constant variable.
std::vector<std::string> varied_variables(const spec::Problem& problem);

}  // namespace grader::sample
