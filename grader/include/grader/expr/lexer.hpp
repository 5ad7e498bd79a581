#pragma once
// Splits a formula into tokens. Throws FormulaError (syntax) on a character that starts no
// token, and on a number glued to a name (`2X`), which is implicit multiplication.

#include <memory>
#include <vector>

#include "grader/expr/source.hpp"
#include "grader/expr/token.hpp"

namespace grader::expr {

// The returned tokens view into source->text(); keep the source alive while using them.
// The last token is always TokenKind::end.
std::vector<Token> tokenize(const std::shared_ptr<const Source>& source);

}  // namespace grader::expr
