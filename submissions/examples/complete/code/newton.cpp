// F(x) = A x + x.^3 - c, F'(x) = A + 3 diag(x.^2).
static Eigen::VectorXd residual(const Eigen::MatrixXd& A, const Eigen::VectorXd& c,
                                const Eigen::VectorXd& x) {
  return A * x + x.cwiseProduct(x).cwiseProduct(x) - c;
}

Eigen::VectorXd newton(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int k = 0; k < 50; ++k) {
    const Eigen::MatrixXd J = A + Eigen::MatrixXd(3 * x.cwiseProduct(x).asDiagonal());
    const Eigen::VectorXd step = J.lu().solve(residual(A, c, x));
    x -= step;
    if (step.norm() < 1e-14 * std::max(1.0, x.norm())) break;
  }
  return x;
}
