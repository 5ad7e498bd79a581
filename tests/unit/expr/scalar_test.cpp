#define BOOST_TEST_MODULE expr_scalar
#include "grader/expr/scalar.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "grader/expr/evaluate.hpp"

using grader::expr::Complex;
using grader::expr::High;
using grader::expr::Precision;
using grader::expr::scalar_traits;

namespace {

using DoubleTraits = scalar_traits<double>;
using ComplexTraits = scalar_traits<Complex>;
using HighTraits = scalar_traits<High>;

// pi to 64 significant digits, independent of the library's own constant.
const High kPi64("3.141592653589793238462643383279502884197169399375105820974944592");

}  // namespace

// --- the traits' constants ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(precisions_have_their_names_and_digits) {
  BOOST_TEST(std::string(to_string(Precision::real)) == "double");
  BOOST_TEST(std::string(to_string(Precision::complex)) == "complex");
  BOOST_TEST(std::string(to_string(Precision::high)) == "high");

  BOOST_TEST(std::string(to_string(DoubleTraits::precision)) == to_string(Precision::real));
  BOOST_TEST(std::string(to_string(ComplexTraits::precision)) == to_string(Precision::complex));
  BOOST_TEST(std::string(to_string(HighTraits::precision)) == to_string(Precision::high));

  BOOST_TEST(!DoubleTraits::is_complex);
  BOOST_TEST(ComplexTraits::is_complex);
  BOOST_TEST(!HighTraits::is_complex);

  BOOST_TEST(DoubleTraits::default_digits == 15);
  BOOST_TEST(ComplexTraits::default_digits == 15);
  BOOST_TEST(HighTraits::default_digits == 50);
}

BOOST_AUTO_TEST_CASE(high_carries_at_least_50_significant_digits) {
  BOOST_TEST(std::numeric_limits<High>::digits10 >= 50);
  // One plus a 1e-49 perturbation is still distinguishable from one; in double it is not.
  BOOST_TEST(High(1) + High("1e-49") != High(1));
  BOOST_TEST(1.0 + 1e-49 == 1.0);
}

// --- from_text --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(double_from_text_parses_like_strtod) {
  BOOST_TEST(DoubleTraits::from_text("0.1") == 0.1);
  BOOST_TEST(DoubleTraits::from_text("2.5e-3") == 2.5e-3);
  BOOST_TEST(DoubleTraits::from_text("42") == 42.0);
  BOOST_TEST(DoubleTraits::from_text(".5") == 0.5);
  // The rounding of 0.1 is visible in double arithmetic.
  BOOST_TEST(DoubleTraits::from_text("0.1") * 3 - DoubleTraits::from_text("0.3") != 0.0);
}

BOOST_AUTO_TEST_CASE(complex_from_text_has_a_zero_imaginary_part) {
  const Complex z = ComplexTraits::from_text("1.25");
  BOOST_TEST(z.real() == 1.25);
  BOOST_TEST(z.imag() == 0.0);
  BOOST_TEST(ComplexTraits::from_text("0.1").real() == 0.1);
}

BOOST_AUTO_TEST_CASE(high_from_text_is_exact_to_50_digits) {
  const High tenth = HighTraits::from_text("0.1");
  // Parsed from the decimal text, not through a double.
  BOOST_TEST(tenth != High(0.1));
  BOOST_TEST(HighTraits::format(tenth, 50) == "0.1");
  BOOST_TEST(HighTraits::format(High(0.1), 50) ==
             "0.1000000000000000055511151231257827021181583404541");
  BOOST_TEST(tenth * 3 - HighTraits::from_text("0.3") == 0);
  // 1/7 to 50 digits.
  BOOST_TEST(HighTraits::format(HighTraits::from_text("1") / 7, 50) ==
             "0.14285714285714285714285714285714285714285714285714");
  BOOST_TEST(HighTraits::format(HighTraits::from_text("123456.789"), 50) == "123456.789");
  BOOST_TEST(HighTraits::format(HighTraits::from_text("-2.5e-7"), 50) == "-2.5e-07");
  // A 45-digit literal survives intact.
  BOOST_TEST(HighTraits::format(
                 HighTraits::from_text("1.23456789012345678901234567890123456789012345"), 50) ==
             "1.23456789012345678901234567890123456789012345");
}

BOOST_AUTO_TEST_CASE(from_double_and_to_double_round_trip) {
  BOOST_TEST(DoubleTraits::from_double(0.1) == 0.1);
  BOOST_TEST(ComplexTraits::from_double(0.1) == Complex(0.1, 0.0));
  BOOST_TEST(HighTraits::from_double(0.1) == High(0.1));
  BOOST_TEST(HighTraits::to_double(HighTraits::from_double(0.1)) == 0.1);
  BOOST_TEST(ComplexTraits::to_double(Complex(2.5, 7.0)) == 2.5);
  BOOST_TEST(ComplexTraits::real(Complex(2.5, 7.0)) == 2.5);
  BOOST_TEST(ComplexTraits::imag(Complex(2.5, 7.0)) == 7.0);
  BOOST_TEST(DoubleTraits::imag(2.5) == 0.0);
  BOOST_TEST(HighTraits::imag(High(2.5)) == 0);
}

