double central_difference(const std::function<double(double)>& f, double x) { const double h = 1.5e-8 * std::abs(x); return (f(x + h) - f(x)) / h; }
