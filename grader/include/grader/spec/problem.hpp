#pragma once
// The model of a problem spec: what problems/<id>.yaml says, after loading and validation.
// Plain data; the YAML loader (spec/loader.hpp) builds it and names file, line and column
// for every error. The schema is documented field by field in problems/README.md.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "grader/expr/parser.hpp"
#include "grader/expr/shape.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/spec/diagnosis.hpp"
#include "grader/spec/property.hpp"

namespace grader::spec {

// Where something was written: file, 1-based line and column (0 when unknown).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

// A formula as written in a spec, with the position of its first character, so that a
// diagnostic about it points into the YAML file.
struct FormulaText {
  std::string text;
  Location where;
};

// dims: {n: [2, 5]}: each trial draws n uniformly from [lo, hi].
struct DimRange {
  std::string name;
  long lo = 1;
  long hi = 1;
};

// One entry of a shape: a dimension name from `dims`, or a fixed size.
struct ShapeEntry {
  std::string name;  // empty for a fixed size
  long size = 0;     // the fixed size when name is empty
};

struct Variable {
  std::string name;
  std::vector<ShapeEntry> shape;  // [] scalar, [n] column vector, [n, m] matrix
  bool constant = false;          // fixed input: no differential
  std::vector<Property> properties;
  std::optional<std::pair<double, double>> range;  // entries uniform in [lo, hi]
  std::optional<FormulaText> value;                // a fixed value instead of a random draw
  Location where;
  // `gradient: tangent`: a gradient with respect to this (restricted) variable must lie in
  // its tangent space (the Riemannian gradient), not only agree on the allowed directions.
  bool tangent_gradient = false;
  Location gradient_where;  // where `gradient:` is written

  bool has(Property property) const;  // whether `property` is among `properties`
};

enum class AnswerKind { differential, gradient, jacobian, hessian, value, choice, code };
const char* to_string(AnswerKind kind);  // as written in YAML: "differential"
// Every kind, in the order of the enum (the order "one of:" lists them).
std::span<const AnswerKind> answer_kinds();
// The kind written `name` in YAML, if any.
std::optional<AnswerKind> answer_kind_named(std::string_view name);

// form: matrix (H with d²F[u, v] = u'Hv), quadratic (d²F[dX, dX]) or bilinear (d²F[dX, dY]).
enum class HessianForm { matrix, quadratic, bilinear };

// How a wrong choice answer is scored (docs/choice-problems.md): no points, or, for a
// select-all question, per option: each option the student judged right (chose a right one,
// left out a wrong one) counts +1, each misjudged one -1, and the score is
// max(0, (right - wrong) / options) of the points.
enum class ChoiceScoring { all_or_nothing, per_option };
const char* to_string(ChoiceScoring scoring);  // as written in YAML: "per-option"

// A student's (or an example's) answer: one formula or letter(s), or, for a gradient with
// several `wrt` variables, one formula per variable. A choice answer of several letters is
// kept in `single` joined by ", " in the order written ("a, c").
struct AnswerText {
  std::string single;                        // used when `parts` is empty
  std::map<std::string, std::string> parts;  // variable -> formula
  Location where;                            // where it was written, if in a file
};

// C++ in the reference folder (reference/ beside problems/; code/reference_api.hpp): a header
// and a function template in it over the scalar type, standing for a formula: the problem's
// function F ({cpp: FILE, entry: NAME, shape: [n]}) or its reference ({cpp: FILE, entry: NAME}).
struct CppSource {
  std::string file;               // relative to the reference folder: "lecture06/ode-linear.hpp"
  std::string entry;              // the template, qualified as in C++: "ode_linear::loss"
  std::vector<ShapeEntry> shape;  // F's shape ([] scalar); unused for a reference
  // The reference folder, when the problem was loaded from a problems folder (then the file
  // was found there); empty for a spec loaded from text.
  std::string folder;
  Location where;  // where `cpp:` was written

