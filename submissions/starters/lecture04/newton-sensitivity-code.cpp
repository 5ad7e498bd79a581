// lecture04/newton-sensitivity-code: dx/dp for the root x(p) of A x + p .* x.³ − c = 0.
// The standard library and <Eigen/Dense> are already included. See
// `grader show lecture04/newton-sensitivity-code`.
Eigen::MatrixXd newton_sensitivity(const Eigen::MatrixXd& A, const Eigen::VectorXd& c,
                                   const Eigen::VectorXd& p) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int step = 0; step < 100; ++step) {
    const Eigen::VectorXd g = A * x + (p.array() * x.array().cube()).matrix() - c;
    Eigen::MatrixXd J = A;
    J.diagonal() += 3 * (p.array() * x.array().square()).matrix();
    x -= J.partialPivLu().solve(g);
  }
  // TODO: differentiate g(x(p), p) = 0 with respect to p
  return Eigen::MatrixXd::Zero(c.size(), p.size());
}
