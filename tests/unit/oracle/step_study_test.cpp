#define BOOST_TEST_MODULE oracle_step_study
#include "grader/oracle/step_study.hpp"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/oracle/line.hpp"

namespace ex = grader::expr;
namespace orc = grader::oracle;
using MD = ex::Matrix<double>;

namespace {

constexpr double kX0 = 0.7;

// t -> sin(x0 + t), as a 1×1 matrix.
orc::LineFunction<double> sine_line() {
  return [](double t) { return MD::Constant(1, 1, std::sin(kX0 + t)); };
}

MD scalar(double x) {
  return MD::Constant(1, 1, x);
}

// The row of step 10^-k (k in half decades: index 2k).
const orc::StepRow& row_at(const orc::StepStudy& s, double k) {
  return s.rows.at(static_cast<std::size_t>(std::lround(2 * k)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(steps_run_from_one_to_1e_16_in_half_decades) {
  const auto steps = orc::study_steps();
  BOOST_TEST(steps.size() == 33u);
  BOOST_TEST(steps.front() == 1.0);
  BOOST_TEST(steps[1] == std::pow(10.0, -0.5));
  BOOST_TEST(steps.back() == 1e-16, boost::test_tools::tolerance(1e-12));
  BOOST_CHECK_THROW(orc::study_steps({1, 0, 2}), grader::InternalError);
}

BOOST_AUTO_TEST_CASE(a_correct_derivative_of_sin_draws_the_v) {
  const auto s = orc::step_study(sine_line(), scalar(std::cos(kX0)));
  BOOST_TEST(s.order == 1);
  BOOST_TEST(s.rows.size() == 33u);
  // Central: truncation h²/6 |f'''/f'| = 1.7e-11 at h = 1e-5, rounding about as much.
  BOOST_TEST(*row_at(s, 5).central < 1e-9);
  // Forward at h = 0.1: the leading truncation term h/2 |f''/f'| = 0.05 tan(0.7), to 10%.
  const double expected = 0.05 * std::tan(kX0);
  BOOST_TEST(std::abs(*row_at(s, 1).forward - expected) / expected < 0.1,
             *row_at(s, 1).forward << " vs " << expected);
  // The bottoms of the V: near sqrt(eps) forward, near cbrt(eps) central.
  BOOST_REQUIRE(s.best_forward && s.best_central);
  BOOST_TEST(s.best_forward->error < 1e-7);
  BOOST_TEST(s.best_forward->h >= 1e-10);
  BOOST_TEST(s.best_forward->h <= 1e-6);
  BOOST_TEST(s.best_central->error < 1e-9);
  BOOST_TEST(s.best_central->h >= 1e-7);
  BOOST_TEST(s.best_central->h <= 1e-3);
  // Rounding: at h = 1e-16 the differences are noise.
  BOOST_TEST(*s.rows.back().central > 1e-3);
  BOOST_TEST(*s.rows.back().forward > 1e-3);
  // The minimum is the smallest entry of its curve.
  for (const auto& row : s.rows) BOOST_TEST(*row.central >= s.best_central->error);
}

BOOST_AUTO_TEST_CASE(a_wrong_derivative_has_a_floor) {
  // 1.5 cos: every difference is at least |1 - 1.5| / 1.5 = 1/3 away once h is small.
  const auto s = orc::step_study(sine_line(), scalar(1.5 * std::cos(kX0)));
  BOOST_REQUIRE(s.best_central);
  BOOST_TEST(s.best_central->error > 0.33);
  BOOST_TEST(s.best_central->error < 0.34);
  BOOST_TEST(s.best_forward->error > 0.3);
  for (const auto& row : s.rows) {
    if (row.h >= 1e-12) BOOST_TEST(*row.central > 0.3);
  }
}

BOOST_AUTO_TEST_CASE(the_minimum_ignores_steps_where_rounding_is_all_there_is) {
  // At h = 1e-16 the difference of sin is one or two ulps over h: about 1.1, which happens
  // to be 3% from 1.5 cos(0.7) = 1.15. That chance is not a minimum.
  const auto s = orc::step_study(sine_line(), scalar(1.5 * std::cos(kX0)));
  BOOST_TEST(*s.rows.back().forward < 0.1);
  BOOST_TEST(s.best_forward->error > 0.3);
  BOOST_TEST(s.best_forward->h >= 2.2e-12);
  orc::StepStudyOptions second;
  second.order = 2;
  BOOST_TEST(orc::step_study(sine_line(), scalar(1.0), second).best_central->h >= 1.5e-6);
}

BOOST_AUTO_TEST_CASE(a_zero_derivative_is_measured_against_the_differences) {
  const auto s = orc::step_study(sine_line(), scalar(0.0));
  BOOST_TEST(*row_at(s, 4).central == 1.0);
  BOOST_TEST(s.best_central->error == 1.0);
}

BOOST_AUTO_TEST_CASE(a_point_where_f_is_undefined_is_a_missing_entry) {
  // log(x + t*dx) at x = 0.5, dx = -1: undefined at t = 1 (log of -0.5), defined below.
  const ex::Formula f = ex::parse("log(x)");
  ex::Bindings<double> b;
  b.values["x"] = scalar(0.5);
  const std::map<std::string, MD, std::less<>> dirs = {{"x", scalar(-1.0)}};
  const auto s = orc::step_study(orc::line_function<double>(f, b, dirs), scalar(-1 / 0.5));
  BOOST_TEST(!s.rows[0].forward.has_value());
  BOOST_TEST(s.rows[0].central.has_value() == false);
  BOOST_TEST(s.rows[1].forward.has_value());
  BOOST_TEST(s.rows[1].central.has_value());
  BOOST_TEST(s.best_central->error < 1e-9);
}

BOOST_AUTO_TEST_CASE(other_formula_errors_are_not_hidden) {
  const orc::LineFunction<double> f = [](double) -> MD {
    throw ex::FormulaError({ex::ErrorKind::limit, "too costly", {0, 1}, {}, {}},
                           std::make_shared<ex::Source>("x", "formula"));
  };
  BOOST_CHECK_THROW(orc::step_study(f, scalar(1.0)), ex::FormulaError);
}

BOOST_AUTO_TEST_CASE(second_differences_against_the_second_derivative) {
  orc::StepStudyOptions options;
  options.order = 2;
  const auto s = orc::step_study(sine_line(), scalar(-std::sin(kX0)), options);
  BOOST_TEST(s.order == 2);
  // Central: truncation h²/12 at h = 1e-4 (1e-9), rounding about 4 eps/h² (6e-8).
  BOOST_TEST(*row_at(s, 4).central < 1e-6);
  // Forward (F(2h) - 2F(h) + F(0))/h² is first order: h |f'''/f''| = 0.1/tan(0.7) at h = 0.1.
  const double expected = 0.1 / std::tan(kX0);
  BOOST_TEST(std::abs(*row_at(s, 1).forward - expected) / expected < 0.15,
             *row_at(s, 1).forward << " vs " << expected);
  // A first derivative is not a second one: a floor.
  const auto wrong = orc::step_study(sine_line(), scalar(std::cos(kX0)), options);
  BOOST_TEST(wrong.best_central->error > 1.0);
}

BOOST_AUTO_TEST_CASE(entries_are_compared_in_column_major_order) {
  // F(t) = [t, 2t; 3t, 4t] against the column vec(F') = [1; 3; 2; 4]: exact at every h.
  const orc::LineFunction<double> f = [](double t) {
    MD m(2, 2);
    m << t, 2 * t, 3 * t, 4 * t;
    return m;
  };
  MD vec(4, 1);
  vec << 1, 3, 2, 4;
  const auto s = orc::step_study(f, vec);
  BOOST_TEST(*row_at(s, 1).central < 1e-15);
  MD transposed(4, 1);
  transposed << 1, 2, 3, 4;
  BOOST_TEST(orc::step_study(f, transposed).best_central->error > 0.1);
  BOOST_CHECK_THROW(orc::step_study(f, MD(MD::Ones(3, 1))), grader::InternalError);
}

BOOST_AUTO_TEST_CASE(a_50_digit_derivative_is_rounded_once) {
  ex::Matrix<ex::High> d(1, 1);
  d(0, 0) = cos(ex::High(kX0));
  const auto s = orc::step_study(sine_line(), d);
  BOOST_TEST(s.best_central->error < 1e-9);
}
