#define BOOST_TEST_MODULE expr_builtins
#include "grader/expr/builtins.hpp"

#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/expr_support.hpp"
#include "../support/markdown.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"

namespace ex = grader::expr;
using ex::Bindings;
using ex::BuiltinId;
using ex::Complex;
using ex::High;
using ex::Matrix;

namespace {

using grader_test::col;
using grader_test::mat;

using M = Matrix<double>;

M eval(const std::string& formula, const Bindings<double>& bindings = {}) {
  return ex::evaluate(ex::parse(formula), bindings);
}

double eval_scalar(const std::string& formula, const Bindings<double>& bindings = {}) {
  const M v = eval(formula, bindings);
  BOOST_TEST_REQUIRE(v.rows() == 1);
  BOOST_TEST_REQUIRE(v.cols() == 1);
  return v(0, 0);
}

// Same shape and entries within `tol` (absolute).
bool near(const M& actual, const M& expected, double tol = 1e-13) {
  if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) {
    BOOST_TEST_MESSAGE("shape " << actual.rows() << "x" << actual.cols() << " vs "
                                << expected.rows() << "x" << expected.cols());
    return false;
  }
  const double diff = (actual - expected).cwiseAbs().maxCoeff();
  if (!(diff <= tol)) BOOST_TEST_MESSAGE("max difference " << diff << "\nactual:\n" << actual);
  return diff <= tol;
}

Bindings<double> bind(std::initializer_list<std::pair<const char*, M>> values) {
  Bindings<double> b;
  for (const auto& [name, value] : values) b.values[name] = value;
  return b;
}

const std::vector<std::string> kAllNames = {
    "inv",  "det",  "logdet",    "tr",  "kron",    "vec",     "reshape", "diag",  "diagm", "sum",
    "norm", "dot",  "transpose", "exp", "log",     "sqrt",    "sin",     "cos",   "tanh",  "sinh",
    "cosh", "sech", "tan",       "abs", "eigvals", "eigvecs", "I",       "zeros", "ones"};

}  // namespace

// --- the table ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_builtin_is_in_the_table_once_and_findable_by_name) {
  const auto table = ex::builtins();
  BOOST_TEST(table.size() == kAllNames.size());
  std::set<std::string> seen;
  for (const auto& b : table) {
    BOOST_TEST(seen.insert(std::string(b.name)).second, "duplicate builtin " << b.name);
    const ex::Builtin* found = ex::find_builtin(b.name);
    BOOST_TEST_REQUIRE(found != nullptr);
    BOOST_TEST(found == &b);
    BOOST_TEST(b.min_args >= 1);
    BOOST_TEST(b.min_args <= b.max_args);
    BOOST_TEST(!b.signature.empty());
    BOOST_TEST(!b.summary.empty());
  }
  for (const auto& name : kAllNames) {
    const ex::Builtin* b = ex::find_builtin(name);
    BOOST_TEST_REQUIRE(b != nullptr, "missing builtin " << name);
    BOOST_TEST(b->name == name);
  }
  BOOST_TEST((ex::find_builtin("I")->id == BuiltinId::identity));
  BOOST_TEST((ex::find_builtin("eigvecs")->id == BuiltinId::eigvecs));
}

BOOST_AUTO_TEST_CASE(unknown_names_are_not_builtins) {
  BOOST_TEST(ex::find_builtin("foo") == nullptr);
  BOOST_TEST(ex::find_builtin("Inv") == nullptr);
  BOOST_TEST(ex::find_builtin("trace") == nullptr);
  BOOST_TEST(ex::find_builtin("pi") == nullptr);
  BOOST_TEST(ex::find_builtin("") == nullptr);
  BOOST_TEST(ex::find_builtin("det ") == nullptr);
}

BOOST_AUTO_TEST_CASE(only_abs_norm_eigvals_eigvecs_are_not_analytic) {
  const std::set<std::string> non_analytic = {"abs", "norm", "eigvals", "eigvecs"};
  for (const auto& b : ex::builtins()) {
    const bool expected = non_analytic.count(std::string(b.name)) == 0;
    BOOST_TEST(b.analytic == expected, b.name << " analytic flag is " << b.analytic);
  }
}

