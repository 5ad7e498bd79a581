// Reference solution of lecture04/newton-sensitivity-code. g(x, p) = A x + p .* x.³ − c, so
// ∂g/∂x = A + 3 diag(p .* x.²) and ∂g/∂p = diag(x.³). Newton's method from x = 0 until the
// step is at rounding level (quadratic convergence: a few steps near the root), then the
// implicit function theorem: dx/dp = −(∂g/∂x)⁻¹ ∂g/∂p, one more solve with the same Jacobian.
Eigen::MatrixXd newton_sensitivity(const Eigen::MatrixXd& A, const Eigen::VectorXd& c,
                                   const Eigen::VectorXd& p) {
  const auto jacobian = [&](const Eigen::VectorXd& x) -> Eigen::MatrixXd {
    Eigen::MatrixXd J = A;
    J.diagonal() += 3 * (p.array() * x.array().square()).matrix();
    return J;
  };
  Eigen::VectorXd x = Eigen::VectorXd::Zero(c.size());
  for (int step = 0; step < 100; ++step) {
    const Eigen::VectorXd g = A * x + (p.array() * x.array().cube()).matrix() - c;
    const Eigen::VectorXd delta = jacobian(x).partialPivLu().solve(g);
    x -= delta;
    if (delta.norm() <= 1e-15 * (1 + x.norm())) break;
  }
  const Eigen::MatrixXd dg_dp = x.array().cube().matrix().asDiagonal();
  return -jacobian(x).partialPivLu().solve(dg_dp);
}
