#define BOOST_TEST_MODULE expr_shape_check
#include "grader/expr/shape_check.hpp"

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../support/expr_support.hpp"
#include "grader/expr/diagnostic.hpp"

using namespace grader::expr;

namespace {

const Dim n = Dim::symbol("n");
const Dim m = Dim::symbol("m");
const Dim one = Dim::constant(1);

// X n×n (a variable with dX), A n×n (a constant), x n×1, B n×m; dimensions n and m.
ShapeEnv symbolic_env() {
  ShapeEnv env;
  env.declare_dimension("n");
  env.declare_dimension("m");
  env.declare("X", Shape::matrix(n, n));
  env.declare("dX", Shape::matrix(n, n), NameRole::differential);
  env.declare("A", Shape::matrix(n, n), NameRole::constant);
  env.declare("x", Shape::matrix(n, one));
  env.declare("B", Shape::matrix(n, m));
  return env;
}

// P 2×2, Q 2×3, v 3×1, and the dimension n = 3 with Y n×n.
ShapeEnv concrete_env() {
  ShapeEnv env;
  env.declare_dimension("n", 3);
  env.declare("P", Shape::matrix(Dim::constant(2), Dim::constant(2)));
  env.declare("Q", Shape::matrix(Dim::constant(2), Dim::constant(3)));
  env.declare("v", Shape::matrix(Dim::constant(3), one));
  env.declare("Y", Shape::matrix(env.dimension("n"), env.dimension("n")));
  return env;
}

Shape shape_of(const std::string& text, const ShapeEnv& env = symbolic_env(),
               const Limits& limits = {}) {
  return check_shapes(parse(text), env, limits);
}

// The shape as text, or "error: <message>".
std::string shape_text(const std::string& text, const ShapeEnv& env = symbolic_env()) {
  try {
    return shape_of(text, env).to_string();
  } catch (const FormulaError& e) {
    return "error: " + e.diagnostic().message;
  }
}

void check_shape_texts(const std::vector<std::pair<std::string, std::string>>& cases,
                       const ShapeEnv& env = symbolic_env()) {
  for (const auto& [text, expected] : cases) {
    BOOST_TEST_CONTEXT("formula: " << text) {
      BOOST_TEST(shape_text(text, env) == expected);
    }
  }
}

FormulaError check_error(const std::string& text, const ShapeEnv& env = symbolic_env(),
                         const Limits& limits = {}) {
  const Formula f = parse(text);
  try {
    const Shape s = check_shapes(f, env, limits);
    BOOST_FAIL("accepted: " << text << " with shape " << s.to_string());
  } catch (const FormulaError& e) {
    return e;
  }
  throw std::logic_error("unreachable");
}

struct ErrorCase {
  std::string text;
  ErrorKind kind;
  std::string message;
  std::string help;
};

void check_errors(const std::vector<ErrorCase>& cases, const ShapeEnv& env = symbolic_env()) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("formula: " << c.text) {
      const FormulaError e = check_error(c.text, env);
      BOOST_TEST(e.kind() == c.kind);
      BOOST_TEST(e.diagnostic().message == c.message);
      BOOST_TEST(e.diagnostic().help == c.help);
    }
  }
}

}  // namespace

