// As if A and dA commuted.
Eigen::VectorXd square_derivative(const Eigen::MatrixXd& A, const Eigen::MatrixXd& dA,
                                  const Eigen::VectorXd& b) {
  return 2 * A * (dA * b);
}