BOOST_AUTO_TEST_CASE(scalar_functions_are_the_elementwise_ones) {
  const std::set<std::string> scalar = {"exp",  "log",  "sqrt", "sin", "cos", "tanh",
                                        "sinh", "cosh", "sech", "tan", "abs"};
  for (const auto& b : ex::builtins()) {
    BOOST_TEST(b.scalar_function == (scalar.count(std::string(b.name)) == 1), b.name);
    if (b.scalar_function) {
      BOOST_TEST(b.min_args == 1);
      BOOST_TEST(b.max_args == 1);
    }
  }
}

// Issue 17: the names students give the same functions call them.
BOOST_AUTO_TEST_CASE(aliases_call_the_canonical_builtin) {
  BOOST_TEST(ex::find_builtin_alias("trace") == ex::find_builtin("tr"));
  BOOST_TEST(ex::find_builtin_alias("Tr") == ex::find_builtin("tr"));
  BOOST_TEST(ex::find_builtin_alias("inverse") == ex::find_builtin("inv"));
  BOOST_TEST(ex::find_builtin_alias("eye") == ex::find_builtin("I"));
  BOOST_TEST(ex::find_builtin_alias("Diagonal") == ex::find_builtin("diagm"));
  BOOST_TEST(ex::find_builtin_alias("tr") == nullptr);
  BOOST_TEST(ex::find_builtin_alias("outer") == nullptr);
}

BOOST_AUTO_TEST_CASE(argument_counts) {
  BOOST_TEST(ex::find_builtin("reshape")->min_args == 3);
  BOOST_TEST(ex::find_builtin("reshape")->max_args == 3);
  BOOST_TEST(ex::find_builtin("kron")->min_args == 2);
  BOOST_TEST(ex::find_builtin("dot")->max_args == 2);
  BOOST_TEST(ex::find_builtin("zeros")->min_args == 1);
  BOOST_TEST(ex::find_builtin("zeros")->max_args == 2);
  BOOST_TEST(ex::find_builtin("ones")->max_args == 2);
  BOOST_TEST(ex::find_builtin("I")->max_args == 1);
  BOOST_TEST(ex::find_builtin("inv")->max_args == 1);
}

BOOST_AUTO_TEST_CASE(reserved_names) {
  for (const auto& name : kAllNames) BOOST_TEST(ex::is_reserved_name(name), name);
  BOOST_TEST(ex::is_reserved_name("pi"));
  BOOST_TEST(ex::is_reserved_name("π"));
  BOOST_TEST(!ex::is_reserved_name("x"));
  BOOST_TEST(!ex::is_reserved_name("A"));
  BOOST_TEST(!ex::is_reserved_name("e"));
  BOOST_TEST(!ex::is_reserved_name("Pi"));
  BOOST_TEST(!ex::is_reserved_name("dX"));
  BOOST_TEST(!ex::is_reserved_name("n"));
}

BOOST_AUTO_TEST_CASE(formulas_report_their_non_analytic_builtins) {
  BOOST_TEST(ex::parse("det(X) + tr(inv(X)) + logdet(X) + sum(exp.(x))").is_analytic());
  const auto f = ex::parse("norm(x) + abs(y) + sum(eigvals(S)) + tr(eigvecs(S)) + norm(z)");
  BOOST_TEST(!f.is_analytic());
  const std::vector<std::string> expected = {"abs", "eigvals", "eigvecs", "norm"};
  BOOST_TEST(f.non_analytic_builtins() == expected, boost::test_tools::per_element());
  BOOST_TEST(!ex::parse("sum(abs.(x))").is_analytic());
}

