// The answer section of a spec: its kind, the fields of that kind (one table says which
// kind uses which field), wrt, the function F, and the reference, shape-checked against
// what an answer of that kind must be.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sections.hpp"

namespace grader::spec::detail {

namespace {

using K = AnswerKind;

// A field of answer, and the kinds that use it (in the order of AnswerKind).
struct AnswerField {
  std::string name;
  std::vector<AnswerKind> kinds;
};

// In the order "expected one of:" lists them.
const std::vector<AnswerField>& answer_field_table() {
  static const std::vector<AnswerField> table = {
      {"kind", {answer_kinds().begin(), answer_kinds().end()}},
      {"wrt", {K::differential, K::gradient, K::jacobian, K::hessian, K::code}},
      {"reference", {K::differential, K::gradient, K::jacobian, K::hessian, K::value, K::code}},
      {"inner_product", {K::gradient}},
      {"form", {K::hessian}},
      {"second_direction", {K::hessian}},
      {"tolerance", {K::value, K::code}},
      {"options", {K::choice}},
      {"correct", {K::choice}},
      {"explanation", {K::choice}},
      {"option_feedback", {K::choice}},
      {"scoring", {K::choice}},
      {"entry", {K::code}},
      {"arguments", {K::code}},
      {"returns", {K::code}},
      {"call", {K::code}},
      {"prelude", {K::code}},
      {"derivative", {K::code}},
  };
  return table;
}

// Top-level fields a choice problem has no use for: it has no formulas.
const std::vector<std::string> kNotForChoice = {"dims",     "variables", "let",
                                                "function", "require",   "check"};

bool is_formula_kind(AnswerKind kind) {
  return kind == K::differential || kind == K::gradient || kind == K::jacobian ||
         kind == K::hessian;
}

std::vector<std::string> kind_names(const std::vector<AnswerKind>& kinds) {
  std::vector<std::string> names;
  for (const AnswerKind k : kinds) names.emplace_back(to_string(k));
  return names;
}

AnswerKind read_kind(const FieldReader& reader, const Field& kind) {
  const std::vector<std::string> names = kind_names({answer_kinds().begin(), answer_kinds().end()});
  if (!kind.value.IsScalar()) {
    reader.fail(kind, fmt::format("answer.kind must be one of: {}; not {}", join(names),
                                  node_kind(kind.value)));
  }
  const std::string name = kind.value.Scalar();
  const std::optional<AnswerKind> k = answer_kind_named(name);
  if (!k) {
    const auto best = expr::closest_name(name, names);
    reader.fail(kind, fmt::format("unknown answer kind {}; {}", node_kind(kind.value),
                                  best ? fmt::format("did you mean '{}'?", *best)
                                       : "expected one of: " + join(names)));
  }
  return *k;
}

// Fields that do not apply to this kind: of answer, and for a choice, of the top level.
void check_fields_apply(const FieldReader& reader, const FieldMap& answer, const FieldMap& top,
                        AnswerKind kind) {
  for (const Field& f : answer.entries()) {
    const auto& table = answer_field_table();
    const auto row = std::find_if(table.begin(), table.end(),
                                  [&](const AnswerField& r) { return r.name == f.key.Scalar(); });
    if (row == table.end()) continue;  // unknown: reported by FieldMap
    if (std::find(row->kinds.begin(), row->kinds.end(), kind) == row->kinds.end()) {
      reader.fail(reader.at(f.key.Mark()),
                  fmt::format("field '{}' in answer is not used by kind {} (only by {})",
                              f.key.Scalar(), to_string(kind), join(kind_names(row->kinds))));
    }
  }
  if (kind != K::choice) return;
  for (const Field& f : top.entries()) {
    const std::string& name = f.key.Scalar();
    if (std::find(kNotForChoice.begin(), kNotForChoice.end(), name) != kNotForChoice.end()) {
      reader.fail(reader.at(f.key.Mark()),
                  fmt::format("field '{}' is not used by kind choice", name));
    }
  }
}

// --- wrt, function -----------------------------------------------------------------------

// wrt, defaulting (for a formula kind, or the derivative a code problem declares) to every
// non-constant variable.
void read_wrt(const FieldReader& reader, Problem& problem, const FieldMap& answer,
              AnswerKind kind) {
  Answer& a = problem.answer;
  if (auto wrt = answer.get("wrt")) {
    std::vector<Field> items;
    if (wrt->value.IsScalar()) {
      items.push_back(*wrt);
    } else {
      items = reader.read_list(*wrt, " of variable names, as in [X]");
    }
    if (items.empty()) {
      reader.fail(*wrt, fmt::format("{} must name at least one variable", wrt->path));
    }
    std::vector<std::string> names;
    for (const auto& v : problem.variables) names.push_back(v.name);
    for (const Field& item : items) {
      if (!item.value.IsScalar()) {
        reader.fail(item, fmt::format("{} must be a variable name, not {}", item.path,
                                      node_kind(item.value)));
      }
      const std::string& name = item.value.Scalar();
      const Variable* v = problem.find_variable(name);
      if (v == nullptr) {
        const auto best = expr::closest_name(name, names);
        reader.fail(item, fmt::format("{} names unknown variable '{}'{}", wrt->path, name,
                                      best ? fmt::format("; did you mean '{}'?", *best) : ""));
      }
      if (v->constant) {
        reader.fail(
            item, fmt::format("{} names '{}', which is constant and cannot vary", wrt->path, name));
      }
      if (std::find(a.wrt.begin(), a.wrt.end(), name) != a.wrt.end()) {
        reader.fail(item, fmt::format("{} lists '{}' twice", wrt->path, name));
      }
      a.wrt.push_back(name);
    }
  } else if (is_formula_kind(kind)) {
    for (const auto& v : problem.variables) {
      if (!v.constant) a.wrt.push_back(v.name);
    }
    if (a.wrt.empty()) {
      reader.fail(answer.self(),
                  fmt::format("nothing varies: a {} needs a variable that is not constant",
                              to_string(kind)));
    }
  }
}

// {cpp: FILE, entry: NAME}: C++ in the reference folder (a relative path to a header, and a
// function template in it, named as in C++).
CppSource read_cpp_source(const FieldReader& reader, const FieldMap& m,
                          const std::string& default_entry) {
  CppSource source;
  const Field file = m.require("cpp");
  source.where = reader.where(file);
  source.file = reader.read_string(file);
  const std::filesystem::path path(source.file);
  const bool outside =
      std::any_of(path.begin(), path.end(), [](const auto& part) { return part == ".."; });
  if (source.file.empty() || path.is_absolute() || outside ||
      (path.extension() != ".hpp" && path.extension() != ".h")) {
    reader.fail(file, fmt::format("{} must be the path of a C++ header (.hpp) inside the reference "
                                  "folder, relative to it and without '..' (for example "
                                  "lecture06/ode-linear.hpp), not '{}'",
                                  file.path, source.file));
  }
  source.entry = default_entry;
  if (auto entry = m.get("entry")) {
    source.entry = reader.read_string(*entry);
    if (!is_cpp_qualified_name(source.entry)) {
      reader.fail(*entry, fmt::format("{} must name a function template as in C++ (letters, "
                                      "digits, _ and ::, as in ode_linear::loss), not '{}'",
                                      entry->path, source.entry));
    }
  }
  return source;
}

// function: F, shape-checked; a gradient or a Hessian matrix needs a scalar F (a quadratic or
// bilinear form d²F has F's shape). Either a formula or {cpp: FILE, entry: NAME, shape: [...]}
// (F in C++, of the declared shape).
void read_function(const FieldReader& reader, Problem& problem, const Field& f, AnswerKind kind) {
  expr::Shape shape;
  Location where;
  const bool cpp =
      f.value.IsMap() && std::any_of(f.value.begin(), f.value.end(), [](const auto& kv) {
        return kv.first.IsScalar() && kv.first.Scalar() == "cpp";
      });
  if (cpp) {
    const FieldMap m(reader, f, {"cpp", "entry", "shape"},
                     " (F in C++: {cpp: FILE, entry: NAME, "
                     "shape: [n]})");
    CppSource source = read_cpp_source(reader, m, "function");
    if (auto s = m.get("shape")) source.shape = read_shape(reader, problem, *s);
    Variable as_shape;
    as_shape.shape = source.shape;
    shape = variable_shape(as_shape);
    where = source.where;
    problem.function_cpp = std::move(source);
  } else {
    problem.function = reader.read_formula(f);
    shape = check_formula(reader, problem, *problem.function, formula_env(problem, false), f.path);
    where = problem.function->where;
  }
  if (shape.is_scalar()) return;
  if (kind == K::gradient) {
    reader.fail(where, fmt::format("a gradient needs a scalar function, but function is {}",
                                   shape.to_string()));
  }
  if (kind == K::hessian && problem.answer.hessian.form == HessianForm::matrix) {
    reader.fail(where, fmt::format("a hessian with form: matrix needs a scalar function, but "
                                   "function is {}; use form: quadratic (d²F[dX, dX]) or bilinear "
                                   "(d²F[dX, dY]), whose answers have F's shape",
                                   shape.to_string()));
  }
}

// --- the reference -----------------------------------------------------------------------

// Why an answer of the problem's kind has the shape it must have (for part `part`).
std::string shape_rule(const Answer& a, const std::string& part) {
  switch (a.kind) {
    case K::differential:
      return "the shape of F";
    case K::gradient:
      return "the shape of " + (part.empty() ? a.wrt.front() : part);
    case K::jacobian:
      return "(entries of F)×(entries of " + join(a.wrt) + ")";
    case K::code:
      return "the shape in returns";
    default:
      return a.hessian.form == HessianForm::matrix ? "n×n for the vector " + a.wrt.front()
                                                   : "d²F has the shape of F";
  }
}

// A reference formula (for `part`, or the whole answer when empty), shape-checked.
FormulaText read_reference_formula(const FieldReader& reader, const Problem& problem,
                                   const Field& f, const std::string& part,
                                   const expr::ShapeEnv& env) {
  FormulaText formula = reader.read_formula(f);
  const expr::Shape shape = check_formula(reader, problem, formula, env, f.path);
  if (problem.answer.kind == K::value) return formula;
  const expr::Shape expected = expected_shape(problem, part);
  if (!(shape == expected)) {
    reader.fail(formula.where, fmt::format("{} is {}, but a {} answer here must be {}: {}", f.path,
                                           shape.to_string(), to_string(problem.answer.kind),
                                           expected.to_string(), shape_rule(problem.answer, part)));
  }
  return formula;
}

// reference: {cpp: FILE, entry: NAME}: C++ in the reference folder.
void read_cpp_reference(const FieldReader& reader, Answer& a, const Field& ref) {
  const FieldMap m(reader, ref, {"cpp", "entry"}, " (a C++ reference: {cpp: FILE, entry: NAME})");
  if (a.kind == K::value) {
    reader.fail(m.require("cpp"),
                fmt::format("{} must be a formula: a value answer has no C++ reference", ref.path));
  }
  if (a.kind == K::gradient && a.wrt.size() > 1) {
    reader.fail(ref, fmt::format("{} in C++ cannot be a gradient in several variables ({}): give "
                                 "one formula per variable, or ask for one variable at a time",
                                 ref.path, join(a.wrt)));
  }
  a.cpp_reference = read_cpp_source(reader, m, "reference");
}

// reference: {x: ..., y: ...}: one formula per wrt variable of a gradient.
void read_reference_parts(const FieldReader& reader, Problem& problem, const Field& ref,
                          const expr::ShapeEnv& env) {
  Answer& a = problem.answer;
  const FieldMap m(reader, ref, {});
  for (const Field& part : m.entries()) {
    const std::string name = part.key.Scalar();
    if (std::find(a.wrt.begin(), a.wrt.end(), name) == a.wrt.end()) {
      reader.fail(reader.at(part.key.Mark()),
                  fmt::format("{} gives a formula for '{}', which is not in wrt ({})", ref.path,
                              name, join(a.wrt)));
    }
    if (part.value.IsNull()) reader.fail(part, fmt::format("{} has no formula", part.path));
    a.reference[name] = read_reference_formula(reader, problem, part, name, env);
  }
  for (const auto& name : a.wrt) {
    if (a.reference.count(name) == 0) {
      reader.fail(ref, fmt::format("{} has no formula for '{}'", ref.path, name));
    }
  }
}

void read_reference(const FieldReader& reader, Problem& problem, const FieldMap& answer) {
  Answer& a = problem.answer;
  const bool several = a.kind == K::gradient && a.wrt.size() > 1;
  const Field ref = answer.require(
      "reference", fmt::format(" (a {} answer needs a reference)", to_string(a.kind)));
  const expr::ShapeEnv env = formula_env(problem, uses_differentials(problem));
  if (ref.value.IsMap()) {
    // {cpp: FILE, entry: NAME}, or one formula per wrt variable.
    const bool names_cpp = std::any_of(ref.value.begin(), ref.value.end(), [](const auto& kv) {
      return kv.first.IsScalar() && kv.first.Scalar() == "cpp";
    });
    const bool cpp = names_cpp && !(several && problem.find_variable("cpp") != nullptr);
    if (cpp) return read_cpp_reference(reader, a, ref);
    if (!several) {
      reader.fail(
          ref,
          fmt::format("{} must be one formula or {{cpp: FILE, entry: NAME}}, not a mapping (only "
                      "a gradient with several wrt variables has one formula per "
                      "variable)",
                      ref.path));
    }
    return read_reference_parts(reader, problem, ref, env);
  }
  if (several) {
    std::vector<std::string> parts;
    for (const auto& w : a.wrt) parts.push_back(w + ": ...");
    reader.fail(ref, fmt::format("{} must map each wrt variable to its formula, as in {{{}}}",
                                 ref.path, join(parts)));
  }
  a.reference[""] = read_reference_formula(reader, problem, ref, "", env);
}

// inner_product: a scalar formula in u and v, for a gradient in one variable.
void read_inner_product(const FieldReader& reader, Problem& problem, const Field& ip) {
  Answer& a = problem.answer;
  if (a.wrt.size() != 1) {
    reader.fail(ip, fmt::format("{} needs a gradient with one wrt variable, not {}", ip.path,
                                a.wrt.size()));
  }
  a.gradient.inner_product = reader.read_formula(ip);
  // u and v are the two arguments, with the shape of the variable; they hide any other u, v.
  expr::ShapeEnv env = formula_env(problem, false);
  const expr::Shape s = variable_shape(*problem.find_variable(a.wrt.front()));
  env.declare("u", s, expr::NameRole::value);
  env.declare("v", s, expr::NameRole::value);
  const expr::Shape shape = check_formula(reader, problem, *a.gradient.inner_product, env, ip.path);
  if (!shape.is_scalar()) {
    reader.fail(a.gradient.inner_product->where,
                fmt::format("{} must be a scalar, but it is {}", ip.path, shape.to_string()));
  }
}

// --- code --------------------------------------------------------------------------------

// arguments: the variables and lets passed, in order, each once; for a differential also the
// directions dX of the wrt variables.
std::vector<std::string> read_arguments(const FieldReader& reader, const Problem& problem,
                                        const Field& args, std::optional<AnswerKind> derivative) {
  const bool directions = derivative == K::differential;
  std::vector<std::string> out;
  for (const Field& arg : reader.read_list(args, "")) {
    const std::string name = arg.value.IsScalar() ? arg.value.Scalar() : "";
    const bool is_let = std::any_of(problem.lets.begin(), problem.lets.end(),
                                    [&](const auto& l) { return l.first == name; });
    const auto& wrt = problem.answer.wrt;
    const bool is_direction =
        directions &&
        std::any_of(wrt.begin(), wrt.end(), [&](const std::string& w) { return "d" + w == name; });
    if (problem.find_variable(name) == nullptr && !is_let && !is_direction) {
      std::vector<std::string> names;
      for (const auto& v : problem.variables) names.push_back(v.name);
      for (const auto& l : problem.lets) names.push_back(l.first);
      if (directions) {
        for (const auto& w : wrt) names.push_back("d" + w);
      }
      const auto best = expr::closest_name(name, names);
      reader.fail(arg, fmt::format("{} must name a variable{}; '{}' is neither{}", arg.path,
                                   directions ? ", a let or the direction dX of a wrt variable X"
                                              : " or a let",
                                   name, best ? fmt::format(" (did you mean '{}'?)", *best) : ""));
    }
    if (std::find(out.begin(), out.end(), name) != out.end())
      reader.fail(arg, fmt::format("{}: '{}' is passed twice", arg.path, name));
    out.push_back(name);
  }
  return out;
}

// derivative: the reference is the gradient, Jacobian or differential (along the directions
// dX) of the problem's function with respect to wrt, which grader validate checks against
// the oracles.
void read_derivative(const FieldReader& reader, Problem& problem, const FieldMap& answer,
                     const FieldMap& top, const Field& derivative, CodeAnswer& code) {
  const std::string d = reader.read_string(derivative);
  code.derivative = answer_kind_named(d);
  if (code.derivative != K::gradient && code.derivative != K::jacobian &&
      code.derivative != K::differential) {
    reader.fail(derivative, fmt::format("{} must be gradient, jacobian or differential, not '{}'",
                                        derivative.path, d));
  }
  const auto f = top.get("function");
  if (!f) {
    reader.fail(derivative, fmt::format("{} needs the problem's function (function: F), whose {} "
                                        "the reference is",
                                        derivative.path, d));
  }
  read_function(reader, problem, *f, *code.derivative);
  read_wrt(reader, problem, answer, *code.derivative);
  const std::vector<std::string>& wrt = problem.answer.wrt;
  if (code.derivative == K::gradient && wrt.size() != 1) {
    reader.fail(answer.get("wrt") ? *answer.get("wrt") : derivative,
                fmt::format("a code problem's gradient is of one wrt variable, not {} ({})",
                            wrt.size(), join(wrt)));
  }
}

void read_code(const FieldReader& reader, Problem& problem, const FieldMap& answer,
               const FieldMap& top) {
  CodeAnswer code;
  const Field entry = answer.require("entry", " (the C++ function the student writes)");
  code.where = reader.where(entry);
  code.entry = reader.read_string(entry);
  if (!is_cpp_identifier(code.entry)) {
    reader.fail(entry, fmt::format("{} must be a C++ function name (letters, digits, _), not '{}'",
                                   entry.path, code.entry));
  }
  const auto derivative = answer.get("derivative");
  const auto wrt = answer.get("wrt");
  if (wrt && !derivative) reader.fail(*wrt, "answer.wrt of a code problem needs answer.derivative");
  if (derivative) read_derivative(reader, problem, answer, top, *derivative, code);
  code.arguments = read_arguments(reader, problem,
                                  answer.require("arguments", " (the variables passed, in order)"),
                                  code.derivative);
  code.returns =
      read_shape(reader, problem, answer.require("returns", " (the shape of the result, as [n])"));
  if (auto c = answer.get("call")) {
    code.call = reader.read_string(*c);
  } else {
    code.call = code.entry + "(" + join(code.arguments) + ")";
  }
  if (auto p = answer.get("prelude")) code.prelude = reader.read_string(*p);
  problem.answer.code = std::move(code);
  read_reference(reader, problem, answer);
}

// The answer of a formula or value problem: wrt, F, the reference, an inner product.
void read_formula_answer(const FieldReader& reader, Problem& problem, const FieldMap& answer,
                         const FieldMap& top) {
  Answer& a = problem.answer;
  read_wrt(reader, problem, answer, a.kind);
  if (is_formula_kind(a.kind)) {
    top.require("function", fmt::format(" (a {} problem needs the function F)", to_string(a.kind)));
  }
  if (auto f = top.get("function")) read_function(reader, problem, *f, a.kind);
  if (a.kind == K::hessian) read_hessian_fields(reader, problem, answer);
  read_reference(reader, problem, answer);
  if (auto ip = answer.get("inner_product")) read_inner_product(reader, problem, *ip);
}

}  // namespace

const std::vector<std::string>& answer_fields() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const AnswerField& f : answer_field_table()) out.push_back(f.name);
    return out;
  }();
  return names;
}

void read_answer(FieldReader& reader, Problem& problem, const FieldMap& top) {
  const FieldMap answer(reader, top.require("answer"), answer_fields(),
                        " with kind, reference and more",
                        {{&top_fields(), "it belongs at the top level"}});
  Answer& a = problem.answer;
  a.kind = read_kind(reader, answer.require("kind"));
  check_fields_apply(reader, answer, top, a.kind);
  if (a.kind == K::choice) return read_choice(reader, a.choice, answer);
  if (auto form = answer.get("form")) read_hessian_form(reader, a, *form);
  if (a.kind == K::code) a.tolerance = 1e-8;
  if (auto t = answer.get("tolerance")) {
    a.tolerance = reader.read_number(*t, "a positive number", [](double x) { return x > 0; });
  }
  if (a.kind == K::code) return read_code(reader, problem, answer, top);
  read_formula_answer(reader, problem, answer, top);
}

}  // namespace grader::spec::detail