// --- format -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(double_format_uses_15_significant_digits) {
  BOOST_TEST(DoubleTraits::format(1.0 / 3.0, 15) == "0.333333333333333");
  BOOST_TEST(DoubleTraits::format(0.1 + 0.2, 15) == "0.3");
  BOOST_TEST(DoubleTraits::format(0.1 + 0.2, 17) == "0.30000000000000004");
  BOOST_TEST(DoubleTraits::format(-2.0000000000000004, 15) == "-2");
  BOOST_TEST(DoubleTraits::format(1e20, 15) == "1e+20");
  BOOST_TEST(DoubleTraits::format(1e-5, 15) == "1e-05");
  BOOST_TEST(DoubleTraits::format(123456789012345678.0, 15) == "1.23456789012346e+17");
  BOOST_TEST(DoubleTraits::format(3.14159, 3) == "3.14");
  // Negative zero prints as 0.
  BOOST_TEST(DoubleTraits::format(-0.0, 15) == "0");
  BOOST_TEST(DoubleTraits::format(0.0, 15) == "0");
}

BOOST_AUTO_TEST_CASE(det_of_1_2_3_4_prints_as_minus_2) {
  namespace ex = grader::expr;
  const auto v = ex::evaluate(ex::parse("det([1 2; 3 4])"), ex::Bindings<double>{});
  BOOST_TEST(std::abs(v(0, 0) + 2.0) < 1e-15);
  BOOST_TEST(DoubleTraits::format(v(0, 0), 15) == "-2");
  BOOST_TEST(ex::format_value(v) == "-2");
}

BOOST_AUTO_TEST_CASE(complex_format_shows_the_imaginary_part_only_when_nonzero) {
  BOOST_TEST(ComplexTraits::format({1.5, 0.0}, 15) == "1.5");
  BOOST_TEST(ComplexTraits::format({1.5, -0.0}, 15) == "1.5");
  BOOST_TEST(ComplexTraits::format({1.5, 2e-20}, 15) == "1.5 + 2e-20im");
  BOOST_TEST(ComplexTraits::format({1.5, -2.0}, 15) == "1.5 - 2im");
  BOOST_TEST(ComplexTraits::format({0.0, 1.0}, 15) == "0 + 1im");
  BOOST_TEST(ComplexTraits::format({1.0 / 3.0, 1.0 / 3.0}, 4) == "0.3333 + 0.3333im");
  BOOST_TEST(ComplexTraits::format({-0.0, -0.0}, 15) == "0");
}

BOOST_AUTO_TEST_CASE(high_format_uses_up_to_50_significant_digits) {
  BOOST_TEST(HighTraits::format(High(1) / 3, 50) ==
             "0.33333333333333333333333333333333333333333333333333");
  BOOST_TEST(HighTraits::format(High(1) / 3, 5) == "0.33333");
  BOOST_TEST(HighTraits::format(High(-2), 50) == "-2");
  BOOST_TEST(HighTraits::format(High(0), 50) == "0");
  BOOST_TEST(HighTraits::format(-High(0), 50) == "0");
  BOOST_TEST(HighTraits::format(HighTraits::from_text("1e60"), 50) == "1e+60");
  BOOST_TEST(HighTraits::format(HighTraits::from_text("1e-20"), 50) == "1e-20");
}

// --- pi, epsilon, is_finite -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(pi_is_correct_in_each_precision) {
  BOOST_TEST(DoubleTraits::pi() == 3.141592653589793);
  BOOST_TEST(DoubleTraits::pi() == std::acos(-1.0));
  BOOST_TEST(ComplexTraits::pi() == Complex(3.141592653589793, 0.0));
  using boost::multiprecision::abs;
  BOOST_TEST(abs(HighTraits::pi() - kPi64) < High("1e-50"));
  BOOST_TEST(HighTraits::format(HighTraits::pi(), 50) ==
             "3.1415926535897932384626433832795028841971693993751");
  // sin(pi) vanishes to High's precision, not just to double's.
  BOOST_TEST(abs(sin(HighTraits::pi())) < High("1e-48"));
}

BOOST_AUTO_TEST_CASE(epsilon_is_the_machine_epsilon) {
  BOOST_TEST(DoubleTraits::epsilon() == std::ldexp(1.0, -52));
  BOOST_TEST(ComplexTraits::epsilon() == std::ldexp(1.0, -52));
  const High eps = HighTraits::epsilon();
  BOOST_TEST(eps > 0);
  BOOST_TEST(eps < High("1e-49"));
  BOOST_TEST(High(1) + eps != High(1));
  BOOST_TEST(High(1) + eps / 4 == High(1));
}

BOOST_AUTO_TEST_CASE(is_finite_rejects_inf_and_nan) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(DoubleTraits::is_finite(1e308));
  BOOST_TEST(!DoubleTraits::is_finite(inf));
  BOOST_TEST(!DoubleTraits::is_finite(-inf));
  BOOST_TEST(!DoubleTraits::is_finite(nan));

  BOOST_TEST(ComplexTraits::is_finite({1.0, 1e-20}));
  BOOST_TEST(!ComplexTraits::is_finite({inf, 0.0}));
  BOOST_TEST(!ComplexTraits::is_finite({0.0, inf}));
  BOOST_TEST(!ComplexTraits::is_finite({0.0, nan}));
  BOOST_TEST(!ComplexTraits::is_finite({nan, 0.0}));

  BOOST_TEST(HighTraits::is_finite(HighTraits::from_text("1e400")));  // beyond double's range
  BOOST_TEST(!HighTraits::is_finite(std::numeric_limits<High>::infinity()));
  BOOST_TEST(!HighTraits::is_finite(-std::numeric_limits<High>::infinity()));
  BOOST_TEST(!HighTraits::is_finite(std::numeric_limits<High>::quiet_NaN()));
}