// --- one evaluation per builtin -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(inv_inverts) {
  BOOST_TEST(near(eval("inv([4 7; 2 6])"), mat({{0.6, -0.7}, {-0.2, 0.4}})));
  BOOST_TEST(near(eval("[1 2; 3 4]^-1"), mat({{-2, 1}, {1.5, -0.5}})));
  BOOST_TEST(near(eval("[1 2; 3 4]⁻¹"), mat({{-2, 1}, {1.5, -0.5}})));
  BOOST_TEST(eval_scalar("inv(4)") == 0.25);
  const auto b = bind({{"A", mat({{2, 1, 0}, {1, 3, 1}, {0, 1, 4}})}});
  BOOST_TEST(near(eval("A*inv(A)", b), M::Identity(3, 3)));
  BOOST_TEST(near(eval("inv(A)*A", b), M::Identity(3, 3)));
}

BOOST_AUTO_TEST_CASE(det_is_the_determinant) {
  BOOST_TEST(std::abs(eval_scalar("det([1 2; 3 4])") + 2.0) < 1e-14);
  BOOST_TEST(std::abs(eval_scalar("det([2 0 1; 1 3 2; 1 1 2])") - 6.0) < 1e-14);
  BOOST_TEST(eval_scalar("det([5])") == 5.0);
  BOOST_TEST(std::abs(eval_scalar("det([0 1; 1 0])") + 1.0) < 1e-15);  // needs a row swap
  BOOST_TEST(eval_scalar("det(I(4))") == 1.0);
}

BOOST_AUTO_TEST_CASE(logdet_is_log_of_det_for_positive_det) {
  BOOST_TEST(std::abs(eval_scalar("logdet([4 1; 1 3])") - std::log(11.0)) < 1e-14);
  BOOST_TEST(std::abs(eval_scalar("logdet([4 1; 1 3]) - log(det([4 1; 1 3]))")) < 1e-14);
  // Positive determinant from two negative pivots, and from a row swap with one negative pivot.
  BOOST_TEST(std::abs(eval_scalar("logdet([-1 0; 0 -2])") - std::log(2.0)) < 1e-14);
  BOOST_TEST(std::abs(eval_scalar("logdet([0 2; -3 0])") - std::log(6.0)) < 1e-14);
  const auto b = bind({{"S", mat({{5, 1, 2}, {1, 4, 1}, {2, 1, 6}})}});
  BOOST_TEST(std::abs(eval_scalar("logdet(S) - log(det(S))", b)) < 1e-13);
}

BOOST_AUTO_TEST_CASE(tr_is_the_trace) {
  BOOST_TEST(eval_scalar("tr([1 2; 3 4])") == 5.0);
  BOOST_TEST(eval_scalar("tr(kron([1 2; 3 4], I(2)))") == 10.0);
  BOOST_TEST(eval_scalar("tr(I(7))") == 7.0);
}

BOOST_AUTO_TEST_CASE(kron_is_the_kronecker_product) {
  const M expected = mat({{0, 1, 0, 2}, {1, 0, 2, 0}, {0, 3, 0, 4}, {3, 0, 4, 0}});
  BOOST_TEST(near(eval("kron([1 2; 3 4], [0 1; 1 0])"), expected, 0.0));
  BOOST_TEST(near(eval("[1 2; 3 4] ⊗ [0 1; 1 0]"), expected, 0.0));
  // Non-square factors: a 2×1 by a 1×3 is 2×3.
  BOOST_TEST(near(eval("kron([1, 2], [1 10 100])"), mat({{1, 10, 100}, {2, 20, 200}}), 0.0));
  BOOST_TEST(near(eval("kron(2, [1 2])"), mat({{2, 4}}), 0.0));
}

BOOST_AUTO_TEST_CASE(vec_stacks_columns_and_reshape_refills_them) {
  BOOST_TEST(near(eval("vec([1 2; 3 4])"), col({1, 3, 2, 4}), 0.0));
  BOOST_TEST(near(eval("reshape([1, 2, 3, 4, 5, 6], 2, 3)"), mat({{1, 3, 5}, {2, 4, 6}}), 0.0));
  BOOST_TEST(near(eval("reshape([1 2 3 4 5 6], 3, 2)"), mat({{1, 4}, {2, 5}, {3, 6}}), 0.0));
  auto b = bind({{"X", mat({{1, 2, 3}, {4, 5, 6}})}});
  b.dimensions["m"] = 2;
  b.dimensions["n"] = 3;
  BOOST_TEST(near(eval("reshape(vec(X), 2, 3)", b), b.values["X"], 0.0));
  BOOST_TEST(near(eval("reshape(vec(X), m, n)", b), b.values["X"], 0.0));
  BOOST_TEST(near(eval("vec(reshape(vec(X), n, m))", b), col({1, 4, 2, 5, 3, 6}), 0.0));
}

