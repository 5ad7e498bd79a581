#define BOOST_TEST_MODULE expr_tex
#include "grader/expr/tex.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "grader/expr/builtins.hpp"
#include "grader/expr/parser.hpp"

using namespace grader::expr;

namespace {

std::string tex(const std::string& formula) {
  return to_tex(parse(formula).root());
}

void check_tex(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [formula, expected] : cases) {
    BOOST_TEST_CONTEXT("formula: " << formula) {
      BOOST_TEST(tex(formula) == expected);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(products_transposes_and_inverses) {
  check_tex({
      {"dX*B*X' + X*B*dX'", "\\mathrm{d}X B X^{T} + X B \\mathrm{d}X^{T}"},
      {"inv(A)'", "\\left(A^{-1}\\right)^{T}"},
      {"A⁻¹*dA*A⁻¹", "A^{-1} \\mathrm{d}A A^{-1}"},
      {"(A*B)'", "\\left(A B\\right)^{T}"},
      {"x'^2", "\\left(x^{T}\\right)^{2}"},
      {"2*3*x", "2 \\cdot 3 x"},
      {"a*-b", "a \\left(-b\\right)"},
      {"-(a*b)", "-\\left(a b\\right)"},
      {"A\\b", "A \\backslash b"},
  });
}

BOOST_AUTO_TEST_CASE(fractions_sums_and_elementwise_operations) {
  check_tex({
      {"x/(1 + x'*x)", "\\frac{x}{1 + x^{T} x}"},
      {"(a/b)^2", "\\left(\\frac{a}{b}\\right)^{2}"},
      {"-a/b", "\\frac{-a}{b}"},
      {"-(a/b)", "-\\frac{a}{b}"},
      {"(a + b)*c", "\\left(a + b\\right) c"},
      {"a - (b - c)", "a - \\left(b - c\\right)"},
      {"x .* y ./ z", "x \\odot y \\oslash z"},
      {"x.^2 .+ 1", "x^{\\circ 2} \\mathbin{.+} 1"},
      {"exp.(x)", "\\exp.\\left(x\\right)"},
      {"1e-3*x", "1 \\cdot 10^{-3} x"},
  });
}

BOOST_AUTO_TEST_CASE(builtins_names_and_matrices) {
  check_tex({
      {"tr(A'*B)", "\\operatorname{tr}\\left(A^{T} B\\right)"},
      {"kron(A, B)*C", "\\left(A \\otimes B\\right) C"},
      {"A ⊗ B", "A \\otimes B"},
      {"norm(x)^2", "\\left\\lVert x \\right\\rVert^{2}"},
      {"sqrt(abs(t))", "\\sqrt{\\left\\lvert t \\right\\rvert}"},
      {"logdet(S)", "\\log\\det\\left(S\\right)"},
      {"dot(u, v)", "\\left\\langle u, v \\right\\rangle"},
      {"I(n) + zeros(n, n)", "I_{n} + 0_{n \\times n}"},
      {"alpha*x0 + lambda_k*sigma_max", "\\alpha x_{0} + \\lambda_{k} \\sigma_{\\mathrm{max}}"},
      {"foo_bar2", "\\mathit{foo}_{\\mathrm{bar2}}"},
      {"[a b; c -d]", "\\begin{bmatrix}a & b \\\\ c & -d\\end{bmatrix}"},
      {"A[:, 1]", "A\\left[:, 1\\right]"},
  });
}

// Every builtin renders (KaTeX parsing each is checked by web/test/browser.mjs).
BOOST_AUTO_TEST_CASE(every_builtin_renders) {
  for (const Builtin& b : builtins()) {
    std::string call = std::string(b.name) + "(";
    for (int i = 0; i < b.min_args; ++i) call += i > 0 ? ", X" : "X";
    call += ")";
    BOOST_TEST_CONTEXT("call: " << call) {
      const std::string out = tex(call);
      BOOST_TEST(!out.empty());
      BOOST_TEST(out.find('?') == std::string::npos);
      BOOST_TEST(out.find('X') != std::string::npos);
    }
  }
}
