#define BOOST_TEST_MODULE expr_parser
#include "grader/expr/parser.hpp"

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../support/expr_support.hpp"
#include "grader/expr/diagnostic.hpp"

using namespace grader::expr;

namespace {

// The prefix form of a formula, or "error: <message>" if it does not parse.
std::string sexpr(const std::string& text) {
  try {
    return to_sexpr(parse(text).root());
  } catch (const FormulaError& e) {
    return "error: " + e.diagnostic().message;
  }
}

void check_sexprs(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [text, expected] : cases) {
    BOOST_TEST_CONTEXT("formula: " << text) {
      BOOST_TEST(sexpr(text) == expected);
    }
  }
}

FormulaError parse_error(const std::string& text, const Limits& limits = {}) {
  try {
    const Formula f = parse(text, "formula", limits);
    BOOST_FAIL("parsed without an error: " << text.substr(0, 80) << " -> "
                                           << to_sexpr(f.root()).substr(0, 80));
  } catch (const FormulaError& e) {
    return e;
  }
  throw std::logic_error("unreachable");
}

struct ErrorCase {
  std::string text;
  std::string message;
  std::string help;
};

void check_syntax_errors(const std::vector<ErrorCase>& cases) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("formula: " << c.text) {
      const FormulaError e = parse_error(c.text);
      BOOST_TEST(e.kind() == ErrorKind::syntax);
      BOOST_TEST(e.diagnostic().message == c.message);
      BOOST_TEST(e.diagnostic().help == c.help);
    }
  }
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

Limits roomy() {
  Limits limits;
  limits.max_formula_bytes = 10'000'000;
  return limits;
}

}  // namespace

// --- precedence and associativity ------------------------------------------------------

// Issue 17: every other notation of a student parses to exactly the canonical form's tree,
// and marks the formula so that the checker shows how it was read.
BOOST_AUTO_TEST_CASE(other_notations_give_the_canonical_tree) {
  const std::vector<std::pair<std::string, std::string>> same = {
      {"A**2", "A^2"},
      {"A²", "A^2"},
      {"A³ + A⁻²", "A^3 + A^-2"},
      {"A^{2}", "A^(2)"},
      {"A^{-1}", "A^(-1)"},
      {"A⁻ᵀ", "inv(A)'"},
      {"X.T", "X'"},
      {"X’", "X'"},
      {"A^⊤", "A'"},
      {"A^\\top", "A'"},
      {"X·dX", "X*dX"},
      {"X⋅dX", "X*dX"},
      {"X \\cdot dX", "X*dX"},
      {"X @ dX", "X*dX"},
      {"x ⊙ y", "x .* y"},
      {"x ∘ y", "x .* y"},
      {"A \\otimes B", "A ⊗ B"},
      {"trace(A)", "tr(A)"},
      {"Tr(A)", "tr(A)"},
      {"inverse(A)", "inv(A)"},
      {"eye(n)", "I(n)"},
      {"Diagonal(v)", "diagm(v)"},
      {"‖x‖", "norm(x)"},
      {"‖X‖_F", "norm(X)"},
      {"‖x‖²", "norm(x)^2"},
      {"||x||", "norm(x)"},
      {"x₀ + y₁₂", "x0 + y12"},
      {"sech.(x)", "sech.(x)"},
  };
  for (const auto& [text, canonical] : same) {
    BOOST_TEST_CONTEXT(text) {
      const Formula f = parse(text);
      BOOST_TEST(to_sexpr(f.root()) == to_sexpr(parse(canonical).root()));
      BOOST_TEST(f.alternative_notation() == (text != canonical));
    }
  }
  BOOST_TEST(!parse("A' + Aᵀ + A⁻¹ + inv(A) + 1 .- x").alternative_notation());
  check_sexprs({{"1 .- v", "(.- 1 v)"}, {"a .+ b .- c", "(.- (.+ a b) c)"}});
}

// to_formula prints the canonical notation with as few parentheses as the grammar needs, and
// reads back to the same tree.
BOOST_AUTO_TEST_CASE(to_formula_round_trips) {
  for (const std::string text :
       {"dX*B*X' + X*B*dX'", "-inv(A)*dA*inv(A)", "(A*B)'", "A^-1", "-(a + b)*c", "a - (b - c)",
        "a/(b*c)", "A^(B^C)", "(A^B)^C", "-a^2", "(-a)^2", "x[1]", "(A*B)[2, :]",
        "[a (b - c); -d e]", "exp.(x) .* (1 .- y)", "A ⊗ (B ⊗ C)", "inv(A)'", "A⁻¹'"}) {
    BOOST_TEST_CONTEXT(text) {
      const Formula f = parse(text);
      const std::string printed = to_formula(f.root());
      BOOST_TEST(to_sexpr(parse(printed).root()) == to_sexpr(f.root()), printed);
    }
  }
  BOOST_TEST(to_formula(parse("dX·B·X^⊤ + X*B*dX.T").root()) == "dX*B*X' + X*B*dX'");
  BOOST_TEST(to_formula(parse("(A*B)'").root()) == "(A*B)'");
  BOOST_TEST(to_formula(parse("a - (b - c)").root()) == "a - (b - c)");
}

