// lecture06/ode-adjoint-code: the gradient of L(p) = |u(T) - y|^2 / 2 for du/dt = -p .* u,
// u(0) = u0, by the adjoint method. The standard library and <Eigen/Dense> are included.
Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0,
                            const Eigen::VectorXd& y, double T) {
  // Forward with explicit Euler (TODO: not accurate enough; use RK4).
  const int steps = 100;
  const double h = T / steps;
  Eigen::VectorXd u = u0;
  for (int s = 0; s < steps; ++s) u -= h * (p.array() * u.array()).matrix();
  // TODO: the adjoint pass, backwards from lambda(T) = u(T) - y
  return Eigen::VectorXd::Zero(p.size());
}
