#include "grader/expr/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <string_view>

#include "grader/expr/diagnostic.hpp"
#include "grader/expr/lexer.hpp"

namespace grader::expr {

namespace {

// The binary operators, one entry per operator, loosest level first. Unary minus and plus
// sit between the multiplicative level and ^ (so -x^2 is -(x^2) and -a*b is (-a)*b).
struct BinaryEntry {
  TokenKind token;
  BinaryOp op;
  int precedence;
  bool right_associative;
};
constexpr int kUnaryPrecedence = 3;
constexpr BinaryEntry kBinaryTable[] = {
    {TokenKind::plus, BinaryOp::add, 1, false},
    {TokenKind::minus, BinaryOp::sub, 1, false},
    {TokenKind::dot_plus, BinaryOp::elem_add, 1, false},
    {TokenKind::dot_minus, BinaryOp::elem_sub, 1, false},
    {TokenKind::star, BinaryOp::mul, 2, false},
    {TokenKind::slash, BinaryOp::div, 2, false},
    {TokenKind::backslash, BinaryOp::ldiv, 2, false},
    {TokenKind::dot_star, BinaryOp::elem_mul, 2, false},
    {TokenKind::dot_slash, BinaryOp::elem_div, 2, false},
    {TokenKind::kron, BinaryOp::kron, 2, false},
    {TokenKind::caret, BinaryOp::pow, 4, true},
    {TokenKind::dot_caret, BinaryOp::elem_pow, 4, true},
};

const BinaryEntry* find_binary(TokenKind kind) {
  for (const auto& entry : kBinaryTable) {
    if (entry.token == kind) return &entry;
  }
  return nullptr;
}

bool starts_operand(TokenKind kind) {
  return kind == TokenKind::number || kind == TokenKind::identifier || kind == TokenKind::lparen ||
         kind == TokenKind::lbracket;
}

class Parser {
 public:
  Parser(std::shared_ptr<const Source> source, const Limits& limits)
      : source_(std::move(source)), limits_(limits) {}

  std::unique_ptr<Node> run() {
    const std::string& text = source_->text();
    if (text.size() > limits_.max_formula_bytes) {
      fail(ErrorKind::limit, {limits_.max_formula_bytes, limits_.max_formula_bytes + 1},
           fmt::format("formula is too long: {} bytes, the limit is {}", text.size(),
                       limits_.max_formula_bytes));
    }
    tokens_ = tokenize(source_);
    skip_newlines();
    if (peek().kind == TokenKind::end) fail(ErrorKind::syntax, peek().span, "the formula is empty");
    auto root = parse_binary(1);
    skip_newlines();
    if (peek().kind != TokenKind::end) unexpected("an operator or the end of the formula");
    return root;
  }

 private:
  // --- tokens -------------------------------------------------------------------------
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& t = tokens_[pos_];
    if (t.alternative) alternative_ = true;
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }

 public:
  // Whether the formula used a notation other than the canonical one.
  bool alternative() const { return alternative_; }

 private:
  bool in_matrix() const { return !contexts_.empty() && contexts_.back(); }
  void skip_newlines() {
    // Line breaks separate rows inside [...]; everywhere else they are spaces.
    while (!in_matrix() && peek().kind == TokenKind::newline) take();
  }
  const Token& expect(TokenKind kind, std::string_view what) {
    if (peek().kind != kind) unexpected(what);
    return take();
  }

  [[noreturn]] void fail(ErrorKind kind, Span span, std::string message, std::string help = {},
                         std::vector<Span> secondary = {}) const {
    throw FormulaError({kind, std::move(message), span, std::move(secondary), std::move(help)},
                       source_);
  }

