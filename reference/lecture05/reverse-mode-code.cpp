// Reference solution of lecture05/reverse-mode-code: the forward pass keeps each node's value,
// the backward pass applies each node's vector-Jacobian product to the adjoint of its output.
Eigen::MatrixXd backward(const Eigen::MatrixXd& W1, const Eigen::MatrixXd& W2,
                         const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  // forward
  const Eigen::VectorXd z = W1 * x;
  const Eigen::VectorXd h = z.array().tanh().matrix();
  const Eigen::VectorXd r = W2 * h - y;
  // backward: L = r'r/2
  const Eigen::VectorXd r_bar = r;                       // dL = r'dr
  const Eigen::VectorXd h_bar = W2.transpose() * r_bar;  // dr = W2 dh
  const Eigen::VectorXd z_bar =
      (h_bar.array() * (1 - h.array().square())).matrix();  // dh = (1 - h.^2) .* dz
  return z_bar * x.transpose();                             // dz = dW1 x
}
