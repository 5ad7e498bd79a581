// Four Newton steps on F(x) = A x + x.^3 - c, F'(x) = A + 3 diag(x.^2), from x = 0.
Eigen::MatrixXd newton_iterates(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::MatrixXd out(c.size(), 4);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int k = 0; k < 4; ++k) {
    const Eigen::VectorXd x2 = x.cwiseProduct(x);
    const Eigen::MatrixXd J = A + Eigen::MatrixXd(3 * x2.asDiagonal());
    x = x - J.lu().solve(A * x + x2.cwiseProduct(x) - c);
    out.col(k) = x;
  }
  return out;
}
