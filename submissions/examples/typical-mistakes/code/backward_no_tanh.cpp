// Forgets the tanh node's vector-Jacobian product (1 - h.^2) .* zbar.
Eigen::MatrixXd backward(const Eigen::MatrixXd& W1, const Eigen::MatrixXd& W2,
                         const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  const Eigen::VectorXd h = (W1 * x).array().tanh().matrix();
  const Eigen::VectorXd r = W2 * h - y;
  return (W2.transpose() * r) * x.transpose();
}
