// lecture04/newton-iterates-code: the first four Newton iterates for A x + x.^3 = c from
// x = 0, as the columns of an n×4 matrix. The standard library and <Eigen/Dense> are included.
Eigen::MatrixXd newton_iterates(const Eigen::MatrixXd& A, const Eigen::VectorXd& c) {
  Eigen::MatrixXd iterates = Eigen::MatrixXd::Zero(c.size(), 4);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int k = 0; k < 4; ++k) {
    // TODO: one Newton step on x
    iterates.col(k) = x;
  }
  return iterates;
}
