// grader eval FORMULA [--let NAME=FORMULA]... [--precision double|complex|high]

#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "commands.hpp"
#include "grader/core/error.hpp"
#include "grader/expr/builtins.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/expr/notation.hpp"
#include "grader/expr/parser.hpp"

namespace grader::cli {

namespace {

struct EvalOptions {
  std::string formula;
  std::vector<std::string> lets;
  std::vector<std::string> dims;
  std::string precision = "double";
  int digits = 0;  // 0: the precision's default
};

void add_eval_options(CLI::App& app, EvalOptions& options) {
  CLI::App* eval = app.add_subcommand("eval", "Evaluate a formula and print its value");
  eval->footer(
      "Examples:\n"
      "  grader eval 'det([1 2; 3 4])'\n"
      "  grader eval \"x'*A*x\" --let 'x=[1, 2]' --let 'A=[2 1; 1 3]'\n"
      "  grader eval 'sqrt(2)' --precision high\n"
      "The formula language: grader help formulas, or docs/formula-language.md.");
  eval->add_option("formula", options.formula,
                   "The formula to evaluate; - reads it from standard input")
      ->required();
  eval->add_option("--let", options.lets,
                   "Bind a name to the value of a formula, e.g. --let 'A=[1 2; 3 4]'; "
                   "later bindings may use earlier ones")
      ->take_all()
      ->allow_extra_args(false);
  eval->add_option("--dim", options.dims,
                   "Set a dimension name, e.g. --dim n=3: a size in I(n), zeros(n, 1), "
                   "reshape(v, n, n) and a scalar elsewhere")
      ->take_all()
      ->allow_extra_args(false);
  eval->add_option("--precision", options.precision,
                   "double (default), complex (complex<double>, as the complex step uses), "
                   "or high (50 significant digits)")
      ->check(CLI::IsMember({"double", "complex", "high"}));
  eval->add_option("--digits", options.digits,
                   "Significant digits to print (default: 15; 50 in high precision)")
      ->check(CLI::Range(1, 60));
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || u == '_' || u >= 0x80)) return false;
  }
  return true;
}

std::string read_stdin() {
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

template <class T>
int evaluate_and_print(const EvalOptions& options, std::ostream& out) {
  expr::Bindings<T> bindings;
  for (const std::string& dim : options.dims) {
    const auto eq = dim.find('=');
    const std::string name = dim.substr(0, eq == std::string::npos ? 0 : eq);
    long value = 0;
    std::size_t used = 0;
    try {
      if (eq != std::string::npos) value = std::stol(dim.substr(eq + 1), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (!valid_name(name) || expr::is_reserved_name(name) || used == 0 ||
        used != dim.size() - eq - 1 || value < 1 || value > expr::Limits{}.max_dimension) {
      throw InputError(fmt::format(
          "--dim '{}': expected NAME=SIZE with a whole number from 1 to {}, e.g. --dim n=3", dim,
          expr::Limits{}.max_dimension));
    }
    bindings.dimensions.insert_or_assign(name, value);
  }
  for (const std::string& let : options.lets) {
    const auto eq = let.find('=');
    const std::string name = let.substr(0, eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || !valid_name(name)) {
      throw InputError(
          fmt::format("--let '{}': expected NAME=FORMULA, e.g. --let 'A=[1 2; 3 4]'", let));
    }
    if (expr::is_reserved_name(name)) {
      throw InputError(
          fmt::format("--let '{}': '{}' is a builtin name and cannot be rebound", let, name));
    }
    const auto formula = expr::parse(let.substr(eq + 1), "--let " + name);
    auto value = expr::evaluate(formula, bindings);
    bindings.values.insert_or_assign(name, std::move(value));
  }
  auto formula = options.formula == "-" ? expr::parse(read_stdin(), "<stdin>")
                                        : expr::parse(options.formula, "formula");
  // A^T, e^(x), diag(v) of a vector: read as the checker reads them.
  expr::read_notation(formula, bindings.shape_env());
  const auto value = expr::evaluate(formula, bindings);
  const int digits = options.digits > 0 ? options.digits : expr::scalar_traits<T>::default_digits;
  out << expr::format_value(value, digits) << '\n';
  return 0;
}

}  // namespace

Command register_eval(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  add_eval_options(app, *options);
  return {app.get_subcommand("eval"), [options](std::ostream& out, std::ostream&) {
            if (options->precision == "complex")
              return evaluate_and_print<expr::Complex>(*options, out);
            if (options->precision == "high") return evaluate_and_print<expr::High>(*options, out);
            return evaluate_and_print<double>(*options, out);
          }};
}

}  // namespace grader::cli