// --- the environment ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(shape_env_records_declarations_and_dimensions) {
  const ShapeEnv env = symbolic_env();
  BOOST_TEST(env.names() == (std::vector<std::string>{"A", "B", "X", "dX", "m", "n", "x"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(env.find("A") != nullptr);
  BOOST_TEST((env.find("A")->role == NameRole::constant));
  BOOST_TEST(env.find("B")->shape.to_string() == "n×m");
  BOOST_TEST((env.find("n")->role == NameRole::dimension));
  BOOST_TEST(env.find("Z") == nullptr);
  BOOST_TEST(env.dimension("n").to_string() == "n");
  BOOST_TEST(env.dimension_values().empty());
}

BOOST_AUTO_TEST_CASE(a_dimension_with_a_value_is_a_concrete_size) {
  ShapeEnv env;
  env.declare_dimension("n", 4);
  BOOST_TEST(env.dimension("n").to_string() == "4");
  BOOST_TEST(env.dimension_values().at("n") == 4);
  env.declare_dimension("n");  // redeclared without a value: symbolic again
  BOOST_TEST(env.dimension("n").to_string() == "n");
  BOOST_TEST(env.dimension_values().empty());
}

// --- symbolic shapes ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(products_and_transposes_on_symbolic_dimensions) {
  check_shape_texts({
      {"X", "n×n"},    {"X*A", "n×n"},    {"X*B", "n×m"},      {"B'", "m×n"},
      {"Bᵀ", "m×n"},   {"B'*B", "m×m"},   {"B*B'", "n×n"},     {"B'*X", "m×n"},
      {"x'", "1×n"},   {"x'*A*x", "1×1"}, {"x*x'", "n×n"},     {"X*dX + dX*X", "n×n"},
      {"-X'", "n×n"},  {"X⁻¹*x", "n×1"},  {"inv(A)*B", "n×m"}, {"A\\B", "n×m"},
      {"B'/X", "m×n"}, {"X^3", "n×n"},    {"X^-1", "n×n"},
  });
}

BOOST_AUTO_TEST_CASE(scalars_scale_anything) {
  check_shape_texts({
      {"2*B", "n×m"},
      {"B*2", "n×m"},
      {"B/2", "n×m"},
      {"2\\B", "n×m"},
      {"n*B", "n×m"},
      {"pi*X", "n×n"},
      {"(x'*x)*B", "n×m"},
      {"B*(x'*A*x)", "n×m"},
      {"x'*x + 1", "1×1"},
      {"n", "1×1"},
      {"tr(X)*X", "n×n"},
  });
}

BOOST_AUTO_TEST_CASE(kron_multiplies_dimensions) {
  check_shape_texts({
      {"kron(X, B)", "(n*n)×(m*n)"},
      {"X⊗B", "(n*n)×(m*n)"},
      {"kron(x, x')", "n×n"},
      {"kron(B, B)", "(n*n)×(m*m)"},
      {"kron(2, B)", "n×m"},
  });
  const Shape s = shape_of("kron(A, B)");
  BOOST_TEST((s.rows == n * n));
  BOOST_TEST((s.cols == n * m));
}

BOOST_AUTO_TEST_CASE(vec_and_reshape) {
  check_shape_texts({
      {"vec(B)", "(m*n)×1"},
      {"vec(X)", "(n*n)×1"},
      {"reshape(vec(B), n, m)", "n×m"},
      {"reshape(vec(B), m, n)", "m×n"},
      {"reshape(B, n*m, 1)", "(m*n)×1"},
      {"reshape(x, 1, n)", "1×n"},
  });
  const Shape s = shape_of("vec(B)");
  BOOST_TEST((s.rows == m * n));
}

BOOST_AUTO_TEST_CASE(reshape_must_keep_the_number_of_entries) {
  check_errors({
      {"reshape(B, n, n)", ErrorKind::shape,
       "cannot reshape n×m into n×n: the number of entries differs", ""},
  });
  const FormulaError e = check_error("reshape(B, n, n)");
  BOOST_TEST(e.diagnostic().primary == (Span{0, 7}));
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 1U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{8, 9}));
}

