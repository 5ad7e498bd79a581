#define BOOST_TEST_MODULE expr_evaluate
#include "grader/expr/evaluate.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../support/expr_support.hpp"
#include "grader/expr/diagnostic.hpp"

namespace ex = grader::expr;
using ex::Bindings;
using ex::Complex;
using ex::ErrorKind;
using ex::High;
using ex::HighBindings;
using ex::HighMatrix;
using ex::Matrix;

namespace {

using grader_test::random_matrix;

using grader_test::col;
using grader_test::mat;

using MD = Matrix<double>;
using MC = Matrix<Complex>;

MD to_double(const HighMatrix& m) {
  MD out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  }
  return out;
}

// max |actual - expected| / max(1, max |expected|); infinite when the shapes differ.
double relative_difference(const MD& actual, const MD& expected) {
  if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) return INFINITY;
  const double scale = std::max(1.0, expected.cwiseAbs().maxCoeff());
  return (actual - expected).cwiseAbs().maxCoeff() / scale;
}

constexpr long kN = 4;
constexpr long kM = 3;

// Random, well-conditioned inputs for the course formulas: X is diagonally dominant, S is
// symmetric positive definite, y stays away from 0.
Bindings<double> random_bindings(unsigned seed) {
  std::mt19937 rng(seed);
  Bindings<double> b;
  b.dimensions["n"] = kN;
  b.dimensions["m"] = kM;
  b.values["X"] = random_matrix(rng, kN, kN) + 3.0 * MD::Identity(kN, kN);
  b.values["dX"] = random_matrix(rng, kN, kN);
  b.values["A"] = random_matrix(rng, kN, kN);
  b.values["B"] = random_matrix(rng, kN, kN);
  const MD r = random_matrix(rng, kN, kN);
  b.values["S"] = r * r.transpose() + MD::Identity(kN, kN);
  const MD ds = random_matrix(rng, kN, kN);
  b.values["dS"] = ds + ds.transpose();
  b.values["x"] = random_matrix(rng, kN, 1);
  b.values["dx"] = random_matrix(rng, kN, 1);
  b.values["b"] = random_matrix(rng, kN, 1);
  b.values["W"] = random_matrix(rng, kM, kN);
  MD y = random_matrix(rng, kN, 1);
  for (Eigen::Index i = 0; i < y.rows(); ++i) y(i) += y(i) < 0 ? -0.5 : 0.5;
  b.values["y"] = y;
  return b;
}

const std::vector<unsigned> kSeeds = {1, 7, 2024};

// Formulas of the course, each valid on random_bindings().
const std::vector<std::string> kBattery = {
    "dX*A*X + X*A*dX",
    "x'*A*x",
    "inv(X)*dX*inv(X)",
    "-inv(X)*dX*inv(X)",
    "det(X)*tr(X\\dX)",
    "det(X)",
    "logdet(S)",
    "tr(S\\dS)",
    "kron(B',A)*vec(X)",
    "vec(A*X*B)",
    "X^3",
    "X^-2",
    "exp.(x)",
    "sqrt.(x.^2 + ones(n))",
    "tanh.(W*x)",
    "[A B; B' A]",
    "A[2,:]*x",
    "eigvals(S)",
    "eigvecs(S)",
    "B/X",
    "X\\b",
    "norm(X) + norm(x)",
    "dot(A, B)",
    "sum(abs.(y))",
    "x ./ (ones(n) + x.^2)",
    "diagm(x)*A + I",
    "sin.(x) .* cos.(x)",
    "log.(exp.(y))",
    "kron(A, B) ⊗ [1 2]",
    "2*I*X - X*I",
    "reshape(vec(W), n, m)' - W",
};

template <class T>
Matrix<T> eval(const std::string& formula, const Bindings<T>& bindings) {
  return ex::evaluate(ex::parse(formula), bindings);
}

// --- errors -------------------------------------------------------------------------------

struct Caught {
  ErrorKind kind;
  std::string message;
  std::string help;
  std::string what;
};

template <class T>
std::optional<Caught> error_of(const std::string& formula, const Bindings<T>& bindings,
                               const ex::Limits& limits = {}) {
  const ex::Formula f = ex::parse(formula, "formula", limits);
  try {
    ex::evaluate(f, bindings, limits);
  } catch (const ex::FormulaError& e) {
    return Caught{e.kind(), e.diagnostic().message, e.diagnostic().help, e.what()};
  }
  return std::nullopt;
}

// Evaluating `formula` throws FormulaError of `kind` with exactly this message and help.
template <class T>
void check_error(const std::string& formula, const Bindings<T>& bindings, ErrorKind kind,
                 const std::string& message, const std::string& help = "",
                 const ex::Limits& limits = {}) {
  BOOST_TEST_CONTEXT("formula '" << formula << "' in "
                                 << to_string(ex::scalar_traits<T>::precision)) {
    const auto e = error_of(formula, bindings, limits);
    BOOST_TEST(e.has_value(), "no error was thrown");
    if (!e) return;
    BOOST_TEST(std::string(ex::to_string(e->kind)) == std::string(ex::to_string(kind)));
    BOOST_TEST(e->message == message);
    BOOST_TEST(e->help == help);
    const std::string first_line = "error: " + message + "\n";
    BOOST_TEST(e->what.substr(0, first_line.size()) == first_line);
  }
}