// |A| and <v, w> mean several things; the message names each.
BOOST_AUTO_TEST_CASE(bars_and_angle_brackets_name_what_to_write) {
  check_syntax_errors({
      {"|A|", "'|' has no meaning in a formula",
       "write det(A) for a determinant, abs.(x) for absolute values, norm(x) or ‖x‖ for a norm"},
      {"<v, w>", "'<' has no meaning in a formula",
       "write the inner product <v, w> as dot(v, w) (or v'*w)"},
  });
}

BOOST_AUTO_TEST_CASE(atoms_parse_to_themselves) {
  check_sexprs({
      {"x", "x"},
      {"2", "2"},
      {"0.5", "0.5"},
      {"1e-3", "1e-3"},
      {"pi", "pi"},
      {"π", "π"},
      {"dX", "dX"},
      {"λ", "λ"},
      {"I", "I"},
      {"(x)", "x"},
      {"((x))", "x"},
      {"  x  ", "x"},
  });
}

BOOST_AUTO_TEST_CASE(multiplicative_operators_bind_tighter_than_additive) {
  check_sexprs({
      {"a+b*c", "(+ a (* b c))"},
      {"a*b+c", "(+ (* a b) c)"},
      {"a-b/c", "(- a (/ b c))"},
      {"a+b\\c", "(+ a (\\ b c))"},
      {"a+b.*c", "(+ a (.* b c))"},
      {"a-b./c", "(- a (./ b c))"},
      {"a+b⊗c", "(+ a (⊗ b c))"},
      {"(a+b)*c", "(* (+ a b) c)"},
      {"a*(b+c)", "(* a (+ b c))"},
  });
}

BOOST_AUTO_TEST_CASE(power_binds_tighter_than_multiplication) {
  check_sexprs({
      {"a*b^c", "(* a (^ b c))"},
      {"a^b*c", "(* (^ a b) c)"},
      {"a.*b.^2", "(.* a (.^ b 2))"},
      {"a/b^2", "(/ a (^ b 2))"},
      {"(a*b)^c", "(^ (* a b) c)"},
  });
}

BOOST_AUTO_TEST_CASE(additive_and_multiplicative_operators_are_left_associative) {
  check_sexprs({
      {"a-b-c", "(- (- a b) c)"},
      {"a+b-c", "(- (+ a b) c)"},
      {"a-b+c", "(+ (- a b) c)"},
      {"a/b/c", "(/ (/ a b) c)"},
      {"a*b/c", "(/ (* a b) c)"},
      {"a/b*c", "(* (/ a b) c)"},
      {"A\\b", "(\\ A b)"},
      {"A\\B\\c", "(\\ (\\ A B) c)"},
      {"a\\b/c", "(/ (\\ a b) c)"},
      {"A./B.*C", "(.* (./ A B) C)"},
      {"A⊗B⊗C", "(⊗ (⊗ A B) C)"},
  });
}

BOOST_AUTO_TEST_CASE(kron_shares_the_level_of_multiplication) {
  check_sexprs({
      {"A⊗B*C", "(* (⊗ A B) C)"},
      {"A*B⊗C", "(⊗ (* A B) C)"},
      {"A⊗B+C", "(+ (⊗ A B) C)"},
      {"A⊗B^2", "(⊗ A (^ B 2))"},
  });
}

BOOST_AUTO_TEST_CASE(powers_are_right_associative) {
  check_sexprs({
      {"a^b^c", "(^ a (^ b c))"},
      {"a.^b.^c", "(.^ a (.^ b c))"},
      {"a^b.^c", "(^ a (.^ b c))"},
  });
}

BOOST_AUTO_TEST_CASE(unary_minus_binds_looser_than_power_and_tighter_than_products) {
  check_sexprs({
      {"-x^2", "(neg (^ x 2))"},
      {"-x.^2", "(neg (.^ x 2))"},
      {"-a*b", "(* (neg a) b)"},
      {"-a+b", "(+ (neg a) b)"},
      {"+x", "(pos x)"},
      {"--x", "(neg (neg x))"},
      {"-+x", "(neg (pos x))"},
      {"a - -b", "(- a (neg b))"},
      {"a*-b", "(* a (neg b))"},
      {"a*-b^c", "(* a (neg (^ b c)))"},
      {"-x'", "(neg (' x))"},
      {"-x^2'", "(neg (^ x (' 2)))"},
  });
}