BOOST_AUTO_TEST_CASE(other_builtins_on_symbolic_dimensions) {
  check_shape_texts({
      {"tr(X)", "1×1"},
      {"det(A)", "1×1"},
      {"logdet(X)", "1×1"},
      {"sum(B)", "1×1"},
      {"norm(x)", "1×1"},
      {"dot(x, x)", "1×1"},
      {"dot(B, B)", "1×1"},
      {"diag(X)", "n×1"},
      {"diagm(x)", "n×n"},
      {"diagm(x')", "n×n"},
      {"transpose(B)", "m×n"},
      {"eigvals(X)", "n×1"},
      {"eigvecs(X)", "n×n"},
      {"eigvecs(X)[:, 1]", "n×1"},
      {"exp.(B)", "n×m"},
      {"exp(tr(X))", "1×1"},
      {"I(n)", "n×n"},
      {"I(3)", "3×3"},
      {"zeros(n)", "n×1"},
      {"zeros(m, n)", "m×n"},
      {"ones(n+1, 2*m)", "(n+1)×2m"},
      {"x .* x", "n×1"},
      {"x .* X", "n×n"},
      {"x' .* x", "n×n"},
      {"B ./ 2", "n×m"},
      {"B .^ 2", "n×m"},
  });
}

BOOST_AUTO_TEST_CASE(identity_takes_its_size_from_the_context) {
  check_shape_texts({
      {"X + I", "n×n"},
      {"I + X", "n×n"},
      {"A*I", "n×n"},
      {"I*A", "n×n"},
      {"I - A*X", "n×n"},
      {"2*I + X", "n×n"},
      {"I*2 - X", "n×n"},
      {"(I + I)*X", "n×n"},
      {"I' + X", "n×n"},
      {"transpose(I) + X", "n×n"},
      {"I⁻¹*B", "n×m"},
      {"I*B", "n×m"},
      {"B*I", "n×m"},
      {"X \\ I", "n×n"},
      {"I / X", "n×n"},
      {"X .* I", "n×n"},
      {"dot(I, X)", "1×1"},
      {"dot(X, I)", "1×1"},
  });
}

BOOST_AUTO_TEST_CASE(identity_added_to_a_non_square_matrix_is_an_error) {
  check_errors({
      {"I - A*B", ErrorKind::shape, "cannot subtract I and a n×m matrix: I is square", ""},
      {"B + I", ErrorKind::shape, "cannot add I and a n×m matrix: I is square", ""},
  });
}

BOOST_AUTO_TEST_CASE(identity_of_unknown_size_is_an_error) {
  const std::string help = "write I(n) for the n×n identity";
  check_errors({
      {"I", ErrorKind::shape, "the size of I cannot be inferred from this formula", help},
      {"2*I", ErrorKind::shape, "the size of I cannot be inferred from this formula", help},
      {"I + I", ErrorKind::shape, "the size of I cannot be inferred from this formula", help},
      {"kron(I, A)", ErrorKind::shape, "the size of I cannot be inferred in a Kronecker product",
       help},
      {"kron(A, I)", ErrorKind::shape, "the size of I cannot be inferred in a Kronecker product",
       help},
      {"A ⊗ I", ErrorKind::shape, "the size of I cannot be inferred in a Kronecker product", help},
      {"tr(I)", ErrorKind::shape, "the size of I cannot be inferred in a trace", help},
      {"det(I)", ErrorKind::shape, "the size of I cannot be inferred in det", help},
      {"vec(I)", ErrorKind::shape, "the size of I cannot be inferred in vec", help},
      {"sum(I)", ErrorKind::shape, "the size of I cannot be inferred in sum", help},
      {"I[1, 1]", ErrorKind::shape, "the size of I cannot be inferred in an index", help},
      {"exp.(I)", ErrorKind::shape, "the size of I cannot be inferred in exp.(...)", help},
      {"[X I]", ErrorKind::shape, "the size of I cannot be inferred in a matrix literal", help},
      {"x .* I", ErrorKind::shape, "the size of I cannot be inferred in an entrywise operation",
       help},
  });
  const FormulaError e = check_error("kron(I, A)");
  BOOST_TEST(e.diagnostic().primary == (Span{5, 6}));  // the I
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 1U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{0, 4}));  // kron
  const FormulaError plain = check_error("I");
  BOOST_TEST(plain.diagnostic().primary == (Span{0, 1}));
}

