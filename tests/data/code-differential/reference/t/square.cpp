// d(A A b)[dA] = dA A b + A dA b: the direction dA arrives as an argument.
Eigen::VectorXd square_derivative(const Eigen::MatrixXd& A, const Eigen::MatrixXd& dA,
                                  const Eigen::VectorXd& b) {
  return dA * (A * b) + A * (dA * b);
}
