#define BOOST_TEST_MODULE expr_lexer
#include "grader/expr/lexer.hpp"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/expr/diagnostic.hpp"

namespace grader::expr {
std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << "{" << s.begin << ", " << s.end << "}";
}
std::ostream& operator<<(std::ostream& os, TokenKind k) {
  return os << to_string(k);
}
std::ostream& operator<<(std::ostream& os, ErrorKind k) {
  return os << to_string(k);
}
}  // namespace grader::expr

using namespace grader::expr;
using K = TokenKind;

namespace {

std::shared_ptr<const Source> source(std::string text) {
  return std::make_shared<const Source>(std::move(text), "formula");
}

// Tokens keep views into the source: keep it alive alongside them.
struct Lexed {
  std::shared_ptr<const Source> src;
  std::vector<Token> tokens;
};

Lexed lex(const std::string& text) {
  auto s = source(text);
  auto tokens = tokenize(s);
  return {s, std::move(tokens)};
}

std::vector<TokenKind> kinds(const std::string& text) {
  std::vector<TokenKind> out;
  for (const Token& t : lex(text).tokens) out.push_back(t.kind);
  return out;
}

std::vector<std::string> texts(const std::string& text) {
  const Lexed l = lex(text);
  std::vector<std::string> out;
  for (const Token& t : l.tokens) out.emplace_back(t.text);
  return out;
}

FormulaError lex_error(const std::string& text) {
  try {
    const Lexed l = lex(text);
    BOOST_FAIL("tokenized without an error: " << text);
  } catch (const FormulaError& e) {
    return e;
  }
  throw std::logic_error("unreachable");
}

}  // namespace

BOOST_AUTO_TEST_CASE(single_character_operators_have_their_kinds_and_spans) {
  const std::string text = "+ - * / \\ ^ ' ( ) [ ] , ; :";
  const std::vector<TokenKind> expected = {K::plus,      K::minus,    K::star,      K::slash,
                                           K::backslash, K::caret,    K::transpose, K::lparen,
                                           K::rparen,    K::lbracket, K::rbracket,  K::comma,
                                           K::semicolon, K::colon,    K::end};
  const Lexed l = lex(text);
  BOOST_TEST_REQUIRE(l.tokens.size() == expected.size());
  for (std::size_t i = 0; i + 1 < expected.size(); ++i) {
    BOOST_TEST_CONTEXT("token " << i) {
      BOOST_TEST(l.tokens[i].kind == expected[i]);
      BOOST_TEST(l.tokens[i].span == (Span{2 * i, 2 * i + 1}));
      BOOST_TEST(l.tokens[i].text == text.substr(2 * i, 1));
    }
  }
  BOOST_TEST(l.tokens.back().kind == K::end);
}

BOOST_AUTO_TEST_CASE(dotted_operators_are_two_byte_tokens) {
  const Lexed l = lex(".* ./ .^ .(");
  BOOST_TEST_REQUIRE(l.tokens.size() == 5U);
  BOOST_TEST(l.tokens[0].kind == K::dot_star);
  BOOST_TEST(l.tokens[0].span == (Span{0, 2}));
  BOOST_TEST(l.tokens[1].kind == K::dot_slash);
  BOOST_TEST(l.tokens[1].span == (Span{3, 5}));
  BOOST_TEST(l.tokens[2].kind == K::dot_caret);
  BOOST_TEST(l.tokens[2].span == (Span{6, 8}));
  BOOST_TEST(l.tokens[3].kind == K::dot_paren);
  BOOST_TEST(l.tokens[3].span == (Span{9, 11}));
  BOOST_TEST(l.tokens[3].text == ".(");
}

BOOST_AUTO_TEST_CASE(unicode_operators_are_single_tokens_with_byte_spans) {
  // A=0, ᵀ=1..3, ⊗=4..6, B=7, ⁻¹=8..12
  const Lexed l = lex("Aᵀ⊗B⁻¹");
  BOOST_TEST_REQUIRE(l.tokens.size() == 6U);
  BOOST_TEST(l.tokens[0].kind == K::identifier);
  BOOST_TEST(l.tokens[1].kind == K::transpose);
  BOOST_TEST(l.tokens[1].span == (Span{1, 4}));
  BOOST_TEST(l.tokens[1].text == "ᵀ");
  BOOST_TEST(l.tokens[2].kind == K::kron);
  BOOST_TEST(l.tokens[2].span == (Span{4, 7}));
  BOOST_TEST(l.tokens[2].text == "⊗");
  BOOST_TEST(l.tokens[3].kind == K::identifier);
  BOOST_TEST(l.tokens[3].span == (Span{7, 8}));
  BOOST_TEST(l.tokens[4].kind == K::inverse);
  BOOST_TEST(l.tokens[4].span == (Span{8, 13}));
  BOOST_TEST(l.tokens[4].text == "⁻¹");
  BOOST_TEST(l.tokens[5].kind == K::end);
  BOOST_TEST(l.tokens[5].span == (Span{13, 13}));
}