BOOST_AUTO_TEST_CASE(diag_takes_and_diagm_builds_a_diagonal) {
  BOOST_TEST(near(eval("diag([1 2; 3 4])"), col({1, 4}), 0.0));
  BOOST_TEST(near(eval("diagm([1, 2, 3])"), mat({{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}), 0.0));
  BOOST_TEST(near(eval("diagm([1 2 3])"), mat({{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}), 0.0));
  BOOST_TEST(near(eval("diag(diagm([5, 6]))"), col({5, 6}), 0.0));
}

BOOST_AUTO_TEST_CASE(sum_adds_every_entry) {
  BOOST_TEST(eval_scalar("sum([1 2; 3 4])") == 10.0);
  BOOST_TEST(eval_scalar("sum(ones(3, 4))") == 12.0);
  BOOST_TEST(eval_scalar("sum([-1, 1])") == 0.0);
}

BOOST_AUTO_TEST_CASE(norm_is_euclidean_for_vectors_and_frobenius_for_matrices) {
  BOOST_TEST(eval_scalar("norm([3, 4])") == 5.0);
  BOOST_TEST(eval_scalar("norm([3 4])") == 5.0);
  BOOST_TEST(eval_scalar("norm([1 2; 2 4])") == 5.0);
  BOOST_TEST(eval_scalar("norm([-3, -4])") == 5.0);
  BOOST_TEST(eval_scalar("norm(zeros(2, 2))") == 0.0);
}

BOOST_AUTO_TEST_CASE(dot_is_the_frobenius_inner_product) {
  BOOST_TEST(eval_scalar("dot([1 2; 3 4], [5 6; 7 8])") == 70.0);
  BOOST_TEST(eval_scalar("dot([1, 2, 3], [4, 5, 6])") == 32.0);
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}, {"B", mat({{5, 6}, {7, 8}})}});
  BOOST_TEST(eval_scalar("dot(A, B) - tr(A'*B)", b) == 0.0);
  BOOST_TEST(eval_scalar("dot(A, I)", b) == 5.0);  // I takes the shape of A
  BOOST_TEST(eval_scalar("dot(I, B)", b) == 13.0);
}

BOOST_AUTO_TEST_CASE(transpose_swaps_rows_and_columns) {
  BOOST_TEST(near(eval("transpose([1 2 3])"), col({1, 2, 3}), 0.0));
  BOOST_TEST(near(eval("transpose([1 2; 3 4])"), mat({{1, 3}, {2, 4}}), 0.0));
  BOOST_TEST(near(eval("[1 2; 3 4]'"), mat({{1, 3}, {2, 4}}), 0.0));
  BOOST_TEST(near(eval("[1 2; 3 4]ᵀ"), mat({{1, 3}, {2, 4}}), 0.0));
}

BOOST_AUTO_TEST_CASE(exp_and_log) {
  BOOST_TEST(eval_scalar("exp(0)") == 1.0);
  BOOST_TEST(std::abs(eval_scalar("exp(1)") - std::exp(1.0)) < 1e-15);
  BOOST_TEST(near(eval("exp.([0, 1, -1])"), col({1, std::exp(1.0), std::exp(-1.0)})));
  BOOST_TEST(eval_scalar("log(1)") == 0.0);
  BOOST_TEST(std::abs(eval_scalar("log(exp(2.5))") - 2.5) < 1e-15);
  BOOST_TEST(near(eval("log.([1, 100])"), col({0, std::log(100.0)})));
}

