// The evaluator instantiated for High: the only translation unit that compiles it, so that
// the heavy Eigen and Boost.Multiprecision templates are compiled once.
#include "detail/evaluate_impl.hpp"

namespace grader::expr {

template struct Bindings<High>;
template Matrix<High> evaluate<High>(const Formula&, const Bindings<High>&, const Limits&);
template std::string format_value<High>(const Matrix<High>&, int);

}  // namespace grader::expr
