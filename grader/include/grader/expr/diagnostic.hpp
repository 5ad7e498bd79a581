#pragma once
// Diagnostics about a formula: a message, the span it is about (underlined with ^), other
// spans that explain it (underlined with ~), and an optional help line. Rendered rustc-style:
//
//   error: cannot multiply 2×2 by 1×3: inner dimensions 2 and 1 differ
//    --> formula:1:11
//     |
//   1 | [1 2; 3 4]*[1 2 3]
//     | ~~~~~~~~~~^~~~~~~~
//
// FormulaError carries one through the library to whoever reports it.

#include <memory>
#include <string>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/expr/source.hpp"

namespace grader::expr {

// What stage of handling a formula went wrong; a checker turns each into a verdict.
enum class ErrorKind {
  syntax,  // the text is not a formula
  name,    // an unknown name, or a name used the wrong way
  shape,   // shapes that do not fit together
  domain,  // a value outside a function's domain: singular matrix, log of a negative, NaN
  limit,   // a bound on untrusted input was exceeded
};

const char* to_string(ErrorKind kind);

struct Diagnostic {
  ErrorKind kind = ErrorKind::syntax;
  std::string message;
  Span primary;
  std::vector<Span> secondary;
  std::string help;  // one sentence, shown as "= help: ..."; empty for none
};

// Renders a diagnostic against the source it refers to. Long lines are shown as a window
// around the primary span, so a 1 MB formula gives a short message.
std::string render(const Diagnostic& diagnostic, const Source& source);

class FormulaError : public Error {
 public:
  FormulaError(Diagnostic diagnostic, std::shared_ptr<const Source> source);

  const Diagnostic& diagnostic() const { return diagnostic_; }
  ErrorKind kind() const { return diagnostic_.kind; }
  const Source& source() const { return *source_; }

 private:
  Diagnostic diagnostic_;
  std::shared_ptr<const Source> source_;
};

}  // namespace grader::expr
