// Reverse mode through z = W1 x, h = tanh(z), r = W2 h - y, L = r'r/2.
Eigen::MatrixXd backward(const Eigen::MatrixXd& W1, const Eigen::MatrixXd& W2,
                         const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  Eigen::VectorXd h = W1 * x;
  for (Eigen::Index i = 0; i < h.size(); ++i) h(i) = std::tanh(h(i));
  const Eigen::VectorXd r = W2 * h - y;
  Eigen::VectorXd zbar = W2.transpose() * r;
  for (Eigen::Index i = 0; i < h.size(); ++i) zbar(i) *= 1 - h(i) * h(i);
  return zbar * x.transpose();
}
