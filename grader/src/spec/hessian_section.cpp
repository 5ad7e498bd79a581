// The fields of a Hessian answer (kind: hessian): its form, what a Hessian matrix needs, and
// the names of a bilinear form's second directions.

#include <fmt/format.h>

#include <algorithm>

#include "sections.hpp"

namespace grader::spec::detail {

namespace {

// A hessian with form: matrix is the n×n matrix of one column vector variable.
void check_hessian_matrix(const FieldReader& reader, const Problem& problem,
                          const FieldMap& answer) {
  const Answer& a = problem.answer;
  const Location loc =
      answer.get("wrt") ? reader.where(*answer.get("wrt")) : reader.where(answer.self());
  if (a.wrt.size() != 1) {
    reader.fail(loc, fmt::format("a hessian with form: matrix needs one wrt variable, not {} "
                                 "({}); use form: quadratic",
                                 a.wrt.size(), join(a.wrt)));
  }
  const Variable* v = problem.find_variable(a.wrt.front());
  if (!variable_shape(*v).is_vector()) {
    reader.fail(loc, fmt::format("a hessian with form: matrix needs a column vector variable, "
                                 "but {} is {}; use form: quadratic",
                                 v->name, variable_shape(*v).to_string()));
  }
}

// One second direction's name: a new name of the formula language, and no differential.
void check_second_direction(const FieldReader& reader, const Problem& problem, const Field& f,
                            const std::string& name) {
  check_name(reader, problem, f, name, "second direction");
  for (const auto& [let, formula] : problem.lets) {
    if (let == name)
      reader.fail(f, fmt::format("second direction '{}' has the name of a let", name));
  }
  if (const Variable* v = problem.differential_of(name)) {
    reader.fail(f, fmt::format("second direction '{}' is the name of the differential of {}; "
                               "name it otherwise (as dY or hX), so that answers can tell the "
                               "two directions apart",
                               name, v->name));
  }
  for (const auto& [variable, other] : problem.answer.hessian.second_directions) {
    if (other == name)
      reader.fail(f, fmt::format("second direction '{}' is also that of {}", name, variable));
  }
}

// second_direction: dY (one wrt variable) or {X: dY, y: hy}: what answers of a bilinear form
// d²F[dX, dY] call each wrt variable's second direction.
void read_second_direction(const FieldReader& reader, Problem& problem, const FieldMap& answer) {
  Answer& a = problem.answer;
  const auto f = answer.get("second_direction");
  if (a.hessian.form != HessianForm::bilinear) {
    if (f) {
      reader.fail(*f, fmt::format("{} is used only by form: bilinear (d²F[dX, dY])", f->path));
    }
    return;
  }
  if (!f) {
    reader.fail(answer.get("form") ? *answer.get("form") : answer.self(),
                fmt::format("a hessian with form: bilinear needs second_direction: the name "
                            "answers give the second direction of {} (as in second_direction: "
                            "dY, for d²F[dX, dY])",
                            join(a.wrt)));
  }
  if (f->value.IsScalar()) {
    if (a.wrt.size() != 1) {
      reader.fail(*f, fmt::format("{} must map each wrt variable to the name of its second "
                                  "direction, as in {{{}: h{}}}",
                                  f->path, a.wrt.front(), a.wrt.front()));
    }
    const std::string name = reader.read_string(*f);
    check_second_direction(reader, problem, *f, name);
    a.hessian.second_directions[a.wrt.front()] = name;
    return;
  }
  const FieldMap m(reader, *f, {}, ", as in {X: dY}");
  for (const Field& entry : m.entries()) {
    const std::string variable = entry.key.Scalar();
    if (std::find(a.wrt.begin(), a.wrt.end(), variable) == a.wrt.end()) {
      reader.fail(
          reader.at(entry.key.Mark()),
          fmt::format("{} names '{}', which is not in wrt ({})", f->path, variable, join(a.wrt)));
    }
    const std::string name = reader.read_string(entry);
    check_second_direction(reader, problem, entry, name);
    a.hessian.second_directions[variable] = name;
  }
  for (const auto& variable : a.wrt) {
    if (a.hessian.second_directions.count(variable) == 0)
      reader.fail(*f,
                  fmt::format("{} has no name for the second direction of {}", f->path, variable));
  }
}

}  // namespace

// form: matrix | quadratic | bilinear (hessian).
void read_hessian_form(const FieldReader& reader, Answer& a, const Field& form) {
  const std::string s = reader.read_string(form);
  if (s == "matrix") {
    a.hessian.form = HessianForm::matrix;
  } else if (s == "quadratic") {
    a.hessian.form = HessianForm::quadratic;
  } else if (s == "bilinear") {
    a.hessian.form = HessianForm::bilinear;
  } else {
    reader.fail(form,
                fmt::format("{} must be matrix, quadratic or bilinear, not '{}'", form.path, s));
  }
}

void read_hessian_fields(const FieldReader& reader, Problem& problem, const FieldMap& answer) {
  if (problem.answer.hessian.form == HessianForm::matrix) {
    check_hessian_matrix(reader, problem, answer);
  }
  read_second_direction(reader, problem, answer);
}

}  // namespace grader::spec::detail
