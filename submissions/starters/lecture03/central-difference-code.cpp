// lecture03/central-difference-code: return a central-difference approximation of f'(x).
// The standard library and <Eigen/Dense> are already included. See `grader show
// lecture03/central-difference-code` for the statement; check with `grader check`.
double central_difference(const std::function<double(double)>& f, double x) {
  const double h = 1e-5;  // TODO: choose the step well (relative to x)
  return (f(x + h) - f(x)) / h;  // TODO: this is a forward difference
}
