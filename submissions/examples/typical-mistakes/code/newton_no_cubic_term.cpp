Eigen::VectorXd newton(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int s = 0; s < 100; ++s) { Eigen::VectorXd F = A * x + x.array().cube().matrix() - c; x -= A.partialPivLu().solve(F); }
  return x; }
