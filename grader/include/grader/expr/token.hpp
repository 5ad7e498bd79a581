#pragma once
// Tokens of the formula language.

#include <string_view>

#include "grader/expr/source.hpp"

namespace grader::expr {

enum class TokenKind {
  number,      // 2  0.5  1e-3
  identifier,  // X  dX  alpha  λ
  plus,        // +
  minus,       // -
  star,        // *
  slash,       // /
  backslash,   // '\'
  caret,       // ^
  dot_star,    // .*
  dot_slash,   // ./
  dot_caret,   // .^
  kron,        // ⊗
  transpose,   // '  or  ᵀ
  inverse,     // ⁻¹
  dot_paren,   // .(   (broadcast call, as in exp.(x))
  lparen,      // (
  rparen,      // )
  lbracket,    // [
  rbracket,    // ]
  comma,       // ,
  semicolon,   // ;
  colon,       // :
  newline,     // a line break (a row separator inside [...])
  end,         // end of input
};

const char* to_string(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::end;
  Span span;
  std::string_view text;      // the token's text in the source
  bool space_before = false;  // whitespace directly before (matters inside [...])
};

}  // namespace grader::expr