BOOST_AUTO_TEST_CASE(sqrt_including_zero) {
  BOOST_TEST(eval_scalar("sqrt(16)") == 4.0);
  BOOST_TEST(eval_scalar("sqrt(0)") == 0.0);
  BOOST_TEST(near(eval("sqrt.([4 9; 0 2])"), mat({{2, 3}, {0, std::sqrt(2.0)}})));
}

BOOST_AUTO_TEST_CASE(sin_cos_tanh) {
  BOOST_TEST(std::abs(eval_scalar("sin(pi/2)") - 1.0) < 1e-15);
  BOOST_TEST(std::abs(eval_scalar("sin(π)")) < 1e-15);
  BOOST_TEST(std::abs(eval_scalar("cos(pi)") + 1.0) < 1e-15);
  BOOST_TEST(eval_scalar("cos(0)") == 1.0);
  BOOST_TEST(eval_scalar("tanh(0)") == 0.0);
  BOOST_TEST(std::abs(eval_scalar("tanh(1)") - 0.7615941559557649) < 1e-15);
  BOOST_TEST(near(eval("sin.([0, 1]) .^ 2 + cos.([0, 1]) .^ 2"), col({1, 1})));
  BOOST_TEST(near(eval("tanh.([-1, 1])"), col({-0.7615941559557649, 0.7615941559557649})));
}

BOOST_AUTO_TEST_CASE(abs_of_scalars_and_entrywise) {
  BOOST_TEST(eval_scalar("abs(-3)") == 3.0);
  BOOST_TEST(eval_scalar("abs(2.5)") == 2.5);
  BOOST_TEST(eval_scalar("abs(0)") == 0.0);
  BOOST_TEST(near(eval("abs.([-1, 2, -3])"), col({1, 2, 3}), 0.0));
}

BOOST_AUTO_TEST_CASE(eigvals_are_ascending) {
  BOOST_TEST(near(eval("eigvals([2 1; 1 2])"), col({1, 3})));
  BOOST_TEST(near(eval("eigvals([2 0 0; 0 3 4; 0 4 -3])"), col({-5, 2, 5})));
  BOOST_TEST(near(eval("eigvals(diagm([3, -1, 2]))"), col({-1, 2, 3})));
}

BOOST_AUTO_TEST_CASE(eigvecs_are_orthonormal_with_largest_entry_positive) {
  // Eigenvalues -5, 2, 5 with eigenvectors (0, 1, -2)/√5 (sign flipped to (0, -1, 2)/√5),
  // (1, 0, 0) and (0, 2, 1)/√5.
  const double r = 1.0 / std::sqrt(5.0);
  const M expected = mat({{0, 1, 0}, {-r, 0, 2 * r}, {2 * r, 0, r}});
  BOOST_TEST(near(eval("eigvecs([2 0 0; 0 3 4; 0 4 -3])"), expected));
  // Negating the matrix reverses the order; the signs follow the same convention.
  BOOST_TEST(near(eval("eigvecs(-[2 0 0; 0 3 4; 0 4 -3])"),
                  mat({{0, 1, 0}, {2 * r, 0, -r}, {r, 0, 2 * r}})));

  const auto b = bind({{"S", mat({{4, 1, 2, 0}, {1, 5, -1, 1}, {2, -1, 6, 2}, {0, 1, 2, 3}})}});
  const M v = eval("eigvecs(S)", b);
  BOOST_TEST(near(v.transpose() * v, M::Identity(4, 4)));
  BOOST_TEST(near(eval("S*eigvecs(S) - eigvecs(S)*diagm(eigvals(S))", b), M::Zero(4, 4), 1e-13));
  BOOST_TEST(near(eval("eigvecs(S)*diagm(eigvals(S))*eigvecs(S)' - S", b), M::Zero(4, 4), 1e-13));
  for (Eigen::Index j = 0; j < v.cols(); ++j) {
    Eigen::Index largest = 0;
    v.col(j).cwiseAbs().maxCoeff(&largest);
    BOOST_TEST(v(largest, j) > 0.0, "column " << j << " has a negative largest entry");
  }
}