BOOST_AUTO_TEST_CASE(dot_with_identity_needs_a_square_partner) {
  // I is square: dot(I, B) with B n×m has no meaning.
  for (const std::string text : {"dot(I, B)", "dot(B, I)"}) {
    BOOST_TEST_CONTEXT("formula: " << text) {
      try {
        const Shape s = shape_of(text);
        BOOST_ERROR("accepted with shape " << s.to_string());
      } catch (const FormulaError& e) {
        BOOST_TEST(e.kind() == ErrorKind::shape);
      }
    }
  }
}

// --- scalar functions -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(scalar_functions_of_matrices_suggest_broadcasting) {
  check_errors({
      {"exp(A)", ErrorKind::shape,
       "exp takes a scalar, not a n×n matrix (the matrix exponential is not part of this language)",
       "for exp of each entry write exp.(A)"},
      {"log(X + I)", ErrorKind::shape,
       "log takes a scalar, not a n×n matrix (the matrix logarithm is not part of this language)",
       "for log of each entry write log.(X + I)"},
      {"sqrt(B)", ErrorKind::shape,
       "sqrt takes a scalar, not a n×m matrix (the matrix square root is not part of this "
       "language)",
       "for sqrt of each entry write sqrt.(B)"},
      {"sin(x)", ErrorKind::shape, "sin takes a scalar, not a n×1 matrix",
       "for sin of each entry write sin.(x)"},
      {"abs(x)", ErrorKind::shape, "abs takes a scalar, not a n×1 matrix",
       "for abs of each entry write abs.(x); for a size write norm(...)"},
  });
  const FormulaError e = check_error("2*exp(A)");
  BOOST_TEST(e.diagnostic().primary == (Span{2, 5}));
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 1U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{6, 7}));
}

BOOST_AUTO_TEST_CASE(scalar_functions_of_scalars_are_scalars) {
  check_shape_texts({
      {"exp(x'*x)", "1×1"},
      {"tanh(2)", "1×1"},
      {"abs(det(X))", "1×1"},
      {"cos(x[1])", "1×1"},
  });
}

// --- mismatches -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(product_mismatch_names_both_shapes) {
  const FormulaError e = check_error("X*B'");
  BOOST_TEST(e.kind() == ErrorKind::shape);
  BOOST_TEST(e.diagnostic().message ==
             "cannot multiply n×n by m×n: inner dimensions n and m differ");
  BOOST_TEST(e.diagnostic().help == "did you mean to transpose the right factor?");
  BOOST_TEST(e.diagnostic().primary == (Span{1, 2}));
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 2U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{0, 1}));
  BOOST_TEST(e.diagnostic().secondary[1] == (Span{2, 4}));
}

BOOST_AUTO_TEST_CASE(product_mismatch_help_depends_on_the_shapes) {
  check_errors({
      {"B*X", ErrorKind::shape, "cannot multiply n×m by n×n: inner dimensions m and n differ",
       "did you mean to transpose the left factor?"},
      {"x*X", ErrorKind::shape, "cannot multiply n×1 by n×n: inner dimensions 1 and n differ",
       "did you mean to transpose the left factor?"},
      {"B*B", ErrorKind::shape, "cannot multiply n×m by n×m: inner dimensions m and n differ",
       "for the product of corresponding entries write .*"},
      {"x*x", ErrorKind::shape, "cannot multiply n×1 by n×1: inner dimensions 1 and n differ",
       "for the product of corresponding entries write .*"},
      {"B'*B'", ErrorKind::shape, "cannot multiply m×n by m×n: inner dimensions n and m differ",
       "for the product of corresponding entries write .*"},
      {"x'*B'", ErrorKind::shape, "cannot multiply 1×n by m×n: inner dimensions n and m differ",
       "did you mean to transpose the right factor?"},
  });
}

BOOST_AUTO_TEST_CASE(symbolic_check_rejects_products_that_only_fit_when_m_equals_n) {
  // With m = n drawn at random these would evaluate; on symbols they are wrong.
  check_errors({
      {"B*B'*B*X", ErrorKind::shape, "cannot multiply n×m by n×n: inner dimensions m and n differ",
       "did you mean to transpose the left factor?"},
  });
}

