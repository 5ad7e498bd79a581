// Central difference: error ~ h²|f'''|/6 + ε|f|/h, smallest near h = ε^(1/3) in units of |x|.
double central_difference(const std::function<double(double)>& f, double x) {
  const double h = 6e-6 * std::abs(x);
  return (f(x + h) - f(x - h)) / (2 * h);
}
