// Reference solution of lecture04/newton-code: Newton's method for F(x) = A x + x.^3 - c,
// with Jacobian J(x) = A + diag(3 x.^2). Converges quadratically near the root.
Eigen::VectorXd newton(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int step = 0; step < 100; ++step) {
    const Eigen::VectorXd F = A * x + x.array().cube().matrix() - c;
    Eigen::MatrixXd J = A;
    J.diagonal() += 3 * x.array().square().matrix();
    const Eigen::VectorXd delta = J.partialPivLu().solve(-F);
    x += delta;
    if (delta.norm() <= 1e-15 * (1 + x.norm())) break;
  }
  return x;
}
