// The evaluator instantiated for Complex: the only translation unit that compiles it, so that
// the heavy Eigen and Boost.Multiprecision templates are compiled once.
#include "detail/evaluate_impl.hpp"

namespace grader::expr {

template struct Bindings<Complex>;
template Matrix<Complex> evaluate<Complex>(const Formula&, const Bindings<Complex>&, const Limits&);
template std::string format_value<Complex>(const Matrix<Complex>&, int);

}  // namespace grader::expr
