// Reference solution of lecture04/adjoint-code. dg = cᵀdx with A dx = −diag(dp) x, so
// dg = −λᵀ diag(dp) x with Aᵀλ = c: ∇g = −λ .* x. Two solves, whatever the number of
// parameters.
Eigen::VectorXd adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& b,
                                 const Eigen::VectorXd& c, const Eigen::VectorXd& p) {
  Eigen::MatrixXd A = A0;
  A.diagonal() += p;
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(A);
  const Eigen::VectorXd x = lu.solve(b);
  const Eigen::VectorXd lambda = A.transpose().partialPivLu().solve(c);
  return -(lambda.array() * x.array()).matrix();
}