  // How a token is named in a message: "')'", "name 'Y'", "number '2'", "line break".
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case TokenKind::number:
        return fmt::format("number '{}'", t.text);
      case TokenKind::identifier:
        return fmt::format("name '{}'", t.text);
      case TokenKind::newline:
        return "line break";
      case TokenKind::end:
        return "end of the formula";
      default:
        return fmt::format("'{}'", t.text);
    }
  }

  [[noreturn]] void unexpected(std::string_view expected) const {
    const Token& t = peek();
    if (t.kind == TokenKind::end) {
      fail(ErrorKind::syntax, t.span,
           fmt::format("the formula ends too early: expected {}", expected));
    }
    std::string help;
    std::size_t previous = pos_;
    while (previous > 0 && tokens_[previous - 1].kind == TokenKind::newline) --previous;
    if (starts_operand(t.kind) && previous > 0) {
      // After v^T the operand is v^T, not T.
      std::string before(tokens_[previous - 1].text);
      if (previous >= 3 && tokens_[previous - 2].kind == TokenKind::caret) {
        before = fmt::format("{}^{}", tokens_[previous - 3].text, before);
      }
      help = fmt::format("there is no operator between '{}' and '{}'; a product is written with *",
                         before, t.text);
    }
    fail(ErrorKind::syntax, t.span,
         fmt::format("unexpected {}: expected {}", describe(t), expected), help);
  }

  // Recursion guard: deeply nested input must fail with a message, not overflow the stack.
  struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > parser.limits_.max_depth) {
        parser.fail(ErrorKind::limit, parser.peek().span,
                    fmt::format("formula is nested too deeply (more than {} levels)",
                                parser.limits_.max_depth));
      }
    }
    ~DepthGuard() { --parser.depth_; }
  };

  std::unique_ptr<Node> make(NodeKind kind, Span span, Span op_span) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->span = span;
    node->op_span = op_span;
    return node;
  }
  std::unique_ptr<Node> finish(std::unique_ptr<Node> node) {
    std::size_t height = 0;
    for (const auto& arg : node->args) height = std::max(height, arg->height);
    node->height = height + 1;
    if (node->height > limits_.max_depth) {
      fail(ErrorKind::limit, node->op_span,
           fmt::format("formula is nested too deeply (more than {} levels)", limits_.max_depth));
    }
    return node;
  }

  // --- grammar ------------------------------------------------------------------------

  // binary := unary (OP binary)*  by precedence climbing over kBinaryTable; inside [...],
  // `a -b` is two entries while `a - b` and `a-b` are one (as in Julia).
  std::unique_ptr<Node> parse_binary(int min_precedence) {
    DepthGuard guard(*this);
    auto lhs = parse_unary();
    for (;;) {
      skip_newlines();
      const Token& op = peek();
      const BinaryEntry* entry = find_binary(op.kind);
      if (entry == nullptr || entry->precedence < min_precedence) break;
      if (in_matrix() && op.space_before && !peek(1).space_before &&
          (op.kind == TokenKind::plus || op.kind == TokenKind::minus)) {
        break;
      }
      take();
      while (peek().kind == TokenKind::newline) take();  // `a +` continues on the next line
      const int next = entry->right_associative ? entry->precedence : entry->precedence + 1;
      auto rhs = parse_binary(next);
      auto node = make(NodeKind::binary, cover(lhs->span, rhs->span), op.span);
      node->binary_op = entry->op;
      node->args.push_back(std::move(lhs));
      node->args.push_back(std::move(rhs));
      lhs = finish(std::move(node));
    }
    return lhs;
  }

  // unary := ('-' | '+') binary(above *) | postfix
  std::unique_ptr<Node> parse_unary() {
    const Token& t = peek();
    if (t.kind == TokenKind::minus || t.kind == TokenKind::plus) {
      take();
      auto operand = parse_binary(kUnaryPrecedence + 1);
      auto node = make(NodeKind::unary, cover(t.span, operand->span), t.span);
      node->unary_op = t.kind == TokenKind::minus ? UnaryOp::negate : UnaryOp::plus;
      node->args.push_back(std::move(operand));
      return finish(std::move(node));
    }
    return parse_postfix();
  }

  // postfix := primary ("'" | "ᵀ" | "⁻¹" | "⁻ᵀ" | superscript | '[' index ']')*
  std::unique_ptr<Node> parse_postfix() {
    auto node = parse_primary();
    for (;;) {
      const Token& t = peek();
      if (t.kind == TokenKind::superscript) {
        // A² is A^2, A⁻² is A^-2: the same tree as the caret.
        take();
        auto power = make(NodeKind::binary, cover(node->span, t.span), t.span);
        power->binary_op = BinaryOp::pow;
        const std::string exponent(t.name());
        auto number = make(NodeKind::number, t.span, t.span);
        number->text = exponent[0] == '-' ? exponent.substr(1) : exponent;
        std::unique_ptr<Node> rhs = finish(std::move(number));
        if (exponent[0] == '-') {
          auto negated = make(NodeKind::unary, t.span, t.span);
          negated->unary_op = UnaryOp::negate;
          negated->args.push_back(std::move(rhs));
          rhs = finish(std::move(negated));
        }
        power->args.push_back(std::move(node));
        power->args.push_back(std::move(rhs));
        node = finish(std::move(power));
      } else if (t.kind == TokenKind::inverse_transpose) {
        // A⁻ᵀ is inv(A)'.
        take();
        node = transposed(inverted(std::move(node), t.span), t.span);
      } else if (t.kind == TokenKind::transpose || t.kind == TokenKind::inverse) {
        take();
        auto post = make(NodeKind::postfix, cover(node->span, t.span), t.span);
        post->postfix_op =
            t.kind == TokenKind::transpose ? PostfixOp::transpose : PostfixOp::inverse;
        post->args.push_back(std::move(node));
        node = finish(std::move(post));
      } else if (t.kind == TokenKind::lbracket && !(in_matrix() && t.space_before)) {
        node = parse_index(std::move(node));
      } else {
        return node;
      }
    }
  }

  // inv(operand) and operand', as the canonical inv(A)' parses.
  std::unique_ptr<Node> inverted(std::unique_ptr<Node> operand, Span at) {
    auto call = make(NodeKind::call, cover(operand->span, at), at);
    call->text = "inv";
    call->builtin = find_builtin("inv");
    call->args.push_back(std::move(operand));
    return finish(std::move(call));
  }
  std::unique_ptr<Node> transposed(std::unique_ptr<Node> operand, Span at) {
    auto post = make(NodeKind::postfix, cover(operand->span, at), at);
    post->postfix_op = PostfixOp::transpose;
    post->args.push_back(std::move(operand));
    return finish(std::move(post));
  }

  // index := '[' (':' | binary) [',' (':' | binary)] ']'
  std::unique_ptr<Node> parse_index(std::unique_ptr<Node> base) {
    const Token& open = take();
    contexts_.push_back(false);
    auto node = make(NodeKind::index, base->span, open.span);
    node->args.push_back(std::move(base));
    for (;;) {
      skip_newlines();
      if (peek().kind == TokenKind::colon) {
        const Token& c = take();
        node->args.push_back(finish(make(NodeKind::colon, c.span, c.span)));
      } else {
        node->args.push_back(parse_binary(1));
      }
      skip_newlines();
      if (peek().kind != TokenKind::comma) break;
      take();
    }
    const Token& close = expect(TokenKind::rbracket, "',' or ']' to close the index");
    contexts_.pop_back();
    if (node->args.size() > 3) {
      fail(ErrorKind::syntax, cover(open.span, close.span),
           fmt::format("{} indices given; index a vector as x[i] and a matrix as A[i, j]",
                       node->args.size() - 1));
    }
    node->span = cover(node->span, close.span);
    node->op_span = cover(open.span, close.span);
    return finish(std::move(node));
  }

  // primary := number | name | name '(' args ')' | name '.(' binary ')' | '(' binary ')' | matrix
  std::unique_ptr<Node> parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::number:
        return parse_number();
      case TokenKind::identifier:
        return parse_name();
      case TokenKind::lparen: {
        take();
        contexts_.push_back(false);
        skip_newlines();
        auto inner = parse_binary(1);
        skip_newlines();
        const Token& close = expect(TokenKind::rparen, "')'");
        contexts_.pop_back();
        inner->span = cover(t.span, close.span);  // so diagnostics underline the parentheses too
        return inner;
      }
      case TokenKind::lbracket:
        return parse_matrix();
      case TokenKind::norm_bar:
        return parse_norm();
      case TokenKind::bar:
        fail(ErrorKind::syntax, t.span, "'|' has no meaning in a formula",
             "write det(A) for a determinant, abs.(x) for absolute values, norm(x) or ‖x‖ for a "
             "norm");
      case TokenKind::langle:
        fail(ErrorKind::syntax, t.span, "'<' has no meaning in a formula",
             "write the inner product <v, w> as dot(v, w) (or v'*w)");
      default:
        break;
    }
    if (t.kind == TokenKind::transpose) {
      fail(ErrorKind::syntax, t.span, "a transpose ' must follow the value it transposes",
           "write A' to transpose A");
    }
    unexpected("a number, a name, '(' or '['");
  }

  // norm := '‖' binary '‖' ['_F']   (also || x ||): norm(x), the Euclidean or Frobenius norm
  std::unique_ptr<Node> parse_norm() {
    const Token& open = take();
    contexts_.push_back(false);
    skip_newlines();
    auto inner = parse_binary(1);
    skip_newlines();
    const Token& close = expect(TokenKind::norm_bar, "'‖' to close the norm");
    contexts_.pop_back();
    Span span = cover(open.span, close.span);
    const Token& after = peek();
    if (after.kind == TokenKind::identifier && !after.space_before && after.text == "_F") {
      span = cover(span, take().span);  // ‖X‖_F: the Frobenius norm, which norm is
    } else if (after.kind == TokenKind::identifier && !after.space_before &&
               after.text.starts_with("_")) {
      fail(ErrorKind::syntax, after.span,
           fmt::format("the norm ‖…‖{} is not part of the language", after.text),
           "‖x‖ and ‖X‖_F are norm(x): the Euclidean norm of a vector, the Frobenius norm of "
           "a matrix");
    }
    auto node = make(NodeKind::call, span, open.span);
    node->text = "norm";
    node->builtin = find_builtin("norm");
    node->args.push_back(std::move(inner));
    return finish(std::move(node));
  }

  std::unique_ptr<Node> parse_number() {
    const Token& t = take();
    auto node = make(NodeKind::number, t.span, t.span);
    node->text = std::string(t.text);
    const double value = std::strtod(node->text.c_str(), nullptr);
    if (!std::isfinite(value)) {
      fail(ErrorKind::limit, t.span, fmt::format("the number {} is too large", t.text));
    }
    return finish(std::move(node));
  }

  std::unique_ptr<Node> parse_name() {
    const Token& t = take();
    const Token& next = peek();
    const Builtin* builtin = find_builtin(t.name());
    if (builtin == nullptr &&
        (next.kind == TokenKind::lparen || next.kind == TokenKind::dot_paren)) {
      // trace(A), Tr(A), inverse(A), eye(n), Diagonal(v): the canonical function.
      if (const Builtin* alias = find_builtin_alias(t.name())) {
        builtin = alias;
        alternative_ = true;
      }
    }
    const bool call = next.kind == TokenKind::lparen &&
                      (!next.space_before || (builtin != nullptr && !in_matrix()));
    if (next.kind == TokenKind::dot_paren && !next.space_before)
      return parse_call(t, builtin, true);
    if (call) {
      if (builtin == nullptr) unknown_function(t);
      return parse_call(t, builtin, false);
    }
    if (builtin != nullptr && builtin->id != BuiltinId::identity) {
      fail(ErrorKind::syntax, t.span, fmt::format("'{}' is a function and needs arguments", t.text),
           fmt::format("call it as {}", builtin->signature));
    }
    auto node = make(NodeKind::name, t.span, t.span);
    node->text = std::string(t.name());
    return finish(std::move(node));
  }

  // A name called as a function that is none: the function it most likely means, by meaning
  // (outer, adj, ...) or by spelling (nrm, detr, ...).
  [[noreturn]] void unknown_function(const Token& t) const {
    // outer(u, v) of two names: the product to write, with them.
    if (t.name() == "outer" && peek().kind == TokenKind::lparen &&
        peek(1).kind == TokenKind::identifier && peek(2).kind == TokenKind::comma &&
        peek(3).kind == TokenKind::identifier && peek(4).kind == TokenKind::rparen) {
      fail(ErrorKind::syntax, t.span, "'outer' is not a function of the language",
           fmt::format("the outer product outer({0}, {1}) is written {0}*{1}'", peek(1).text,
                       peek(3).text));
    }
    if (const auto help = unknown_function_help(t.name())) {
      fail(ErrorKind::syntax, t.span, fmt::format("'{}' is not a function of the language", t.text),
           *help);
    }
    fail(ErrorKind::syntax, t.span, fmt::format("'{}' is not a function of the language", t.text),
         fmt::format("`grader help formulas` lists the functions; if {} is a value, multiply "
                     "with *: {}*(...)",
                     t.text, t.text));
  }

  // call := name '(' [binary (',' binary)*] ')'   broadcast := name '.(' binary ')'
  std::unique_ptr<Node> parse_call(const Token& name, const Builtin* builtin, bool broadcast) {
    const Token& open = take();
    if (broadcast && (builtin == nullptr || !builtin->scalar_function)) {
      fail(ErrorKind::syntax, cover(name.span, open.span),
           fmt::format("'{}' cannot be applied entrywise with {}.(...)", name.text, name.text),
           "f.(x) works for the scalar functions exp, log, sqrt, sin, cos, tan, tanh, sinh, cosh, "
           "sech and abs");
    }
    contexts_.push_back(false);
    auto node = make(broadcast ? NodeKind::broadcast : NodeKind::call, name.span, name.span);
    node->text = builtin != nullptr ? std::string(builtin->name) : std::string(name.text);
    node->builtin = builtin;
    skip_newlines();
    if (peek().kind != TokenKind::rparen) {
      for (;;) {
        node->args.push_back(parse_binary(1));
        skip_newlines();
        if (peek().kind != TokenKind::comma) break;
        take();
        skip_newlines();
      }
    }
    const Token& close = expect(TokenKind::rparen, "',' or ')' to close the call");
    contexts_.pop_back();
    node->span = cover(name.span, close.span);
    const auto count = static_cast<int>(node->args.size());
    const int min_args = broadcast ? 1 : builtin->min_args;
    const int max_args = broadcast ? 1 : builtin->max_args;
    if (count < min_args || count > max_args) {
      const std::string wanted = min_args == max_args ? fmt::format("{}", min_args)
                                                      : fmt::format("{} to {}", min_args, max_args);
      fail(ErrorKind::syntax, node->span,
           fmt::format("{} takes {} argument{}, but {} {} given", name.text, wanted,
                       max_args == 1 ? "" : "s", count, count == 1 ? "was" : "were"),
           fmt::format("call it as {}", builtin->signature));
    }
    return finish(std::move(node));
  }

  // matrix := '[' row ((';' | newline) row)* ']'  with  row := entry (' ' entry)*
  //         | '[' binary (',' binary)* ']'   (a column)
  std::unique_ptr<Node> parse_matrix() {
    const Token& open = take();
    contexts_.push_back(true);
    auto node = make(NodeKind::matrix, open.span, open.span);
    bool commas = false;
    bool rows_or_spaces = false;
    auto skip_row_breaks = [&] {
      while (peek().kind == TokenKind::newline) take();
    };
    skip_row_breaks();
    if (peek().kind == TokenKind::rbracket) {
      fail(ErrorKind::syntax, cover(open.span, peek().span), "an empty matrix [] has no value",
           "write zeros(m, n) for a matrix of zeros");
    }
    node->row_sizes.push_back(0);
    for (;;) {
      node->args.push_back(parse_binary(1));
      ++node->row_sizes.back();
      if (node->args.size() > limits_.max_literal_entries) {
        fail(ErrorKind::limit, node->args.back()->span,
             fmt::format("matrix literal has more than {} entries", limits_.max_literal_entries));
      }
      const Token& t = peek();
      if (t.kind == TokenKind::rbracket) break;
      if (t.kind == TokenKind::comma) {
        take();
        skip_row_breaks();
        commas = true;
        node->row_sizes.push_back(0);
      } else if (t.kind == TokenKind::semicolon || t.kind == TokenKind::newline) {
        take();
        skip_row_breaks();
        while (peek().kind == TokenKind::semicolon) {  // tolerate `;` followed by a line break
          take();
          skip_row_breaks();
        }
        if (peek().kind == TokenKind::rbracket) break;
        rows_or_spaces = true;
        node->row_sizes.push_back(0);
      } else if (t.space_before && (starts_operand(t.kind) || t.kind == TokenKind::minus ||
                                    t.kind == TokenKind::plus)) {
        rows_or_spaces = true;
      } else {
        unexpected("' ', ';', ',' or ']' in a matrix");
      }
      if (commas && rows_or_spaces) {
        fail(ErrorKind::syntax, t.span, "a matrix literal mixes ',' with ';' or spaces",
             "write a column as [a, b, c] and a matrix as [a b; c d]");
      }
    }
    const Token& close = take();
    contexts_.pop_back();
    node->span = cover(open.span, close.span);
    node->op_span = node->span;
    return finish(std::move(node));
  }

  std::shared_ptr<const Source> source_;
  const Limits& limits_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::vector<bool> contexts_;  // true inside [...] literals, false inside (...) and calls
  bool alternative_ = false;
};

