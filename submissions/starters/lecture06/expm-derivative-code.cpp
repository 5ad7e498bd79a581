// lecture06/expm-derivative-code: the derivative of F(A) = e^{tA} along dA. The standard
// library and <Eigen/Dense> are already included. See
// `grader show lecture06/expm-derivative-code`.

// e^X by scaling and squaring with a Taylor series (exact to rounding).
Eigen::MatrixXd expm(const Eigen::MatrixXd& M) {
  const double norm = M.cwiseAbs().colwise().sum().maxCoeff();
  const int s = norm > 0.5 ? static_cast<int>(std::ceil(std::log2(norm / 0.5))) : 0;
  const Eigen::MatrixXd X = M / std::ldexp(1.0, s);
  Eigen::MatrixXd E = Eigen::MatrixXd::Identity(M.rows(), M.cols());
  Eigen::MatrixXd term = E;
  for (int k = 1; k <= 20; ++k) {
    term = term * X / k;
    E += term;
  }
  for (int i = 0; i < s; ++i) E = E * E;
  return E;
}

Eigen::MatrixXd expm_derivative(const Eigen::MatrixXd& A, const Eigen::MatrixXd& dA, double t) {
  // TODO: right only when A and dA commute (as for numbers): see the statement.
  return t * expm(t * A) * dA;
}
