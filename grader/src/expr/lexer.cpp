#include "grader/expr/lexer.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

#include "grader/core/utf8.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/limits.hpp"
#include "grader/expr/lookalike.hpp"

namespace grader::expr {

const char* to_string(TokenKind kind) {
  switch (kind) {
    case TokenKind::number:
      return "a number";
    case TokenKind::identifier:
      return "a name";
    case TokenKind::plus:
      return "'+'";
    case TokenKind::minus:
      return "'-'";
    case TokenKind::star:
      return "'*'";
    case TokenKind::slash:
      return "'/'";
    case TokenKind::backslash:
      return "'\\'";
    case TokenKind::caret:
      return "'^'";
    case TokenKind::dot_star:
      return "'.*'";
    case TokenKind::dot_slash:
      return "'./'";
    case TokenKind::dot_caret:
      return "'.^'";
    case TokenKind::dot_plus:
      return "'.+'";
    case TokenKind::dot_minus:
      return "'.-'";
    case TokenKind::inverse_transpose:
      return "'⁻ᵀ'";
    case TokenKind::superscript:
      return "a superscript power";
    case TokenKind::norm_bar:
      return "'‖'";
    case TokenKind::bar:
      return "'|'";
    case TokenKind::langle:
      return "'<'";
    case TokenKind::rangle:
      return "'>'";
    case TokenKind::kron:
      return "'⊗'";
    case TokenKind::transpose:
      return "a transpose";
    case TokenKind::inverse:
      return "'⁻¹'";
    case TokenKind::dot_paren:
      return "'.('";
    case TokenKind::lparen:
      return "'('";
    case TokenKind::rparen:
      return "')'";
    case TokenKind::lbracket:
      return "'['";
    case TokenKind::rbracket:
      return "']'";
    case TokenKind::comma:
      return "','";
    case TokenKind::semicolon:
      return "';'";
    case TokenKind::colon:
      return "':'";
    case TokenKind::newline:
      return "a line break";
    case TokenKind::end:
      return "the end of the formula";
  }
  return "a token";
}

namespace {

// UTF-8 encodings of the non-ASCII symbols of the language.
constexpr std::string_view kTransposeSign = "\u1D40";           // ᵀ
constexpr std::string_view kInverseSign = "\u207B\u00B9";       // ⁻¹
constexpr std::string_view kSuperscriptMinus = "\u207B";        // ⁻
constexpr std::string_view kKronSign = "\u2297";                // ⊗
constexpr std::string_view kTimesSign = "\u00D7";               // ×
constexpr std::string_view kMiddleDot = "\u00B7";               // ·
constexpr std::string_view kInverseTranspose = "\u207B\u1D40";  // ⁻ᵀ
constexpr std::string_view kTopSign = "\u22A4";                 // ⊤

// Other ways of writing a token of the language, each meaning exactly one thing.
struct Spelling {
  std::string_view text;
  TokenKind kind;
};
constexpr Spelling kSpellings[] = {
    {"\u2019", TokenKind::transpose},  // A’ (a typographic apostrophe)
    {kTopSign, TokenKind::transpose},  // A⊤
    {"\u22C5", TokenKind::star},       // ⋅ (dot operator)
    {kMiddleDot, TokenKind::star},     // ·
    {"\u2299", TokenKind::dot_star},   // ⊙ (Hadamard product)
    {"\u2218", TokenKind::dot_star},   // ∘
    {"\u2016", TokenKind::norm_bar},   // ‖
};

// LaTeX commands students paste: \cdot, \otimes, \top (after ^).
struct Command {
  std::string_view word;
  TokenKind kind;
};
constexpr Command kCommands[] = {
    {"cdot", TokenKind::star},
    {"otimes", TokenKind::kron},
};

// Superscript digits ⁰¹²³⁴⁵⁶⁷⁸⁹ as the ASCII digit, or '\0'.
char superscript_digit(std::string_view s) {
  if (s.starts_with("\u00B9")) return '1';
  if (s.starts_with("\u00B2")) return '2';
  if (s.starts_with("\u00B3")) return '3';
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE2 &&
      static_cast<unsigned char>(s[1]) == 0x81) {
    const auto c = static_cast<unsigned char>(s[2]);
    if (c == 0xB0) return '0';
    if (c >= 0xB4 && c <= 0xB9) return static_cast<char>('4' + (c - 0xB4));
  }
  return '\0';
}
std::size_t superscript_length(std::string_view s) {
  return s.starts_with("\u00B9") || s.starts_with("\u00B2") || s.starts_with("\u00B3") ? 2 : 3;
}

// Subscript digits ₀..₉ (U+2080..U+2089) as the ASCII digit, or '\0': x₀ is the name x0.
char subscript_digit(std::string_view s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE2 &&
      static_cast<unsigned char>(s[1]) == 0x82) {
    const auto c = static_cast<unsigned char>(s[2]);
    if (c >= 0x80 && c <= 0x89) return static_cast<char>('0' + (c - 0x80));
  }
  return '\0';
}