BOOST_AUTO_TEST_CASE(sum_mismatch_names_both_shapes) {
  check_errors({
      {"X + B", ErrorKind::shape, "cannot add n×n and n×m: the shapes differ", ""},
      {"B - B'", ErrorKind::shape, "cannot subtract n×m and m×n: the shapes differ", ""},
      {"x + 1", ErrorKind::shape, "cannot add n×1 and 1×1: the shapes differ",
       "to add a scalar to every entry write it with .+: 1 .+ v"},
      {"2 - X", ErrorKind::shape, "cannot subtract 1×1 and n×n: the shapes differ",
       "to add a scalar x to the diagonal write x*I (I - A); to every entry, x .- A"},
      {"I(n) + B", ErrorKind::shape, "cannot add n×n and n×m: the shapes differ", ""},
  });
  const FormulaError e = check_error("X + B");
  BOOST_TEST(e.diagnostic().primary == (Span{2, 3}));
}

BOOST_AUTO_TEST_CASE(square_only_operations_reject_rectangles) {
  check_errors({
      {"inv(B)", ErrorKind::shape, "cannot invert a n×m matrix: it is not square", ""},
      {"B⁻¹", ErrorKind::shape, "cannot invert a n×m matrix: it is not square", ""},
      {"det(B)", ErrorKind::shape, "cannot take det of a n×m matrix: it is not square", ""},
      {"logdet(B)", ErrorKind::shape, "cannot take logdet of a n×m matrix: it is not square", ""},
      {"tr(B)", ErrorKind::shape, "cannot take the trace of a n×m matrix: it is not square", ""},
      {"diag(B)", ErrorKind::shape, "cannot take the diagonal of a n×m matrix: it is not square",
       ""},
      {"eigvals(B)", ErrorKind::shape, "cannot take eigvals of a n×m matrix: it is not square", ""},
      {"B^2", ErrorKind::shape, "cannot raise a n×m matrix to a power: it is not square",
       "for the power of each entry write A.^p"},
      {"x^2", ErrorKind::shape, "cannot raise a n×1 matrix to a power: it is not square",
       "for the power of each entry write A.^p"},
  });
  const FormulaError e = check_error("B⁻¹");
  BOOST_TEST(e.diagnostic().primary == (Span{1, 6}));
}

BOOST_AUTO_TEST_CASE(division_and_solve_rules) {
  check_errors({
      {"X^x", ErrorKind::shape, "the exponent of ^ must be a scalar, not n×1", ""},
      {"B\\x", ErrorKind::shape,
       "cannot solve with a n×m matrix: A\\B means inv(A)*B, and A is not square", ""},
      {"x/B", ErrorKind::shape,
       "cannot divide by a n×m matrix: B/A means B*inv(A), and A is not square", ""},
      {"x/X", ErrorKind::shape,
       "cannot compute B/A for B n×1 and A n×n: B needs as many columns as A has rows", ""},
      {"X\\x'", ErrorKind::shape,
       "cannot solve A\\B for A n×n and B 1×n: B needs as many rows as A", ""},
      {"1/X", ErrorKind::shape, "cannot divide a scalar by a n×n matrix",
       "write x*inv(A) for x times the inverse"},
      {"X\\2", ErrorKind::shape, "cannot divide a scalar by a n×n matrix",
       "write inv(A)*x for the inverse times x"},
  });
}

BOOST_AUTO_TEST_CASE(entrywise_operations_broadcast_or_fail) {
  check_errors({
      {"B .* B'", ErrorKind::shape,
       "cannot apply .* to n×m and m×n: each dimension must match or be 1", ""},
      {"X ./ B", ErrorKind::shape,
       "cannot apply ./ to n×n and n×m: each dimension must match or be 1", ""},
  });
}

