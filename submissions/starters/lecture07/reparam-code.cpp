// lecture07/reparam-code: the reparameterization-trick estimate of (dJ/dmu, dJ/dsigma) for
// J = E[f(z)], z = mu + sigma*eps, from the samples eps. f and df are defined for you.
Eigen::VectorXd reparam_gradient(double mu, double sigma, const Eigen::VectorXd& eps) {
  Eigen::VectorXd g = Eigen::VectorXd::Zero(2);
  for (Eigen::Index k = 0; k < eps.size(); ++k) {
    g(0) += df(mu + sigma * eps(k));
    g(1) += df(mu + sigma * eps(k));  // TODO: the chain rule through z = mu + sigma*eps
  }
  return g / static_cast<double>(eps.size());
}
