// The evaluator instantiated for double: the only translation unit that compiles it, so that
// the heavy Eigen and Boost.Multiprecision templates are compiled once.
#include "detail/evaluate_impl.hpp"

namespace grader::expr {

template struct Bindings<double>;
template Matrix<double> evaluate<double>(const Formula&, const Bindings<double>&, const Limits&);
template std::string format_value<double>(const Matrix<double>&, int);

}  // namespace grader::expr
