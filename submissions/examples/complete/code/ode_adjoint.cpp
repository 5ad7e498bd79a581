// Adjoint method for du/dt = -p.*u, L = |u(T) - y|²/2, with RK4 on a fine grid. The adjoint
// needs u(t) backwards in time; this ODE is linear and diagonal, so u is recomputed backwards
// by RK4 on du/dt = -p.*u as well (stable over these short horizons).
Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0,
                            const Eigen::VectorXd& y, double T) {
  const int N = 2000;
  const double h = T / N;
  const Eigen::ArrayXd P = p.array();
  const auto rk4 = [h](const Eigen::ArrayXd& v, const Eigen::ArrayXd& rate) {
    // one step of dv/dt = rate .* v
    const Eigen::ArrayXd k1 = rate * v, k2 = rate * (v + h / 2 * k1),
                         k3 = rate * (v + h / 2 * k2), k4 = rate * (v + h * k3);
    return Eigen::ArrayXd(v + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4));
  };
  Eigen::ArrayXd u = u0.array();
  for (int s = 0; s < N; ++s) u = rk4(u, -P);
  // Backwards: in τ = T - t, du/dτ = p.*u and dλ/dτ = -p.*λ; dG/dτ = -u.*λ.
  Eigen::ArrayXd lambda = u - y.array();
  Eigen::ArrayXd grad = Eigen::ArrayXd::Zero(p.size());
  for (int s = 0; s < N; ++s) {
    // u.*λ is constant in time here (their rates cancel), so -u.*λ integrates exactly.
    grad -= h * u * lambda;
    u = rk4(u, P);
    lambda = rk4(lambda, -P);
  }
  return grad.matrix();
}
