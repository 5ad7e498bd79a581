struct Dual { double val; double der; };
// "dual" via finite differences: der carried as the value at x+h
inline Dual mk(double v, double d) { return {v, d}; }
#define H 1e-7
inline Dual operator+(Dual a, Dual b) { return {a.val + b.val, a.der + b.der}; }
inline Dual operator-(Dual a, Dual b) { return {a.val - b.val, a.der - b.der}; }
inline Dual operator*(Dual a, Dual b) { double v = a.val*b.val; double w = (a.val + H*a.der)*(b.val + H*b.der); return {v, (w - v)/H}; }
inline Dual operator/(Dual a, Dual b) { double v = a.val/b.val; double w = (a.val + H*a.der)/(b.val + H*b.der); return {v, (w - v)/H}; }
inline Dual operator-(Dual a) { return {-a.val, -a.der}; }
inline Dual operator+(Dual a, double c) { return {a.val + c, a.der}; }
inline Dual operator+(double c, Dual a) { return {c + a.val, a.der}; }
inline Dual operator-(Dual a, double c) { return {a.val - c, a.der}; }
inline Dual operator-(double c, Dual a) { return {c - a.val, -a.der}; }
inline Dual operator*(Dual a, double c) { return {a.val * c, a.der * c}; }
inline Dual operator*(double c, Dual a) { return {c * a.val, c * a.der}; }
inline Dual operator/(Dual a, double c) { return {a.val / c, a.der / c}; }
inline Dual operator/(double c, Dual a) { return Dual{c, 0.0} / a; }
#define F1(name) inline Dual name(Dual a) { double v = std::name(a.val); return {v, (std::name(a.val + H*a.der) - v)/H}; }
F1(sin) F1(cos) F1(exp) F1(log) F1(sqrt)
