// Agrees with the (wrong) reference formula: only the oracles can tell.
Eigen::VectorXd grad(const Eigen::MatrixXd& A, const Eigen::VectorXd& x) { return A * A * x; }