BOOST_AUTO_TEST_CASE(exponent_may_start_with_a_sign) {
  check_sexprs({
      {"2^-1", "(^ 2 (neg 1))"},
      {"x^+2", "(^ x (pos 2))"},
      {"A^-2", "(^ A (neg 2))"},
      {"a^-b^c", "(^ a (neg (^ b c)))"},
      {"x.^-1", "(.^ x (neg 1))"},
      {"2^-x'", "(^ 2 (neg (' x)))"},
      {"a^-b*c", "(* (^ a (neg b)) c)"},
  });
}

BOOST_AUTO_TEST_CASE(postfix_operators_bind_tightest) {
  check_sexprs({
      {"A'", "(' A)"},
      {"Aᵀ", "(' A)"},
      {"A⁻¹", "(inv A)"},
      {"A'*B", "(* (' A) B)"},
      {"A'^2", "(^ (' A) 2)"},
      {"A^2'", "(^ A (' 2))"},
      {"x'*A*x", "(* (* (' x) A) x)"},
      {"A⁻¹*b", "(* (inv A) b)"},
      {"A*B'", "(* A (' B))"},
      {"(A*B)'", "(' (* A B))"},
      {"-A⁻¹", "(neg (inv A))"},
  });
}

BOOST_AUTO_TEST_CASE(postfix_operators_chain_left_to_right) {
  check_sexprs({
      {"A''", "(' (' A))"},
      {"A''⁻¹", "(inv (' (' A)))"},
      {"A⁻¹'", "(' (inv A))"},
      {"Aᵀ⁻¹", "(inv (' A))"},
      {"A[1, 2]'", "(' (index A 1 2))"},
      {"A'[1, 2]", "(index (' A) 1 2)"},
  });
}

BOOST_AUTO_TEST_CASE(indexing_takes_one_or_two_indices_or_colons) {
  check_sexprs({
      {"x[i]", "(index x i)"},
      {"A[i,j]", "(index A i j)"},
      {"A[i, j]", "(index A i j)"},
      {"A[:,j]", "(index A : j)"},
      {"A[i, :]", "(index A i :)"},
      {"A[:]", "(index A :)"},
      {"A[i+1, 2*j]", "(index A (+ i 1) (* 2 j))"},
      {"A[1][1]", "(index (index A 1) 1)"},
      {"(A*B)[1, 2]", "(index (* A B) 1 2)"},
      {"eigvecs(S)[:, 1]", "(index (eigvecs S) : 1)"},
      {"eigvals(S)[1]", "(index (eigvals S) 1)"},
      {"2*x[1]^2", "(* 2 (^ (index x 1) 2))"},
  });
}

BOOST_AUTO_TEST_CASE(builtin_calls_and_broadcasts) {
  check_sexprs({
      {"tr(X)", "(tr X)"},
      {"tr (X)", "(tr X)"},
      {"inv(A)*b", "(* (inv A) b)"},
      {"kron(A, B)", "(kron A B)"},
      {"reshape(v, n, m)", "(reshape v n m)"},
      {"zeros(n)", "(zeros n)"},
      {"zeros(m, n)", "(zeros m n)"},
      {"tr(X'*X)", "(tr (* (' X) X))"},
      {"det(inv(A))", "(det (inv A))"},
      {"I(3)", "(I 3)"},
      {"exp.(x)", "(exp. x)"},
      {"abs.(x - y)", "(abs. (- x y))"},
      {"exp.(x)'", "(' (exp. x))"},
      {"sum(log.(x))", "(sum (log. x))"},
      {"-exp(x)^2", "(neg (^ (exp x) 2))"},
  });
}

BOOST_AUTO_TEST_CASE(line_breaks_outside_brackets_are_spaces) {
  check_sexprs({
      {"a +\nb", "(+ a b)"},
      {"a\n+ b", "(+ a b)"},
      {"\n x*y \n", "(* x y)"},
      {"(a\n+b)", "(+ a b)"},
      {"tr(\nX\n)", "(tr X)"},
      {"kron(A,\n B)", "(kron A B)"},
  });
}

