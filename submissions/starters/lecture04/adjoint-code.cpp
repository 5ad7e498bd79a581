// lecture04/adjoint-code: the gradient of g(p) = c'x(p), A(p) x = b, A(p) = A0 + diag(p),
// by the adjoint method. The standard library and <Eigen/Dense> are already included.
Eigen::VectorXd adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& b,
                                 const Eigen::VectorXd& c, const Eigen::VectorXd& p) {
  Eigen::MatrixXd A = A0;
  A.diagonal() += p;
  const Eigen::VectorXd x = A.partialPivLu().solve(b);
  // TODO: one more solve, for the adjoint vector, then the gradient
  return Eigen::VectorXd::Zero(p.size());
}
