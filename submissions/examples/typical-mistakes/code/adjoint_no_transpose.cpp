Eigen::VectorXd adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& b, const Eigen::VectorXd& c, const Eigen::VectorXd& p) {
  Eigen::MatrixXd A = A0; A.diagonal() += p; Eigen::VectorXd x = A.partialPivLu().solve(b); Eigen::VectorXd l = A.partialPivLu().solve(c); return -(l.array() * x.array()).matrix(); }
