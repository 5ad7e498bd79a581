#pragma once
// The linear algebra of the formula language, generic over the scalar type: LU with a
// singularity check, logdet, the symmetric eigendecomposition, the Kronecker product.
// Included only by evaluate_impl.hpp.

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "domain_errors.hpp"
#include "grader/expr/evaluate.hpp"
#include "scalar_functions.hpp"

namespace grader::expr::detail {

// LU with partial pivoting, rejected when singular to working precision.
template <class T>
Eigen::PartialPivLU<Matrix<T>> factor(const Matrix<T>& a, const Node& matrix_node, const Node& at,
                                      std::string_view what, const DomainErrors& errors) {
  using Traits = scalar_traits<T>;
  using Real = typename Traits::Real;
  Eigen::PartialPivLU<Matrix<T>> lu(a);
  const Real rc = lu.rcond();
  if (!(rc > Real(16) * Traits::epsilon())) {
    std::string help;
    if (rc > 0) {
      help = fmt::format("its condition number is about {:.1e}, too large for {} arithmetic",
                         1.0 / Traits::to_double(rc), to_string(Traits::precision));
    }
    errors.fail(at.op_span,
                fmt::format("{}: the matrix {} is singular", what, errors.quote(matrix_node)), help,
                {matrix_node.span});
  }
  return lu;
}

// log(det(A)) for det(A) > 0, as the sum of the logs of the LU pivots (each made positive,
// with the signs tracked separately), which stays analytic for the complex step.
template <class T>
T logdet(const Matrix<T>& a, const Node& arg, const Node& at, const DomainErrors& errors) {
  using Traits = scalar_traits<T>;
  using Index = Eigen::Index;
  const Eigen::PartialPivLU<Matrix<T>> lu(a);
  const Matrix<T>& u = lu.matrixLU();
  int sign = static_cast<int>(Traits::real(T(lu.permutationP().determinant())));
  T sum(0);
  using std::log;
  for (Index i = 0; i < u.rows(); ++i) {
    const T& pivot = u(i, i);
    if (is_zero(pivot)) {
      errors.fail(at.op_span,
                  fmt::format("logdet of a singular matrix: det({}) = 0", errors.text_of(arg)),
                  "logdet(A) is defined for det(A) > 0");
    }
    const bool negative = Traits::real(pivot) < 0;
    if (negative) sign = -sign;
    sum += log(negative ? T(-pivot) : pivot);
  }
  if (sign < 0) {
    errors.fail(at.op_span,
                fmt::format("logdet of a matrix with a negative determinant: det({}) < 0",
                            errors.text_of(arg)),
                "logdet(A) is defined for det(A) > 0");
  }
  return sum;
}

// Rejects a matrix that is not symmetric to working precision.
template <class T>
void check_symmetric(const Matrix<T>& a, const Node& arg, const Node& at,
                     const DomainErrors& errors) {
  using Traits = scalar_traits<T>;
  using Real = typename Traits::Real;
  using Index = Eigen::Index;
  using std::abs;
  Real scale(0);
  Real asym(0);
  for (Index j = 0; j < a.cols(); ++j) {
    for (Index i = 0; i < a.rows(); ++i) {
      scale = std::max<Real>(scale, abs(Traits::real(a(i, j))));
      asym = std::max<Real>(asym, abs(Traits::real(T(a(i, j) - a(j, i)))));
    }
  }
  if (asym > Real(64) * Traits::epsilon() * scale) {
    errors.fail(at.span,
                fmt::format("{} needs a symmetric matrix, and {} is not symmetric", at.text,
                            errors.text_of(arg)),
                "eigvals and eigvecs are defined here for symmetric matrices", {arg.span});
  }
}

// The eigenvalues (ascending), or the eigenvectors signed as eigen() says, of (A + A')/2.
template <class T>
Matrix<T> symmetric_eigen(const Matrix<T>& a, bool vectors) {
  using Traits = scalar_traits<T>;
  using M = Matrix<T>;
  using Index = Eigen::Index;
  const M sym = (a + a.transpose()) / T(2);  // a fresh matrix: no aliasing
  Eigen::SelfAdjointEigenSolver<M> solver(
      sym, vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  if (!vectors) return solver.eigenvalues();
  M v = solver.eigenvectors();
  using std::abs;
  for (Index j = 0; j < v.cols(); ++j) {
    Index largest = 0;
    for (Index i = 1; i < v.rows(); ++i) {
      if (abs(v(i, j)) > abs(v(largest, j))) largest = i;
    }
    if (Traits::real(v(largest, j)) < 0) v.col(j) = -v.col(j);
  }
  return v;
}

// Eigenvalues (ascending) or eigenvectors of a symmetric matrix. Each eigenvector is
// normalised and signed so that its entry of largest magnitude is positive.
template <class T>
Matrix<T> eigen(const Matrix<T>& a, const Node& arg, const Node& at, bool vectors,
                const DomainErrors& errors) {
  using Traits = scalar_traits<T>;
  using Index = Eigen::Index;
  if constexpr (Traits::is_complex) {
    // The symmetric eigensolvers conjugate, which breaks the complex step; real input only.
    Matrix<double> re(a.rows(), a.cols());
    for (Index j = 0; j < a.cols(); ++j) {
      for (Index i = 0; i < a.rows(); ++i) {
        if (Traits::imag(a(i, j)) != 0) {
          errors.fail(at.op_span,
                      fmt::format("{} is not analytic, so the complex step cannot pass through it",
                                  at.text),
                      "check this formula with finite differences or in high precision");
        }
        re(i, j) = Traits::real(a(i, j));
      }
    }
    check_symmetric<double>(re, arg, at, errors);
    const Matrix<double> out = symmetric_eigen<double>(re, vectors);
    return out.template cast<T>();
  } else {
    check_symmetric(a, arg, at, errors);
    return symmetric_eigen(a, vectors);
  }
}

// The Kronecker product: block (i, j) is a(i, j) * b.
template <class T>
Matrix<T> kron(const Matrix<T>& a, const Matrix<T>& b) {
  using Index = Eigen::Index;
  Matrix<T> out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Index j = 0; j < a.cols(); ++j) {
    for (Index i = 0; i < a.rows(); ++i) {
      out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    }
  }
  return out;
}

}  // namespace grader::expr::detail