BOOST_AUTO_TEST_CASE(identity_of_a_given_size) {
  BOOST_TEST(near(eval("I(3)"), M::Identity(3, 3), 0.0));
  Bindings<double> b;
  b.dimensions["n"] = 2;
  BOOST_TEST(near(eval("I(n)", b), M::Identity(2, 2), 0.0));
  BOOST_TEST(near(eval("I(n + 1)", b), M::Identity(3, 3), 0.0));
}

BOOST_AUTO_TEST_CASE(zeros_and_ones_have_the_requested_shape) {
  BOOST_TEST(near(eval("zeros(2, 3)"), M::Zero(2, 3), 0.0));
  BOOST_TEST(near(eval("zeros(3)"), M::Zero(3, 1), 0.0));
  BOOST_TEST(near(eval("ones(2, 3)"), M::Ones(2, 3), 0.0));
  BOOST_TEST(near(eval("ones(4)"), M::Ones(4, 1), 0.0));
  Bindings<double> b;
  b.dimensions["n"] = 3;
  b.dimensions["m"] = 2;
  BOOST_TEST(near(eval("ones(m, n)", b), M::Ones(2, 3), 0.0));
  BOOST_TEST(near(eval("zeros(n*m, 1)", b), M::Zero(6, 1), 0.0));
}

// --- operators that the builtins are defined through ---------------------------------------

BOOST_AUTO_TEST_CASE(quadratic_form) {
  const auto b = bind({{"x", col({1, 2, 3})}, {"A", mat({{2, 0, 0}, {0, 1, 1}, {0, 1, 1}})}});
  BOOST_TEST(eval_scalar("x'*x", b) == 14.0);
  BOOST_TEST(eval_scalar("x'*A*x", b) == 27.0);  // 2*1 + (2+3)^2
  BOOST_TEST(near(eval("x*x'", b), mat({{1, 2, 3}, {2, 4, 6}, {3, 6, 9}}), 0.0));
  // A 1×1 result acts as a scalar.
  BOOST_TEST(near(eval("(x'*x)*x", b), col({14, 28, 42}), 0.0));
  BOOST_TEST(near(eval("x*(x'*x)", b), col({14, 28, 42}), 0.0));
}

BOOST_AUTO_TEST_CASE(right_and_left_division) {
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}, {"B", mat({{5, 6}, {7, 8}})}});
  BOOST_TEST(near(eval("B/A", b), eval("B*inv(A)", b)));
  BOOST_TEST(near(eval("A\\B", b), eval("inv(A)*B", b)));
  BOOST_TEST(near(eval("B/A", b), mat({{-1, 2}, {-2, 3}})));
  BOOST_TEST(near(eval("A\\B", b), mat({{-3, -4}, {4, 5}})));
  BOOST_TEST(near(eval("B/2", b), mat({{2.5, 3}, {3.5, 4}}), 0.0));
  BOOST_TEST(near(eval("2\\B", b), mat({{2.5, 3}, {3.5, 4}}), 0.0));
  BOOST_TEST(near(eval("I/A", b), eval("inv(A)", b)));
  BOOST_TEST(near(eval("A\\I", b), eval("inv(A)", b)));
}

