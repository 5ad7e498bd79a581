// A solution of lecture06/expm-derivative-code. The exponential of the block matrix
// M = [tA, t·dA; 0, tA] is [e^{tA}, dF; 0, e^{tA}] with dF = ∫₀ᵗ e^{sA} dA e^{(t−s)A} ds, the
// derivative of e^{tA} along dA. e^M by scaling and squaring: M/2^s has norm at most 1/2,
// a Taylor series of 20 terms is exact to rounding there, then s squarings.
Eigen::MatrixXd expm_derivative(const Eigen::MatrixXd& A, const Eigen::MatrixXd& dA, double t) {
  const Eigen::Index n = A.rows();
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(2 * n, 2 * n);
  M.topLeftCorner(n, n) = t * A;
  M.bottomRightCorner(n, n) = t * A;
  M.topRightCorner(n, n) = t * dA;
  const double norm = M.cwiseAbs().colwise().sum().maxCoeff();
  const int s = norm > 0.5 ? static_cast<int>(std::ceil(std::log2(norm / 0.5))) : 0;
  const Eigen::MatrixXd X = M / std::ldexp(1.0, s);
  Eigen::MatrixXd E = Eigen::MatrixXd::Identity(2 * n, 2 * n);
  Eigen::MatrixXd term = E;
  for (int k = 1; k <= 20; ++k) {
    term = term * X / k;
    E += term;
  }
  for (int i = 0; i < s; ++i) E = E * E;
  return E.topRightCorner(n, n);
}
