#pragma once
// The builtin functions of the formula language, as data. Each says whether it is analytic:
// the complex-step oracle is valid only for formulas whose every builtin is.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace grader::expr {

enum class BuiltinId {
  inv,
  det,
  logdet,
  tr,
  kron,
  vec,
  reshape,
  diag,
  diagm,
  sum,
  norm,
  dot,
  transpose,
  exp,
  log,
  sqrt,
  sin,
  cos,
  tanh,
  sinh,
  cosh,
  sech,
  tan,
  abs,
  eigvals,
  eigvecs,
  identity,
  zeros,
  ones,
};

struct Builtin {
  BuiltinId id;
  std::string_view name;
  int min_args;
  int max_args;
  bool analytic;         // complex-step differentiable wherever it is defined
  bool scalar_function;  // applies to a scalar, and elementwise with f.(x)
  std::string_view signature;
  std::string_view summary;
};

// All builtins, in the order docs/formula-language.md documents them.
std::span<const Builtin> builtins();
// The builtin called `name`, or nullptr.
const Builtin* find_builtin(std::string_view name);
// The builtin another common name calls, as students write it (trace, Tr, inverse, eye,
// Diagonal), or nullptr. Called only as functions: `trace(A)` is tr(A).
const Builtin* find_builtin_alias(std::string_view name);

// For a name called as a function that is none: what to write instead, when the name is a
// function of other languages or textbooks (adj, ln, pinv, ...) or within two edits of a
// builtin ("did you mean norm(...)?"); nothing otherwise.
std::optional<std::string> unknown_function_help(std::string_view name);

// Names with a fixed meaning that no variable may take: builtins, I, pi, π.
bool is_reserved_name(std::string_view name);

}  // namespace grader::expr
