// grader help [TOPIC]: the usage, or a topic for students. `formulas` is the formula language
// on one page. docs/students.md holds the same page verbatim (the cli test checks it), so
// this string is its one source: change both together.

#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.hpp"
#include "grader/core/error.hpp"
#include "grader/core/utf8.hpp"

namespace grader::cli {

namespace {

// Every notation a student may type, canonical first. Kept to 80 columns, to read in a
// terminal and in a Markdown code block alike.
constexpr const char* kFormulas = R"(The formula language on one page (grader help formulas)

Type an answer as on paper, with * for every product:
  dX*A*X + X*A*dX        2*A'*(A*x - b)        -inv(A)*dA*inv(A)
Every value is a matrix: a vector is n×1, a scalar 1×1 (x'*A*x is a scalar).
Spaces between symbols do not matter, except inside [ ]. Each line below
gives the canonical form first, then every other way of writing the same.

Values
  numbers       2   0.5   .5   1e-3   pi  π
  names         the problem's variables (X, A, x0, ...), their differentials
                (dX for X), its dimensions (n: a scalar, or a size in I(n));
                x₀  x_0  for x0
  matrices      [a b; c d]   blocks [A B; C D]   a column [a, b, c]
                inside [ ] a space separates entries: [1 -2] is two entries,
                [1 - 2] and [1-2] one
  indexing      A[i, j]   x[i]   A[i, :]   A[:, j]   x[:]   (from 1)

Operators, tightest first
  transpose     A'   Aᵀ   A^T   A^⊤   A^{T}   A^\top   A.T   A’   transpose(A)
  inverse       inv(A)   A^-1   A^{-1}   A⁻¹   inverse(A)
                inverse transpose: inv(A)'   A^-T   A^{-T}   A⁻ᵀ
  power         A^2   A^{2}   A**2   A²   A³      entrywise: A.^2
                A^-2   A⁻²      norm(x)^2   ‖x‖²
  sign          -x   +x          -x^2 is -(x^2)
  product       A*B   A·B   A⋅B   A \cdot B   A@B    (a 1×1 side scales)
                entrywise A.*B   A⊙B   A∘B           A./B
                B/A = B*inv(A)     A\B = inv(A)*B
                kron(A, B)   A⊗B   A \otimes B
  sum           A + B   A - B    (equal shapes)
                broadcast: 1 .+ v   1 .- v    (a scalar and a vector)
  Nothing is multiplied without an operator: 2*X, det(A), v'*S*v, not 2X,
  det A, v^T S v.

Functions (f.(A) applies a function of a scalar to every entry of A)
  tr(A)   trace(A)   Tr(A)        det(A)        logdet(A) = log(det(A))
  kron(A, B)   vec(A)   reshape(v, m, n)   sum(A)   dot(A, B) = sum(A.*B)
  diag(A)       the diagonal of a square A, as a column
  diagm(v)   diag(v)   Diagonal(v)      the diagonal matrix of a vector v
  norm(x)   ‖x‖   ||x||   ‖X‖_F         Euclidean / Frobenius norm
  exp(x)   e^(x)   ℯ^(x)                (e^ when e is not a name of the problem)
  log  sqrt  sin  cos  tan  sinh  cosh  tanh  sech  abs     of a scalar;
                exp.(A)  tanh.(x)  sech.(x).^2 ...            entrywise
  eigvals(S)   eigvecs(S)               of a symmetric S
  I(n)   eye(n)     zeros(m, n)   ones(m, n)   zeros(n)   ones(n)
  I             the identity of the size its place needs:
                X + I   c*I   I/norm(x)   kron(I, X)   I⊗X   9*tr(A)^8*I

Where to type it
  command line  grader try lecture01/xax 'dX*A*X + X*A*dX'
                in single quotes; in double quotes if it has a ':  "2*A'*x"
  answers.yaml  lecture01/xax: dX*A*X + X*A*dX
                single quotes around an answer that starts with [ { ' " or
                holds a backslash, with every ' doubled:  'tr(A\dA)'  '[A'' B]'
)";

struct HelpOptions {
  std::string topic;
};

}  // namespace

Command register_help(CLI::App& app) {
  auto o = std::make_shared<HelpOptions>();
  CLI::App* cmd = app.add_subcommand("help", "Print the usage, or a topic: formulas");
  cmd->add_option("topic", o->topic,
                  "formulas: the formula language on one page, every accepted notation");
  cmd->footer("Example:\n  grader help formulas");
  return {cmd, [o, &app](std::ostream& out, std::ostream&) {
            if (o->topic.empty()) {
              // app.help() would be this subcommand's: the one parsed.
              out << app.get_formatter()->make_help(&app, app.get_name(),
                                                    CLI::AppFormatMode::Normal);
            } else if (o->topic == "formulas") {
              out << kFormulas;
            } else {
              throw InputError(
                  fmt::format("no help topic '{}'; the topics are: formulas", visible(o->topic)));
            }
            return 0;
          }};
}

}  // namespace grader::cli
