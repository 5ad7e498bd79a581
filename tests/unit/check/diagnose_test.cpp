#define BOOST_TEST_MODULE check_diagnose
#include "grader/check/diagnose.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader;
using expr::High;
using MH = expr::Matrix<High>;

namespace {

MH sample() {
  MH m(2, 2);
  m << High(1), High(2), High("0.5"), High(-3);
  return m;
}

std::string diagnosis(const MH& got) {
  return check::diagnose_wrong(got, sample(), 1e-17).value_or("none");
}

}  // namespace

BOOST_AUTO_TEST_CASE(sign_factor_transpose_and_zero_are_named) {
  const MH ref = sample();
  BOOST_TEST(diagnosis((ref * High(-1)).eval()) ==
             "Check the sign: at this point your answer is exactly −1 times the right one.");
  BOOST_TEST(diagnosis((ref * High(2)).eval()) ==
             "Off by a constant factor: at this point your answer is 2 times the right one.");
  BOOST_TEST(diagnosis((ref / High(2)).eval()) ==
             "Off by a constant factor: at this point your answer is 1/2 times the right one.");
  BOOST_TEST(diagnosis((ref * High(-3) / High(2)).eval()) ==
             "Off by a constant factor: at this point your answer is -3/2 times the right one.");
  BOOST_TEST(diagnosis((ref * High("3.7")).eval()) ==
             "Off by a constant factor: at this point your answer is 3.7 times the right one.");
  BOOST_TEST(diagnosis(ref.transpose().eval()).find("Transposed: at this point your answer "
                                                    "equals the transpose of the right one.") == 0u);
  BOOST_TEST(diagnosis(MH::Zero(2, 2)).find("Your answer is zero at this point") == 0u);
}

BOOST_AUTO_TEST_CASE(other_wrong_answers_get_no_diagnosis) {
  MH other = sample();
  other(0, 0) += High(1);
  BOOST_TEST(diagnosis(other) == "none");
  // Nearly a factor, but not to the tolerance: no claim.
  MH almost = (sample() * High(2)).eval();
  almost(1, 1) += High("1e-10");
  BOOST_TEST(diagnosis(almost) == "none");
  BOOST_TEST(diagnosis(MH::Zero(3, 1)) == "none");  // another shape
  // A symmetric reference is its own transpose: that is not a diagnosis of anything wrong.
  MH sym(2, 2);
  sym << High(1), High(2), High(2), High(1);
  BOOST_TEST(check::diagnose_wrong(sym, MH::Zero(2, 2), 1e-17).has_value() == false);
}
