// lecture06/linear-ode-sensitivity-code: the Jacobian ∂x(T)/∂p for x' = (A0 − diag(p)) x,
// x(0) = x0, by forward sensitivity analysis. The standard library and <Eigen/Dense> are
// already included. See `grader show lecture06/linear-ode-sensitivity-code`.
Eigen::MatrixXd ode_sensitivity(const Eigen::MatrixXd& A0, const Eigen::VectorXd& p,
                                const Eigen::VectorXd& x0, double T) {
  const int steps = 1000;
  const double h = T / steps;
  Eigen::MatrixXd A = A0;
  A.diagonal() -= p;
  Eigen::VectorXd x = x0;
  Eigen::MatrixXd S = Eigen::MatrixXd::Zero(p.size(), p.size());
  for (int s = 0; s < steps; ++s) {
    // TODO: the sensitivity equation dS/dt = (∂f/∂x) S + ∂f/∂p, integrated with x (RK4)
    x += h * A * x;
  }
  return S;
}
