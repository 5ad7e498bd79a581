Eigen::VectorXd ode_adjoint_gradient(const Eigen::MatrixXd& A0, const Eigen::VectorXd& p,
                                     const Eigen::VectorXd& x0, const Eigen::VectorXd& y,
                                     double T) {
  const int steps = 1000;
  const double h = T / steps;
  Eigen::MatrixXd A = A0;
  A.diagonal() -= p;
  // Forward, keeping x at every step and half step (the backward pass needs x(t)).
  std::vector<Eigen::VectorXd> x(2 * steps + 1);
  x[0] = x0;
  for (int s = 0; s < steps; ++s) {
    const Eigen::VectorXd& a = x[2 * s];
    const Eigen::VectorXd k1 = A * a, k2 = A * (a + h / 2 * k1), k3 = A * (a + h / 2 * k2),
                          k4 = A * (a + h * k3);
    x[2 * s + 2] = a + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    // The midpoint by cubic Hermite interpolation (exact to O(h⁴), as RK4 is).
    x[2 * s + 1] = (a + x[2 * s + 2]) / 2 + h / 8 * (A * a - A * x[2 * s + 2]);
  }
  // Backward in τ = T − t: dλ/dτ = Aᵀλ, dG/dτ = −x .* λ (G accumulates ∇L).
  const Eigen::MatrixXd At = A;  // (∂f/∂x)ᵀ without the transpose
  Eigen::VectorXd lambda = x[2 * steps] - y;
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(p.size());
  const auto dg = [](const Eigen::VectorXd& l, const Eigen::VectorXd& xx) -> Eigen::VectorXd {
    return -(xx.array() * l.array()).matrix();
  };
  for (int s = steps; s > 0; --s) {
    const Eigen::VectorXd& xa = x[2 * s];
    const Eigen::VectorXd& xm = x[2 * s - 1];
    const Eigen::VectorXd& xb = x[2 * s - 2];
    const Eigen::VectorXd l1 = At * lambda;
    const Eigen::VectorXd l2 = At * (lambda + h / 2 * l1);
    const Eigen::VectorXd l3 = At * (lambda + h / 2 * l2);
    const Eigen::VectorXd l4 = At * (lambda + h * l3);
    grad += h / 6 *
            (dg(lambda, xa) + 2 * dg(lambda + h / 2 * l1, xm) + 2 * dg(lambda + h / 2 * l2, xm) +
             dg(lambda + h * l3, xb));
    lambda += h / 6 * (l1 + 2 * l2 + 2 * l3 + l4);
  }
  return grad;
}
