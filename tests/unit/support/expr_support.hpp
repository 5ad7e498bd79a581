#pragma once
// Helpers shared by the expr unit tests: printing spans and error kinds in Boost.Test
// messages, and building small double matrices from literals.

#include <initializer_list>
#include <ostream>
#include <random>

#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"

namespace grader::expr {
inline std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << "{" << s.begin << ", " << s.end << "}";
}
inline std::ostream& operator<<(std::ostream& os, ErrorKind k) {
  return os << to_string(k);
}
}  // namespace grader::expr

namespace grader_test {

// A matrix from its rows: mat({{1, 2}, {3, 4}}).
inline grader::expr::Matrix<double> mat(std::initializer_list<std::initializer_list<double>> rows) {
  grader::expr::Matrix<double> m(static_cast<Eigen::Index>(rows.size()),
                                 static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& row : rows) {
    Eigen::Index j = 0;
    for (const double x : row) m(i, j++) = x;
    ++i;
  }
  return m;
}

// A column: col({1, 2, 3}).
inline grader::expr::Matrix<double> col(std::initializer_list<double> entries) {
  grader::expr::Matrix<double> m(static_cast<Eigen::Index>(entries.size()), 1);
  Eigen::Index i = 0;
  for (const double x : entries) m(i++, 0) = x;
  return m;
}

// A rows×cols matrix of entries uniform in [-1, 1].
inline grader::expr::Matrix<double> random_matrix(std::mt19937& rng, Eigen::Index rows,
                                                  Eigen::Index cols) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  grader::expr::Matrix<double> m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = uniform(rng);
  }
  return m;
}

}  // namespace grader_test
