// Reference solution of lecture03/central-difference-code.
// Central difference, error O(h²) truncation + O(ε/h) rounding: the step that balances them
// is h ≈ ε^(1/3)·|x| (relative to the scale of x). The step is made exactly representable
// (x + h − x), so that the divisor is the distance actually taken.
double central_difference(const std::function<double(double)>& f, double x) {
  const double scale = std::max(std::abs(x), std::numeric_limits<double>::min());
  const double h0 = std::cbrt(std::numeric_limits<double>::epsilon()) * scale;
  volatile double up = x + h0;  // volatile: keep the rounding of x + h
  const double h = up - x;
  return (f(x + h) - f(x - h)) / (2 * h);
}