BOOST_AUTO_TEST_CASE(apostrophe_and_superscript_t_are_both_transpose) {
  BOOST_TEST(kinds("A'ᵀ") == (std::vector<K>{K::identifier, K::transpose, K::transpose, K::end}));
}

BOOST_AUTO_TEST_CASE(numbers_in_every_written_form_are_one_token) {
  const std::vector<std::string> numbers = {"2",  "12", "0.5",    "1e-3", "1E+5", "2e10",
                                            ".5", "3.", "1.5e10", "1.e5", "007"};
  for (const auto& n : numbers) {
    BOOST_TEST_CONTEXT(n) {
      const Lexed l = lex(n);
      BOOST_TEST_REQUIRE(l.tokens.size() == 2U);
      BOOST_TEST(l.tokens[0].kind == K::number);
      BOOST_TEST(l.tokens[0].text == n);
      BOOST_TEST(l.tokens[0].span == (Span{0, n.size()}));
    }
  }
}

BOOST_AUTO_TEST_CASE(exponent_sign_belongs_to_the_number) {
  BOOST_TEST(texts("1e-3-x") == (std::vector<std::string>{"1e-3", "-", "x", ""}));
  BOOST_TEST(kinds("1e-3-x") == (std::vector<K>{K::number, K::minus, K::identifier, K::end}));
}

BOOST_AUTO_TEST_CASE(decimal_point_is_part_of_a_number_when_no_operator_follows) {
  BOOST_TEST(texts("2.5*X") == (std::vector<std::string>{"2.5", "*", "X", ""}));
  BOOST_TEST(texts("X.*2.5") == (std::vector<std::string>{"X", ".*", "2.5", ""}));
}

BOOST_AUTO_TEST_CASE(number_followed_by_dot_operator_lexes_as_number_then_operator) {
  const Lexed l = lex("2.*X");
  BOOST_TEST_REQUIRE(l.tokens.size() == 4U);
  BOOST_TEST(l.tokens[0].kind == K::number);
  BOOST_TEST(l.tokens[0].text == "2");
  BOOST_TEST(l.tokens[0].span == (Span{0, 1}));
  BOOST_TEST(l.tokens[1].kind == K::dot_star);
  BOOST_TEST(l.tokens[1].span == (Span{1, 3}));
  BOOST_TEST(l.tokens[2].kind == K::identifier);
  BOOST_TEST(l.tokens[2].span == (Span{3, 4}));
  BOOST_TEST(kinds("2./X") == (std::vector<K>{K::number, K::dot_slash, K::identifier, K::end}));
  BOOST_TEST(kinds("2.^x") == (std::vector<K>{K::number, K::dot_caret, K::identifier, K::end}));
  BOOST_TEST(texts("2.^x") == (std::vector<std::string>{"2", ".^", "x", ""}));
}

BOOST_AUTO_TEST_CASE(identifiers_take_letters_digits_underscores_and_greek) {
  BOOST_TEST(texts("dX alpha x_1 λ α2 Σx π") ==
             (std::vector<std::string>{"dX", "alpha", "x_1", "λ", "α2", "Σx", "π", ""}));
  for (const Token& t : lex("dX alpha x_1 λ α2 Σx π").tokens) {
    if (t.kind != K::end) BOOST_TEST(t.kind == K::identifier);
  }
}

BOOST_AUTO_TEST_CASE(dx_is_one_identifier) {
  const Lexed l = lex("dX");
  BOOST_TEST_REQUIRE(l.tokens.size() == 2U);
  BOOST_TEST(l.tokens[0].kind == K::identifier);
  BOOST_TEST(l.tokens[0].text == "dX");
}

