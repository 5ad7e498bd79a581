#include "grader/expr/builtins.hpp"

#include <algorithm>
#include <array>

#include "grader/expr/spelling.hpp"

namespace grader::expr {

namespace {

// abs and norm are not analytic (|z| has no complex derivative); the symmetric eigensolvers
// are not either: they assume a Hermitian matrix and conjugate, which breaks the complex step.
constexpr std::array kBuiltins = {
    Builtin{.id = BuiltinId::inv,
            .name = "inv",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "inv(A)",
            .summary = "inverse of a square matrix (also A⁻¹, A^-1)"},
    Builtin{.id = BuiltinId::det,
            .name = "det",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "det(A)",
            .summary = "determinant of a square matrix"},
    Builtin{.id = BuiltinId::logdet,
            .name = "logdet",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "logdet(A)",
            .summary = "log(det(A)), for det(A) > 0"},
    Builtin{.id = BuiltinId::tr,
            .name = "tr",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "tr(A)",
            .summary = "trace of a square matrix"},
    Builtin{.id = BuiltinId::kron,
            .name = "kron",
            .min_args = 2,
            .max_args = 2,
            .analytic = true,
            .scalar_function = false,
            .signature = "kron(A, B)",
            .summary = "Kronecker product (also A ⊗ B)"},
    Builtin{.id = BuiltinId::vec,
            .name = "vec",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "vec(A)",
            .summary = "the columns of A stacked into one column"},
    Builtin{.id = BuiltinId::reshape,
            .name = "reshape",
            .min_args = 3,
            .max_args = 3,
            .analytic = true,
            .scalar_function = false,
            .signature = "reshape(v, m, n)",
            .summary = "an m×n matrix filled column by column from v"},
    Builtin{.id = BuiltinId::diag,
            .name = "diag",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "diag(A)",
            .summary = "the diagonal of a square matrix, as a column"},
    Builtin{.id = BuiltinId::diagm,
            .name = "diagm",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "diagm(v)",
            .summary = "the diagonal matrix with diagonal v"},
    Builtin{.id = BuiltinId::sum,
            .name = "sum",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "sum(A)",
            .summary = "sum of all entries"},
    Builtin{.id = BuiltinId::norm,
            .name = "norm",
            .min_args = 1,
            .max_args = 1,
            .analytic = false,
            .scalar_function = false,
            .signature = "norm(A)",
            .summary = "Euclidean norm of a vector, Frobenius norm of a matrix"},
    Builtin{.id = BuiltinId::dot,
            .name = "dot",
            .min_args = 2,
            .max_args = 2,
            .analytic = true,
            .scalar_function = false,
            .signature = "dot(A, B)",
            .summary = "sum(A .* B): the Euclidean / Frobenius inner product"},
    Builtin{.id = BuiltinId::transpose,
            .name = "transpose",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "transpose(A)",
            .summary = "transpose (also A', Aᵀ); never conjugates"},
    Builtin{.id = BuiltinId::exp,
            .name = "exp",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "exp(x)",
            .summary = "exponential of a scalar; exp.(A) entrywise"},
    Builtin{.id = BuiltinId::log,
            .name = "log",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "log(x)",
            .summary = "natural logarithm of a positive scalar; log.(A) entrywise"},
    Builtin{.id = BuiltinId::sqrt,
            .name = "sqrt",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "sqrt(x)",
            .summary = "square root of a non-negative scalar; sqrt.(A) entrywise"},
    Builtin{.id = BuiltinId::sin,
            .name = "sin",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "sin(x)",
            .summary = "sine; sin.(A) entrywise"},
    Builtin{.id = BuiltinId::cos,
            .name = "cos",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "cos(x)",
            .summary = "cosine; cos.(A) entrywise"},
    Builtin{.id = BuiltinId::tanh,
            .name = "tanh",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "tanh(x)",
            .summary = "hyperbolic tangent; tanh.(A) entrywise"},
    Builtin{.id = BuiltinId::sinh,
            .name = "sinh",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "sinh(x)",
            .summary = "hyperbolic sine; sinh.(A) entrywise"},
    Builtin{.id = BuiltinId::cosh,
            .name = "cosh",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "cosh(x)",
            .summary = "hyperbolic cosine; cosh.(A) entrywise"},
    Builtin{.id = BuiltinId::sech,
            .name = "sech",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "sech(x)",
            .summary = "hyperbolic secant 1/cosh(x); sech.(A) entrywise"},
    Builtin{.id = BuiltinId::tan,
            .name = "tan",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = true,
            .signature = "tan(x)",
            .summary = "tangent; tan.(A) entrywise"},
    Builtin{.id = BuiltinId::abs,
            .name = "abs",
            .min_args = 1,
            .max_args = 1,
            .analytic = false,
            .scalar_function = true,
            .signature = "abs(x)",
            .summary = "absolute value; abs.(A) entrywise"},
    Builtin{.id = BuiltinId::eigvals,
            .name = "eigvals",
            .min_args = 1,
            .max_args = 1,
            .analytic = false,
            .scalar_function = false,
            .signature = "eigvals(S)",
            .summary = "eigenvalues of a symmetric matrix, ascending, as a column"},
    Builtin{
        .id = BuiltinId::eigvecs,
        .name = "eigvecs",
        .min_args = 1,
        .max_args = 1,
        .analytic = false,
        .scalar_function = false,
        .signature = "eigvecs(S)",
        .summary =
            "orthonormal eigenvectors of a symmetric matrix, as columns in the order of eigvals; "
            "each column's entry of largest magnitude is positive"},
    Builtin{.id = BuiltinId::identity,
            .name = "I",
            .min_args = 1,
            .max_args = 1,
            .analytic = true,
            .scalar_function = false,
            .signature = "I(n)",
            .summary = "the n×n identity; plain I takes its size from the context"},
    Builtin{.id = BuiltinId::zeros,
            .name = "zeros",
            .min_args = 1,
            .max_args = 2,
            .analytic = true,
            .scalar_function = false,
            .signature = "zeros(m, n)",
            .summary = "m×n matrix of zeros; zeros(n) is a column"},
    Builtin{.id = BuiltinId::ones,
            .name = "ones",
            .min_args = 1,
            .max_args = 2,
            .analytic = true,
            .scalar_function = false,
            .signature = "ones(m, n)",
            .summary = "m×n matrix of ones; ones(n) is a column"},
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

// Names students call that are no function here, with what to write instead.
struct Meaning {
  std::string_view name;
  std::string_view help;
};
constexpr Meaning kMeanings[] = {
    {"outer", "the outer product outer(u, v) is written u*v'"},
    {"adj", "the adjugate adj(A) is det(A)*inv(A)"},
    {"adjugate", "the adjugate adj(A) is det(A)*inv(A)"},
    {"inner", "the inner product is dot(u, v) (or u'*v)"},
    {"grad", "write the gradient itself, as a formula"},
    {"ln", "the natural logarithm is log(x)"},
    {"sigmoid", "write the sigmoid as 1/(1 + exp(-x)) (entrywise: 1 ./ (1 .+ exp.(-x)))"},
    {"sec", "sec(x) is 1/cos(x)"},
    {"T", "the transpose of A is A' (or A^T, Aᵀ)"},
    {"pinv",
     "the pseudo-inverse is not part of the language; for full column rank write "
     "inv(A'*A)*A'"},
};

// The builtin within two edits of `name` (nrm -> norm, dett -> det), if one is.
std::optional<std::string_view> closest_builtin(std::string_view name) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (const Builtin& candidate : kBuiltins) {
    const std::size_t d = edit_distance(name, candidate.name);
    if (d < best_distance && d < std::max<std::size_t>(name.size(), candidate.name.size())) {
      best_distance = d;
      best = candidate.name;
    }
  }
  return best;
}

}  // namespace

std::optional<std::string> unknown_function_help(std::string_view name) {
  for (const auto& m : kMeanings) {
    if (m.name == name) return std::string(m.help);
  }
  if (name.size() >= 2) {
    if (const auto best = closest_builtin(name))
      return "did you mean " + std::string(*best) + "(...)?";
  }
  return std::nullopt;
}

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
