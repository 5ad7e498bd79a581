#include "grader/spec/problem.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "grader/core/error.hpp"

namespace grader::spec {

namespace {

// The name of each answer kind in YAML, in the order of the enum.
struct KindName {
  AnswerKind kind;
  const char* name;
};
constexpr std::array<KindName, 7> kKindNames = {{
    {AnswerKind::differential, "differential"},
    {AnswerKind::gradient, "gradient"},
    {AnswerKind::jacobian, "jacobian"},
    {AnswerKind::hessian, "hessian"},
    {AnswerKind::value, "value"},
    {AnswerKind::choice, "choice"},
    {AnswerKind::code, "code"},
}};

constexpr bool kinds_in_enum_order() {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (static_cast<std::size_t>(kKindNames[i].kind) != i) return false;
  }
  return true;
}
static_assert(kinds_in_enum_order(), "kKindNames has one row per AnswerKind, in the enum's order");

constexpr std::array<AnswerKind, kKindNames.size()> kKinds = [] {
  std::array<AnswerKind, kKindNames.size()> out{};
  for (std::size_t i = 0; i < kKindNames.size(); ++i) out[i] = kKindNames[i].kind;
  return out;
}();

}  // namespace

const char* to_string(AnswerKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  return index < kKindNames.size() ? kKindNames[index].name : "unknown kind";
}

std::span<const AnswerKind> answer_kinds() {
  return kKinds;
}

std::optional<AnswerKind> answer_kind_named(std::string_view name) {
  for (const KindName& k : kKindNames) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

const char* to_string(ChoiceScoring scoring) {
  switch (scoring) {
    case ChoiceScoring::all_or_nothing:
      return "all-or-nothing";
    case ChoiceScoring::per_option:
      return "per-option";
  }
  return "unknown scoring";
}

bool FeedbackOptions::reveals_at(std::int64_t now) const {
  return reveal_reference == Reveal::always ||
         (reveal_reference == Reveal::after_deadline && deadline && now >= *deadline);
}

std::set<std::string> chosen_options(const AnswerText& answer) {
  std::set<std::string> given;
  std::string token;
  std::string text = answer.single;
  for (const auto& [part, letters] : answer.parts) text += " " + letters;
  for (const char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      token += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!token.empty()) {
      given.insert(token);
      token.clear();
    }
  }
  return given;
}

bool Variable::has(Property property) const {
  return std::find(properties.begin(), properties.end(), property) != properties.end();
}

const Variable* Problem::differential_of(std::string_view name) const {
  return name.size() > 1 && name[0] == 'd' ? find_variable(name.substr(1)) : nullptr;
}

AnswerText Problem::reference_as_answer() const {
  AnswerText typed;
  for (const auto& [variable, formula] : answer.reference) {
    if (variable.empty()) {
      typed.single = formula.text;
    } else {
      typed.parts[variable] = formula.text;
    }
  }
  return typed;
}

const Variable* Problem::find_variable(std::string_view name) const {
  const auto it = std::find_if(variables.begin(), variables.end(),
                               [&](const Variable& v) { return v.name == name; });
  return it == variables.end() ? nullptr : &*it;
}

expr::Formula parse_formula(const FormulaText& formula) {
  // Location is 1-based; the source's offsets are the 0-based line and column of the
  // formula's first character (0 when unknown).
  const Location& where = formula.where;
  auto source = std::make_shared<const expr::Source>(
      formula.text, where.file.empty() ? std::string("formula") : where.file,
      where.line > 0 ? static_cast<std::size_t>(where.line - 1) : 0,
      where.column > 0 ? static_cast<std::size_t>(where.column - 1) : 0);
  return expr::parse(std::move(source));
}

