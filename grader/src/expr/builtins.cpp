#include "grader/expr/builtins.hpp"

#include <algorithm>
#include <array>

namespace grader::expr {

namespace {

// abs and norm are not analytic (|z| has no complex derivative); the symmetric eigensolvers
// are not either: they assume a Hermitian matrix and conjugate, which breaks the complex step.
constexpr std::array kBuiltins = {
    Builtin{BuiltinId::inv, "inv", 1, 1, true, false, "inv(A)",
            "inverse of a square matrix (also A⁻¹, A^-1)"},
    Builtin{BuiltinId::det, "det", 1, 1, true, false, "det(A)", "determinant of a square matrix"},
    Builtin{BuiltinId::logdet, "logdet", 1, 1, true, false, "logdet(A)",
            "log(det(A)), for det(A) > 0"},
    Builtin{BuiltinId::tr, "tr", 1, 1, true, false, "tr(A)", "trace of a square matrix"},
    Builtin{BuiltinId::kron, "kron", 2, 2, true, false, "kron(A, B)",
            "Kronecker product (also A ⊗ B)"},
    Builtin{BuiltinId::vec, "vec", 1, 1, true, false, "vec(A)",
            "the columns of A stacked into one column"},
    Builtin{BuiltinId::reshape, "reshape", 3, 3, true, false, "reshape(v, m, n)",
            "an m×n matrix filled column by column from v"},
    Builtin{BuiltinId::diag, "diag", 1, 1, true, false, "diag(A)",
            "the diagonal of a square matrix, as a column"},
    Builtin{BuiltinId::diagm, "diagm", 1, 1, true, false, "diagm(v)",
            "the diagonal matrix with diagonal v"},
    Builtin{BuiltinId::sum, "sum", 1, 1, true, false, "sum(A)", "sum of all entries"},
    Builtin{BuiltinId::norm, "norm", 1, 1, false, false, "norm(A)",
            "Euclidean norm of a vector, Frobenius norm of a matrix"},
    Builtin{BuiltinId::dot, "dot", 2, 2, true, false, "dot(A, B)",
            "sum(A .* B): the Euclidean / Frobenius inner product"},
    Builtin{BuiltinId::transpose, "transpose", 1, 1, true, false, "transpose(A)",
            "transpose (also A', Aᵀ); never conjugates"},
    Builtin{BuiltinId::exp, "exp", 1, 1, true, true, "exp(x)",
            "exponential of a scalar; exp.(A) entrywise"},
    Builtin{BuiltinId::log, "log", 1, 1, true, true, "log(x)",
            "natural logarithm of a positive scalar; log.(A) entrywise"},
    Builtin{BuiltinId::sqrt, "sqrt", 1, 1, true, true, "sqrt(x)",
            "square root of a non-negative scalar; sqrt.(A) entrywise"},
    Builtin{BuiltinId::sin, "sin", 1, 1, true, true, "sin(x)", "sine; sin.(A) entrywise"},
    Builtin{BuiltinId::cos, "cos", 1, 1, true, true, "cos(x)", "cosine; cos.(A) entrywise"},
    Builtin{BuiltinId::tanh, "tanh", 1, 1, true, true, "tanh(x)",
            "hyperbolic tangent; tanh.(A) entrywise"},
    Builtin{BuiltinId::sinh, "sinh", 1, 1, true, true, "sinh(x)",
            "hyperbolic sine; sinh.(A) entrywise"},
    Builtin{BuiltinId::cosh, "cosh", 1, 1, true, true, "cosh(x)",
            "hyperbolic cosine; cosh.(A) entrywise"},
    Builtin{BuiltinId::sech, "sech", 1, 1, true, true, "sech(x)",
            "hyperbolic secant 1/cosh(x); sech.(A) entrywise"},
    Builtin{BuiltinId::tan, "tan", 1, 1, true, true, "tan(x)", "tangent; tan.(A) entrywise"},
    Builtin{BuiltinId::abs, "abs", 1, 1, false, true, "abs(x)",
            "absolute value; abs.(A) entrywise"},
    Builtin{BuiltinId::eigvals, "eigvals", 1, 1, false, false, "eigvals(S)",
            "eigenvalues of a symmetric matrix, ascending, as a column"},
    Builtin{BuiltinId::eigvecs, "eigvecs", 1, 1, false, false, "eigvecs(S)",
            "orthonormal eigenvectors of a symmetric matrix, as columns in the order of eigvals; "
            "each column's entry of largest magnitude is positive"},
    Builtin{BuiltinId::identity, "I", 1, 1, true, false, "I(n)",
            "the n×n identity; plain I takes its size from the context"},
    Builtin{BuiltinId::zeros, "zeros", 1, 2, true, false, "zeros(m, n)",
            "m×n matrix of zeros; zeros(n) is a column"},
    Builtin{BuiltinId::ones, "ones", 1, 2, true, false, "ones(m, n)",
            "m×n matrix of ones; ones(n) is a column"},
};

// Other names students give the same functions: MATLAB, NumPy, Julia and textbooks.
struct Alias {
  std::string_view name;
  BuiltinId id;
};
constexpr std::array kAliases = {
    Alias{"trace", BuiltinId::tr},       Alias{"Tr", BuiltinId::tr},
    Alias{"inverse", BuiltinId::inv},    Alias{"eye", BuiltinId::identity},
    Alias{"Diagonal", BuiltinId::diagm},
};

}  // namespace

const Builtin* find_builtin_alias(std::string_view name) {
  for (const auto& alias : kAliases) {
    if (alias.name == name) {
      return &*std::find_if(kBuiltins.begin(), kBuiltins.end(),
                            [&](const Builtin& b) { return b.id == alias.id; });
    }
  }
  return nullptr;
}

std::span<const Builtin> builtins() {
  return kBuiltins;
}

const Builtin* find_builtin(std::string_view name) {
  const auto it = std::find_if(kBuiltins.begin(), kBuiltins.end(),
                               [&](const Builtin& b) { return b.name == name; });
  return it == kBuiltins.end() ? nullptr : &*it;
}

bool is_reserved_name(std::string_view name) {
  return find_builtin(name) != nullptr || name == "pi" || name == "π";
}

}  // namespace grader::expr
