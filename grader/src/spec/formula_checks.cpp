// Formulas and names of a spec, checked against the problem read so far; every error points
// into the YAML file.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "grader/expr/builtins.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/lexer.hpp"
#include "grader/expr/notation.hpp"
#include "sections.hpp"

namespace grader::spec::detail {

namespace {

// Whether `path` names an answer written as a student's is (an example, a mistake).
bool is_student_answer(const std::string& path) {
  return path.rfind("examples", 0) == 0 || path.rfind("mistakes", 0) == 0;
}

expr::Formula parse(const FieldReader& reader, const Problem& problem, const FormulaText& f,
                    const std::string& path) {
  try {
    return parse_formula(f);
  } catch (const expr::FormulaError& e) {
    fail_formula(reader, problem, e, path);
  }
}

void check_names(const FieldReader& reader, const Problem& problem, const expr::Formula& formula,
                 const expr::Node& node, const expr::ShapeEnv& env, const std::string& path) {
  if (node.kind == expr::NodeKind::name && node.text != "I" && node.text != "pi" &&
      node.text != "π" && expr::find_builtin(node.text) == nullptr &&
      env.find(node.text) == nullptr) {
    // The shape checker's own message for the unknown name, pointed at this use of it.
    try {
      expr::check_shapes(expr::parse(node.text), env);
    } catch (const expr::FormulaError& e) {
      expr::Diagnostic d = e.diagnostic();
      d.primary = node.span;
      d.secondary.clear();
      fail_formula(reader, problem, expr::FormulaError(std::move(d), formula.source_ptr()), path);
    }
  }
  for (const auto& arg : node.args) check_names(reader, problem, formula, *arg, env, path);
}

// A valid name in the formula language: exactly one identifier token.
bool is_identifier(const std::string& name) {
  if (name.empty()) return false;
  try {
    const auto tokens = expr::tokenize(std::make_shared<const expr::Source>(name, "name"));
    return tokens.size() == 2 && tokens[0].kind == expr::TokenKind::identifier &&
           tokens[0].text.size() == name.size();
  } catch (const expr::FormulaError&) {
    return false;
  }
}

}  // namespace

void fail_formula(const FieldReader& reader, const Problem& problem, const expr::FormulaError& e,
                  const std::string& path) {
  const expr::Position p = e.source().position(e.diagnostic().primary.begin);
  std::string rendered = e.what();
  // dX where differentials have no place: the shape checker's "X is not varied here" would
  // mislead, since X may well be varied.
  const std::string name(e.source().slice(e.diagnostic().primary));
  const Variable* base = problem.differential_of(name);
  const bool answer = path.rfind("answer.reference", 0) == 0 || is_student_answer(path);
  if (e.kind() == expr::ErrorKind::name && base != nullptr && !base->constant &&
      e.diagnostic().message == fmt::format("unknown name '{}'", name) &&
      !(answer && uses_differentials(problem))) {
    expr::Diagnostic d = e.diagnostic();
    d.help =
        answer ? fmt::format("a {} answer is written without differentials such as {}",
                             to_string(problem.answer.kind), name)
               : fmt::format("{} cannot appear in {}: only answers use differentials", name, path);
    rendered = expr::render(d, e.source());
  }
  while (!rendered.empty() && rendered.back() == '\n') rendered.pop_back();
  reader.fail(Location{reader.file(), static_cast<int>(p.line), static_cast<int>(p.column)},
              fmt::format("in {}: {}", path, rendered));
}

expr::Shape check_formula(const FieldReader& reader, const Problem& problem,
                          const FormulaText& formula, const expr::ShapeEnv& env,
                          const std::string& path) {
  const expr::Formula parsed = parse(reader, problem, formula, path);
  try {
    return expr::check_shapes(parsed, env);
  } catch (const expr::FormulaError& e) {
    fail_formula(reader, problem, e, path);
  }
}

void check_names(const FieldReader& reader, const Problem& problem, const FormulaText& formula,
                 const expr::ShapeEnv& env, const std::string& path) {
  expr::Formula parsed = parse(reader, problem, formula, path);
  // An answer (an example, a mistake) is read as a student's is: A^T, x_0, e^(x).
  if (is_student_answer(path)) expr::read_notation(parsed, env);
  check_names(reader, problem, parsed, parsed.root(), env, path);
}

void check_name(const FieldReader& reader, const Problem& problem, const Field& f,
                const std::string& name, const std::string& what) {
  if (!is_identifier(name)) {
    reader.fail(f, fmt::format("{} name '{}' is not valid: use letters, digits and _, starting "
                               "with a letter",
                               what, name));
  }
  if (expr::is_reserved_name(name)) {
    reader.fail(f, fmt::format("{} name '{}' is reserved: it is a builtin function or constant",
                               what, name));
  }
  for (const auto& d : problem.dims) {
    if (d.name == name)
      reader.fail(f, fmt::format("{} '{}' has the name of a dimension", what, name));
  }
  for (const auto& v : problem.variables) {
    if (v.name == name)
      reader.fail(f, fmt::format("{} '{}' has the name of a variable", what, name));
  }
}

bool is_cpp_identifier(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_cpp_qualified_name(const std::string& name) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = name.find("::", start);
    if (!is_cpp_identifier(name.substr(start, end - start))) return false;
    if (end == std::string::npos) return true;
    start = end + 2;
  }
}

}  // namespace grader::spec::detail
