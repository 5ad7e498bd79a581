// Reference solution of lecture07/reparam-code. With z = μ + σε, ∂f(z)/∂μ = f'(z) and
// ∂f(z)/∂σ = f'(z)·ε: the estimator averages them over the fixed samples.
Eigen::VectorXd reparam_gradient(double mu, double sigma, const Eigen::VectorXd& eps) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(2);
  for (Eigen::Index k = 0; k < eps.size(); ++k) {
    const double d = df(mu + sigma * eps(k));
    g(0) += d;
    g(1) += d * eps(k);
  }
  return g / static_cast<double>(eps.size());
}