// The same error in all three precisions.
void check_error_everywhere(const std::string& formula, const Bindings<double>& bindings,
                            ErrorKind kind, const std::string& message,
                            const std::string& help = "") {
  check_error(formula, bindings, kind, message, help);
  check_error(formula, ex::convert<Complex>(bindings), kind, message, help);
  check_error(formula, ex::convert<High>(bindings), kind, message, help);
}

Bindings<double> bind(std::initializer_list<std::pair<const char*, MD>> values) {
  Bindings<double> b;
  for (const auto& [name, value] : values) b.values[name] = value;
  return b;
}

}  // namespace

// =========================================================================================
// (1) The three scalar types agree on the course formulas.
// =========================================================================================

BOOST_AUTO_TEST_CASE(double_and_high_agree_to_1e12_on_the_course_formulas) {
  for (const unsigned seed : kSeeds) {
    const Bindings<double> b = random_bindings(seed);
    const HighBindings h = ex::convert<High>(b);
    for (const auto& formula : kBattery) {
      BOOST_TEST_CONTEXT("seed " << seed << ", formula '" << formula << "'") {
        const MD d = eval(formula, b);
        const HighMatrix high = eval(formula, h);
        BOOST_TEST(relative_difference(d, to_double(high)) < 1e-12);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(complex_with_zero_imaginary_parts_equals_double) {
  for (const unsigned seed : kSeeds) {
    const Bindings<double> b = random_bindings(seed);
    const Bindings<Complex> c = ex::convert<Complex>(b);
    for (const auto& formula : kBattery) {
      BOOST_TEST_CONTEXT("seed " << seed << ", formula '" << formula << "'") {
        const MD d = eval(formula, b);
        const MC z = eval(formula, c);
        BOOST_TEST_REQUIRE(z.rows() == d.rows());
        BOOST_TEST_REQUIRE(z.cols() == d.cols());
        BOOST_TEST(z.imag().cwiseAbs().maxCoeff() == 0.0);
        // Complex kernels may sum in another order than real ones: a few ulps apart at most.
        BOOST_TEST(relative_difference(z.real(), d) < 1e-14);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(vec_of_a_product_is_kron_times_vec_in_every_precision) {
  for (const unsigned seed : kSeeds) {
    const Bindings<double> b = random_bindings(seed);
    const std::string f = "kron(B',A)*vec(X) - vec(A*X*B)";
    BOOST_TEST(eval(f, b).cwiseAbs().maxCoeff() < 1e-13);
    BOOST_TEST(eval(f, ex::convert<Complex>(b)).cwiseAbs().maxCoeff() < 1e-13);
    const HighMatrix h = eval(f, ex::convert<High>(b));
    BOOST_TEST(to_double(h).cwiseAbs().maxCoeff() < 1e-45);
  }
}

BOOST_AUTO_TEST_CASE(high_is_more_accurate_than_double) {
  // (1 + 1e-30) - 1 vanishes in double and not in High.
  BOOST_TEST(eval("(1 + 1e-30) - 1", Bindings<double>{})(0, 0) == 0.0);
  const HighMatrix h = eval("(1 + 1e-30) - 1", HighBindings{});
  using boost::multiprecision::abs;
  BOOST_TEST(abs(h(0, 0) - High("1e-30")) < High("1e-48"));
  // A matrix that is singular to double precision is invertible in High.
  const std::string nearly_singular = "[1 1; 1 1.000000000000001]^-1";
  const HighMatrix inverse = eval(nearly_singular, HighBindings{});
  BOOST_TEST(abs(inverse(0, 0) - High("1000000000000001")) < High("1e-15"));
  BOOST_TEST(abs(inverse(0, 1) + High("1e15")) < High("1e-15"));
}

// =========================================================================================
// (2) The complex step passes through the evaluator.
// =========================================================================================

namespace {

struct StepCase {
  const char* formula;
  const char* variable;
};

// Im f(V + i h D)/h, evaluated in Complex.
MD complex_step(const ex::Formula& f, const Bindings<double>& base, const std::string& variable,
                const MD& direction) {
  const double h = 1e-20;
  Bindings<Complex> c = ex::convert<Complex>(base);
  c.values[variable] =
      base.values.at(variable).cast<Complex>() + Complex(0.0, h) * direction.cast<Complex>();
  const MC v = ex::evaluate(f, c);
  return v.imag() / h;
}

// (f(V + e D) - f(V - e D)) / (2e) with e = 1e-20, evaluated in High.
HighMatrix central_difference(const ex::Formula& f, const Bindings<double>& base,
                              const std::string& variable, const MD& direction) {
  const High e("1e-20");
  HighBindings plus = ex::convert<High>(base);
  HighBindings minus = plus;
  const HighMatrix v = plus.values.at(variable);
  const HighMatrix d = direction.cast<High>();
  plus.values[variable] = v + e * d;
  minus.values[variable] = v - e * d;
  return (ex::evaluate(f, plus) - ex::evaluate(f, minus)) / (2 * e);
}

}  // namespace

BOOST_AUTO_TEST_CASE(complex_step_matches_the_high_precision_central_difference) {
  const std::vector<StepCase> cases = {
      {"det(X)", "X"},
      {"logdet(S)", "S"},
      {"log(det(S))", "S"},
      {"logdet(X'*X)", "X"},
      {"tr(inv(X)*A)", "X"},
      {"inv(X)", "X"},
      {"X⁻¹", "X"},
      {"X^-2", "X"},
      {"X\\b", "X"},
      {"b'/X", "X"},
      {"x'*A*x", "x"},
      {"norm(x)", "x"},
      {"norm(X)", "X"},
      {"abs.(y)", "y"},
      {"abs(y[2])*y", "y"},
      {"X^3", "X"},
      {"tr(X'*A*X)", "X"},
      {"x'*X'*X*x", "X"},
      {"dot(X, A*X)", "X"},
      {"kron(X, A)*vec(B)", "X"},
      {"sum(exp.(x))", "x"},
      {"tanh.(W*x)", "x"},
      {"sqrt.(x.^2 + ones(n))", "x"},
      {"log.(y.^2)", "y"},
      {"sin.(x) .* cos.(x) ./ (ones(n)*2 + x.^2)", "x"},
      {"[X x; x' 1]", "X"},
      {"diagm(x)*X[:, 2]", "x"},
      {"reshape(vec(X), 2, 8)", "X"},
      {"(X + I)^2 - 2*I*X", "X"},
      {"det(X)*tr(X\\dX)", "X"},
  };
  for (const unsigned seed : kSeeds) {
    const Bindings<double> base = random_bindings(seed);
    std::mt19937 rng(seed + 1000);
    for (const auto& c : cases) {
      BOOST_TEST_CONTEXT("seed " << seed << ", d/d" << c.variable << " of '" << c.formula << "'") {
        const ex::Formula f = ex::parse(c.formula);
        const MD& v = base.values.at(c.variable);
        const MD direction = random_matrix(rng, v.rows(), v.cols());
        const MD step = complex_step(f, base, c.variable, direction);
        const HighMatrix reference = central_difference(f, base, c.variable, direction);
        BOOST_TEST(relative_difference(step, to_double(reference)) < 1e-12);
        // The derivative is not trivially zero.
        BOOST_TEST(to_double(reference).cwiseAbs().maxCoeff() > 1e-3);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(complex_step_real_part_is_the_value) {
  const Bindings<double> base = random_bindings(5);
  for (const char* formula : {"det(X)", "logdet(S)", "x'*A*x", "norm(x)", "inv(X)"}) {
    BOOST_TEST_CONTEXT(formula) {
      const ex::Formula f = ex::parse(formula);
      Bindings<Complex> c = ex::convert<Complex>(base);
      for (auto& [name, value] : c.values)
        value += Complex(0.0, 1e-20) * MC::Ones(value.rows(), value.cols());
      const MC z = ex::evaluate(f, c);
      BOOST_TEST(relative_difference(z.real(), ex::evaluate(f, base)) < 1e-14);
    }
  }
}

BOOST_AUTO_TEST_CASE(transpose_never_conjugates) {
  MC z(2, 3);
  z << Complex(1, 2), Complex(3, -4), Complex(5, 6), Complex(-7, 8), Complex(9, 0),
      Complex(0, -1e-20);
  Bindings<Complex> b;
  b.values["Z"] = z;
  for (const char* formula : {"Z'", "transpose(Z)", "Zᵀ"}) {
    BOOST_TEST_CONTEXT(formula) {
      const MC t = eval(formula, b);
      BOOST_TEST_REQUIRE(t.rows() == 3);
      BOOST_TEST_REQUIRE(t.cols() == 2);
      for (Eigen::Index i = 0; i < 2; ++i) {
        for (Eigen::Index j = 0; j < 3; ++j) {
          BOOST_TEST(t(j, i).real() == z(i, j).real());
          BOOST_TEST(t(j, i).imag() == z(i, j).imag());  // same sign: no conjugation
        }
      }
    }
  }
  const MC back = eval("(Z')'", b);
  BOOST_TEST((back - z).cwiseAbs().maxCoeff() == 0.0);
  // x'*x is the bilinear sum of squares, not |x|²: (1+2i)² + 3² = 6 + 4i.
  Bindings<Complex> v;
  MC x(2, 1);
  x << Complex(1, 2), Complex(3, 0);
  v.values["x"] = x;
  const MC s = eval("x'*x", v);
  BOOST_TEST(s(0, 0).real() == 6.0);
  BOOST_TEST(s(0, 0).imag() == 4.0);
  BOOST_TEST(ex::format_value(s) == "6 + 4im");
}

BOOST_AUTO_TEST_CASE(non_analytic_builtins_are_flagged_and_eigvals_refuses_a_complex_step) {
  BOOST_TEST(ex::parse("det(X)*tr(X\\dX) + logdet(S) + x'*A*x").is_analytic());
  BOOST_TEST(!ex::parse("norm(x)").is_analytic());
  BOOST_TEST(!ex::parse("abs.(y)").is_analytic());
  BOOST_TEST(!ex::parse("sum(eigvals(S))").is_analytic());

  const Bindings<double> base = random_bindings(3);
  Bindings<Complex> c = ex::convert<Complex>(base);
  c.values["S"](1, 2) += Complex(0.0, 1e-20);
  c.values["S"](2, 1) += Complex(0.0, 1e-20);
  check_error("eigvals(S)", c, ErrorKind::domain,
              "eigvals is not analytic, so the complex step cannot pass through it",
              "check this formula with finite differences or in high precision");
  check_error("sum(eigvecs(S))", c, ErrorKind::domain,
              "eigvecs is not analytic, so the complex step cannot pass through it",
              "check this formula with finite differences or in high precision");
  // With real input the complex evaluator gives exactly the double result.
  const MC z = eval("eigvecs(S)", ex::convert<Complex>(base));
  BOOST_TEST((z.real() - eval("eigvecs(S)", base)).cwiseAbs().maxCoeff() == 0.0);
  BOOST_TEST(z.imag().cwiseAbs().maxCoeff() == 0.0);
}

// =========================================================================================
// (3) Domain errors, with their exact messages.
// =========================================================================================

BOOST_AUTO_TEST_CASE(inverse_of_a_singular_matrix) {
  const auto b = bind({{"A", mat({{1, 2}, {2, 4}})}});
  check_error_everywhere("inv([1 2; 2 4])", b, ErrorKind::domain,
                         "cannot invert: the matrix '[1 2; 2 4]' is singular");
  check_error_everywhere("inv(A)", b, ErrorKind::domain,
                         "cannot invert: the matrix 'A' is singular");
  check_error_everywhere("A^-1", b, ErrorKind::domain, "cannot invert: the matrix 'A' is singular");
  check_error_everywhere("A⁻¹", b, ErrorKind::domain, "cannot invert: the matrix 'A' is singular");
  check_error_everywhere("I/A", b, ErrorKind::domain, "cannot invert: the matrix 'A' is singular");
  check_error_everywhere("inv(0)", b, ErrorKind::domain, "cannot invert '0': it is zero");
  // The whole rendered diagnostic.
  const auto e = error_of("inv(A)", b);
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(e->what ==
             "error: cannot invert: the matrix 'A' is singular\n"
             " --> formula:1:1\n"
             "  |\n"
             "1 | inv(A)\n"
             "  | ^^^ ~\n");
}

BOOST_AUTO_TEST_CASE(a_matrix_singular_to_working_precision_says_how_ill_conditioned_it_is) {
  const std::string f = "[1 1; 1 1.000000000000001]^-1";
  const auto d = error_of(f, Bindings<double>{});
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->message == "cannot invert: the matrix '[1 1; 1 1.000000000000001]' is singular");
  BOOST_TEST(d->help.rfind("its condition number is about ", 0) == 0);
  BOOST_TEST(d->help.find("e+15, too large for double arithmetic") != std::string::npos);
  const auto c = error_of(f, Bindings<Complex>{});
  BOOST_TEST_REQUIRE(c.has_value());
  BOOST_TEST(c->help.find("e+15, too large for complex arithmetic") != std::string::npos);
  BOOST_TEST(!error_of(f, HighBindings{}).has_value());
}

BOOST_AUTO_TEST_CASE(solving_and_dividing_by_a_singular_matrix) {
  const auto b =
      bind({{"A", mat({{1, 2}, {2, 4}})}, {"b", col({1, 1})}, {"C", mat({{1, 0}, {0, 1}})}});
  check_error_everywhere("A\\b", b, ErrorKind::domain, "cannot solve: the matrix 'A' is singular");
  check_error_everywhere("A\\C", b, ErrorKind::domain, "cannot solve: the matrix 'A' is singular");
  check_error_everywhere("b'/A", b, ErrorKind::domain, "cannot divide: the matrix 'A' is singular");
  check_error_everywhere("C/(A + A)", b, ErrorKind::domain,
                         "cannot divide: the matrix '(A + A)' is singular");
}

BOOST_AUTO_TEST_CASE(logdet_outside_its_domain) {
  const auto b = bind({{"A", mat({{1, 2}, {2, 4}})}, {"N", mat({{1, 2}, {3, 4}})}});
  const std::string help = "logdet(A) is defined for det(A) > 0";
  check_error_everywhere("logdet(N)", b, ErrorKind::domain,
                         "logdet of a matrix with a negative determinant: det(N) < 0", help);
  check_error_everywhere("logdet([1 2; 3 4])", b, ErrorKind::domain,
                         "logdet of a matrix with a negative determinant: det([1 2; 3 4]) < 0",
                         help);
  check_error_everywhere("logdet(-I(3))", b, ErrorKind::domain,
                         "logdet of a matrix with a negative determinant: det(-I(3)) < 0", help);
  check_error_everywhere("logdet(A)", b, ErrorKind::domain,
                         "logdet of a singular matrix: det(A) = 0", help);
  check_error_everywhere("logdet(zeros(2, 2))", b, ErrorKind::domain,
                         "logdet of a singular matrix: det(zeros(2, 2)) = 0", help);
}

BOOST_AUTO_TEST_CASE(log_and_sqrt_of_negative_numbers) {
  const Bindings<double> none;
  const std::string log_help = "log is defined for positive numbers only";
  check_error_everywhere("log(-1)", none, ErrorKind::domain,
                         "log of a non-positive number: '-1' = -1", log_help);
  check_error_everywhere("log(0)", none, ErrorKind::domain, "log of a non-positive number: '0' = 0",
                         log_help);
  check_error_everywhere("log(1 - 3)", none, ErrorKind::domain,
                         "log of a non-positive number: '1 - 3' = -2", log_help);
  check_error_everywhere("sqrt(-4)", none, ErrorKind::domain,
                         "square root of a negative number: '-4' = -4");
  // Entrywise: the entry at fault is named.
  check_error_everywhere("log.([1, -2])", none, ErrorKind::domain,
                         "log of a non-positive number: entry (2, 1) of '[1, -2]' = -2", log_help);
  check_error_everywhere("sqrt.([4 -9])", none, ErrorKind::domain,
                         "square root of a negative number: entry (1, 2) of '[4 -9]' = -9");
  check_error_everywhere("sqrt(2 - 6)", none, ErrorKind::domain,
                         "square root of a negative number: '2 - 6' = -4");
}

BOOST_AUTO_TEST_CASE(division_by_zero) {
  const auto b = bind({{"x", col({1, 2})}});
  check_error_everywhere("1/0", b, ErrorKind::domain, "division by zero");
  check_error_everywhere("x/(1 - 1)", b, ErrorKind::domain, "division by zero");
  check_error_everywhere("0\\x", b, ErrorKind::domain, "division by zero");
  check_error_everywhere("x ./ [1, 0]", b, ErrorKind::domain, "division by zero in entry (2, 1)");
  check_error_everywhere("1 ./ [1 2; 0 4]", b, ErrorKind::domain,
                         "division by zero in entry (2, 1)");
}

BOOST_AUTO_TEST_CASE(powers_outside_their_domain) {
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}});
  check_error_everywhere("[1 2; 3 4]^0.5", b, ErrorKind::domain,
                         "a matrix power needs a whole-number exponent, not 0.5",
                         "for the power of each entry write A.^p");
  check_error_everywhere("A^(1/4)", b, ErrorKind::domain,
                         "a matrix power needs a whole-number exponent, not 0.25",
                         "for the power of each entry write A.^p");
  check_error_everywhere("0^-1", b, ErrorKind::domain, "'0^-1': 0 to a negative power");
  check_error_everywhere("0^-0.5", b, ErrorKind::domain, "'0^-0.5': 0 to a non-positive power");
  check_error_everywhere("(-8)^(1/3)", b, ErrorKind::domain,
                         "'(-8)^(1/3)': a negative number to a non-integer power",
                         "x^p with x < 0 needs a whole-number p");
  check_error_everywhere("[1, -2] .^ 0.5", b, ErrorKind::domain,
                         "'[1, -2] .^ 0.5': a negative number to a non-integer power",
                         "x^p with x < 0 needs a whole-number p");
  // Whole-number powers of negative numbers and zero are fine.
  BOOST_TEST(eval("(-2)^3 + 0^2", Bindings<double>{})(0, 0) == -8.0);
}

BOOST_AUTO_TEST_CASE(matrix_powers_are_bounded) {
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}});
  for (const char* f : {"A^100000", "[1 2; 3 4]^100000"}) {
    check_error_everywhere(f, b, ErrorKind::limit,
                           "the exponent 100000 is too large: a matrix power is limited to ±1000");
  }
  check_error_everywhere("A^-100000", b, ErrorKind::limit,
                         "the exponent -100000 is too large: a matrix power is limited to ±1000");
  ex::Limits limits;
  limits.max_matrix_power = 10;
  check_error("A^11", b, ErrorKind::limit,
              "the exponent 11 is too large: a matrix power is limited to ±10", "", limits);
  BOOST_TEST(!error_of("A^10", b, limits).has_value());
  // A scalar power is not a matrix power.
  BOOST_TEST(eval("1^100000", b)(0, 0) == 1.0);
}

BOOST_AUTO_TEST_CASE(values_that_are_not_finite) {
  const std::string overflow = "a value overflowed; the inputs may be too large for this formula";
  const Bindings<double> none;
  check_error("exp(1000)", none, ErrorKind::domain,
              "'exp(1000)' is not a finite number: it evaluated to Inf", overflow);
  check_error("exp(1000)", ex::convert<Complex>(none), ErrorKind::domain,
              "'exp(1000)' is not a finite number: it evaluated to Inf", overflow);
  check_error("exp.([0, 1000])", none, ErrorKind::domain,
              "'exp.([0, 1000])' is not a finite number in entry (2, 1): it evaluated to Inf",
              overflow);
  const auto b =
      bind({{"B", mat({{1e200}})}, {"u", mat({{1e200, 1e200}})}, {"v", col({1e200, -1e200})}});
  check_error("B*B", b, ErrorKind::domain, "'B*B' is not a finite number: it evaluated to Inf",
              overflow);
  // Inf - Inf inside one product: NaN, with no overflow hint.
  check_error("u*v", b, ErrorKind::domain, "'u*v' is not a finite number: it evaluated to NaN");
  // A long subexpression is not quoted.
  check_error("exp(1000 + 1000 + 1000 + 1000 + 1000 + 1000 + 1000)", none, ErrorKind::domain,
              "this subexpression is not a finite number: it evaluated to Inf", overflow);
  // High has the range to hold e^1000 ≈ 1.97007111401704699388887935224332312531693798532e434.
  const HighMatrix h = eval("exp(1000)", HighBindings{});
  using boost::multiprecision::abs;
  const High expected("1.9700711140170469938888793522433231253169379853238457899528e434");
  BOOST_TEST(abs(h(0, 0) / expected - 1) < High("1e-45"));
}

BOOST_AUTO_TEST_CASE(eigvals_of_a_non_symmetric_matrix) {
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}, {"S", mat({{1, 2}, {2 + 1e-15, 1}})}});
  const std::string help = "eigvals and eigvecs are defined here for symmetric matrices";
  check_error_everywhere("eigvals([1 2; 3 4])", b, ErrorKind::domain,
                         "eigvals needs a symmetric matrix, and [1 2; 3 4] is not symmetric", help);
  check_error_everywhere("eigvecs(A)", b, ErrorKind::domain,
                         "eigvecs needs a symmetric matrix, and A is not symmetric", help);
  // Asymmetry at the rounding level of double is tolerated in double.
  BOOST_TEST(!error_of("eigvals(S)", b).has_value());
  BOOST_TEST(!error_of("eigvals(S)", ex::convert<Complex>(b)).has_value());
}

BOOST_AUTO_TEST_CASE(indices_out_of_bounds_or_not_whole) {
  const auto b = bind({{"x", col({1, 2, 3})}, {"A", mat({{1, 2}, {3, 4}})}});
  // A literal index is checked with the shapes, before evaluation.
  check_error_everywhere("x[5]", b, ErrorKind::shape, "index 5 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  check_error_everywhere("x[0]", b, ErrorKind::shape, "index 0 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  check_error_everywhere("A[3, 1]", b, ErrorKind::shape,
                         "index 3 is out of bounds for a 2×2 matrix", "indices start at 1");
  // A computed index is checked when it is evaluated.
  check_error_everywhere("x[sum([5])]", b, ErrorKind::domain,
                         "index 5 is out of bounds for a 3×1 matrix", "indices start at 1");
  check_error_everywhere("x[x[1] - 1]", b, ErrorKind::domain,
                         "index 0 is out of bounds for a 3×1 matrix", "indices start at 1");
  check_error_everywhere("A[1, x[3]]", b, ErrorKind::domain,
                         "index 3 is out of bounds for a 2×2 matrix", "indices start at 1");
  check_error_everywhere("x[1.5]", b, ErrorKind::domain,
                         "'1.5' must be a whole number, but it is 1.5");
  check_error_everywhere("x[x[3]/2]", b, ErrorKind::domain,
                         "'x[3]/2' must be a whole number, but it is 1.5");
  BOOST_TEST(eval("x[x[3]/3 + 1]", b)(0, 0) == 2.0);
}

BOOST_AUTO_TEST_CASE(whole_number_powers_of_negative_numbers_beyond_1e9) {
  // 10000000000 is a whole number: (-1)^p is defined and is ±1. It must not be rejected as
  // "a negative number to a non-integer power".
  for (const auto& [formula, expected] :
       std::vector<std::pair<std::string, double>>{{"(-1)^10000000000", 1.0},
                                                   {"(-1)^10000000001", -1.0},
                                                   {"sum([-1, 1] .^ 10000000000)", 2.0}}) {
    for (int precision = 0; precision < 3; ++precision) {
      BOOST_TEST_CONTEXT("formula '" << formula << "' in precision " << precision) {
        std::optional<Caught> e;
        double value = 0.0;
        if (precision == 0) {
          e = error_of(formula, Bindings<double>{});
          if (!e) value = eval(formula, Bindings<double>{})(0, 0);
        } else if (precision == 1) {
          e = error_of(formula, Bindings<Complex>{});
          if (!e) value = eval(formula, Bindings<Complex>{})(0, 0).real();
        } else {
          e = error_of(formula, HighBindings{});
          if (!e) value = eval(formula, HighBindings{})(0, 0).convert_to<double>();
        }
        BOOST_TEST(!e.has_value(), "unexpected error: " << (e ? e->message : std::string()));
        if (!e) BOOST_TEST(value == expected);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(huge_whole_indices_and_sizes_are_reported_as_written) {
  const auto b = bind({{"x", col({1, 2, 3})}});
  // A literal index is checked with the shapes (like x[5]); the message names the index the
  // formula wrote, not some other number.
  check_error_everywhere("x[10000000000]", b, ErrorKind::shape,
                         "index 10000000000 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  check_error_everywhere("x[10000000000000]", b, ErrorKind::shape,
                         "index 10000000000000 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  // A computed index is checked when evaluated; 1e13 is a whole number, so the message must
  // not claim it is not.
  check_error_everywhere("x[sum([10000000000])]", b, ErrorKind::domain,
                         "index 10000000000 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  check_error_everywhere("x[sum([10000000000000])]", b, ErrorKind::domain,
                         "index 10000000000000 is out of bounds for a 3×1 matrix",
                         "indices start at 1");
  // The same for a size.
  check_error_everywhere("zeros(2000)", b, ErrorKind::limit,
                         "size 2000 is larger than the limit of 1000");
  check_error_everywhere("zeros(10000000000)", b, ErrorKind::limit,
                         "size 10000000000 is larger than the limit of 1000");
}

BOOST_AUTO_TEST_CASE(a_scalar_divided_by_I_is_a_multiple_of_I) {
  // B/A = B*inv(A) and A\B = inv(A)*B, so s/I = s*I and I\s = s*I, as inv(2*I) = I/2 already is.
  const auto b = bind({{"X", mat({{1, 2}, {3, 4}})}});
  const MD x = b.values.at("X");
  const MD id = MD::Identity(2, 2);
  for (const auto& [formula, expected] :
       std::vector<std::pair<std::string, MD>>{{"X + inv(2*I)", x + 0.5 * id},
                                               {"X + (2*I)^-1", x + 0.5 * id},
                                               {"X + 1/(2*I)", x + 0.5 * id},
                                               {"X + 2/I", x + 2.0 * id},
                                               {"X + I\\2", x + 2.0 * id},
                                               {"X*(3/I)", 3.0 * x}}) {
    BOOST_TEST_CONTEXT("formula '" << formula << "'") {
      const auto e = error_of(formula, b);
      BOOST_TEST(!e.has_value(), "unexpected error: " << (e ? e->message : std::string()));
      if (!e) BOOST_TEST(relative_difference(eval(formula, b), expected) == 0.0);
    }
  }
}

// =========================================================================================
// (4) Shapes are checked before any number is computed.
// =========================================================================================

BOOST_AUTO_TEST_CASE(shape_errors_come_before_evaluation) {
  const auto b = bind({{"X", MD::Ones(2, 2)},
                       {"A", MD::Identity(3, 3)},
                       {"x", col({1, 2, 3})},
                       {"S", mat({{1, 2}, {2, 4}})}});
  check_error_everywhere("X*A", b, ErrorKind::shape,
                         "cannot multiply 2×2 by 3×3: inner dimensions 2 and 3 differ");
  check_error_everywhere("X + A", b, ErrorKind::shape, "cannot add 2×2 and 3×3: the shapes differ");
  // The left operand would raise a domain error if it were evaluated first.
  check_error_everywhere("inv(S) + x", b, ErrorKind::shape,
                         "cannot add 2×2 and 3×1: the shapes differ");
  check_error_everywhere("log(-1) + x*x", b, ErrorKind::shape,
                         "cannot multiply 3×1 by 3×1: inner dimensions 1 and 3 differ",
                         "for the product of corresponding entries write .*");
  check_error_everywhere("1/0 + tr(x)", b, ErrorKind::shape,
                         "cannot take the trace of a 3×1 matrix: it is not square");
  check_error_everywhere(
      "zeros(600, 600) + 1/0", b, ErrorKind::limit,
      "this would make a 600×600 matrix; the limit is 1000 rows or columns and 250000 entries");
  check_error_everywhere("unknown + 1", b, ErrorKind::name, "unknown name 'unknown'",
                         "the names known here are A, S, X, x");
  // The sizes of the bindings are what is checked: the same text is fine with other sizes.
  auto fits = b;
  fits.values["A"] = MD::Identity(2, 2);
  BOOST_TEST(!error_of("X*A", fits).has_value());
}

BOOST_AUTO_TEST_CASE(bindings_describe_their_shapes) {
  auto b = bind({{"X", MD::Ones(2, 3)}});
  b.dimensions["n"] = 4;
  const ex::ShapeEnv env = b.shape_env();
  const ex::Declaration* x = env.find("X");
  BOOST_TEST_REQUIRE(x != nullptr);
  BOOST_TEST(x->shape.to_string() == "2×3");
  BOOST_TEST((x->role == ex::NameRole::value));
  const ex::Declaration* n = env.find("n");
  BOOST_TEST_REQUIRE(n != nullptr);
  BOOST_TEST((n->role == ex::NameRole::dimension));
  BOOST_TEST(env.dimension("n").to_string() == "4");
  // A dimension is a scalar in formulas.
  BOOST_TEST(eval("n*X", b)(1, 2) == 4.0);
  BOOST_TEST(eval("I(n)", b).rows() == 4);
}

BOOST_AUTO_TEST_CASE(convert_keeps_values_and_dimensions) {
  auto b = bind({{"X", mat({{0.1, 2}, {3, -4}})}});
  b.dimensions["n"] = 2;
  const HighBindings h = ex::convert<High>(b);
  BOOST_TEST(h.dimensions.at("n") == 2);
  BOOST_TEST(h.values.at("X")(0, 0) == High(0.1));  // the double's exact value
  BOOST_TEST(h.values.at("X")(1, 1) == High(-4));
  const Bindings<Complex> c = ex::convert<Complex>(b);
  BOOST_TEST(c.values.at("X")(1, 0) == Complex(3.0, 0.0));
  BOOST_TEST(c.dimensions.at("n") == 2);
}

// =========================================================================================
// (5) Formatting values.
// =========================================================================================

BOOST_AUTO_TEST_CASE(format_value_of_a_matrix_aligns_columns_right) {
  const Bindings<double> none;
  BOOST_TEST(ex::format_value(eval("[1 -2.5; 10 0.125]", none)) ==
             "2×2 matrix:\n"
             "   1   -2.5\n"
             "  10  0.125");
  BOOST_TEST(ex::format_value(eval("[1 2; 3 4]/2", none)) ==
             "2×2 matrix:\n"
             "  0.5  1\n"
             "  1.5  2");
  BOOST_TEST(ex::format_value(eval("[1, 2, 30]", none)) ==
             "3×1 column:\n"
             "   1\n"
             "   2\n"
             "  30");
  BOOST_TEST(ex::format_value(eval("[1 2 3]", none)) == "1×3 matrix:\n  1  2  3");
  BOOST_TEST(ex::format_value(eval("[1 2; 3 4]^-1", none)) ==
             "2×2 matrix:\n"
             "   -2     1\n"
             "  1.5  -0.5");
  BOOST_TEST(ex::format_value(eval("7/2", none)) == "3.5");
  BOOST_TEST(ex::format_value(eval("[1/3, 2/3]", none), 4) == "2×1 column:\n  0.3333\n  0.6667");
}

BOOST_AUTO_TEST_CASE(format_value_in_complex_and_high) {
  MC z(2, 1);
  z << Complex(1, 2), Complex(3, 0);
  BOOST_TEST(ex::format_value(z) ==
             "2×1 column:\n"
             "  1 + 2im\n"
             "        3");
  const HighMatrix h = eval("[1 2; 3 4]/3", HighBindings{});
  BOOST_TEST(ex::format_value(h, 10) ==
             "2×2 matrix:\n"
             "  0.3333333333  0.6666666667\n"
             "             1   1.333333333");
  BOOST_TEST(ex::format_value(eval("1/3", HighBindings{})) ==
             "0.33333333333333333333333333333333333333333333333333");
}

BOOST_AUTO_TEST_CASE(a_passed_deadline_stops_evaluation_with_a_limit_error) {
  ex::Limits limits;
  limits.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const auto b = bind({{"A", mat({{1, 2}, {3, 4}})}});
  check_error("A*A + A", b, ErrorKind::limit,
              "evaluation was stopped: it took longer than the time limit",
              "a formula this slow is almost certainly not the intended one; simplify it", limits);
  check_error("A*A + A", ex::convert<High>(b), ErrorKind::limit,
              "evaluation was stopped: it took longer than the time limit",
              "a formula this slow is almost certainly not the intended one; simplify it", limits);
  // A deadline in the future changes nothing.
  limits.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  const ex::Formula f = ex::parse("A*A + A", "formula", limits);
  BOOST_TEST(ex::evaluate(f, b, limits)(1, 1) == 4.0 + 22.0);
}