BOOST_AUTO_TEST_CASE(matrix_power_by_squaring) {
  const auto b = bind({{"A", mat({{1, 1}, {1, 0}})},
                       {"C", mat({{0.9, 0.2, 0.1}, {0.3, 1.1, -0.2}, {0.0, 0.4, 0.8}})}});
  BOOST_TEST(near(eval("A^5", b), mat({{8, 5}, {5, 3}}), 0.0));  // Fibonacci
  BOOST_TEST(near(eval("A^5 - A*A*A*A*A", b), M::Zero(2, 2), 0.0));
  BOOST_TEST(near(eval("A^0", b), M::Identity(2, 2), 0.0));
  BOOST_TEST(near(eval("A^1", b), b.values.at("A"), 0.0));
  BOOST_TEST(near(eval("C^7 - C*C*C*C*C*C*C", b), M::Zero(3, 3), 1e-13));
  BOOST_TEST(near(eval("C^-3 - inv(C)*inv(C)*inv(C)", b), M::Zero(3, 3), 1e-12));
  BOOST_TEST(near(eval("C^-3*C^3", b), M::Identity(3, 3), 1e-13));
  BOOST_TEST(eval_scalar("2^10") == 1024.0);
  BOOST_TEST(eval_scalar("(-2)^3") == -8.0);
  BOOST_TEST(eval_scalar("2^-2") == 0.25);
  BOOST_TEST(std::abs(eval_scalar("2^0.5") - std::sqrt(2.0)) < 1e-15);
  BOOST_TEST(near(eval("[1 2; 3 4].^2"), mat({{1, 4}, {9, 16}}), 0.0));
}

BOOST_AUTO_TEST_CASE(identity_takes_its_size_from_context) {
  const auto b = bind({{"X", mat({{1, 2}, {3, 4}})}, {"x", col({1, 2})}});
  BOOST_TEST(near(eval("X + I", b), mat({{2, 2}, {3, 5}}), 0.0));
  BOOST_TEST(near(eval("I + X", b), mat({{2, 2}, {3, 5}}), 0.0));
  BOOST_TEST(near(eval("X - 3*I", b), mat({{-2, 2}, {3, 1}}), 0.0));
  BOOST_TEST(near(eval("2*I*X", b), mat({{2, 4}, {6, 8}}), 0.0));
  BOOST_TEST(near(eval("X*I*2", b), mat({{2, 4}, {6, 8}}), 0.0));
  BOOST_TEST(near(eval("I*x", b), col({1, 2}), 0.0));
  BOOST_TEST(near(eval("(2*I)^2 + X", b), mat({{5, 2}, {3, 8}}), 0.0));
  BOOST_TEST(near(eval("I' + X", b), mat({{2, 2}, {3, 5}}), 0.0));
  BOOST_TEST(near(eval("-I + X", b), mat({{0, 2}, {3, 3}}), 0.0));
  BOOST_TEST(near(eval("inv(2*I) + X", b), mat({{1.5, 2}, {3, 4.5}}), 0.0));
  BOOST_TEST(near(eval("I .* X", b), mat({{1, 0}, {0, 4}}), 0.0));
  BOOST_TEST(near(eval("X + I - I", b), b.values.at("X"), 0.0));
}

BOOST_AUTO_TEST_CASE(indexing_is_one_based) {
  const auto b = bind({{"A", mat({{1, 2, 3}, {4, 5, 6}})}, {"x", col({7, 8, 9})}});
  BOOST_TEST(eval_scalar("x[2]", b) == 8.0);
  BOOST_TEST(eval_scalar("A[2, 3]", b) == 6.0);
  BOOST_TEST(eval_scalar("A[4]", b) == 5.0);  // column-major linear index
  BOOST_TEST(near(eval("A[2, :]", b), mat({{4, 5, 6}}), 0.0));
  BOOST_TEST(near(eval("A[:, 2]", b), col({2, 5}), 0.0));
  BOOST_TEST(eval_scalar("A[2, :]*x", b) == 4 * 7 + 5 * 8 + 6 * 9);
  BOOST_TEST(near(eval("A[:]", b), col({1, 4, 2, 5, 3, 6}), 0.0));
}

BOOST_AUTO_TEST_CASE(matrix_literals_concatenate_blocks) {
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}, {"B", mat({{5, 6}, {7, 8}})}});
  BOOST_TEST(near(eval("[A B; B' A]", b),
                  mat({{1, 2, 5, 6}, {3, 4, 7, 8}, {5, 7, 1, 2}, {6, 8, 3, 4}}), 0.0));
  BOOST_TEST(near(eval("[A; 9 10]", b), mat({{1, 2}, {3, 4}, {9, 10}}), 0.0));
}

// The builtins agree across the scalar types on the same hand-computed values.
using ScalarTypes = boost::mpl::list<double, Complex, High>;