namespace {

expr::Dim shape_dim(const ShapeEntry& entry) {
  return entry.name.empty() ? expr::Dim::constant(entry.size) : expr::Dim::symbol(entry.name);
}

// answer.wrt, or every non-constant variable when it is empty.
std::vector<const Variable*> varied(const Problem& problem) {
  std::vector<const Variable*> out;
  if (!problem.answer.wrt.empty()) {
    for (const auto& name : problem.answer.wrt) {
      const Variable* v = problem.find_variable(name);
      if (v == nullptr) throw InternalError("wrt names an unknown variable '" + name + "'");
      out.push_back(v);
    }
  } else {
    for (const auto& v : problem.variables) {
      if (!v.constant) out.push_back(&v);
    }
  }
  return out;
}

expr::Shape function_shape(const Problem& problem) {
  if (problem.function_cpp) {
    Variable as_shape;
    as_shape.shape = problem.function_cpp->shape;
    return variable_shape(as_shape);
  }
  if (!problem.function) {
    throw InternalError("problem '" + problem.id + "' has no function to take the shape of");
  }
  return expr::check_shapes(parse_formula(*problem.function), formula_env(problem, false));
}

expr::Dim entries(const expr::Shape& shape) {
  return shape.rows * shape.cols;
}

}  // namespace

expr::Shape variable_shape(const Variable& variable) {
  const auto& s = variable.shape;
  if (s.empty()) return expr::Shape::scalar();
  if (s.size() == 1) return expr::Shape::matrix(shape_dim(s[0]), expr::Dim::constant(1));
  return expr::Shape::matrix(shape_dim(s[0]), shape_dim(s[1]));
}

expr::ShapeEnv formula_env(const Problem& problem, bool with_differentials) {
  expr::ShapeEnv env;
  for (const auto& dim : problem.dims) env.declare_dimension(dim.name);
  for (const auto& v : problem.variables) {
    env.declare(v.name, variable_shape(v),
                v.constant ? expr::NameRole::constant : expr::NameRole::variable);
  }
  // A let's shape is that of its formula; later lets may use earlier ones.
  for (const auto& [name, formula] : problem.lets) {
    env.declare(name, expr::check_shapes(parse_formula(formula), env), expr::NameRole::value);
  }
  if (with_differentials) {
    for (const Variable* v : varied(problem)) {
      env.declare("d" + v->name, variable_shape(*v), expr::NameRole::differential);
      const auto& second = problem.answer.hessian.second_directions;
      if (const auto it = second.find(v->name); it != second.end())
        env.declare(it->second, variable_shape(*v), expr::NameRole::differential);
    }
  }
  return env;
}

expr::Shape expected_shape(const Problem& problem, const std::string& part) {
  const Answer& answer = problem.answer;
  switch (answer.kind) {
    case AnswerKind::differential:
      return function_shape(problem);
    case AnswerKind::gradient: {
      const std::vector<const Variable*> vars = varied(problem);
      if (!part.empty()) {
        const Variable* v = problem.find_variable(part);
        if (v == nullptr) throw InternalError("no variable '" + part + "' to take the gradient in");
        return variable_shape(*v);
      }
      if (vars.size() != 1) {
        throw InternalError("a gradient in several variables has one shape per variable");
      }
      return variable_shape(*vars.front());
    }
    case AnswerKind::jacobian: {
      expr::Dim inputs;
      for (const Variable* v : varied(problem)) inputs = inputs + entries(variable_shape(*v));
      return expr::Shape::matrix(entries(function_shape(problem)), inputs);
    }
    case AnswerKind::hessian: {
      if (answer.hessian.form != HessianForm::matrix) return function_shape(problem);
      const std::vector<const Variable*> vars = varied(problem);
      if (vars.size() != 1) throw InternalError("a hessian matrix needs one wrt variable");
      const expr::Shape s = variable_shape(*vars.front());
      return expr::Shape::matrix(s.rows, s.rows);
    }
    case AnswerKind::value: {
      const auto it = answer.reference.find("");
      if (it == answer.reference.end()) throw InternalError("a value answer has no reference");
      return expr::check_shapes(parse_formula(it->second), formula_env(problem, false));
    }
    case AnswerKind::code: {
      if (!answer.code) throw InternalError("a code answer has no code section");
      Variable result;
      result.shape = answer.code->returns;
      return variable_shape(result);
    }
    case AnswerKind::choice:
      break;
  }
  throw InternalError("a choice answer has no shape");
}

bool uses_differentials(const Problem& problem) {
  return problem.answer.kind == AnswerKind::differential ||
         (problem.answer.code && problem.answer.code->derivative == AnswerKind::differential) ||
         (problem.answer.kind == AnswerKind::hessian &&
          problem.answer.hessian.form != HessianForm::matrix);
}

}  // namespace grader::spec
