// Forgets dz/dsigma = eps: averages f'(z) for both parameters.
Eigen::VectorXd reparam_gradient(double mu, double sigma, const Eigen::VectorXd& eps) {
  double mean = 0;
  for (Eigen::Index k = 0; k < eps.size(); ++k) mean += df(mu + sigma * eps(k));
  mean /= static_cast<double>(eps.size());
  return Eigen::Vector2d(mean, mean);
}