BOOST_AUTO_TEST_CASE(other_builtin_shape_errors) {
  check_errors({
      {"diagm(X)", ErrorKind::shape, "diagm needs a vector, not a n×n matrix",
       "diag(A) takes the diagonal of a matrix; diagm(v) builds one"},
      {"dot(x, X)", ErrorKind::shape, "dot needs two arguments of the same shape, not n×1 and n×n",
       ""},
      {"zeros(x, 1)", ErrorKind::shape,
       "the size given to zeros must be a whole number or a dimension name",
       "for example I(3), zeros(n, 1), reshape(v, n, m)"},
      {"I(2.5)", ErrorKind::shape, "the size given to I must be a whole number or a dimension name",
       "for example I(3), zeros(n, 1), reshape(v, n, m)"},
      {"zeros(0, 1)", ErrorKind::shape, "a size must be at least 1, not 0", ""},
      {"ones(n - n, 2)", ErrorKind::shape, "a size must be at least 1, not 0", ""},
      {"I(-2)", ErrorKind::shape, "a size must be at least 1, not -2", ""},
  });
}

// --- concrete sizes -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(concrete_sizes_are_checked_the_same_way) {
  check_shape_texts(
      {
          {"P*Q", "2×3"},
          {"Q*v", "2×1"},
          {"Q'*P", "3×2"},
          {"Y*v", "3×1"},
          {"zeros(n, 2)", "3×2"},
          {"I(n)*ones(n)", "3×1"},
          {"[P Q]", "2×5"},
          {"Y + I", "3×3"},
          {"kron(P, Q)", "4×6"},
          {"vec(Q)", "6×1"},
          {"reshape(Q, 3, 2)", "3×2"},
          {"reshape(Q, n, 2)", "3×2"},
      },
      concrete_env());
  check_errors(
      {
          {"[1 2; 3 4]*[1 2 3]", ErrorKind::shape,
           "cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ", ""},
          {"Y*ones(2)", ErrorKind::shape,
           "cannot multiply 3×3 by 2×1: inner dimensions 3 and 2 differ", ""},
          {"P + Q", ErrorKind::shape, "cannot add 2×2 and 2×3: the shapes differ", ""},
          {"reshape(Q, 4, 2)", ErrorKind::shape,
           "cannot reshape 2×3 into 4×2: the number of entries differs", ""},
      },
      concrete_env());
}

BOOST_AUTO_TEST_CASE(concrete_sizes_beyond_the_limits_are_rejected) {
  check_errors(
      {
          {"zeros(2000, 1)", ErrorKind::limit, "size 2000 is larger than the limit of 1000", ""},
          {"ones(600, 600)", ErrorKind::limit,
           "this would make a 600×600 matrix; the limit is 1000 rows or columns and 250000 entries",
           ""},
          {"kron(ones(40, 40), ones(40, 40))", ErrorKind::limit,
           "this would make a 1600×1600 matrix; the limit is 1000 rows or columns and 250000 "
           "entries",
           ""},
      },
      concrete_env());
  Limits limits;
  limits.max_dimension = 4;
  const FormulaError e = check_error("I(5)", concrete_env(), limits);
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "size 5 is larger than the limit of 4");
  BOOST_TEST(shape_of("I(4)", concrete_env(), limits).to_string() == "4×4");
}

BOOST_AUTO_TEST_CASE(huge_whole_number_sizes_are_a_limit_error) {
  // 1e10 is a whole number: it is too large, not malformed.
  const FormulaError e = check_error("zeros(1e10, 1)", concrete_env());
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "size 10000000000 is larger than the limit of 1000");
}

BOOST_AUTO_TEST_CASE(size_arithmetic_that_overflows_is_not_accepted) {
  // 65536^4 + 3 = 2^64 + 3 must not wrap around to a 3×1 matrix.
  const std::string text = "zeros(65536*65536*65536*65536 + 3, 1)";
  try {
    const Shape s = shape_of(text, concrete_env());
    BOOST_ERROR("accepted " << text << " with shape " << s.to_string());
  } catch (const FormulaError& e) {
    BOOST_TEST(e.kind() == ErrorKind::limit);
  }
}

