// lecture05/reverse-mode-code: the gradient of L = |W2 tanh.(W1 x) - y|^2 / 2 with respect to
// W1, by a backward pass. The standard library and <Eigen/Dense> are already included.
Eigen::MatrixXd backward(const Eigen::MatrixXd& W1, const Eigen::MatrixXd& W2,
                         const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  const Eigen::VectorXd z = W1 * x;
  const Eigen::VectorXd h = z.array().tanh().matrix();
  const Eigen::VectorXd r = W2 * h - y;
  // TODO: propagate the adjoint r_bar = r back through W2, tanh and W1
  return Eigen::MatrixXd::Zero(W1.rows(), W1.cols());
}