BOOST_AUTO_TEST_CASE(broadcast_call_lexes_dot_paren_after_the_name) {
  BOOST_TEST(kinds("exp.(x)") ==
             (std::vector<K>{K::identifier, K::dot_paren, K::identifier, K::rparen, K::end}));
}

BOOST_AUTO_TEST_CASE(space_before_flags_record_whitespace_directly_before) {
  const Lexed l = lex(" a +b\t- c  ");
  BOOST_TEST_REQUIRE(l.tokens.size() == 6U);
  BOOST_TEST(l.tokens[0].space_before);   // a (leading space)
  BOOST_TEST(l.tokens[1].space_before);   // +
  BOOST_TEST(!l.tokens[2].space_before);  // b
  BOOST_TEST(l.tokens[3].space_before);   // - (after a tab)
  BOOST_TEST(l.tokens[4].space_before);   // c
  BOOST_TEST(l.tokens[5].space_before);   // end, after trailing spaces
  BOOST_TEST(!lex("a").tokens[0].space_before);
  BOOST_TEST(!lex("a").tokens[1].space_before);
}

BOOST_AUTO_TEST_CASE(newlines_are_tokens_and_count_as_space_before_the_next_token) {
  const Lexed l = lex("[1 2\n3 4]");
  const std::vector<K> expected = {K::lbracket, K::number, K::number,   K::newline,
                                   K::number,   K::number, K::rbracket, K::end};
  BOOST_TEST_REQUIRE(l.tokens.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) BOOST_TEST(l.tokens[i].kind == expected[i]);
  BOOST_TEST(l.tokens[3].text == "\n");
  BOOST_TEST(l.tokens[3].span == (Span{4, 5}));
  BOOST_TEST(!l.tokens[3].space_before);
  BOOST_TEST(l.tokens[4].space_before);  // the 3 starts a new line
}

BOOST_AUTO_TEST_CASE(carriage_return_is_whitespace_before_the_newline) {
  const Lexed l = lex("a\r\nb");
  BOOST_TEST_REQUIRE(l.tokens.size() == 4U);
  BOOST_TEST(l.tokens[1].kind == K::newline);
  BOOST_TEST(l.tokens[1].span == (Span{2, 3}));
  BOOST_TEST(l.tokens[1].space_before);
  BOOST_TEST(l.tokens[2].space_before);
}

BOOST_AUTO_TEST_CASE(end_token_is_always_last_with_an_empty_span_at_the_end) {
  const Lexed empty = lex("");
  BOOST_TEST_REQUIRE(empty.tokens.size() == 1U);
  BOOST_TEST(empty.tokens[0].kind == K::end);
  BOOST_TEST(empty.tokens[0].span == (Span{0, 0}));
  BOOST_TEST(empty.tokens[0].text.empty());
  const Lexed blank = lex("   ");
  BOOST_TEST_REQUIRE(blank.tokens.size() == 1U);
  BOOST_TEST(blank.tokens[0].span == (Span{3, 3}));
  const Lexed l = lex("x'");
  BOOST_TEST(l.tokens.back().kind == K::end);
  BOOST_TEST(l.tokens.back().span == (Span{2, 2}));
}

BOOST_AUTO_TEST_CASE(token_kinds_have_readable_names) {
  BOOST_TEST(std::string(to_string(K::number)) == "a number");
  BOOST_TEST(std::string(to_string(K::identifier)) == "a name");
  BOOST_TEST(std::string(to_string(K::kron)) == "'⊗'");
  BOOST_TEST(std::string(to_string(K::inverse)) == "'⁻¹'");
  BOOST_TEST(std::string(to_string(K::backslash)) == "'\\'");
  BOOST_TEST(std::string(to_string(K::newline)) == "a line break");
  BOOST_TEST(std::string(to_string(K::end)) == "the end of the formula");
}

// --- errors ---------------------------------------------------------------------------