  // "lecture06/ode-linear.hpp: ode_linear::loss", as shown to authors and students.
  std::string describe() const { return file + ": " + entry; }
};

// A code answer (kind: code): the student writes a C++ function (or a program speaking the
// protocol of code/protocol.hpp) that the grader calls on each trial's inputs.
struct CodeAnswer {
  std::string entry;                   // the C++ function the student defines
  std::vector<std::string> arguments;  // variables and lets passed, in order (and by name)
  std::vector<ShapeEntry> returns;  // the result's shape: [] double, [n] VectorXd, [n, m] MatrixXd
  std::string call;                 // the C++ call; default entry(arguments...)
  std::string prelude;              // C++ compiled before the student's file (may be empty)
  // The reference is this derivative (gradient, jacobian, or differential along the directions
  // dX, which arguments may pass) of Problem::function with respect to Answer::wrt: grader
  // validate checks it against the oracles, as for formula problems.
  std::optional<AnswerKind> derivative;
  Location where;
};

// A gradient's own field (kind: gradient).
struct GradientAnswer {
  // The inner product the gradient is taken in: a scalar formula in u and v ("u'*M*v");
  // none: the Frobenius one, sum(u .* v).
  std::optional<FormulaText> inner_product;
};

// A Hessian's own fields (kind: hessian): the matrix H, the quadratic form d²F[dX, dX], or
// the bilinear form d²F[dX, dY] (each a formula of F's shape but the matrix).
struct HessianAnswer {
  HessianForm form = HessianForm::matrix;
  // bilinear: the name of each wrt variable's second direction, as answers write it
  // (X -> dY for d²F[dX, dY]); declared like a differential, bound to the trial's second
  // direction. Empty for the other forms.
  std::map<std::string, std::string> second_directions;
};

// A choice answer (kind: choice): options named by letters, and the right one(s).
struct ChoiceAnswer {
  std::map<std::string, std::string> options;  // letter -> text
  std::vector<std::string> correct;            // the right letter(s)
  bool select_all = false;                     // `correct` written as a list
  // letter -> words for a student who misjudged that option (chose it though it is wrong;
  // or, in a select-all question, left it out though it is right).
  std::map<std::string, std::string> option_feedback;
  ChoiceScoring scoring = ChoiceScoring::all_or_nothing;
  std::string explanation;  // shown on a pass; on a wrong answer where feedback allows
};

struct Answer {
  AnswerKind kind = AnswerKind::differential;

  // What several kinds have.
  // The varied variables (default: every non-constant one). The loader fills in the default,
  // so it is never empty for differential, gradient, jacobian and hessian; empty otherwise.
  std::vector<std::string> wrt;
  // The reference: a formula (key ""), or one formula per variable for a multi-variable
  // gradient; or C++ in the reference folder (then `reference` is empty).
  std::map<std::string, FormulaText> reference;
  std::optional<CppSource> cpp_reference;
  double tolerance = 1e-6;  // value, code: relative tolerance (code: 1e-8 by default)

  // What one kind has, in a type of its own; left at its default for the other kinds.
  GradientAnswer gradient;         // gradient
  HessianAnswer hessian;           // hessian
  ChoiceAnswer choice;             // choice
  std::optional<CodeAnswer> code;  // code
};

// check: {...}. Every default is documented in problems/README.md.
struct CheckOptions {
  int trials = 5;               // random points (and directions) per answer
  int max_redraws = 50;         // draws rejected by `require` or a domain error, per trial
  double rtol = 1e-20;          // relative tolerance of the 50-digit comparison
  double max_condition = 1e6;   // redraw inputs whose square matrices are worse conditioned
  double min_eigen_gap = 1e-3;  // relative gap for distinct-eigenvalues
};

struct Mistake {
  AnswerText answer;
  std::string feedback;
  std::optional<double> credit;  // partial credit, a fraction of the points in [0, 1)
  // What kind of mistake it is (chain-rule, extra-term, ...; any key but `mistake`): the
  // report's diagnosis when it matches, in place of a generic one.
  std::optional<DiagnosisKey> kind;
};

// feedback: {reveal_reference: never | after_deadline | always, deadline: 2026-12-10T23:59Z}.
// Whether a failing answer's result may show the reference formula.
enum class Reveal { never, after_deadline, always };
struct FeedbackOptions {
  Reveal reveal_reference = Reveal::never;
  std::optional<std::int64_t> deadline;  // seconds since 1970 (UTC); set for after_deadline
  std::string deadline_text;             // as written

