// The inputs of a spec: dims, the variables with their shapes and properties, lets, and
// require. Later sections check their formulas in the names declared here.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sections.hpp"

namespace grader::spec::detail {

namespace {

const std::vector<std::string> kVariableFields = {"shape", "constant", "properties",
                                                  "range", "value",    "gradient"};

// A declaration of a name in a mapping (dims, variables, let) as a field of its own, so that
// an error about the name points at the key.
Field key_of(const Field& entry) {
  return Field{entry.path, entry.key, YAML::Node()};
}

// dX would be read as the differential of X.
void check_not_a_differential(const FieldReader& reader, const Problem& problem, const Field& entry,
                              const std::string& what) {
  const std::string name = entry.key.Scalar();
  if (problem.differential_of(name) != nullptr) {
    reader.fail(reader.at(entry.key.Mark()),
                fmt::format("{} name '{}' would read as the differential of variable '{}'", what,
                            name, name.substr(1)));
  }
}

std::string describe_shape(const Variable& v) {
  return variable_shape(v).to_string();
}

// properties: [symmetric, ...]: each known, none twice.
void read_properties(const FieldReader& reader, const Field& props, Variable& v) {
  std::vector<std::string> names;
  for (const PropertyRow& row : property_table()) names.emplace_back(row.name);
  for (const Field& entry : reader.read_list(props, ", as in [symmetric, positive-definite]")) {
    if (!entry.value.IsScalar()) {
      reader.fail(entry, fmt::format("{} must be a property name, not {}", entry.path,
                                     node_kind(entry.value)));
    }
    const std::string name = entry.value.Scalar();
    const std::optional<Property> p = property_named(name);
    if (!p) {
      const auto best = expr::closest_name(name, names);
      reader.fail(entry, fmt::format("unknown property {}; {}", node_kind(entry.value),
                                     best ? fmt::format("did you mean '{}'?", *best)
                                          : "expected one of: " + join(names)));
    }
    if (v.has(*p)) {
      reader.fail(entry, fmt::format("property '{}' is listed twice in {}", name, props.path));
    }
    v.properties.push_back(*p);
  }
}

// A skew-symmetric matrix of odd size is singular: why `v` cannot also be invertible or
// full-rank ("n can be 3"), or "" when its size is always even.
std::string odd_size(const Problem& problem, const Variable& v) {
  if (v.shape.empty()) return fmt::format("{} is a scalar", v.name);
  const ShapeEntry& e = v.shape[0];
  if (e.name.empty()) {
    return e.size % 2 == 1 ? fmt::format("{} is {}", v.name, describe_shape(v)) : "";
  }
  std::string odd;
  for (const auto& d : problem.dims) {
    if (d.name == e.name && (d.lo < d.hi || d.lo % 2 == 1)) {
      odd = fmt::format("{} can be {}", d.name, d.lo % 2 == 1 ? d.lo : d.lo + 1);
    }
  }
  return odd;
}

// The properties fit the shape and each other (spec/property.hpp).
void check_properties(const FieldReader& reader, const Problem& problem, const Field& f,
                      const Variable& v) {
  const expr::Shape shape = variable_shape(v);
  for (const Property p : v.properties) {
    if (row(p).needs_square && !shape.is_square()) {
      reader.fail(f, fmt::format("property '{}' needs a square matrix, but {} is {}", to_string(p),
                                 v.name, shape.to_string()));
    }
    if (row(p).needs_column_vector && (v.shape.empty() || !shape.cols.is_one())) {
      reader.fail(
          f, fmt::format("property '{}' needs a column vector, but {} is {}", to_string(p), v.name,
                         v.shape.empty() ? std::string("a scalar") : shape.to_string()));
    }
  }
  for (const PropertyConflict& c : property_conflicts()) {
    if (v.has(c.a) && v.has(c.b)) {
      // Name them in the order written.
      const auto ia = std::find(v.properties.begin(), v.properties.end(), c.a);
      const auto ib = std::find(v.properties.begin(), v.properties.end(), c.b);
      const Property first = ia < ib ? c.a : c.b;
      const Property second = ia < ib ? c.b : c.a;
      reader.fail(f, fmt::format("variable '{}' cannot be both {} and {}: {}", v.name,
                                 to_string(first), to_string(second), c.reason));
    }
  }
  if (v.has(Property::skew_symmetric) &&
      (v.has(Property::invertible) || v.has(Property::full_rank))) {
    const Property other = v.has(Property::invertible) ? Property::invertible : Property::full_rank;
    const std::string odd = odd_size(problem, v);
    if (!odd.empty()) {
      reader.fail(f, fmt::format("variable '{}' cannot be both skew-symmetric and {}: a "
                                 "skew-symmetric matrix of odd size is singular, and {}",
                                 v.name, to_string(other), odd));
    }
  }
}

// range: [lo, hi], numbers lo < hi, for properties that let the entries be drawn from it.
void read_range(const FieldReader& reader, const Field& range, Variable& v) {
  const std::string form =
      fmt::format("{} must be [lo, hi] with numbers lo < hi, as in [-1, 1]", range.path);
  if (!range.value.IsSequence() || range.value.size() != 2) {
    reader.fail(range, fmt::format("{}, not {}", form, node_kind(range.value)));
  }
  double bounds[2] = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    const YAML::Node n = range.value[i];
    const auto value = n.IsScalar() ? parse_number(n.Scalar()) : std::nullopt;
    if (!value) {
      reader.fail(Field{range.path, YAML::Node(), n},
                  fmt::format("{}, not {}", form, node_kind(n)));
    }
    bounds[i] = *value;
  }
  if (!(bounds[0] < bounds[1])) {
    reader.fail(range, fmt::format("{}, not [{}, {}]", form, range.value[0].Scalar(),
                                   range.value[1].Scalar()));
  }
  for (const Property p : v.properties) {
    if (row(p).fixes_entries) {
      reader.fail(range, fmt::format("{} cannot be combined with property '{}', which fixes how "
                                     "the entries are drawn",
                                     range.path, to_string(p)));
    }
    if (p == Property::positive && bounds[0] <= 0) {
      reader.fail(range, fmt::format("{} must have lo > 0 for property 'positive', not [{}, {}]",
                                     range.path, range.value[0].Scalar(), range.value[1].Scalar()));
    }
  }
  v.range = std::make_pair(bounds[0], bounds[1]);
}

// value: a fixed value instead of a random draw, which makes the variable constant.
void read_value(const FieldReader& reader, const Problem& problem, const FieldMap& fields,
                const Field& value, Variable& v) {
  if (fields.get("range")) {
    reader.fail(value,
                fmt::format("variable '{}' has a value, so it cannot also have a range", v.name));
  }
  if (!v.properties.empty()) {
    reader.fail(value, fmt::format("variable '{}' has a value, so it cannot also have properties "
                                   "(they say how a variable is drawn)",
                                   v.name));
  }
  if (auto c = fields.get("constant"); c && !v.constant) {
    reader.fail(*c, fmt::format("variable '{}' has a value, so it is constant: remove constant: "
                                "false",
                                v.name));
  }
  v.constant = true;
  v.value = reader.read_formula(value);
  // A fixed value may use the dimension names only.
  expr::ShapeEnv env;
  for (const auto& d : problem.dims) env.declare_dimension(d.name);
  const expr::Shape value_shape = check_formula(reader, problem, *v.value, env, value.path);
  if (!(value_shape == variable_shape(v))) {
    reader.fail(v.value->where, fmt::format("{} is {}, but {} is declared {}", value.path,
                                            value_shape.to_string(), v.name, describe_shape(v)));
  }
}

// The properties that restrict a variable's directions, as YAML writes them.
std::string restricting_properties() {
  std::vector<std::string> names;
  for (const PropertyRow& row : property_table()) {
    if (restricts_directions(row.property)) names.emplace_back(row.name);
  }
  return join(names);
}

// gradient: tangent, on a variable whose directions are restricted (spec/property.hpp).
void read_gradient(const FieldReader& reader, const Field& gradient, Variable& v) {
  if (!gradient.value.IsScalar() || gradient.value.Scalar() != "tangent") {
    reader.fail(gradient,
                fmt::format("{} must be 'tangent' (the gradient must lie in {}'s tangent space), "
                            "not {}; leave it out for a gradient defined only up to what {}'s "
                            "directions cannot see",
                            gradient.path, v.name, node_kind(gradient.value), v.name));
  }
  if (!std::any_of(v.properties.begin(), v.properties.end(), restricts_directions)) {
    reader.fail(gradient,
                fmt::format("{}: tangent needs a variable whose directions are restricted (one "
                            "of the properties {}), but {} has none, so its gradient has no "
                            "other part to leave out",
                            gradient.path, restricting_properties(), v.name));
  }
  v.tangent_gradient = true;
  v.gradient_where = reader.where(gradient);
}

Variable read_variable(const FieldReader& reader, const Problem& problem, const Field& f) {
  Variable v;
  v.name = f.key.Scalar();
  v.where = reader.at(f.key.Mark());
  check_name(reader, problem, key_of(f), v.name, "variable");
  const FieldMap fields(reader, f, kVariableFields, ", as in {shape: [n, n]}");
  const Field shape = fields.require("shape", " ([] scalar, [n] column vector, [n, m] matrix)");
  v.shape = read_shape(reader, problem, shape);
  if (auto c = fields.get("constant")) v.constant = reader.read_bool(*c);
  if (auto props = fields.get("properties")) {
    read_properties(reader, *props, v);
    check_properties(reader, problem, *props, v);
  }
  if (auto range = fields.get("range")) read_range(reader, *range, v);
  if (auto value = fields.get("value")) read_value(reader, problem, fields, *value, v);
  if (auto gradient = fields.get("gradient")) read_gradient(reader, *gradient, v);
  return v;
}

// One bound of a dimension's range: a whole number (any sign; the range is checked after).
long read_dim_bound(const FieldReader& reader, const Field& entry, const YAML::Node& n,
                    const std::string& form) {
  const Field bound{entry.path, YAML::Node(), n};
  if (!n.IsScalar()) reader.fail(bound, fmt::format("{}, not {}", form, node_kind(n)));
  long value = 0;
  const std::string& s = n.Scalar();
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    reader.fail(bound, fmt::format("{}, not '{}'", form, s));
  }
  return value;
}

}  // namespace

