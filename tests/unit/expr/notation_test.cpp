#define BOOST_TEST_MODULE expr_notation
#include "grader/expr/notation.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader::expr;

namespace {

// A problem with X, A (n×n), v, x0 (n×1), s (1×1) and a dimension n.
ShapeEnv problem_env(bool with_t = false, bool with_e = false) {
  ShapeEnv env;
  env.declare_dimension("n");
  const Shape square = Shape::matrix(Dim::symbol("n"), Dim::symbol("n"));
  const Shape column = Shape::matrix(Dim::symbol("n"), Dim::constant(1));
  env.declare("X", square);
  env.declare("A", square, NameRole::constant);
  env.declare("v", column);
  env.declare("x0", column, NameRole::constant);
  env.declare("s", Shape::scalar());
  if (with_t) env.declare("T", Shape::scalar(), NameRole::constant);
  if (with_e) env.declare("e", Shape::scalar(), NameRole::constant);
  return env;
}

// The tree of `text` after the readings, printed canonically; "" when nothing was read.
std::string read(const std::string& text, const ShapeEnv& env, const Shape* expected = nullptr) {
  Formula f = parse(text);
  read_notation(f, env, expected);
  return f.alternative_notation() ? to_formula(f.root()) : "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_caret_t_is_a_transpose_unless_t_is_a_name) {
  const ShapeEnv env = problem_env();
  BOOST_TEST(read("X^T*A", env) == "X'*A");
  BOOST_TEST(read("A^{T}", env) == "A'");
  BOOST_TEST(read("A^-T*v", env) == "inv(A)'*v");
  BOOST_TEST(read("A^{-T}", env) == "inv(A)'");
  BOOST_TEST(read("v^T*X*v", env) == "v'*X*v");
  // T is a name of this problem: A^T stays a power.
  const ShapeEnv with_t = problem_env(true);
  BOOST_TEST(read("A^T", with_t).empty());
}

BOOST_AUTO_TEST_CASE(e_to_a_power_is_exp_unless_e_is_a_name) {
  BOOST_TEST(read("e^(s)*v", problem_env()) == "exp(s)*v");
  BOOST_TEST(read("ℯ^(2*s)", problem_env(false, true)) == "exp(2*s)");
  BOOST_TEST(read("e^(s)", problem_env(false, true)).empty());
  BOOST_TEST(read("ℯ*s", problem_env()) == "exp(1)*s");
}

BOOST_AUTO_TEST_CASE(an_underscore_name_is_the_problems_name_without_it) {
  BOOST_TEST(read("x_0 + v", problem_env()) == "x0 + v");
  BOOST_TEST(read("x₀ + v", problem_env()) == "x0 + v");
  BOOST_TEST(read("y_0 + v", problem_env()).empty());  // no y0: left for the name check
}

BOOST_AUTO_TEST_CASE(diag_of_a_vector_is_the_diagonal_matrix) {
  BOOST_TEST(read("diag(v)*A", problem_env()) == "diagm(v)*A");
  BOOST_TEST(read("diag(A)", problem_env()).empty());  // of a square matrix: its diagonal
}

BOOST_AUTO_TEST_CASE(an_identity_in_a_kronecker_product_takes_the_size_the_answer_leaves) {
  const ShapeEnv env = problem_env();
  const Dim n = Dim::symbol("n");
  const Shape big = Shape::matrix(n * n, n * n);
  BOOST_TEST(read("kron(I, X) + kron(X', I)", env, &big) == "kron(I(n), X) + kron(X', I(n))");
  BOOST_TEST(read("I ⊗ X - 2*(X ⊗ I)", env, &big) == "I(n) ⊗ X - 2*(X ⊗ I(n))");
  // Without the answer's shape nothing can be inferred, and nothing is read.
  BOOST_TEST(read("kron(I, X)", env).empty());
  const Shape tall = Shape::matrix(n * n, n);
  BOOST_TEST(read("kron(I, X)", env, &tall).empty());  // not square: no size for I
}

BOOST_AUTO_TEST_CASE(an_identity_that_is_the_whole_answer_takes_the_answers_size) {
  const ShapeEnv env = problem_env();
  const Shape square = Shape::matrix(Dim::symbol("n"), Dim::symbol("n"));
  BOOST_TEST(read("I", env, &square) == "I(n)");
  BOOST_TEST(read("s*I/norm(v)", env, &square) == "s*I(n)/norm(v)");
  // Sized by the sum already: left as written.
  BOOST_TEST(read("I - v*v'", env, &square).empty());
}

BOOST_AUTO_TEST_CASE(dimensions_divide_exactly_or_not_at_all) {
  const Dim n = Dim::symbol("n");
  const Dim m = Dim::symbol("m");
  BOOST_TEST((n * n).divided_by(n)->to_string() == "n");
  BOOST_TEST((Dim::constant(6) * n * m).divided_by(Dim::constant(3) * m)->to_formula() == "2*n");
  BOOST_TEST(!(n * n + Dim::constant(1)).divided_by(n));
  BOOST_TEST(!n.divided_by(m));
  BOOST_TEST(!n.divided_by(n + m));
  BOOST_TEST((n * m + n + Dim::constant(1)).to_formula() == "m*n + n + 1");
}