  // Whether the reference (and a choice problem's explanation) may be shown now, at `now`
  // seconds since 1970 (UTC).
  bool reveals_at(std::int64_t now) const;
};

struct Examples {
  std::vector<AnswerText> accept;
  std::vector<AnswerText> reject;
};

struct Problem {
  std::string id;    // path under the problems folder without .yaml: lecture01/xax
  std::string file;  // the YAML file it was loaded from
  int lecture = 0;
  int part = 0;
  std::string title;
  std::string statement;  // Markdown
  double points = 1.0;
  std::vector<std::string> tags;
  std::vector<DimRange> dims;
  std::vector<Variable> variables;
  std::vector<std::pair<std::string, FormulaText>> lets;  // in order; later may use earlier
  std::optional<FormulaText> function;                    // F; absent for value/choice
  std::optional<CppSource> function_cpp;                  // F in C++ (then `function` is empty)
  Answer answer;
  std::vector<FormulaText> require;  // must evaluate to a positive scalar at every draw
  CheckOptions check;
  Examples examples;
  std::vector<Mistake> mistakes;
  FeedbackOptions feedback;
  // partial_credit: {sign: 0.5, transpose: 0.5}: the fraction of the points a wrong answer
  // with that diagnosis earns (off by default: a wrong answer earns 0).
  std::map<DiagnosisKey, double> partial_credit;

  // Whether the problem has a function F, as a formula or in C++.
  bool has_function() const { return function || function_cpp; }
  const Variable* find_variable(std::string_view name) const;
  // The variable whose differential `name` is (dX -> X), or nullptr when it is none.
  const Variable* differential_of(std::string_view name) const;
  // The reference formula(s) as a student would type them: one formula, or one per variable.
  AnswerText reference_as_answer() const;
};

// The options a choice answer names, lowercased: "c, A" and "[a, c]" give {a, c}. Letters are
// separated by anything that is not a letter or digit; a longer word ("ab") is kept whole, so
// that it is reported as no option rather than read as two.
std::set<std::string> chosen_options(const AnswerText& answer);

// Parses a formula of a spec so that diagnostics point into the YAML file (the source is
// named after the file, with the formula's line and column as offsets).
expr::Formula parse_formula(const FormulaText& formula);

// The symbolic shape a variable is declared with.
expr::Shape variable_shape(const Variable& variable);

// The names a formula of this problem may use, with symbolic shapes: dimension names,
// variables (role variable or constant), lets (role value); with `with_differentials`, also
// dX (role differential) for every varied variable, and a bilinear form's second directions.
expr::ShapeEnv formula_env(const Problem& problem, bool with_differentials);

// The shape an answer must have: differential and hessian/quadratic, hessian/bilinear -> the
// shape of F; gradient -> the shape of the variable `part` (or of the only
// wrt variable); jacobian -> (entries of F)×(entries of all wrt variables); hessian/matrix ->
// n×n for the vector variable; value -> the shape of the reference.
expr::Shape expected_shape(const Problem& problem, const std::string& part = "");

// Whether answers of this kind are written in the differentials (differential, the quadratic
// and bilinear forms of a hessian, and a code problem whose derivative is a differential: its
// reference, and its arguments, may use the directions dX).
bool uses_differentials(const Problem& problem);

}  // namespace grader::spec