constexpr std::string_view kEulerE = "\u212F";  // ℯ

bool is_ascii_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class Lexer {
 public:
  explicit Lexer(const std::shared_ptr<const Source>& source)
      : source_(source), text_(source->text()) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    bool space = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
        space = true;
        continue;
      }
      const std::size_t start = pos_;
      alternative_ = false;
      value_.clear();
      const TokenKind kind = next_kind();
      Token token;
      token.kind = kind;
      token.span = {start, pos_};
      token.text = std::string_view(text_).substr(start, pos_ - start);
      token.space_before = space;
      token.alternative = alternative_;
      token.value = std::move(value_);
      tokens.push_back(std::move(token));
      space = kind == TokenKind::newline;
    }
    Token end;
    end.span = {text_.size(), text_.size()};
    end.space_before = space;
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  bool starts_with(std::string_view s) const {
    return std::string_view(text_).substr(pos_).starts_with(s);
  }

  [[noreturn]] void fail(Span span, std::string message, std::string help = {}) const {
    throw FormulaError({ErrorKind::syntax, std::move(message), span, {}, std::move(help)}, source_);
  }

  // Greek letters (U+0370..U+03FF) may be used in names: α, λ, π.
  std::size_t greek_letter_length(std::size_t at) const {
    if (at + 1 >= text_.size()) return 0;
    const auto lead = static_cast<unsigned char>(text_[at]);
    const auto next = static_cast<unsigned char>(text_[at + 1]);
    return (lead == 0xCE || lead == 0xCF) && (next & 0xC0) == 0x80 ? 2 : 0;
  }
  bool identifier_start(std::size_t at) const {
    return at < text_.size() && (is_ascii_letter(text_[at]) || greek_letter_length(at) > 0);
  }

  // A token written in another notation than the canonical one.
  TokenKind alternative(std::size_t n, TokenKind kind) {
    alternative_ = true;
    return advance(n, kind);
  }

  std::string_view rest() const { return std::string_view(text_).substr(pos_); }

  // ²³⁻² after a value: a power; ⁻¹ and ⁻ᵀ are the inverse and the inverse transpose.
  std::optional<TokenKind> superscripts() {
    std::string exponent;
    std::size_t at = pos_;
    if (std::string_view(text_).substr(at).starts_with(kSuperscriptMinus)) {
      exponent = "-";
      at += kSuperscriptMinus.size();
    }
    while (at < text_.size()) {
      const std::string_view here = std::string_view(text_).substr(at);
      const char digit = superscript_digit(here);
      if (digit == '\0') break;
      exponent += digit;
      at += superscript_length(here);
    }
    if (exponent.empty() || exponent == "-") return std::nullopt;
    if (exponent == "-1") return std::nullopt;  // ⁻¹: the canonical inverse
    value_ = exponent;
    return alternative(at - pos_, TokenKind::superscript);
  }

  TokenKind next_kind() {
    const char c = text_[pos_];
    if (c == '\n') return advance(1, TokenKind::newline);
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      return number();
    }
    if (identifier_start(pos_)) return identifier();
    if (const auto kind = ascii_symbol(c)) return *kind;
    if (const auto kind = unicode_symbol()) return *kind;
    unexpected_character(c);
  }

  // An operator or bracket written in ASCII, or nothing when `c` starts none.
  std::optional<TokenKind> ascii_symbol(char c) {
    switch (c) {
      case '+':
        return advance(1, TokenKind::plus);
      case '-':
        return advance(1, TokenKind::minus);
      case '*':
        if (starts_with("**")) return alternative(2, TokenKind::caret);  // Python's power
        return advance(1, TokenKind::star);
      case '@':
        return alternative(1, TokenKind::star);  // NumPy's matrix product
      case '{':
        return alternative(1, TokenKind::lparen);  // LaTeX grouping: A^{-1}, A^{T}
      case '}':
        return alternative(1, TokenKind::rparen);
      case '|':
        if (starts_with("||")) return alternative(2, TokenKind::norm_bar);
        return advance(1, TokenKind::bar);
      case '<':
        return advance(1, TokenKind::langle);
      case '>':
        return advance(1, TokenKind::rangle);
      case '/':
        return advance(1, TokenKind::slash);
      case '\\':
        return backslash();
      case '^': {
        // A^⊤ and A^\top are transposes whatever the problem's names.
        const std::string_view after = std::string_view(text_).substr(pos_ + 1);
        if (after.starts_with(kTopSign))
          return alternative(1 + kTopSign.size(), TokenKind::transpose);
        if (after.starts_with("\\top") && (after.size() == 4 || !is_ascii_letter(after[4]))) {
          return alternative(5, TokenKind::transpose);
        }
        return advance(1, TokenKind::caret);
      }
      case '\'':
        return advance(1, TokenKind::transpose);
      case '(':
        return advance(1, TokenKind::lparen);
      case ')':
        return advance(1, TokenKind::rparen);
      case '[':
        return advance(1, TokenKind::lbracket);
      case ']':
        return advance(1, TokenKind::rbracket);
      case ',':
        return advance(1, TokenKind::comma);
      case ';':
        return advance(1, TokenKind::semicolon);
      case ':':
        return advance(1, TokenKind::colon);
      case '.':
        return dotted();
      default:
        return std::nullopt;
    }
  }

  // A symbol outside ASCII that the language reads (ᵀ, ⁻¹, ², ⊗, ·, ‖, ℯ, ...), or nothing.
  std::optional<TokenKind> unicode_symbol() {
    if (starts_with(kTransposeSign)) return advance(kTransposeSign.size(), TokenKind::transpose);
    if (starts_with(kInverseSign)) return advance(kInverseSign.size(), TokenKind::inverse);
    if (starts_with(kInverseTranspose)) {
      return alternative(kInverseTranspose.size(), TokenKind::inverse_transpose);
    }
    if (const auto power = superscripts()) return *power;
    if (starts_with(kKronSign)) return advance(kKronSign.size(), TokenKind::kron);
    for (const auto& spelling : kSpellings) {
      if (starts_with(spelling.text)) return alternative(spelling.text.size(), spelling.kind);
    }
    if (starts_with(kEulerE)) {
      value_ = "ℯ";
      return alternative(kEulerE.size(), TokenKind::identifier);
    }
    return std::nullopt;
  }

  // What cannot start a token: named as helpfully as the character allows.
  [[noreturn]] void unexpected_character(char c) const {
    if (starts_with(kSuperscriptMinus)) {
      fail({pos_, pos_ + kSuperscriptMinus.size()}, "'⁻' must be followed by '¹', 'ᵀ' or digits",
           "write A⁻¹ or inv(A) for the inverse, A⁻ᵀ for its transpose, A⁻² for a power");
    }
    if (starts_with(kTimesSign)) {
      fail({pos_, pos_ + 2}, fmt::format("'{}' is not an operator", text_.substr(pos_, 2)),
           "write * for a product, ⊗ or kron(A, B) for a Kronecker product");
    }
    // Anything else: show the whole (possibly multi-byte) character, decoded strictly (an
    // overlong form or a surrogate is not UTF-8), unless showing it could garble the message.
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      fail({pos_, pos_ + 1}, fmt::format("unexpected control character U+{:04X}", unsigned{byte}));
    }
    char32_t cp = 0;
    const std::size_t length = utf8_sequence(text_, pos_, cp);
    if (length == 0) {
      fail({pos_, pos_ + 1},
           fmt::format("unexpected byte 0x{:02X}: the formula is not valid UTF-8", unsigned{byte}));
    }
    const std::size_t end = pos_ + length;
    const std::string_view ch = std::string_view(text_).substr(pos_, length);
    if (c == '"' || c == '`') {
      fail({pos_, end}, fmt::format("unexpected {} in a formula", ch),
           "a formula has no strings; remove the quotes");
    }
    if (const auto like = lookalike(cp)) {
      fail({pos_, end}, fmt::format("unexpected character: {}", like->what), like->help);
    }
    if (unsafe_to_show(cp)) {
      fail({pos_, end},
           fmt::format("unexpected control character U+{:04X}", static_cast<unsigned>(cp)));
    }
    fail({pos_, end}, fmt::format("unexpected character '{}'", ch));
  }

  TokenKind advance(std::size_t n, TokenKind kind) {
    pos_ += n;
    return kind;
  }

  TokenKind dotted() {
    const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    switch (next) {
      case '*':
        return advance(2, TokenKind::dot_star);
      case '/':
        return advance(2, TokenKind::dot_slash);
      case '^':
        return advance(2, TokenKind::dot_caret);
      case '(':
        return advance(2, TokenKind::dot_paren);
      case '+':
        return advance(2, TokenKind::dot_plus);
      case '-':
        return advance(2, TokenKind::dot_minus);
      case 'T':
        // NumPy's X.T: a transpose, when T is not the start of a longer name.
        if (pos_ + 2 >= text_.size() ||
            !(is_ascii_letter(text_[pos_ + 2]) || is_digit(text_[pos_ + 2]))) {
          return alternative(2, TokenKind::transpose);
        }
        [[fallthrough]];
      default:
        fail({pos_, pos_ + 1}, "unexpected '.'",
             "elementwise operators are .* ./ .^ and f.(x) applies f to each entry");
    }
  }

  // number := digits ['.' [digits]] [('e'|'E') ['+'|'-'] digits]  |  '.' digits ...
  TokenKind number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      // `2.*X` is 2 .* X, and `2.^x` is 2 .^ x: the dot belongs to the operator.
      const char after = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
      const bool operator_follows = after == '*' || after == '/' || after == '^' || after == '(';
      if (!operator_follows) {
        ++pos_;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      }
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        const std::size_t digits = p;
        while (p < text_.size() && is_digit(text_[p])) ++p;
        // At most kMaxExponentDigits digits (limits.hpp says why), leading zeros aside.
        std::size_t first = digits;
        while (first + 1 < p && text_[first] == '0') ++first;
        if (p - first > kMaxExponentDigits) {
          const std::string_view literal = std::string_view(text_).substr(start, p - start);
          fail({start, p},
               fmt::format("the exponent of {}{} is out of range", literal.substr(0, 24),
                           literal.size() > 24 ? "…" : ""),
               fmt::format("exponents go from -{0} to {0} (1e-{0} ... 1e{0})",
                           std::string(kMaxExponentDigits, '9')));
        }
        pos_ = p;
      }
    }
    if (identifier_start(pos_) || (pos_ < text_.size() && text_[pos_] == '(')) {
      // Julia reads `2X` as 2*X; we do not, because `2X` next to `X2` is a common typo.
      const std::size_t end = text_[pos_] == '(' ? pos_ + 1 : identifier_end(pos_);
      const std::string_view num = std::string_view(text_).substr(start, pos_ - start);
      const std::string_view rest = std::string_view(text_).substr(pos_, end - pos_);
      fail({start, end},
           fmt::format("'{}{}' is not a formula: a number cannot be followed directly by {}", num,
                       rest, rest == "(" ? "'('" : "a name"),
           fmt::format("multiplication is written with *: {}*{}", num, rest));
    }
    return TokenKind::number;
  }

  // `\` is the left division A\b, or a LaTeX command students paste: \cdot, \otimes.
  TokenKind backslash() {
    std::size_t end = pos_ + 1;
    while (end < text_.size() && std::isalpha(static_cast<unsigned char>(text_[end])) != 0) ++end;
    const std::string_view word = std::string_view(text_).substr(pos_ + 1, end - pos_ - 1);
    for (const auto& command : kCommands) {
      if (word == command.word) return alternative(end - pos_, command.kind);
    }
    if (word == "top" || word == "intercal") {
      fail({pos_, end}, fmt::format("\\{} must follow ^", word), "write A^\\top, A' or Aᵀ");
    }
    return advance(1, TokenKind::backslash);
  }

  // identifier := letter (letter | digit | '_' | subscript digit)*   where Greek letters
  // count as letters; a subscript digit is the digit (x₀ is x0)
  TokenKind identifier() {
    const std::size_t start = pos_;
    pos_ = identifier_end(pos_);
    const std::string_view text = std::string_view(text_).substr(start, pos_ - start);
    std::string name;
    bool subscripts = false;
    for (std::size_t i = 0; i < text.size();) {
      if (const char digit = subscript_digit(text.substr(i)); digit != '\0') {
        name += digit;
        i += 3;
        subscripts = true;
      } else {
        name += text[i++];
      }
    }
    if (subscripts) {
      value_ = std::move(name);
      alternative_ = true;
    }
    return TokenKind::identifier;
  }

  std::size_t identifier_end(std::size_t at) const {
    while (at < text_.size()) {
      if (is_ascii_letter(text_[at]) || is_digit(text_[at])) {
        ++at;
      } else if (const std::size_t n = greek_letter_length(at); n > 0) {
        at += n;
      } else if (subscript_digit(std::string_view(text_).substr(at)) != '\0') {
        at += 3;
      } else {
        break;
      }
    }
    return at;
  }

  std::shared_ptr<const Source> source_;
  const std::string& text_;
  std::size_t pos_ = 0;
  bool alternative_ = false;  // of the token being read
  std::string value_;         // of the token being read
};

}  // namespace

std::vector<Token> tokenize(const std::shared_ptr<const Source>& source) {
  return Lexer(source).run();
}

}  // namespace grader::expr
