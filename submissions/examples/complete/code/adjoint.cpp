// g = c'x with A x = b: dg = c'dx = -c'A⁻¹ dA x = -(A⁻ᵀc)' diag(dp) x.
Eigen::VectorXd adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& b,
                                 const Eigen::VectorXd& c, const Eigen::VectorXd& p) {
  const Eigen::MatrixXd A = A0 + Eigen::MatrixXd(p.asDiagonal());
  const Eigen::VectorXd x = A.lu().solve(b);
  const Eigen::VectorXd adjoint = A.transpose().lu().solve(c);
  return -adjoint.cwiseProduct(x);
}
