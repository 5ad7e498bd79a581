// Dual numbers a + b·ε, ε² = 0.
struct Dual {
  double val;
  double der;
};
Dual operator+(Dual a, Dual b) { return {a.val + b.val, a.der + b.der}; }
Dual operator-(Dual a, Dual b) { return {a.val - b.val, a.der - b.der}; }
Dual operator*(Dual a, Dual b) { return {a.val * b.val, a.val * b.der + a.der * b.val}; }
Dual operator/(Dual a, Dual b) {
  const double q = a.val / b.val;
  return {q, (a.der - q * b.der) / b.val};
}
Dual operator-(Dual a) { return {-a.val, -a.der}; }
Dual operator+(Dual a, double c) { return a + Dual{c, 0}; }
Dual operator+(double c, Dual a) { return Dual{c, 0} + a; }
Dual operator-(Dual a, double c) { return a - Dual{c, 0}; }
Dual operator-(double c, Dual a) { return Dual{c, 0} - a; }
Dual operator*(Dual a, double c) { return a * Dual{c, 0}; }
Dual operator*(double c, Dual a) { return Dual{c, 0} * a; }
Dual operator/(Dual a, double c) { return a / Dual{c, 0}; }
Dual operator/(double c, Dual a) { return Dual{c, 0} / a; }
// chain rule: f(a + bε) = f(a) + f'(a)·b·ε
Dual sin(Dual a) { return {std::sin(a.val), std::cos(a.val) * a.der}; }
Dual cos(Dual a) { return {std::cos(a.val), -std::sin(a.val) * a.der}; }
Dual exp(Dual a) { return {std::exp(a.val), std::exp(a.val) * a.der}; }
Dual log(Dual a) { return {std::log(a.val), a.der / a.val}; }
Dual sqrt(Dual a) { return {std::sqrt(a.val), a.der / (2 * std::sqrt(a.val))}; }
