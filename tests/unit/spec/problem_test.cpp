#define BOOST_TEST_MODULE spec_problem
#include "grader/spec/problem.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader::spec;

BOOST_AUTO_TEST_CASE(answer_kinds_by_name_in_enum_order) {
  const auto kinds = answer_kinds();
  BOOST_TEST(kinds.size() == 7u);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    BOOST_TEST(static_cast<std::size_t>(kinds[i]) == i);
    BOOST_TEST((answer_kind_named(to_string(kinds[i])) == kinds[i]), to_string(kinds[i]));
  }
  BOOST_TEST(std::string(to_string(AnswerKind::differential)) == "differential");
  BOOST_TEST(std::string(to_string(AnswerKind::code)) == "code");
  BOOST_TEST(!answer_kind_named("Gradient"));
  BOOST_TEST(!answer_kind_named("derivative"));
  BOOST_TEST(!answer_kind_named(""));
}

BOOST_AUTO_TEST_CASE(a_variable_has_the_properties_it_lists) {
  Variable v;
  BOOST_TEST(!v.has(Property::symmetric));
  v.properties = {Property::positive_definite, Property::diagonal};
  BOOST_TEST(v.has(Property::positive_definite));
  BOOST_TEST(v.has(Property::diagonal));
  BOOST_TEST(!v.has(Property::symmetric));
}
