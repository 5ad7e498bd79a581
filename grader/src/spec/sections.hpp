#pragma once
// The sections of a problem spec, each read by free functions over the YAML field reader
// (field_reader.hpp) into the problem read so far: the rules of a spec, where the reader
// knows only YAML. loader.cpp reads the top level and calls them in order; a section that
// fails throws SpecError (or Skipped, its errors recorded), and the loader goes on with the
// sections that do not depend on it.

#include <string>
#include <vector>

#include "field_reader.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/parser.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/spec/problem.hpp"

namespace grader::spec::detail {

// --- the schema --------------------------------------------------------------------------

const std::vector<std::string>& top_fields();
const std::vector<std::string>& answer_fields();
const std::vector<std::string>& check_fields();

constexpr long kMaxSize = 1000;  // largest dimension (Limits::max_dimension)

// --- formulas and names (formula_checks.cpp) ---------------------------------------------

// A FormulaError from a spec formula, as a SpecError at the diagnostic's position; `path`
// names the field ("answer.reference").
[[noreturn]] void fail_formula(const FieldReader& reader, const Problem& problem,
                               const expr::FormulaError& e, const std::string& path);
// Parses and shape-checks a formula of the spec in `env`: its shape.
expr::Shape check_formula(const FieldReader& reader, const Problem& problem,
                          const FormulaText& formula, const expr::ShapeEnv& env,
                          const std::string& path);
// Parses and checks only that every name is known (an answer may be wrong, but must be
// a formula in the names of the problem).
void check_names(const FieldReader& reader, const Problem& problem, const FormulaText& formula,
                 const expr::ShapeEnv& env, const std::string& path);
// A name a spec declares (`what`: "dimension", "variable", "let"): an identifier of the
// formula language, not reserved, not taken by a dimension or variable.
void check_name(const FieldReader& reader, const Problem& problem, const Field& f,
                const std::string& name, const std::string& what);
bool is_cpp_identifier(const std::string& name);
// ns::name: identifiers joined by "::".
bool is_cpp_qualified_name(const std::string& name);

// --- inputs: dims, shapes, variables, lets, require (inputs_section.cpp) -----------------

void read_dims(FieldReader& reader, Problem& problem, const Field& f);
// A shape: [] scalar, [n] column vector, [n, m] matrix, in the dims read so far.
std::vector<ShapeEntry> read_shape(const FieldReader& reader, const Problem& problem,
                                   const Field& shape);
void read_variables(FieldReader& reader, Problem& problem, const Field& f);
void read_lets(FieldReader& reader, Problem& problem, const Field& f);
void read_require(FieldReader& reader, Problem& problem, const Field& f);
// After the answer: a `gradient: tangent` variable is one the answer is a gradient wrt.
void check_tangent_gradients(const FieldReader& reader, const Problem& problem);

// --- the answer (answer_section.cpp) -----------------------------------------------------

// answer: with its kind's fields, and the function F it needs. `top` is the top level, where
// function is, and fields a choice problem has no use for.
void read_answer(FieldReader& reader, Problem& problem, const FieldMap& top);

// --- a Hessian answer (hessian_section.cpp) ----------------------------------------------

// form: matrix | quadratic | bilinear, into a.hessian.form.
void read_hessian_form(const FieldReader& reader, Answer& a, const Field& form);
// After wrt and F: a Hessian matrix's one vector variable; a bilinear form's
// second_direction (answer.hessian.second_directions), before the reference uses them.
void read_hessian_fields(const FieldReader& reader, Problem& problem, const FieldMap& answer);

// --- a choice answer (choice_section.cpp) ------------------------------------------------

// options, correct, explanation, option_feedback, scoring.
void read_choice(const FieldReader& reader, ChoiceAnswer& c, const FieldMap& answer);

// --- feedback: examples, mistakes, partial credit (feedback_section.cpp) -----------------

void read_examples(FieldReader& reader, Problem& problem, const Field& f);
void read_mistakes(FieldReader& reader, Problem& problem, const Field& f);
void read_feedback(FieldReader& reader, Problem& problem, const Field& f);
void read_partial_credit(FieldReader& reader, Problem& problem, const Field& f);

}  // namespace grader::spec::detail