// --- indexing -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(index_results_have_the_shape_of_what_they_select) {
  check_shape_texts(
      {
          {"Q[2, 3]", "1×1"},
          {"Q[:, 2]", "2×1"},
          {"Q[1, :]", "1×3"},
          {"Q[:, :]", "2×3"},
          {"Q[6]", "1×1"},
          {"Q[:]", "6×1"},
          {"v[3]", "1×1"},
          {"Y[n, n]", "1×1"},
      },
      concrete_env());
  check_shape_texts({
      {"X[1, 1]", "1×1"},
      {"X[:, 1]", "n×1"},
      {"B[1, :]", "1×m"},
      {"x[n]", "1×1"},
      {"x[:]", "n×1"},
      {"B[:]", "(m*n)×1"},
  });
}

BOOST_AUTO_TEST_CASE(indices_out_of_bounds_are_rejected) {
  check_errors(
      {
          {"Q[3, 1]", ErrorKind::shape, "index 3 is out of bounds for a 2×3 matrix",
           "indices start at 1"},
          {"Q[1, 4]", ErrorKind::shape, "index 4 is out of bounds for a 2×3 matrix",
           "indices start at 1"},
          {"Q[0, 1]", ErrorKind::shape, "index 0 is out of bounds for a 2×3 matrix",
           "indices start at 1"},
          {"Q[7]", ErrorKind::shape, "index 7 is out of bounds for a 2×3 matrix",
           "indices start at 1"},
          {"Y[n+1, 1]", ErrorKind::shape, "index 4 is out of bounds for a 3×3 matrix",
           "indices start at 1"},
      },
      concrete_env());
  check_errors({
      {"x[0]", ErrorKind::shape, "index 0 is out of bounds for a n×1 matrix", "indices start at 1"},
      {"X[1, -1]", ErrorKind::shape, "index -1 is out of bounds for a n×n matrix",
       "indices start at 1"},
      {"X[x, 1]", ErrorKind::shape, "an index must be a scalar, not n×1", ""},
  });
  const FormulaError e = check_error("Q[3, 1]", concrete_env());
  BOOST_TEST(e.diagnostic().primary == (Span{2, 3}));
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 1U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{0, 1}));
}

// --- matrix literals ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(matrix_literals_join_blocks) {
  check_shape_texts({
      {"[1 2; 3 4]", "2×2"},
      {"[1, 2, 3]", "3×1"},
      {"[1 2 3]", "1×3"},
      {"[X x; x' 1]", "(n+1)×(n+1)"},
      {"[X B]", "n×(m+n)"},
      {"[X; B']", "(m+n)×n"},
      {"[X; x']", "(n+1)×n"},
      {"[x x]", "n×2"},
      {"[X zeros(n, 1); zeros(1, n) 1]", "(n+1)×(n+1)"},
      {"[x'*x 1]", "1×2"},
      {"[X B; B X]", "2n×(m+n)"},  // only the total widths of the rows must agree
  });
}

BOOST_AUTO_TEST_CASE(matrix_literal_blocks_must_line_up) {
  check_errors({
      {"[X x']", ErrorKind::shape,
       "cannot place 1×n beside n×n in a row of a matrix: they have 1 and n rows", ""},
      {"[X; x]", ErrorKind::shape, "the rows of a matrix have different widths: n and 1 columns",
       "every row of [a b; c d] needs the same number of columns; inside [...] a space "
       "separates entries: a - b and a-b are one entry, a -b is two"},
  });
  check_errors(
      {
          {"[1 2; 3]", ErrorKind::shape,
           "the rows of a matrix have different widths: 2 and 1 columns",
           "every row of [a b; c d] needs the same number of columns; inside [...] a space "
           "separates entries: a - b and a-b are one entry, a -b is two"},
          {"[P v]", ErrorKind::shape,
           "cannot place 3×1 beside 2×2 in a row of a matrix: they have 3 and 2 rows", ""},
      },
      concrete_env());
  const FormulaError e = check_error("[X x']");
  BOOST_TEST(e.diagnostic().primary == (Span{3, 5}));
  BOOST_TEST_REQUIRE(e.diagnostic().secondary.size() == 1U);
  BOOST_TEST(e.diagnostic().secondary[0] == (Span{1, 2}));
}

