Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& x) { return A * x; }