namespace {

struct ErrorCase {
  std::string text;
  std::string message;
  std::string help;
  Span span;
};

void check_error(const ErrorCase& c) {
  BOOST_TEST_CONTEXT("formula: " << c.text) {
    const FormulaError e = lex_error(c.text);
    BOOST_TEST(e.kind() == ErrorKind::syntax);
    BOOST_TEST(e.diagnostic().message == c.message);
    BOOST_TEST(e.diagnostic().help == c.help);
    BOOST_TEST(e.diagnostic().primary == c.span);
    BOOST_TEST(e.diagnostic().secondary.empty());
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(unexpected_characters_are_reported_whole) {
  check_error({"a $ b", "unexpected character '$'", "", {2, 3}});
  check_error({"x = 1", "unexpected character '='", "", {2, 3}});
  check_error({"A€", "unexpected character '€'", "", {1, 4}});  // 3-byte character
  check_error({"A.",
               "unexpected '.'",
               "elementwise operators are .* ./ .^ and f.(x) applies f to each entry",
               {1, 2}});
  check_error({"A.B",
               "unexpected '.'",
               "elementwise operators are .* ./ .^ and f.(x) applies f to each entry",
               {1, 2}});
}

BOOST_AUTO_TEST_CASE(quotes_are_explained_as_strings) {
  check_error({"\"X\"",
               "unexpected \" in a formula",
               "a formula has no strings; remove the quotes",
               {0, 1}});
  check_error(
      {"`X`", "unexpected ` in a formula", "a formula has no strings; remove the quotes", {0, 1}});
}

// Issue 17: Python's power is read as ^ (and marked as another notation).
BOOST_AUTO_TEST_CASE(double_star_is_a_power) {
  const auto source = std::make_shared<const Source>("a ** b", "f");  // tokens view into it
  const auto tokens = tokenize(source);
  BOOST_TEST(tokens[1].kind == TokenKind::caret);
  BOOST_TEST(tokens[1].alternative);
  BOOST_TEST(tokens[1].text == "**");
}

BOOST_AUTO_TEST_CASE(number_glued_to_a_name_is_implicit_multiplication_and_rejected) {
  check_error({"2X",
               "'2X' is not a formula: a number cannot be followed directly by a name",
               "multiplication is written with *: 2*X",
               {0, 2}});
  check_error({"3*2x1+1",
               "'2x1' is not a formula: a number cannot be followed directly by a name",
               "multiplication is written with *: 2*x1",
               {2, 5}});
  check_error({"1e-3X",
               "'1e-3X' is not a formula: a number cannot be followed directly by a name",
               "multiplication is written with *: 1e-3*X",
               {0, 5}});
  check_error({"2π",
               "'2π' is not a formula: a number cannot be followed directly by a name",
               "multiplication is written with *: 2*π",
               {0, 3}});
}

BOOST_AUTO_TEST_CASE(number_glued_to_a_greek_name_shows_the_whole_name) {
  // α and β are two bytes each: "2αβ" is bytes 0..5.
  check_error({"2αβ",
               "'2αβ' is not a formula: a number cannot be followed directly by a name",
               "multiplication is written with *: 2*αβ",
               {0, 5}});
}

BOOST_AUTO_TEST_CASE(number_glued_to_a_parenthesis_is_rejected) {
  check_error({"2(",
               "'2(' is not a formula: a number cannot be followed directly by '('",
               "multiplication is written with *: 2*(",
               {0, 2}});
}

BOOST_AUTO_TEST_CASE(number_glued_to_a_parenthesised_expression_names_the_parenthesis) {
  // The message must not take the letters after '(' as part of a name.
  const FormulaError e = lex_error("2(x+1)");
  BOOST_TEST(e.kind() == ErrorKind::syntax);
  BOOST_TEST(e.diagnostic().message ==
             "'2(' is not a formula: a number cannot be followed directly by '('");
  BOOST_TEST(e.diagnostic().primary == (Span{0, 2}));
}

BOOST_AUTO_TEST_CASE(lone_superscript_minus_must_be_followed_by_one_t_or_digits) {
  check_error({"A⁻2",
               "'⁻' must be followed by '¹', 'ᵀ' or digits",
               "write A⁻¹ or inv(A) for the inverse, A⁻ᵀ for its transpose, A⁻² for a power",
               {1, 4}});
  check_error({"A⁻",
               "'⁻' must be followed by '¹', 'ᵀ' or digits",
               "write A⁻¹ or inv(A) for the inverse, A⁻ᵀ for its transpose, A⁻² for a power",
               {1, 4}});
}

BOOST_AUTO_TEST_CASE(times_sign_and_middle_dot_are_not_operators) {
  check_error({"A×B",
               "'×' is not an operator",
               "write * for a product, ⊗ or kron(A, B) for a Kronecker product",
               {1, 3}});
}

BOOST_AUTO_TEST_CASE(lexer_errors_render_with_the_formula_position) {
  const FormulaError e = lex_error("X*Y×Z");
  BOOST_TEST(std::string(e.what()) ==
             "error: '×' is not an operator\n"
             " --> formula:1:4\n"
             "  |\n"
             "1 | X*Y×Z\n"
             "  |    ^\n"
             "  = help: write * for a product, ⊗ or kron(A, B) for a Kronecker product\n");
}

BOOST_AUTO_TEST_CASE(binary_garbage_is_named_without_echoing_it) {
  const FormulaError control = lex_error(
      "x\x01"
      "y");
  BOOST_TEST(control.diagnostic().message == "unexpected control character U+0001");
  const FormulaError nul = lex_error(std::string("x+\0", 3));
  BOOST_TEST(nul.diagnostic().message == "unexpected control character U+0000");
  const FormulaError invalid = lex_error(
      "x\xFF"
      "y");
  BOOST_TEST(invalid.diagnostic().message ==
             "unexpected byte 0xFF: the formula is not valid UTF-8");
  BOOST_TEST(invalid.diagnostic().primary.begin == 1u);
  BOOST_TEST(invalid.diagnostic().primary.end == 2u);
  // Decoded strictly: an overlong form (C1 98 for 'X') and a surrogate are not UTF-8 either,
  // and a C1 control (U+0085) is named, never echoed.
  BOOST_TEST(lex_error("d\xC1\x98").diagnostic().message ==
             "unexpected byte 0xC1: the formula is not valid UTF-8");
  BOOST_TEST(lex_error("x\xED\xA0\x80").diagnostic().message ==
             "unexpected byte 0xED: the formula is not valid UTF-8");
  BOOST_TEST(lex_error("x\xC2\x85").diagnostic().message == "unexpected control character U+0085");
}

// Issue 8: characters a student cannot see or tell apart from the language's own.
BOOST_AUTO_TEST_CASE(invisible_bidi_and_lookalike_characters_are_named_with_what_to_type) {
  const auto message = [](const std::string& text) { return lex_error(text).diagnostic().message; };
  const auto help = [](const std::string& text) { return lex_error(text).diagnostic().help; };
  BOOST_TEST(message("d\xD0\xA5*A") ==  // Cyrillic Х
             "unexpected character: U+0425 (a Cyrillic letter), which looks like the Latin X");
  BOOST_TEST(help("d\xD0\xA5*A") == "type the Latin letter X");
  BOOST_TEST(message("X\xE2\x80\x8B+Y") ==
             "unexpected character: an invisible character, U+200B "
             "(zero-width)");
  BOOST_TEST(message("\xE2\x80\xAEX+Y") ==
             "unexpected character: a bidirectional control character, U+202E");
  BOOST_TEST(help("\xE2\x80\xAEX+Y").find("what you see is not what the grader reads") !=
             std::string::npos);
  BOOST_TEST(message("X\xC2\xA0+ Y") == "unexpected character: a Unicode space, U+00A0");
  BOOST_TEST(message("X \xE2\x88\x92 Y") == "unexpected character: U+2212, which looks like -");
  BOOST_TEST(help("X \xE2\x88\x92 Y") == "type -");
  BOOST_TEST(message("\xEF\xBC\xB8") ==
             "unexpected character: U+FF38 (a full-width letter), which looks like the Latin X");
  // Other characters are shown as they are.
  BOOST_TEST(message("X\xE2\x98\x83") == "unexpected character '\xE2\x98\x83'");
}

// Found by tests/fuzz/formula_fuzz: an exponent of many digits overflowed inside
// Boost.Multiprecision's reader (UBSan). Now a bound with its message.
BOOST_AUTO_TEST_CASE(an_exponent_out_of_range_is_refused) {
  const FormulaError e = lex_error("1e-8666666666666666666666666666");
  BOOST_TEST(e.diagnostic().message == "the exponent of 1e-866666666666666666666… is out of range");
  BOOST_TEST(e.diagnostic().help == "exponents go from -9999 to 9999 (1e-9999 ... 1e9999)");
  BOOST_TEST(lex_error("2e10000").diagnostic().message ==
             "the exponent of 2e10000 is out of range");
  BOOST_TEST(kinds("1e-9999 + 1e0009999").size() == 4u);  // number, +, number, end
}
