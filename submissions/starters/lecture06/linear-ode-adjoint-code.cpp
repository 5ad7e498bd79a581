// lecture06/linear-ode-adjoint-code: the gradient of L(p) = ½‖x(T) − y‖² for
// x' = (A0 − diag(p)) x, x(0) = x0, by the adjoint method. The standard library and
// <Eigen/Dense> are already included. See `grader show lecture06/linear-ode-adjoint-code`.
Eigen::VectorXd ode_adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& p,
                                     const Eigen::VectorXd& x0, const Eigen::VectorXd& y,
                                     double T) {
  const int steps = 1000;
  const double h = T / steps;
  Eigen::MatrixXd A = A0;
  A.diagonal() -= p;
  Eigen::VectorXd x = x0;
  for (int s = 0; s < steps; ++s) x += h * A * x;  // TODO: RK4, keeping the states
  // TODO: the adjoint λ backward from λ(T) = x(T) − y, accumulating the gradient
  return Eigen::VectorXd::Zero(p.size());
}