// --- names --------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unknown_names_suggest_a_close_known_name) {
  ShapeEnv env;
  env.declare("X", Shape::matrix(n, n));
  env.declare("A", Shape::matrix(n, n), NameRole::constant);
  env.declare_dimension("n");
  check_errors(
      {
          {"x*A", ErrorKind::name, "unknown name 'x'", "did you mean 'X'?"},
          {"Xt*A", ErrorKind::name, "unknown name 'Xt'", "did you mean 'X'?"},
          {"pj*X", ErrorKind::name, "unknown name 'pj'", "did you mean 'pi'?"},
      },
      env);
  const FormulaError e = check_error("2*x*A", env);
  BOOST_TEST(e.diagnostic().primary == (Span{2, 3}));
}

// Issue 8: a Greek capital Alpha reads as A but is another name.
BOOST_AUTO_TEST_CASE(a_name_in_lookalike_letters_says_so) {
  check_errors({
      {"\xCE\x91*x", ErrorKind::name,
       "unknown name '\xCE\x91': it is written with letters of another script that look like "
       "the Latin 'A'",
       "type 'A' with Latin letters"},
      {"\xCE\x9F*x", ErrorKind::name,  // Greek Omicron: O is not a name here
       "unknown name '\xCE\x9F': it is written with letters of another script that look like "
       "the Latin 'O'",
       ""},
  });
}

BOOST_AUTO_TEST_CASE(unknown_names_without_a_close_match_list_the_known_names) {
  check_errors({
      {"foo*X", ErrorKind::name, "unknown name 'foo'",
       "the names known here are A, B, X, dX, m, n, x"},
  });
  check_errors({{"foo", ErrorKind::name, "unknown name 'foo'", ""}}, ShapeEnv{});
}

BOOST_AUTO_TEST_CASE(differential_of_a_constant_explains_that_it_is_zero) {
  check_errors({
      {"dX*A + X*dA", ErrorKind::name, "unknown name 'dA'",
       "A is a constant of this problem, so dA = 0: leave out the terms with dA"},
  });
  const FormulaError e = check_error("dX*A + X*dA");
  BOOST_TEST(e.diagnostic().primary == (Span{9, 11}));
}

BOOST_AUTO_TEST_CASE(differential_of_a_value_or_dimension_has_no_meaning) {
  ShapeEnv env = symbolic_env();
  env.declare("c", Shape::scalar(), NameRole::value);
  check_errors(
      {
          {"dc*X", ErrorKind::name, "unknown name 'dc'",
           "c is not varied here, so it has no differential dc"},
          {"dn*X", ErrorKind::name, "unknown name 'dn'",
           "n is not varied here, so it has no differential dn"},
      },
      env);
}

// --- misc ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(pi_is_a_scalar_and_needs_no_declaration) {
  BOOST_TEST(shape_text("pi", ShapeEnv{}) == "1×1");
  BOOST_TEST(shape_text("2*π + 1", ShapeEnv{}) == "1×1");
}

BOOST_AUTO_TEST_CASE(shape_errors_carry_the_formula_source) {
  const FormulaError e = check_error("X*B'");
  BOOST_TEST(e.source().text() == "X*B'");
  BOOST_TEST(std::string(e.what()) ==
             "error: cannot multiply n×n by m×n: inner dimensions n and m differ\n"
             " --> formula:1:2\n"
             "  |\n"
             "1 | X*B'\n"
             "  | ~^~~\n"
             "  = help: did you mean to transpose the right factor?\n");
}
