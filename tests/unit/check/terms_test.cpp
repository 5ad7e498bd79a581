#define BOOST_TEST_MODULE check_terms
#include "grader/check/terms.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace grader;

namespace {

// "+a|-b|..." for easy comparison.
std::string terms(const std::string& text) {
  std::string out;
  for (const auto& t : check::sum_terms(expr::parse(text)))
    out += (out.empty() ? "" : "|") + std::string(t.sign < 0 ? "-" : "+") + t.text;
  return out;
}

std::string variants(const std::string& text, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& v : check::transposed_variants(expr::parse(text), names))
    out += (out.empty() ? "" : "|") + v.text + "@" + std::to_string(v.column);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sums_split_into_signed_terms) {
  BOOST_TEST(terms("dX*A*X + X*A*dX") == "+dX*A*X|+X*A*dX");
  BOOST_TEST(terms("a - (b - c)") == "+a|-b|+c");
  BOOST_TEST(terms("-a + +b") == "-a|+b");
  BOOST_TEST(terms("X*A*dX") == "+X*A*dX");
  BOOST_TEST(check::sum_terms(expr::parse("a - b")).at(1).column == 5u);
}

BOOST_AUTO_TEST_CASE(linear_operations_are_expanded_over_sums) {
  BOOST_TEST(terms("(A + A')*x") == "+(A)*(x)|+(A')*(x)");
  BOOST_TEST(terms("M\\(c + B*x)") == "+(M)\\(c)|+(M)\\(B*x)");
  BOOST_TEST(terms("(a - b)/2") == "+(a)/(2)|-(b)/(2)");
  BOOST_TEST(terms("(a + b)'") == "+(a)'|+(b)'");
  BOOST_TEST(terms("tr(a - b)") == "+tr(a)|-tr(b)");
  BOOST_TEST(terms("kron(a + b, c)") == "+kron((a), (c))|+kron((b), (c))");
  BOOST_TEST(terms("diagm(a - b)") == "+diagm(a)|-diagm(b)");
  BOOST_TEST(terms("diag(a + b)") == "+diag(a)|+diag(b)");
  BOOST_TEST(terms("exp(a + b)") == "+exp(a + b)");  // not linear: kept whole
}

BOOST_AUTO_TEST_CASE(each_name_is_transposed_once) {
  BOOST_TEST(variants("A*x + A'*x", {"A"}) == "A'*x + A'*x@1|A*x + A*x@7");
  BOOST_TEST(variants("X*n", {"X"}) == "X'*n@1");  // n is not among the names
}
