// lecture05/dual-numbers-code: a dual-number type val + der·ε with ε² = 0.
// The standard library and <Eigen/Dense> are already included.
struct Dual {
  double val;
  double der;
};
inline Dual operator+(Dual a, Dual b) { return {a.val + b.val, a.der + b.der}; }
inline Dual operator-(Dual a, Dual b) { return {a.val - b.val, a.der - b.der}; }
// TODO: the product rule (this one forgets it)
inline Dual operator*(Dual a, Dual b) { return {a.val * b.val, a.der * b.der}; }
inline Dual operator/(Dual a, Dual b) { return {a.val / b.val, 0.0}; }  // TODO
inline Dual operator-(Dual a) { return {-a.val, -a.der}; }
inline Dual operator+(Dual a, double c) { return {a.val + c, a.der}; }
inline Dual operator+(double c, Dual a) { return {c + a.val, a.der}; }
inline Dual operator-(Dual a, double c) { return {a.val - c, a.der}; }
inline Dual operator-(double c, Dual a) { return {c - a.val, -a.der}; }
inline Dual operator*(Dual a, double c) { return {a.val * c, a.der * c}; }
inline Dual operator*(double c, Dual a) { return {c * a.val, c * a.der}; }
inline Dual operator/(Dual a, double c) { return {a.val / c, a.der / c}; }
inline Dual operator/(double c, Dual a) { return Dual{c, 0.0} / a; }
// TODO: the chain rule in each of these
inline Dual sin(Dual a) { return {std::sin(a.val), 0.0}; }
inline Dual cos(Dual a) { return {std::cos(a.val), 0.0}; }
inline Dual exp(Dual a) { return {std::exp(a.val), 0.0}; }
inline Dual log(Dual a) { return {std::log(a.val), 0.0}; }
inline Dual sqrt(Dual a) { return {std::sqrt(a.val), 0.0}; }
