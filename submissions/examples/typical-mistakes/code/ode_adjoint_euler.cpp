Eigen::VectorXd ode_adjoint(const Eigen::VectorXd& p, const Eigen::VectorXd& u0, const Eigen::VectorXd& y, double T) {
  const int N = 1000; const double h = T / N; std::vector<Eigen::VectorXd> u(N + 1); u[0] = u0;
  for (int s = 0; s < N; ++s) u[s + 1] = u[s] - h * (p.array() * u[s].array()).matrix();
  Eigen::VectorXd l = u[N] - y, g = Eigen::VectorXd::Zero(p.size());
  for (int s = N; s > 0; --s) { g -= h * (u[s].array() * l.array()).matrix(); l -= h * (p.array() * l.array()).matrix(); }
  return g; }