BOOST_AUTO_TEST_CASE_TEMPLATE(builtins_give_the_same_values_in_every_precision, T, ScalarTypes) {
  using Traits = ex::scalar_traits<T>;
  const auto check = [](const std::string& formula, const M& expected) {
    const Matrix<T> v = ex::evaluate(ex::parse(formula), Bindings<T>{});
    BOOST_TEST_REQUIRE(v.rows() == expected.rows());
    BOOST_TEST_REQUIRE(v.cols() == expected.cols());
    for (Eigen::Index j = 0; j < v.cols(); ++j) {
      for (Eigen::Index i = 0; i < v.rows(); ++i) {
        BOOST_TEST(std::abs(Traits::to_double(v(i, j)) - expected(i, j)) < 1e-14, formula);
        BOOST_TEST(Traits::to_double(Traits::imag(v(i, j))) == 0.0, formula);
      }
    }
  };
  check("det([1 2; 3 4])", mat({{-2}}));
  check("logdet([4 1; 1 3]) - log(11)", mat({{0}}));
  check("tr(kron([1 2; 3 4], I(2)))", mat({{10}}));
  check("inv([4 7; 2 6])", mat({{0.6, -0.7}, {-0.2, 0.4}}));
  check("reshape(vec([1 2; 3 4]), 2, 2)", mat({{1, 2}, {3, 4}}));
  check("diagm(diag([1 2; 3 4]))", mat({{1, 0}, {0, 4}}));
  check("norm([3, 4])", mat({{5}}));
  check("dot([1 2; 3 4], [5 6; 7 8])", mat({{70}}));
  check("eigvals([2 1; 1 2])", col({1, 3}));
  check("eigvecs([2 0 0; 0 3 4; 0 4 -3])", mat({{0, 1, 0},
                                                {-1 / std::sqrt(5.0), 0, 2 / std::sqrt(5.0)},
                                                {2 / std::sqrt(5.0), 0, 1 / std::sqrt(5.0)}}));
  check("[1 1; 1 0]^5", mat({{8, 5}, {5, 3}}));
  check("sum(abs.([-1, 2, -3]))", mat({{6}}));
  check("exp(0) + sqrt(4) + sin(0) + cos(0) + tanh(0) + log(1)", mat({{4}}));
  check("zeros(2, 3) + ones(2, 3)", M::Ones(2, 3));
}

// docs/formula-language.md's table of functions copies the table of builtins: every function
// it names is a builtin, with the same "analytic" (the complex step's validity), and every
// builtin is there.
BOOST_AUTO_TEST_CASE(the_docs_table_of_functions_matches_the_builtins) {
  const auto rows =
      grader_test::markdown_table(std::string(GRADER_SOURCE_DIR) + "/docs/formula-language.md",
                                  "| function | value | analytic |");
  std::set<std::string> documented;
  for (const auto& row : rows) {
    BOOST_TEST_REQUIRE(row.size() == 3u);
    const bool analytic = row[2] == "yes";
    BOOST_TEST((analytic || row[2] == "**no**"), row[2]);
    // "`inv(A)`", "`I(n)`, `zeros(m, n)`": the names that open a call; "`exp log sqrt`":
    // every word.
    std::string cell = row[0];
    const bool calls = cell.find('(') != std::string::npos;
    for (char& c : cell)
      if (c == '`' || c == ',') c = ' ';
    std::istringstream words(cell);
    for (std::string word; words >> word;) {
      if (calls && word.find('(') == std::string::npos) continue;  // "n)" of "zeros(m, n)"
      const std::string name = word.substr(0, word.find('('));
      const auto* builtin = grader::expr::find_builtin(name);
      BOOST_TEST_REQUIRE(builtin != nullptr, name << " is not a builtin");
      BOOST_TEST(builtin->analytic == analytic, name);
      documented.insert(name);
    }
  }
  for (const auto& b : grader::expr::builtins())
    BOOST_TEST(documented.count(std::string(b.name)) == 1u, b.name);
}