BOOST_AUTO_TEST_CASE(matrix_literals_with_spaces_semicolons_and_line_breaks) {
  check_sexprs({
      {"[1 2; 3 4]", "[1 2; 3 4]"},
      {"[1 2\n3 4]", "[1 2; 3 4]"},
      {"[1 2;\n 3 4]", "[1 2; 3 4]"},
      {"[\n1 2\n3 4\n]", "[1 2; 3 4]"},
      {"[1 2;]", "[1 2]"},
      {"[x]", "[x]"},
      {"[a' b']", "[(' a) (' b)]"},
      {"[a b]'", "(' [a b])"},
      {"[x[1] x[2]]", "[(index x 1) (index x 2)]"},
      {"[x [1]]", "[x [1]]"},
      {"[A B; C D]", "[A B; C D]"},
      {"[X zeros(n, 1); zeros(1, n) 1]", "[X (zeros n 1); (zeros 1 n) 1]"},
      {"[X x; x' 0]", "[X x; (' x) 0]"},
      {"[[1 2] 3]", "[[1 2] 3]"},
      {"[(a -b) c]", "[(- a b) c]"},
  });
}

BOOST_AUTO_TEST_CASE(commas_make_a_column) {
  check_sexprs({
      {"[a, b, c]", "[a; b; c]"},
      {"[1, 2]", "[1; 2]"},
      {"[a+b, c*d]", "[(+ a b); (* c d)]"},
  });
}

BOOST_AUTO_TEST_CASE(a_column_may_break_lines_after_its_commas) {
  check_sexprs({
      {"[1,\n 2,\n 3]", "[1; 2; 3]"},
  });
}

BOOST_AUTO_TEST_CASE(inside_brackets_a_sign_glued_to_its_operand_starts_a_new_entry) {
  check_sexprs({
      {"[a -b]", "[a (neg b)]"},
      {"[a - b]", "[(- a b)]"},
      {"[a-b]", "[(- a b)]"},
      {"[a- b]", "[(- a b)]"},
      {"[1 -2]", "[1 (neg 2)]"},
      {"[1 - 2]", "[(- 1 2)]"},
      {"[1-2]", "[(- 1 2)]"},
      {"[a +b]", "[a (pos b)]"},
      {"[a + b]", "[(+ a b)]"},
      {"[-a -b]", "[(neg a) (neg b)]"},
      {"[a -b; c d]", "[a (neg b); c d]"},
      {"[a' -b']", "[(' a) (neg (' b))]"},
      {"[a*b -c]", "[(* a b) (neg c)]"},
      {"[a -b*c]", "[a (* (neg b) c)]"},
      {"[a - -b]", "[(- a (neg b))]"},
      {"[x[1 -1] y]", "[(index x (- 1 1)) y]"},
      {"[f(1 -1)]", "error: 'f' is not a function of the language"},
      {"[sum(1 -1) 2]", "[(sum (- 1 1)) 2]"},
      {"[a\n-b]", "[a; (neg b)]"},
  });
}

BOOST_AUTO_TEST_CASE(outside_brackets_spacing_around_minus_does_not_matter) {
  check_sexprs({
      {"a -b", "(- a b)"},
      {"a - b", "(- a b)"},
      {"a-b", "(- a b)"},
      {"(a -b)", "(- a b)"},
  });
}

