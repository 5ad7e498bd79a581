#pragma once
// Tokens of the formula language.

#include <string>
#include <string_view>

#include "grader/expr/source.hpp"

namespace grader::expr {

enum class TokenKind {
  number,             // 2  0.5  1e-3
  identifier,         // X  dX  alpha  λ
  plus,               // +
  minus,              // -
  star,               // *
  slash,              // /
  backslash,          // '\'
  caret,              // ^
  dot_star,           // .*
  dot_slash,          // ./
  dot_caret,          // .^
  dot_plus,           // .+   (entrywise, a scalar broadcast: 1 .+ v)
  dot_minus,          // .-
  kron,               // ⊗
  transpose,          // '  or  ᵀ
  inverse,            // ⁻¹
  inverse_transpose,  // ⁻ᵀ
  superscript,        // ² ³ ⁻²: a power; Token::value holds the exponent in ASCII ("2", "-2")
  norm_bar,           // ‖ or ||: ‖x‖ is norm(x)
  bar,                // |  (refused with a message: det(A), abs.(x))
  langle,             // <  (refused with a message: dot(v, w))
  rangle,             // >
  dot_paren,          // .(   (broadcast call, as in exp.(x))
  lparen,             // (
  rparen,             // )
  lbracket,           // [
  rbracket,           // ]
  comma,              // ,
  semicolon,          // ;
  colon,              // :
  newline,            // a line break (a row separator inside [...])
  end,                // end of input
};

const char* to_string(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::end;
  Span span;
  std::string_view text;      // the token's text in the source
  bool space_before = false;  // whitespace directly before (matters inside [...])
  // Written in a notation other than the canonical one (A**2, A², ·, ’, {...}, x₀, ‖x‖):
  // the checker then shows the canonical reading.
  bool alternative = false;
  // An identifier's name when it differs from its text (x₀ is x0), a superscript's exponent.
  std::string value;
  std::string_view name() const { return value.empty() ? text : std::string_view(value); }
};

}  // namespace grader::expr
