// Reference solution of lecture05/dual-numbers-code: a + bε with ε² = 0, so that
// f(x + ε) = f(x) + f'(x)ε: each operation carries its derivative by the chain rule.
struct Dual {
  double val;
  double der;
};
inline Dual operator+(Dual a, Dual b) {
  return {a.val + b.val, a.der + b.der};
}
inline Dual operator-(Dual a, Dual b) {
  return {a.val - b.val, a.der - b.der};
}
inline Dual operator*(Dual a, Dual b) {
  return {a.val * b.val, a.der * b.val + a.val * b.der};
}
inline Dual operator/(Dual a, Dual b) {
  return {a.val / b.val, (a.der * b.val - a.val * b.der) / (b.val * b.val)};
}
inline Dual operator-(Dual a) {
  return {-a.val, -a.der};
}
inline Dual constant(double c) {
  return {c, 0.0};
}
inline Dual operator+(Dual a, double c) {
  return a + constant(c);
}
inline Dual operator+(double c, Dual a) {
  return constant(c) + a;
}
inline Dual operator-(Dual a, double c) {
  return a - constant(c);
}
inline Dual operator-(double c, Dual a) {
  return constant(c) - a;
}
inline Dual operator*(Dual a, double c) {
  return {a.val * c, a.der * c};
}
inline Dual operator*(double c, Dual a) {
  return {c * a.val, c * a.der};
}
inline Dual operator/(Dual a, double c) {
  return {a.val / c, a.der / c};
}
inline Dual operator/(double c, Dual a) {
  return constant(c) / a;
}
inline Dual sin(Dual a) {
  return {std::sin(a.val), std::cos(a.val) * a.der};
}
inline Dual cos(Dual a) {
  return {std::cos(a.val), -std::sin(a.val) * a.der};
}
inline Dual exp(Dual a) {
  return {std::exp(a.val), std::exp(a.val) * a.der};
}
inline Dual log(Dual a) {
  return {std::log(a.val), a.der / a.val};
}
inline Dual sqrt(Dual a) {
  const double s = std::sqrt(a.val);
  return {s, a.der / (2 * s)};
}