void collect(const Node& node, std::set<std::string>& names, std::set<std::string>& non_analytic) {
  if (node.kind == NodeKind::name && find_builtin(node.text) == nullptr && node.text != "pi" &&
      node.text != "π") {
    names.insert(node.text);
  }
  if (node.builtin != nullptr && !node.builtin->analytic) non_analytic.insert(node.text);
  for (const auto& arg : node.args) collect(*arg, names, non_analytic);
}

}  // namespace

std::vector<std::string> Formula::names() const {
  std::set<std::string> names, non_analytic;
  collect(*root_, names, non_analytic);
  return {names.begin(), names.end()};
}

std::vector<std::string> Formula::non_analytic_builtins() const {
  std::set<std::string> names, non_analytic;
  collect(*root_, names, non_analytic);
  return {non_analytic.begin(), non_analytic.end()};
}

Formula parse(std::shared_ptr<const Source> source, const Limits& limits) {
  Parser parser(source, limits);
  auto root = parser.run();
  Formula formula(std::move(source), std::move(root));
  formula.set_alternative_notation(parser.alternative());
  return formula;
}

Formula parse(std::string text, std::string source_name, const Limits& limits) {
  return parse(std::make_shared<const Source>(std::move(text), std::move(source_name)), limits);
}

}  // namespace grader::expr