// --- names ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(names_are_sorted_unique_and_exclude_builtins_i_and_pi) {
  const Formula f = parse("X*dX + tr(A*X) + n*pi + I + π*X + exp.(λ) + A");
  BOOST_TEST(f.names() == (std::vector<std::string>{"A", "X", "dX", "n", "λ"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(names_include_index_and_size_arguments) {
  const Formula f = parse("x[k] + zeros(m, 1)[1] + I(n)[1, 1]");
  BOOST_TEST(f.names() == (std::vector<std::string>{"k", "m", "n", "x"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_formula_of_numbers_has_no_names) {
  BOOST_TEST(parse("1 + 2*pi").names().empty());
}

BOOST_AUTO_TEST_CASE(non_analytic_builtins_are_listed_sorted_and_unique) {
  const Formula f = parse("norm(x) + abs(y) + exp(z) + abs.(w) + eigvals(S)[1] + norm(x)");
  BOOST_TEST(f.non_analytic_builtins() == (std::vector<std::string>{"abs", "eigvals", "norm"}),
             boost::test_tools::per_element());
  BOOST_TEST(!f.is_analytic());
  BOOST_TEST(
      parse("eigvecs(S)[:, 1]").non_analytic_builtins() == (std::vector<std::string>{"eigvecs"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(analytic_formulas_have_no_non_analytic_builtins) {
  const Formula f = parse("exp(x) + tr(inv(A)) + logdet(X) + sqrt.(v)' * v + det(kron(A, B))");
  BOOST_TEST(f.non_analytic_builtins().empty());
  BOOST_TEST(f.is_analytic());
}

BOOST_AUTO_TEST_CASE(formula_keeps_its_source) {
  const Formula f = parse("X + Y", "answer");
  BOOST_TEST(f.source().text() == "X + Y");
  BOOST_TEST(f.source().name() == "answer");
  BOOST_TEST(f.source_ptr().get() == &f.source());
}

// --- spans --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nodes_carry_their_span_and_operator_span) {
  const Formula f = parse("a + b*c");
  const Node& root = f.root();
  BOOST_TEST((root.kind == NodeKind::binary));
  BOOST_TEST(root.span == (Span{0, 7}));
  BOOST_TEST(root.op_span == (Span{2, 3}));
  BOOST_TEST(root.args[1]->span == (Span{4, 7}));
  BOOST_TEST(root.args[1]->op_span == (Span{5, 6}));
}

BOOST_AUTO_TEST_CASE(parenthesised_nodes_span_their_parentheses) {
  const Formula f = parse("(a+b)*c");
  BOOST_TEST(f.root().args[0]->span == (Span{0, 5}));
  BOOST_TEST(f.root().span == (Span{0, 7}));
}

BOOST_AUTO_TEST_CASE(calls_indexes_and_literals_have_operator_spans) {
  const Formula call = parse("tr(X)");
  BOOST_TEST(call.root().span == (Span{0, 5}));
  BOOST_TEST(call.root().op_span == (Span{0, 2}));
  const Formula index = parse("A[1, 2]");
  BOOST_TEST(index.root().span == (Span{0, 7}));
  BOOST_TEST(index.root().op_span == (Span{1, 7}));
  const Formula literal = parse("[1 2]");
  BOOST_TEST(literal.root().span == (Span{0, 5}));
  BOOST_TEST(literal.root().row_sizes == (std::vector<std::size_t>{2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(node_height_counts_levels) {
  BOOST_TEST(parse("x").root().height == 1U);
  BOOST_TEST(parse("x+y").root().height == 2U);
  BOOST_TEST(parse("a+b+c+d").root().height == 4U);
  BOOST_TEST(parse("-x'").root().height == 3U);
}

// --- syntax errors ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(empty_formula_is_an_error) {
  for (const std::string text : {"", "   ", "\n\n", " \n "}) {
    BOOST_TEST_CONTEXT("formula: '" << text << "'") {
      const FormulaError e = parse_error(text);
      BOOST_TEST(e.kind() == ErrorKind::syntax);
      BOOST_TEST(e.diagnostic().message == "the formula is empty");
      BOOST_TEST(e.diagnostic().help == "");
      BOOST_TEST(e.diagnostic().primary == (Span{text.size(), text.size()}));
    }
  }
}

BOOST_AUTO_TEST_CASE(formula_ending_early_says_what_was_expected) {
  check_syntax_errors({
      {"(a+b", "the formula ends too early: expected ')'", ""},
      {"a+", "the formula ends too early: expected a number, a name, '(' or '['", ""},
      {"-", "the formula ends too early: expected a number, a name, '(' or '['", ""},
      {"tr(X", "the formula ends too early: expected ',' or ')' to close the call", ""},
      {"A[1", "the formula ends too early: expected ',' or ']' to close the index", ""},
      {"[1 2", "the formula ends too early: expected ' ', ';', ',' or ']' in a matrix", ""},
  });
  const FormulaError e = parse_error("(a+b");
  BOOST_TEST(e.diagnostic().primary == (Span{4, 4}));
}

BOOST_AUTO_TEST_CASE(unexpected_tokens_are_named_once) {
  check_syntax_errors({
      {"a+b)", "unexpected ')': expected an operator or the end of the formula", ""},
      {"a*/b", "unexpected '/': expected a number, a name, '(' or '['", ""},
      {"()", "unexpected ')': expected a number, a name, '(' or '['", ""},
      {":", "unexpected ':': expected a number, a name, '(' or '['", ""},
      {"[a,]", "unexpected ']': expected a number, a name, '(' or '['", ""},
      {"xᵀAx", "unexpected name 'Ax': expected an operator or the end of the formula",
       "there is no operator between 'ᵀ' and 'Ax'; a product is written with *"},
  });
  const FormulaError e = parse_error("a+b)");
  BOOST_TEST(e.diagnostic().primary == (Span{3, 4}));
}

BOOST_AUTO_TEST_CASE(juxtaposed_operands_suggest_an_explicit_product) {
  const FormulaError e = parse_error("X Y");
  BOOST_TEST(e.kind() == ErrorKind::syntax);
  BOOST_TEST(e.diagnostic().message ==
             "unexpected name 'Y': expected an operator or the end of the formula");
  BOOST_TEST(e.diagnostic().help ==
             "there is no operator between 'X' and 'Y'; a product is written with *");
  BOOST_TEST(e.diagnostic().primary == (Span{2, 3}));

  const FormulaError paren = parse_error("X (Y+1)");
  BOOST_TEST(paren.diagnostic().help ==
             "there is no operator between 'X' and '('; a product is written with *");
  const FormulaError numbers = parse_error("2 3");
  BOOST_TEST(numbers.diagnostic().help ==
             "there is no operator between '2' and '3'; a product is written with *");
}

BOOST_AUTO_TEST_CASE(juxtaposed_operands_on_two_lines_name_the_operands_not_the_line_break) {
  const FormulaError e = parse_error("X\nY");
  BOOST_TEST(e.kind() == ErrorKind::syntax);
  BOOST_TEST(e.diagnostic().help ==
             "there is no operator between 'X' and 'Y'; a product is written with *");
}

BOOST_AUTO_TEST_CASE(builtins_check_their_argument_count) {
  check_syntax_errors({
      {"det(A, B)", "det takes 1 argument, but 2 were given", "call it as det(A)"},
      {"tr()", "tr takes 1 argument, but 0 were given", "call it as tr(A)"},
      {"kron(A)", "kron takes 2 arguments, but 1 was given", "call it as kron(A, B)"},
      {"reshape(v, 2)", "reshape takes 3 arguments, but 2 were given",
       "call it as reshape(v, m, n)"},
      {"zeros()", "zeros takes 1 to 2 arguments, but 0 were given", "call it as zeros(m, n)"},
      {"ones(1, 2, 3)", "ones takes 1 to 2 arguments, but 3 were given", "call it as ones(m, n)"},
      {"I(2, 3)", "I takes 1 argument, but 2 were given", "call it as I(n)"},
      {"exp.(x, y)", "exp takes 1 argument, but 2 were given", "call it as exp(x)"},
  });
  const FormulaError e = parse_error("x + det(A, B)");
  BOOST_TEST(e.diagnostic().primary == (Span{4, 13}));  // the whole call
}

BOOST_AUTO_TEST_CASE(calling_a_name_that_is_not_a_builtin_is_an_error) {
  check_syntax_errors({
      {"X(1)", "'X' is not a function of the language",
       "`grader help formulas` lists the functions; if X is a value, multiply with *: X*(...)"},
      {"2*f(x)", "'f' is not a function of the language",
       "`grader help formulas` lists the functions; if f is a value, multiply with *: f*(...)"},
      // Issue 17: the function most likely meant, by meaning or by spelling; never "a
      // product is written with *" for a name followed by '('.
      {"outer(q, q)", "'outer' is not a function of the language",
       "the outer product outer(q, q) is written q*q'"},
      {"outer(a*b, c)", "'outer' is not a function of the language",
       "the outer product outer(u, v) is written u*v'"},
      {"adj(A)", "'adj' is not a function of the language", "the adjugate adj(A) is det(A)*inv(A)"},
      {"nrm(X)", "'nrm' is not a function of the language", "did you mean norm(...)?"},
  });
  BOOST_TEST(parse_error("2*f(x)").diagnostic().primary == (Span{2, 3}));
}

BOOST_AUTO_TEST_CASE(a_bare_builtin_function_needs_arguments) {
  check_syntax_errors({
      {"tr", "'tr' is a function and needs arguments", "call it as tr(A)"},
      {"tr + 1", "'tr' is a function and needs arguments", "call it as tr(A)"},
      {"2*exp", "'exp' is a function and needs arguments", "call it as exp(x)"},
      {"[tr (X)]", "'tr' is a function and needs arguments", "call it as tr(A)"},
  });
  BOOST_TEST(parse_error("2*exp").diagnostic().primary == (Span{2, 5}));
}

BOOST_AUTO_TEST_CASE(only_scalar_builtins_broadcast) {
  check_syntax_errors({
      {"inv.(A)", "'inv' cannot be applied entrywise with inv.(...)",
       "f.(x) works for the scalar functions exp, log, sqrt, sin, cos, tan, tanh, sinh, cosh, "
       "sech and abs"},
      {"f.(x)", "'f' cannot be applied entrywise with f.(...)",
       "f.(x) works for the scalar functions exp, log, sqrt, sin, cos, tan, tanh, sinh, cosh, "
       "sech and abs"},
  });
}

BOOST_AUTO_TEST_CASE(a_transpose_needs_something_to_transpose) {
  check_syntax_errors({
      {"'A", "a transpose ' must follow the value it transposes", "write A' to transpose A"},
      {"2*ᵀ", "a transpose ' must follow the value it transposes", "write A' to transpose A"},
  });
}

BOOST_AUTO_TEST_CASE(matrix_literal_cannot_mix_commas_with_rows) {
  const std::string help = "write a column as [a, b, c] and a matrix as [a b; c d]";
  check_syntax_errors({
      {"[a, b; c]", "a matrix literal mixes ',' with ';' or spaces", help},
      {"[a; b, c]", "a matrix literal mixes ',' with ';' or spaces", help},
      {"[a b, c]", "a matrix literal mixes ',' with ';' or spaces", help},
      {"[a, b c]", "a matrix literal mixes ',' with ';' or spaces", help},
  });
  BOOST_TEST(parse_error("[a, b; c]").diagnostic().primary == (Span{5, 6}));
}

BOOST_AUTO_TEST_CASE(empty_matrix_literal_has_no_value) {
  check_syntax_errors({
      {"[]", "an empty matrix [] has no value", "write zeros(m, n) for a matrix of zeros"},
      {"[ ]", "an empty matrix [] has no value", "write zeros(m, n) for a matrix of zeros"},
      {"[\n]", "an empty matrix [] has no value", "write zeros(m, n) for a matrix of zeros"},
  });
  BOOST_TEST(parse_error("x+[ ]").diagnostic().primary == (Span{2, 5}));
}

BOOST_AUTO_TEST_CASE(more_than_two_indices_is_an_error) {
  check_syntax_errors({
      {"A[1, 2, 3]", "3 indices given; index a vector as x[i] and a matrix as A[i, j]", ""},
  });
  BOOST_TEST(parse_error("A[1, 2, 3]").diagnostic().primary == (Span{1, 10}));
}

BOOST_AUTO_TEST_CASE(lexer_errors_surface_from_parse) {
  const FormulaError e = parse_error("2X + 1");
  BOOST_TEST(e.kind() == ErrorKind::syntax);
  BOOST_TEST(e.diagnostic().message ==
             "'2X' is not a formula: a number cannot be followed directly by a name");
  BOOST_TEST(e.diagnostic().help == "multiplication is written with *: 2*X");
}

BOOST_AUTO_TEST_CASE(parse_errors_render_against_the_named_source) {
  const FormulaError e = parse_error("tr");
  BOOST_TEST(std::string(e.what()) ==
             "error: 'tr' is a function and needs arguments\n"
             " --> formula:1:1\n"
             "  |\n"
             "1 | tr\n"
             "  | ^^\n"
             "  = help: call it as tr(A)\n");
  try {
    parse(std::make_shared<const Source>("X ×× 2", "problems/p1.yaml", 6, 10));
    BOOST_FAIL("X ×× 2 parsed");
  } catch (const FormulaError& err) {
    BOOST_TEST(std::string(err.what()) ==
               "error: '×' is not an operator\n"
               " --> problems/p1.yaml:7:13\n"
               "  |\n"
               "7 | X ×× 2\n"
               "  |   ^\n"
               "  = help: write * for a product, ⊗ or kron(A, B) for a Kronecker product\n");
  }
}

// --- limits -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(formula_longer_than_the_limit_is_rejected) {
  Limits limits;
  limits.max_formula_bytes = 10;
  const FormulaError e = parse_error("a+b+c+d+e+f", limits);
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is too long: 11 bytes, the limit is 10");
  BOOST_TEST(e.diagnostic().primary == (Span{10, 11}));
  BOOST_TEST(sexpr("a+b+c+d+e") == "(+ (+ (+ (+ a b) c) d) e)");  // 9 bytes, default limits
  BOOST_TEST(to_sexpr(parse("a+b+c+d+e", "formula", limits).root()) == "(+ (+ (+ (+ a b) c) d) e)");
}

BOOST_AUTO_TEST_CASE(formula_longer_than_the_default_limit_is_rejected) {
  const FormulaError e = parse_error("x" + std::string(10'000, ' '));
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is too long: 10001 bytes, the limit is 10000");
  BOOST_TEST(sexpr("x" + std::string(9'999, ' ')) == "x");
}

BOOST_AUTO_TEST_CASE(deep_parentheses_fail_on_length_with_default_limits) {
  const std::string text = repeat("(", 100'000) + "x" + repeat(")", 100'000);
  const FormulaError e = parse_error(text);
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is too long: 200001 bytes, the limit is 10000");
}

BOOST_AUTO_TEST_CASE(hundred_thousand_nested_parentheses_fail_with_a_limit_not_a_crash) {
  const std::string text = repeat("(", 100'000) + "x" + repeat(")", 100'000);
  const FormulaError e = parse_error(text, roomy());
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
  // The rendered message stays short although the line is 200 KB.
  BOOST_TEST(std::string(e.what()).size() < 500U);
}

BOOST_AUTO_TEST_CASE(hundred_thousand_unary_minus_signs_fail_with_a_limit_not_a_crash) {
  const FormulaError e = parse_error(repeat("-", 100'000) + "x", roomy());
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
}

BOOST_AUTO_TEST_CASE(other_deep_nestings_fail_with_a_limit_not_a_crash) {
  const std::vector<std::string> texts = {
      repeat("[", 100'000) + "x" + repeat("]", 100'000),
      repeat("exp(", 100'000) + "x" + repeat(")", 100'000),
      repeat("x[", 100'000) + "1" + repeat("]", 100'000),
      repeat("x^", 100'000) + "x",
      "x" + repeat("'", 100'000),
      repeat("-(", 100'000) + "x" + repeat(")", 100'000),
  };
  for (const auto& text : texts) {
    BOOST_TEST_CONTEXT("formula starting " << text.substr(0, 8)) {
      const FormulaError e = parse_error(text, roomy());
      BOOST_TEST(e.kind() == ErrorKind::limit);
      BOOST_TEST(e.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
    }
  }
}

BOOST_AUTO_TEST_CASE(moderate_nesting_is_accepted) {
  BOOST_TEST(sexpr(repeat("(", 50) + "x" + repeat(")", 50)) == "x");
  BOOST_TEST(sexpr(repeat("-", 50) + "x").size() == 50 * 5 + 1 + 50);
  BOOST_TEST(sexpr("x" + repeat("'", 200)).size() == 200 * 3 + 1 + 200);
}

BOOST_AUTO_TEST_CASE(a_sum_of_k_terms_is_k_deep) {
  // 256 terms: exactly the limit; 257 terms: one too many.
  BOOST_TEST(parse("x" + repeat("+x", 255)).root().height == 256U);
  const FormulaError e = parse_error("x" + repeat("+x", 256));
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
  // The operator that made it too deep is underlined: the 256th '+' at byte 511.
  BOOST_TEST(e.diagnostic().primary == (Span{511, 512}));
}

BOOST_AUTO_TEST_CASE(long_sums_and_products_within_the_length_limit_fail_on_depth) {
  const FormulaError sum = parse_error("x" + repeat(" + x", 2'000));
  BOOST_TEST(sum.kind() == ErrorKind::limit);
  BOOST_TEST(sum.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
  const FormulaError product = parse_error("x" + repeat("*x", 1'000));
  BOOST_TEST(product.kind() == ErrorKind::limit);
  BOOST_TEST(product.diagnostic().message == "formula is nested too deeply (more than 256 levels)");
}

BOOST_AUTO_TEST_CASE(depth_limit_is_configurable) {
  Limits limits;
  limits.max_depth = 10;
  BOOST_TEST(parse("a+b+c+d+e+f+g+h+i+j", "formula", limits).root().height == 10U);
  const FormulaError e = parse_error("a+b+c+d+e+f+g+h+i+j+k", limits);
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "formula is nested too deeply (more than 10 levels)");
}

BOOST_AUTO_TEST_CASE(matrix_literal_entry_count_is_limited) {
  Limits limits;
  limits.max_literal_entries = 4;
  BOOST_TEST(to_sexpr(parse("[1 2; 3 4]", "formula", limits).root()) == "[1 2; 3 4]");
  const FormulaError e = parse_error("[1 2; 3 4; 5 6]", limits);
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "matrix literal has more than 4 entries");
  BOOST_TEST(e.diagnostic().primary == (Span{11, 12}));  // the fifth entry
}

BOOST_AUTO_TEST_CASE(matrix_literal_entry_count_default_limit) {
  const FormulaError e = parse_error("[" + repeat("0 ", 10'001) + "]", roomy());
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "matrix literal has more than 10000 entries");
  const Formula ok = parse("[" + repeat("0 ", 10'000) + "]", "formula", roomy());
  BOOST_TEST(ok.root().args.size() == 10'000U);
}

BOOST_AUTO_TEST_CASE(numbers_too_large_for_a_double_are_a_limit_error) {
  const FormulaError e = parse_error("2*1e999");
  BOOST_TEST(e.kind() == ErrorKind::limit);
  BOOST_TEST(e.diagnostic().message == "the number 1e999 is too large");
  BOOST_TEST(e.diagnostic().primary == (Span{2, 7}));
  BOOST_TEST(sexpr("1e-999") == "1e-999");  // underflow to zero is fine
}