void read_dims(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap dims(reader, f, {}, " from names to ranges, as in {n: [2, 5]}");
  for (const Field& entry : dims.entries()) {
    const std::string name = entry.key.Scalar();
    check_name(reader, problem, key_of(entry), name, "dimension");
    const std::string form =
        fmt::format("{} must be a range [lo, hi] of whole numbers, as in [2, 5]", entry.path);
    if (!entry.value.IsSequence() || entry.value.size() != 2) {
      reader.fail(entry, fmt::format("{}, not {}", form, node_kind(entry.value)));
    }
    const long lo = read_dim_bound(reader, entry, entry.value[0], form);
    const long hi = read_dim_bound(reader, entry, entry.value[1], form);
    if (lo < 1 || lo > hi || hi > kMaxSize) {
      reader.fail(entry, fmt::format("{} must satisfy 1 ≤ lo ≤ hi ≤ {}, not [{}, {}]", entry.path,
                                     kMaxSize, lo, hi));
    }
    problem.dims.push_back(DimRange{name, lo, hi});
  }
}

std::vector<ShapeEntry> read_shape(const FieldReader& reader, const Problem& problem,
                                   const Field& shape) {
  std::vector<ShapeEntry> out;
  const std::string shape_help = "[] scalar, [n] column vector, [n, m] matrix";
  if (!shape.value.IsSequence()) {
    reader.fail(shape, fmt::format("{} must be a list: {}; not {}", shape.path, shape_help,
                                   node_kind(shape.value)));
  }
  if (shape.value.size() > 2) {
    reader.fail(shape, fmt::format("{} has {} entries; a shape has at most 2: {}", shape.path,
                                   shape.value.size(), shape_help));
  }
  for (const Field& entry : reader.read_list(shape, "")) {
    if (!entry.value.IsScalar()) {
      reader.fail(entry, fmt::format("{} must be a dimension name or a size, not {}", entry.path,
                                     node_kind(entry.value)));
    }
    const std::string& s = entry.value.Scalar();
    if (!s.empty() &&
        (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+')) {
      out.push_back(ShapeEntry{"", reader.read_whole(entry, 1, kMaxSize)});
      continue;
    }
    const bool known = std::any_of(problem.dims.begin(), problem.dims.end(),
                                   [&](const DimRange& d) { return d.name == s; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& d : problem.dims) names.push_back(d.name);
      const auto best = expr::closest_name(s, names);
      reader.fail(entry, fmt::format("unknown dimension '{}' in {}; {}", s, shape.path,
                                     best ? fmt::format("did you mean '{}'?", *best)
                                          : std::string("declare it under dims, as in {" + s +
                                                        ": [2, 5]}")));
    }
    out.push_back(ShapeEntry{s, 0});
  }
  return out;
}

void read_variables(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap vars(reader, f, {}, " from names to declarations, as in {X: {shape: [n, n]}}");
  // Each variable is read on its own, so that every bad one is reported; the section fails
  // when one does (formulas naming it would only add confusing errors).
  bool all = true;
  for (const Field& entry : vars.entries()) {
    all = reader.attempt([&] {
      problem.variables.push_back(read_variable(reader, problem, entry));
    }) && all;
  }
  if (!all) throw Skipped{};
  for (const Field& entry : vars.entries()) {
    check_not_a_differential(reader, problem, entry, "variable");
  }
}

void read_lets(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap lets(reader, f, {}, " from names to formulas, as in {v: \"eigvecs(S)[:, 1]\"}");
  for (const Field& entry : lets.entries()) {
    const std::string name = entry.key.Scalar();
    check_name(reader, problem, key_of(entry), name, "let");
    check_not_a_differential(reader, problem, entry, "let");
    if (entry.value.IsNull()) reader.fail(entry, fmt::format("{} has no formula", entry.path));
    FormulaText formula = reader.read_formula(entry);
    check_formula(reader, problem, formula, formula_env(problem, false), entry.path);
    problem.lets.emplace_back(name, std::move(formula));
  }
}

void read_require(FieldReader& reader, Problem& problem, const Field& f) {
  const expr::ShapeEnv env = formula_env(problem, false);
  for (const Field& item : reader.read_list(f, " of formulas, as in [\"det(X)^2\"]")) {
    FormulaText formula = reader.read_formula(item);
    const expr::Shape shape = check_formula(reader, problem, formula, env, item.path);
    if (!shape.is_scalar()) {
      reader.fail(formula.where,
                  fmt::format("{} must be a scalar, but it is {}", item.path, shape.to_string()));
    }
    problem.require.push_back(std::move(formula));
  }
}

void check_tangent_gradients(const FieldReader& reader, const Problem& problem) {
  for (const Variable& v : problem.variables) {
    if (!v.tangent_gradient) continue;
    const Answer& answer = problem.answer;  // wrt: filled in by the loader for a gradient
    const bool varied = std::find(answer.wrt.begin(), answer.wrt.end(), v.name) != answer.wrt.end();
    if (answer.kind != AnswerKind::gradient) {
      reader.fail(v.gradient_where,
                  fmt::format("variables.{}.gradient: tangent says how a gradient with respect "
                              "to {} is checked, but this problem's answer is a {}",
                              v.name, v.name, to_string(answer.kind)));
    }
    if (!varied) {
      reader.fail(v.gradient_where,
                  fmt::format("variables.{}.gradient: tangent says how a gradient with respect "
                              "to {} is checked, but the answer is not a gradient with respect "
                              "to {} (it is not in answer.wrt)",
                              v.name, v.name, v.name));
    }
  }
}

}  // namespace grader::spec::detail
