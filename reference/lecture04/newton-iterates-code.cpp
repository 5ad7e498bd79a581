// Reference solution of lecture04/newton-iterates-code: four Newton steps for
// F(x) = A x + x.^3 - c from x = 0, with the exact Jacobian J(x) = A + diag(3 x.^2).
Eigen::MatrixXd newton_iterates(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::MatrixXd iterates(c.size(), 4);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int k = 0; k < 4; ++k) {
    const Eigen::VectorXd F = A * x + x.array().cube().matrix() - c;
    Eigen::MatrixXd J = A;
    J.diagonal() += 3 * x.array().square().matrix();
    x -= J.partialPivLu().solve(F);
    iterates.col(k) = x;
  }
  return iterates;
}
