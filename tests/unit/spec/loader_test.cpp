#define BOOST_TEST_MODULE spec_loader
#include "grader/spec/loader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "grader/expr/diagnostic.hpp"

using namespace grader::spec;
namespace fs = std::filesystem;
using grader::expr::Dim;
using grader::expr::NameRole;
using grader::expr::Shape;

namespace {

// A valid differential problem. Line numbers, for the positions in the tests:
//  1 id   2 title   3 dims   4 variables   5 X   6 A   7 function   8 answer   9 kind
// 10 reference. Tests append lines 11, 12, ... or replace a piece of it.
const std::string kBase = R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: X*A*X
answer:
  kind: differential
  reference: dX*A*X + X*A*dX
)y";

// A gradient in two vectors; line 10 is the reference.
const std::string kTwoGradient = R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  y: {shape: [n]}
function: x'*y
answer:
  kind: gradient
  reference: {x: y, y: x}
)y";

// A choice; lines: 3 answer, 4 kind, 5 options, 6 correct.
const std::string kChoice = R"y(id: p
title: T
answer:
  kind: choice
  options: {a: Yes, b: No}
  correct: b
)y";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  BOOST_REQUIRE_MESSAGE(pos != std::string::npos, "not in the spec: " + from);
  text.replace(pos, from.size(), to);
  return text;
}

// what() of the SpecError the spec raises, or "loaded".
std::string error_of(const std::string& yaml, const std::string& expected_id = "p") {
  try {
    load_problem_text(yaml, "p.yaml", expected_id);
  } catch (const SpecError& e) {
    return e.what();
  }
  return "loaded";
}

Problem load(const std::string& yaml) {
  return load_problem_text(yaml, "p.yaml", "p");
}

// A fresh temporary folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("grader_spec_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& relative, const std::string& text) const {
    const fs::path file = path / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
};

std::string spec_with_id(const std::string& id) {
  return with(kBase, "id: p", "id: " + id);
}

const Dim n = Dim::symbol("n");
const Dim one = Dim::constant(1);

}  // namespace

// --- SpecError -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(spec_error_prefixes_file_line_and_column) {
  const SpecError e(Location{"a.yaml", 3, 7}, "bad");
  BOOST_TEST(std::string(e.what()) == "a.yaml:3:7: bad");
  BOOST_TEST(e.message() == "bad");
  BOOST_TEST(e.where().line == 3);
  BOOST_TEST((e.exit_code() == grader::ExitCode::bad_input));
  BOOST_TEST(std::string(SpecError(Location{"a.yaml", 0, 0}, "bad").what()) == "a.yaml: bad");
  BOOST_TEST(std::string(SpecError(Location{}, "bad").what()) == "bad");
}

// --- model helpers ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(properties_and_kinds_print_as_written_in_yaml) {
  const std::vector<std::pair<Property, std::string>> properties = {
      {Property::symmetric, "symmetric"},
      {Property::skew_symmetric, "skew-symmetric"},
      {Property::positive_definite, "positive-definite"},
      {Property::invertible, "invertible"},
      {Property::orthogonal, "orthogonal"},
      {Property::diagonal, "diagonal"},
      {Property::upper_triangular, "upper-triangular"},
      {Property::lower_triangular, "lower-triangular"},
      {Property::positive, "positive"},
      {Property::unit, "unit"},
      {Property::distinct_eigenvalues, "distinct-eigenvalues"},
      {Property::full_rank, "full-rank"}};
  for (const auto& [p, text] : properties) BOOST_TEST(to_string(p) == text);
  const std::vector<std::pair<AnswerKind, std::string>> kinds = {
      {AnswerKind::differential, "differential"},
      {AnswerKind::gradient, "gradient"},
      {AnswerKind::jacobian, "jacobian"},
      {AnswerKind::hessian, "hessian"},
      {AnswerKind::value, "value"},
      {AnswerKind::choice, "choice"}};
  for (const auto& [k, text] : kinds) BOOST_TEST(to_string(k) == text);
}

BOOST_AUTO_TEST_CASE(variable_shapes_are_scalar_column_or_matrix) {
  Variable v;
  BOOST_TEST(variable_shape(v).to_string() == "1×1");
  v.shape = {ShapeEntry{"n", 0}};
  BOOST_TEST(variable_shape(v).to_string() == "n×1");
  v.shape = {ShapeEntry{"n", 0}, ShapeEntry{"", 3}};
  BOOST_TEST(variable_shape(v).to_string() == "n×3");
}

BOOST_AUTO_TEST_CASE(parse_formula_offsets_positions_into_the_file) {
  const FormulaText text{"X +\nY", Location{"f.yaml", 4, 12}};
  const auto formula = parse_formula(text);
  BOOST_TEST(formula.source().name() == "f.yaml");
  BOOST_TEST(formula.source().position(0).line == 4u);
  BOOST_TEST(formula.source().position(0).column == 12u);
  BOOST_TEST(formula.source().position(4).line == 5u);  // Y, on the next line
  BOOST_TEST(formula.source().position(4).column == 1u);
  // Without a location, the source is called "formula" and starts at 1:1.
  const auto plain = parse_formula(FormulaText{"X", {}});
  BOOST_TEST(plain.source().name() == "formula");
  BOOST_TEST(plain.source().position(0).column == 1u);
}

BOOST_AUTO_TEST_CASE(find_variable_finds_by_name) {
  const Problem p = load(kBase);
  BOOST_REQUIRE(p.find_variable("A") != nullptr);
  BOOST_TEST(p.find_variable("A")->constant);
  BOOST_TEST(p.find_variable("Z") == nullptr);
}

BOOST_AUTO_TEST_CASE(formula_env_declares_dims_variables_lets_and_differentials) {
  const Problem p = load(kBase + "let: {v: \"X[:, 1]\"}\n");
  const auto env = formula_env(p, false);
  BOOST_TEST(env.names() == (std::vector<std::string>{"A", "X", "n", "v"}),
             boost::test_tools::per_element());
  BOOST_TEST((env.find("n")->role == NameRole::dimension));
  BOOST_TEST((env.find("X")->role == NameRole::variable));
  BOOST_TEST((env.find("A")->role == NameRole::constant));
  BOOST_TEST((env.find("v")->role == NameRole::value));
  BOOST_TEST(env.find("v")->shape.to_string() == "n×1");
  const auto with_d = formula_env(p, true);
  BOOST_REQUIRE(with_d.find("dX") != nullptr);
  BOOST_TEST((with_d.find("dX")->role == NameRole::differential));
  BOOST_TEST(with_d.find("dX")->shape.to_string() == "n×n");
  BOOST_TEST(with_d.find("dA") == nullptr);
}

BOOST_AUTO_TEST_CASE(formula_env_gives_differentials_only_for_wrt_variables) {
  const Problem p =
      load(with(kBase, "  kind: differential\n", "  kind: differential\n  wrt: [X]\n"));
  BOOST_TEST(p.answer.wrt == (std::vector<std::string>{"X"}), boost::test_tools::per_element());
  Problem q = load(with(kBase, "  A: {shape: [n, n], constant: true}", "  A: {shape: [n, n]}"));
  BOOST_TEST(q.answer.wrt == (std::vector<std::string>{"X", "A"}),
             boost::test_tools::per_element());
  q.answer.wrt = {"A"};
  const auto env = formula_env(q, true);
  BOOST_TEST(env.find("dA") != nullptr);
  BOOST_TEST(env.find("dX") == nullptr);
}

// --- successful loads ------------------------------------------------------------------------

// The example of the issue, comments and all.
const std::string kIssueExample =
    R"y(id: lecture01/xax                   # equals the file's path under the problems folder, without .yaml
lecture: 1
part: 1
title: Differential of F(X) = XAX
statement: |                        # Markdown shown to students
  Let A be a fixed matrix. Find dF for F(X) = XAX in terms of X, A and dX.
points: 1
tags: [course-exercise]
dims: {n: [2, 5]}                   # each trial draws every dimension from its range
variables:
  X: {shape: [n, n]}                # [] scalar, [n] column vector, [n, m] matrix
  A: {shape: [n, n], constant: true}
  S: {shape: [n, n], properties: [symmetric, positive-definite]}
let: {}                             # optional named quantities the answer may use, e.g. {v: "eigvecs(S)[:, 1]"}
function: X*A*X                     # the map F, in the formula language
answer:
  kind: differential                # differential | gradient | jacobian | hessian | value | choice
  wrt: [X]                          # the variables that vary (default: every non-constant one)
  reference: dX*A*X + X*A*dX        # a formula, or {cpp: FILE, entry: NAME}; for a gradient with several wrt: a map var -> formula
require: ["det(X)^2"]               # optional: must be positive at a draw
check: {trials: 5}                  # optional; every default documented
examples:                           # the author's self-tests, run by `grader validate`
  accept: ["dX*A*X + X*A*dX", "X*(A*dX) + (dX*A)*X"]
  reject: ["2*X*A*dX", "dX*A*X", "X*A*dX"]
mistakes:                           # recognised wrong answers and the feedback they get
  - answer: 2*X*A*dX
    feedback: Matrix products do not commute; dX*A*X and X*A*dX are different matrices.
)y";

BOOST_AUTO_TEST_CASE(loads_the_issue_example_with_every_field) {
  const Problem p =
      load_problem_text(kIssueExample, "problems/lecture01/xax.yaml", "lecture01/xax");
  BOOST_TEST(p.id == "lecture01/xax");
  BOOST_TEST(p.file == "problems/lecture01/xax.yaml");
  BOOST_TEST(p.lecture == 1);
  BOOST_TEST(p.part == 1);
  BOOST_TEST(p.title == "Differential of F(X) = XAX");
  BOOST_TEST(p.statement ==
             "Let A be a fixed matrix. Find dF for F(X) = XAX in terms of X, A and dX.\n");
  BOOST_TEST(p.points == 1.0);
  BOOST_TEST(p.tags == (std::vector<std::string>{"course-exercise"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(p.dims.size() == 1u);
  BOOST_TEST(p.dims[0].name == "n");
  BOOST_TEST(p.dims[0].lo == 2);
  BOOST_TEST(p.dims[0].hi == 5);
  BOOST_REQUIRE(p.variables.size() == 3u);
  BOOST_TEST(p.variables[0].name == "X");
  BOOST_TEST(!p.variables[0].constant);
  BOOST_TEST(p.variables[0].where.line == 11);
  BOOST_TEST(p.variables[0].where.column == 3);
  BOOST_TEST(p.variables[1].name == "A");
  BOOST_TEST(p.variables[1].constant);
  BOOST_TEST(p.variables[2].name == "S");
  BOOST_TEST((p.variables[2].properties ==
              std::vector<Property>{Property::symmetric, Property::positive_definite}));
  BOOST_TEST(variable_shape(p.variables[2]).to_string() == "n×n");
  BOOST_TEST(p.lets.empty());
  BOOST_REQUIRE(p.function.has_value());
  BOOST_TEST(p.function->text == "X*A*X");
  BOOST_TEST(p.function->where.line == 15);
  BOOST_TEST(p.function->where.column == 11);
  BOOST_TEST((p.answer.kind == AnswerKind::differential));
  BOOST_TEST(p.answer.wrt == (std::vector<std::string>{"X"}), boost::test_tools::per_element());
  BOOST_REQUIRE(p.answer.reference.count("") == 1u);
  BOOST_TEST(p.answer.reference.at("").text == "dX*A*X + X*A*dX");
  BOOST_TEST(p.answer.reference.at("").where.line == 19);
  BOOST_TEST(p.answer.reference.at("").where.column == 14);
  BOOST_TEST(!p.answer.cpp_reference.has_value());
  BOOST_REQUIRE(p.require.size() == 1u);
  BOOST_TEST(p.require[0].text == "det(X)^2");
  BOOST_TEST(p.require[0].where.column == 12);  // after the quote
  BOOST_TEST(p.check.trials == 5);
  BOOST_REQUIRE(p.examples.accept.size() == 2u);
  BOOST_TEST(p.examples.accept[1].single == "X*(A*dX) + (dX*A)*X");
  BOOST_TEST(p.examples.accept[1].where.line == 23);
  BOOST_TEST(p.examples.accept[1].where.column == 32);
  BOOST_REQUIRE(p.examples.reject.size() == 3u);
  BOOST_TEST(p.examples.reject[2].single == "X*A*dX");
  BOOST_REQUIRE(p.mistakes.size() == 1u);
  BOOST_TEST(p.mistakes[0].answer.single == "2*X*A*dX");
  BOOST_TEST(p.mistakes[0].feedback ==
             "Matrix products do not commute; dX*A*X and X*A*dX are different matrices.");
  BOOST_TEST(expected_shape(p).to_string() == "n×n");
  BOOST_TEST(uses_differentials(p));
}

BOOST_AUTO_TEST_CASE(defaults_fill_every_optional_field) {
  const Problem p = load(kBase);
  const CheckOptions defaults;
  BOOST_TEST(p.lecture == 0);
  BOOST_TEST(p.part == 0);
  BOOST_TEST(p.points == 1.0);
  BOOST_TEST(p.statement.empty());
  BOOST_TEST(p.tags.empty());
  BOOST_TEST(p.lets.empty());
  BOOST_TEST(p.require.empty());
  BOOST_TEST(p.examples.accept.empty());
  BOOST_TEST(p.mistakes.empty());
  BOOST_TEST(p.check.trials == 5);
  BOOST_TEST(p.check.max_redraws == 50);
  BOOST_TEST(p.check.rtol == 1e-20);
  BOOST_TEST(p.check.max_condition == 1e6);
  BOOST_TEST(p.check.min_eigen_gap == 1e-3);
  BOOST_TEST(p.check.trials == defaults.trials);
  // wrt defaults to every non-constant variable.
  BOOST_TEST(p.answer.wrt == (std::vector<std::string>{"X"}), boost::test_tools::per_element());
  BOOST_TEST((p.answer.hessian.form == HessianForm::matrix));
  BOOST_TEST(p.answer.tolerance == 1e-6);
  BOOST_TEST(!p.answer.gradient.inner_product.has_value());
  BOOST_TEST(!p.variables[0].range.has_value());
  BOOST_TEST(!p.variables[0].value.has_value());
  BOOST_TEST(p.variables[0].properties.empty());
}

BOOST_AUTO_TEST_CASE(reads_every_check_option) {
  const Problem p = load(kBase +
                         "check: {trials: 7, max_redraws: 0, rtol: 1e-15, max_condition: 1e4, "
                         "min_eigen_gap: 0.01}\n");
  BOOST_TEST(p.check.trials == 7);
  BOOST_TEST(p.check.max_redraws == 0);
  BOOST_TEST(p.check.rtol == 1e-15);
  BOOST_TEST(p.check.max_condition == 1e4);
  BOOST_TEST(p.check.min_eigen_gap == 0.01);
}

BOOST_AUTO_TEST_CASE(reads_variable_ranges_values_and_properties) {
  const Problem p = load(R"y(id: p
title: T
dims: {n: [3, 3], m: [1, 4]}
variables:
  X: {shape: [n, m], range: [0.5, 2], properties: [full-rank]}
  Q: {shape: [n, n], properties: [orthogonal]}
  u: {shape: [n], properties: [unit, positive]}
  K: {shape: [4, 4], properties: [skew-symmetric, invertible]}
  A: {shape: [2, 2], value: "[1 2; 3 4]"}
  B: {shape: [n, n], value: I(n), constant: true}
function: Q*X + u*ones(1, m) + 0*X
answer: {kind: jacobian, wrt: [X, u], reference: "[kron(I(m), Q) kron(ones(m), I(n))]"}
)y");
  const Variable& X = *p.find_variable("X");
  BOOST_REQUIRE(X.range.has_value());
  BOOST_TEST(X.range->first == 0.5);
  BOOST_TEST(X.range->second == 2.0);
  BOOST_TEST((X.properties == std::vector<Property>{Property::full_rank}));
  BOOST_TEST(variable_shape(X).to_string() == "n×m");
  const Variable& A = *p.find_variable("A");
  BOOST_TEST(A.constant);  // a value makes it constant
  BOOST_REQUIRE(A.value.has_value());
  BOOST_TEST(A.value->text == "[1 2; 3 4]");
  BOOST_TEST(A.value->where.line == 9);
  BOOST_TEST(A.value->where.column == 30);
  BOOST_TEST(variable_shape(A).to_string() == "2×2");
  BOOST_TEST(p.find_variable("B")->constant);
  BOOST_TEST(p.find_variable("u")->properties.size() == 2u);
  BOOST_TEST((p.answer.kind == AnswerKind::jacobian));
  // (entries of F) × (entries of X + entries of u)
  const Dim m = Dim::symbol("m");
  BOOST_TEST((expected_shape(p) == Shape::matrix(n * m, n * m + n)));
  BOOST_TEST(!uses_differentials(p));
}

BOOST_AUTO_TEST_CASE(loads_a_gradient_with_inner_product_and_lets) {
  const Problem p = load(R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  M: {shape: [n, n], constant: true, properties: [positive-definite]}
let: {w: M*x, s: "w'*x"}
function: x'*M*x
answer:
  kind: gradient
  reference: x
  inner_product: "u'*M*v"
examples:
  accept: [x, "M\\(M*x)"]
  reject: [2*w, "x'"]
)y");
  BOOST_TEST((p.answer.kind == AnswerKind::gradient));
  BOOST_REQUIRE(p.lets.size() == 2u);
  BOOST_TEST(p.lets[0].first == "w");
  BOOST_TEST(p.lets[1].first == "s");
  BOOST_TEST(p.lets[1].second.text == "w'*x");
  BOOST_REQUIRE(p.answer.gradient.inner_product.has_value());
  BOOST_TEST(p.answer.gradient.inner_product->text == "u'*M*v");
  BOOST_TEST(p.answer.gradient.inner_product->where.line == 12);
  BOOST_TEST(p.answer.gradient.inner_product->where.column == 19);
  BOOST_TEST(expected_shape(p).to_string() == "n×1");
  BOOST_TEST(p.examples.accept[1].single == "M\\(M*x)");
  BOOST_TEST(p.examples.reject.size() == 2u);  // "x'" has the wrong shape, but may be a reject
  BOOST_TEST(!uses_differentials(p));
}

BOOST_AUTO_TEST_CASE(loads_a_gradient_in_several_variables) {
  const Problem p = load(kTwoGradient +
                         "examples:\n  accept: [{x: y, y: x}]\n"
                         "mistakes:\n  - answer: {x: x, y: y}\n    feedback: swapped\n");
  BOOST_TEST(p.answer.wrt == (std::vector<std::string>{"x", "y"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.answer.reference.size() == 2u);
  BOOST_TEST(p.answer.reference.at("x").text == "y");
  BOOST_TEST(p.answer.reference.at("y").where.line == 10);
  BOOST_TEST(p.answer.reference.at("y").where.column == 24);
  BOOST_TEST(expected_shape(p, "y").to_string() == "n×1");
  BOOST_REQUIRE(p.examples.accept.size() == 1u);
  BOOST_TEST(p.examples.accept[0].single.empty());
  BOOST_TEST(p.examples.accept[0].parts.at("x") == "y");
  BOOST_TEST(p.examples.accept[0].parts.at("y") == "x");
  BOOST_TEST(p.mistakes[0].answer.parts.at("x") == "x");
  BOOST_TEST(p.mistakes[0].feedback == "swapped");
}

BOOST_AUTO_TEST_CASE(loads_a_hessian_matrix) {
  const Problem p = load(R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true}
function: x'*A*x
answer: {kind: hessian, reference: A + A'}
)y");
  BOOST_TEST((p.answer.kind == AnswerKind::hessian));
  BOOST_TEST((p.answer.hessian.form == HessianForm::matrix));
  BOOST_TEST(expected_shape(p).to_string() == "n×n");
  BOOST_TEST(!uses_differentials(p));
}

BOOST_AUTO_TEST_CASE(loads_a_hessian_quadratic_form) {
  const Problem p = load(R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: tr(X'*A*X)
answer:
  kind: hessian
  form: quadratic
  reference: 2*tr(dX'*A*dX)
examples: {reject: [tr(dX'*A*dX)]}
)y");
  BOOST_TEST((p.answer.hessian.form == HessianForm::quadratic));
  BOOST_TEST(expected_shape(p).to_string() == "1×1");
  BOOST_TEST(uses_differentials(p));
}

BOOST_AUTO_TEST_CASE(loads_a_value_problem_without_function) {
  const Problem p = load(R"y(id: p
title: T
variables:
  A: {shape: [2, 2], value: "[2 1; 1 2]"}
answer: {kind: value, reference: "det(A)", tolerance: 1e-3}
examples: {accept: ["3"], reject: ["[1 2]"]}
)y");
  BOOST_TEST((p.answer.kind == AnswerKind::value));
  BOOST_TEST(!p.function.has_value());
  BOOST_TEST(p.answer.tolerance == 1e-3);
  BOOST_TEST(p.answer.wrt.empty());
  BOOST_TEST(expected_shape(p).to_string() == "1×1");
  BOOST_TEST(p.examples.accept[0].single == "3");
}

BOOST_AUTO_TEST_CASE(loads_a_choice_with_several_correct_options) {
  const Problem p = load(R"y(id: p
title: T
statement: Which are linear?
answer:
  kind: choice
  options: {a: "F(X) = AX", b: "F(X) = X'X", c: "F(X) = tr(X)"}
  correct: [a, c]
  explanation: Both are linear maps.
examples:
  accept: [[a, c]]
  reject: [a, "b"]
mistakes:
  - answer: b
    feedback: X'X is quadratic in X.
)y");
  BOOST_TEST((p.answer.kind == AnswerKind::choice));
  BOOST_TEST(p.answer.choice.options.size() == 3u);
  BOOST_TEST(p.answer.choice.options.at("b") == "F(X) = X'X");
  BOOST_TEST(p.answer.choice.correct == (std::vector<std::string>{"a", "c"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.answer.choice.explanation == "Both are linear maps.");
  BOOST_TEST(p.examples.accept[0].single == "a, c");
  BOOST_TEST(p.examples.reject[1].single == "b");
  BOOST_TEST(p.mistakes[0].answer.single == "b");
  BOOST_TEST(!p.function.has_value());
  BOOST_TEST(p.answer.reference.empty());
}

BOOST_AUTO_TEST_CASE(a_choice_with_one_correct_letter) {
  const Problem p = load(kChoice);
  BOOST_TEST(p.answer.choice.correct == (std::vector<std::string>{"b"}),
             boost::test_tools::per_element());
  BOOST_TEST(p.answer.choice.options.at("a") == "Yes");
}

BOOST_AUTO_TEST_CASE(loads_a_cpp_reference) {
  const Problem p = load(with(kBase, "  reference: dX*A*X + X*A*dX",
                              "  reference: {cpp: lecture01/xax.hpp, entry: xax::reference}"));
  BOOST_REQUIRE(p.answer.cpp_reference.has_value());
  BOOST_TEST(p.answer.cpp_reference->file == "lecture01/xax.hpp");
  BOOST_TEST(p.answer.cpp_reference->entry == "xax::reference");
  BOOST_TEST(p.answer.cpp_reference->where.line == 10);
  BOOST_TEST(p.answer.cpp_reference->folder.empty());  // loaded from text: no folder
  BOOST_TEST(p.answer.reference.empty());
  // The entry defaults to `reference` (and F's to `function`).
  const Problem q = load(with(kBase, "  reference: dX*A*X + X*A*dX", "  reference: {cpp: x.hpp}"));
  BOOST_TEST(q.answer.cpp_reference->entry == "reference");
}

BOOST_AUTO_TEST_CASE(loads_a_cpp_function_with_its_shape) {
  const Problem p =
      load(with(kBase, "function: X*A*X", "function: {cpp: lecture01/xax.hpp, shape: [n, n]}"));
  BOOST_REQUIRE(p.function_cpp.has_value());
  BOOST_TEST(!p.function.has_value());
  BOOST_TEST(p.has_function());
  BOOST_TEST(p.function_cpp->entry == "function");
  BOOST_TEST(expected_shape(p).to_string() == "n×n");
}

BOOST_AUTO_TEST_CASE(error_cpp_function_of_the_wrong_shape) {
  BOOST_TEST(error_of(with(kTwoGradient, "function: x'*y", "function: {cpp: f.hpp, shape: [n]}")) ==
             "p.yaml:7:17: a gradient needs a scalar function, but function is n×1");
}

BOOST_AUTO_TEST_CASE(error_cpp_reference_of_a_gradient_in_several_variables) {
  BOOST_TEST(error_of(with(kTwoGradient, "reference: {x: y, y: x}", "reference: {cpp: g.hpp}")) ==
             "p.yaml:10:14: answer.reference in C++ cannot be a gradient in several variables "
             "(x, y): give one formula per variable, or ask for one variable at a time");
}

BOOST_AUTO_TEST_CASE(wrt_may_be_one_name_without_brackets) {
  const Problem p = load(with(kBase, "  kind: differential\n", "  kind: differential\n  wrt: X\n"));
  BOOST_TEST(p.answer.wrt == (std::vector<std::string>{"X"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_even_skew_symmetric_matrix_may_be_invertible) {
  const std::string spec = with(kBase, "  A: {shape: [n, n], constant: true}",
                                "  A: {shape: [n, n], constant: true, properties: [skew-symmetric, "
                                "invertible]}");
  BOOST_TEST(error_of(with(spec, "dims: {n: [2, 5]}", "dims: {n: [4, 4]}")) == "loaded");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_is_ignored) {
  BOOST_TEST(load("\xEF\xBB\xBF" + kBase).id == "p");
}

BOOST_AUTO_TEST_CASE(no_expected_id_skips_the_id_check) {
  BOOST_TEST(load_problem_text(kBase, "p.yaml", "").id == "p");
}

// --- the document ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_invalid_yaml) {
  BOOST_TEST(error_of("id: p\ntitle: [a, b\nfunction: X\n") ==
             "p.yaml:3:9: invalid YAML: end of sequence flow not found");
}

BOOST_AUTO_TEST_CASE(error_empty_file) {
  const std::string expected =
      "p.yaml:1:1: the file is empty; a problem spec is a mapping with id, title, answer and "
      "more (see problems/README.md)";
  BOOST_TEST(error_of("") == expected);
  BOOST_TEST(error_of("# only a comment\n") == expected);
}

BOOST_AUTO_TEST_CASE(error_two_documents) {
  BOOST_TEST(error_of(kBase + "---\nid: q\n") ==
             "p.yaml:11:1: a problem spec is one YAML document, but this file has more than one");
}

BOOST_AUTO_TEST_CASE(error_root_not_a_mapping) {
  BOOST_TEST(error_of("- id: p\n") ==
             "p.yaml:1:1: a problem spec must be a mapping of fields (id: ..., title: ...), not a "
             "list");
}

// --- fields ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_unknown_field_suggests_the_nearest) {
  BOOST_TEST(error_of(with(kBase, "function:", "funtcion:")) ==
             "p.yaml:7:1: unknown field 'funtcion'; did you mean 'function'?");
}

BOOST_AUTO_TEST_CASE(error_unknown_field_lists_the_fields) {
  BOOST_TEST(error_of(kBase + "colour: red\n") ==
             "p.yaml:11:1: unknown field 'colour'; expected one of: id, lecture, part, title, "
             "statement, points, tags, dims, variables, let, function, answer, require, check, "
             "examples, mistakes, feedback, partial_credit");
}

// --- feedback and partial credit ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(feedback_and_partial_credit_are_read) {
  const Problem p = load(kBase +
                         "feedback: {reveal_reference: after_deadline, deadline: "
                         "2026-12-10T23:59+01:00}\n"
                         "partial_credit: {sign: 0.5, missing-term: 0.25}\n"
                         "mistakes:\n  - {answer: 2*X*A*dX, feedback: commuting, credit: 0.3}\n");
  BOOST_TEST(static_cast<int>(p.feedback.reveal_reference) ==
             static_cast<int>(grader::spec::Reveal::after_deadline));
  // 2026-12-10 22:59 UTC.
  BOOST_TEST(*p.feedback.deadline == 1796943540);
  BOOST_TEST(p.partial_credit.at(DiagnosisKey::sign) == 0.5);
  BOOST_TEST(p.partial_credit.at(DiagnosisKey::missing_term) == 0.25);
  BOOST_TEST(*p.mistakes.at(0).credit == 0.3);
  BOOST_TEST(!p.mistakes.at(0).kind);
  const Problem named =
      load(kBase + "mistakes:\n  - {answer: 2*X*A*dX, feedback: commuting, kind: commuting}\n");
  BOOST_TEST((named.mistakes.at(0).kind == DiagnosisKey::commuting));
  BOOST_TEST(*load(kBase + "feedback: {reveal_reference: always, deadline: 1970-01-02}\n")
                  .feedback.deadline == 86400);
  BOOST_TEST(load(kBase).partial_credit.empty());
  BOOST_TEST(static_cast<int>(load(kBase).feedback.reveal_reference) ==
             static_cast<int>(grader::spec::Reveal::never));
}

BOOST_AUTO_TEST_CASE(error_feedback_and_partial_credit_name_the_field) {
  BOOST_TEST(error_of(kBase + "feedback: {reveal_reference: sometimes}\n") ==
             "p.yaml:11:30: feedback.reveal_reference must be never, after_deadline or always, "
             "not 'sometimes'");
  BOOST_TEST(error_of(kBase + "feedback: {reveal_reference: after_deadline}\n") ==
             "p.yaml:11:11: feedback.reveal_reference is after_deadline, so feedback needs a "
             "deadline");
  BOOST_TEST(error_of(kBase + "feedback: {deadline: tomorrow}\n") ==
             "p.yaml:11:22: feedback.deadline must be a date and time such as 2026-12-10T23:59Z "
             "(UTC unless a zone such as +01:00 is given), not 'tomorrow'");
  BOOST_TEST(error_of(kBase + "feedback: {deadline: 2026-13-01}\n").find("not '2026-13-01'") !=
             std::string::npos);
  BOOST_TEST(error_of(kBase + "partial_credit: {sign: 1}\n") ==
             "p.yaml:11:24: partial_credit.sign must be a fraction of the points, at least 0 and "
             "below 1, not '1'");
  BOOST_TEST(error_of(kBase + "partial_credit: {signs: 0.5}\n") ==
             "p.yaml:11:18: unknown field 'signs' in partial_credit; did you mean 'sign'?");
  BOOST_TEST(error_of(kBase + "mistakes:\n  - {answer: X*A*dX, feedback: f, credit: -0.1}\n")
                 .find("mistakes[1].credit must be a fraction of the points") != std::string::npos);
  BOOST_TEST(
      error_of(kBase + "mistakes:\n  - {answer: X*A*dX, feedback: f, kind: chain-rules}\n") ==
      "p.yaml:12:41: mistakes[1].kind 'chain-rules' is not a diagnosis key; did you mean "
      "'chain-rule'?");
  // `mistake` is what an unnamed one is called already.
  BOOST_TEST(error_of(kBase + "mistakes:\n  - {answer: X*A*dX, feedback: f, kind: mistake}\n")
                 .find("mistakes[1].kind 'mistake' is not a diagnosis key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_answer_field_at_the_top_level) {
  BOOST_TEST(error_of(kBase + "wrt: [X]\n") ==
             "p.yaml:11:1: unknown field 'wrt'; it belongs under answer");
}

BOOST_AUTO_TEST_CASE(error_check_field_at_the_top_level) {
  BOOST_TEST(error_of(kBase + "trials: 3\n") ==
             "p.yaml:11:1: unknown field 'trials'; it belongs under check");
}

BOOST_AUTO_TEST_CASE(error_top_level_field_under_answer) {
  BOOST_TEST(error_of(kBase + "  function: X\n") ==
             "p.yaml:11:3: unknown field 'function' in answer; it belongs at the top level");
}

BOOST_AUTO_TEST_CASE(error_unknown_field_in_a_nested_mapping) {
  BOOST_TEST(error_of(kBase + "check: {trails: 3}\n") ==
             "p.yaml:11:9: unknown field 'trails' in check; did you mean 'trials'?");
}

BOOST_AUTO_TEST_CASE(error_duplicate_field) {
  BOOST_TEST(error_of(kBase + "title: U\n") ==
             "p.yaml:11:1: duplicate field 'title' (first given on line 2)");
}

BOOST_AUTO_TEST_CASE(error_field_name_not_a_word) {
  BOOST_TEST(error_of(kBase + "[a]: 1\n") ==
             "p.yaml:11:1: a field name must be a plain word, not a list");
}

BOOST_AUTO_TEST_CASE(error_missing_id) {
  BOOST_TEST(error_of(with(kBase, "id: p\n", "")) == "p.yaml:1:1: missing field 'id'");
}

BOOST_AUTO_TEST_CASE(error_field_without_value) {
  BOOST_TEST(error_of(with(kBase, "title: T", "title:")) ==
             "p.yaml:2:1: field 'title' has no value");
}

BOOST_AUTO_TEST_CASE(error_id_does_not_match_the_path) {
  BOOST_TEST(error_of(kBase, "lecture01/xax") ==
             "p.yaml:1:5: id 'p' does not match the file's path: expected 'lecture01/xax'");
}

BOOST_AUTO_TEST_CASE(error_empty_string) {
  BOOST_TEST(error_of(with(kBase, "id: p", "id: \"\"")) == "p.yaml:1:5: id must not be empty");
}

BOOST_AUTO_TEST_CASE(error_string_field_with_a_list) {
  BOOST_TEST(error_of(with(kBase, "title: T", "title: [T]")) ==
             "p.yaml:2:8: title must be a string, not a list");
}

BOOST_AUTO_TEST_CASE(error_whole_number) {
  BOOST_TEST(error_of(kBase + "lecture: 1.5\n") ==
             "p.yaml:11:10: lecture must be a whole number from 0 to 1000, not '1.5'");
}

BOOST_AUTO_TEST_CASE(error_number) {
  BOOST_TEST(error_of(kBase + "points: -1\n") ==
             "p.yaml:11:9: points must be a number ≥ 0, not '-1'");
  BOOST_TEST(error_of(kBase + "points: lots\n") ==
             "p.yaml:11:9: points must be a number ≥ 0, not 'lots'");
}

BOOST_AUTO_TEST_CASE(error_list) {
  BOOST_TEST(error_of(kBase + "tags: x\n") ==
             "p.yaml:11:7: tags must be a list, as in [course-exercise], not 'x'");
}

// --- dims ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_dims_not_a_mapping) {
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: [n]")) ==
             "p.yaml:3:7: dims must be a mapping from names to ranges, as in {n: [2, 5]}, not a "
             "list");
}

BOOST_AUTO_TEST_CASE(error_dim_not_a_range) {
  BOOST_TEST(
      error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {n: 3}")) ==
      "p.yaml:3:11: dims.n must be a range [lo, hi] of whole numbers, as in [2, 5], not '3'");
}

BOOST_AUTO_TEST_CASE(error_dim_bound_not_whole) {
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {n: [2, 5.5]}")) ==
             "p.yaml:3:15: dims.n must be a range [lo, hi] of whole numbers, as in [2, 5], not "
             "'5.5'");
}

BOOST_AUTO_TEST_CASE(error_dim_bounds_out_of_order_or_range) {
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {n: [5, 2]}")) ==
             "p.yaml:3:11: dims.n must satisfy 1 ≤ lo ≤ hi ≤ 1000, not [5, 2]");
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {n: [0, 2]}")) ==
             "p.yaml:3:11: dims.n must satisfy 1 ≤ lo ≤ hi ≤ 1000, not [0, 2]");
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {n: [2, 1001]}")) ==
             "p.yaml:3:11: dims.n must satisfy 1 ≤ lo ≤ hi ≤ 1000, not [2, 1001]");
}

// --- names -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_invalid_name) {
  BOOST_TEST(error_of(with(kBase, "dims: {n: [2, 5]}", "dims: {2n: [2, 5]}")) ==
             "p.yaml:3:8: dimension name '2n' is not valid: use letters, digits and _, starting "
             "with a letter");
}

BOOST_AUTO_TEST_CASE(error_reserved_name) {
  BOOST_TEST(error_of(with(kBase, "  A: {", "  I: {")) ==
             "p.yaml:6:3: variable name 'I' is reserved: it is a builtin function or constant");
}

BOOST_AUTO_TEST_CASE(error_variable_named_like_a_dimension) {
  BOOST_TEST(error_of(with(kBase, "  A: {", "  n: {")) ==
             "p.yaml:6:3: variable 'n' has the name of a dimension");
}

BOOST_AUTO_TEST_CASE(error_let_named_like_a_variable) {
  BOOST_TEST(error_of(kBase + "let: {X: A}\n") ==
             "p.yaml:11:7: let 'X' has the name of a variable");
}

BOOST_AUTO_TEST_CASE(error_variable_named_like_a_differential) {
  // Declared before X, still caught.
  BOOST_TEST(error_of(with(kBase, "  X: {", "  dX: {shape: [n, n]}\n  X: {")) ==
             "p.yaml:5:3: variable name 'dX' would read as the differential of variable 'X'");
}

BOOST_AUTO_TEST_CASE(error_let_named_like_a_differential) {
  BOOST_TEST(error_of(kBase + "let: {dX: X}\n") ==
             "p.yaml:11:7: let name 'dX' would read as the differential of variable 'X'");
}

// --- variables -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_variables_not_a_mapping) {
  BOOST_TEST(error_of(with(kBase,
                           "variables:\n  X: {shape: [n, n]}\n  A: {shape: [n, n], "
                           "constant: true}\n",
                           "variables: [X, A]\n")) ==
             "p.yaml:4:12: variables must be a mapping from names to declarations, as in {X: "
             "{shape: [n, n]}}, not a list");
}

BOOST_AUTO_TEST_CASE(error_variable_not_a_mapping) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: 3")) ==
             "p.yaml:5:6: variables.X must be a mapping, as in {shape: [n, n]}, not '3'");
}

BOOST_AUTO_TEST_CASE(error_variable_without_shape) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {constant: false}")) ==
             "p.yaml:5:6: missing field 'shape' in variables.X ([] scalar, [n] column vector, "
             "[n, m] matrix)");
}

BOOST_AUTO_TEST_CASE(error_unknown_variable_field) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shap: [n, n]}")) ==
             "p.yaml:5:7: unknown field 'shap' in variables.X; did you mean 'shape'?");
}

BOOST_AUTO_TEST_CASE(error_shape_not_a_list) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: n}")) ==
             "p.yaml:5:14: variables.X.shape must be a list: [] scalar, [n] column vector, [n, m] "
             "matrix; not 'n'");
}

BOOST_AUTO_TEST_CASE(error_shape_with_three_entries) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n, n]}")) ==
             "p.yaml:5:14: variables.X.shape has 3 entries; a shape has at most 2: [] scalar, [n] "
             "column vector, [n, m] matrix");
}

BOOST_AUTO_TEST_CASE(error_unknown_dimension_suggests_the_nearest) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, nn]}")) ==
             "p.yaml:5:18: unknown dimension 'nn' in variables.X.shape; did you mean 'n'?");
}

BOOST_AUTO_TEST_CASE(error_unknown_dimension_asks_to_declare_it) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, rows]}")) ==
             "p.yaml:5:18: unknown dimension 'rows' in variables.X.shape; declare it under dims, "
             "as in {rows: [2, 5]}");
}

BOOST_AUTO_TEST_CASE(error_shape_size_not_positive) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, 0]}")) ==
             "p.yaml:5:18: variables.X.shape[2] must be a whole number from 1 to 1000, not '0'");
}

BOOST_AUTO_TEST_CASE(error_shape_entry_not_a_scalar) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [[n]]}")) ==
             "p.yaml:5:15: variables.X.shape[1] must be a dimension name or a size, not a list");
}

BOOST_AUTO_TEST_CASE(error_constant_not_a_bool) {
  BOOST_TEST(error_of(with(kBase, "constant: true}", "constant: yes}")) ==
             "p.yaml:6:32: variables.A.constant must be true or false, not 'yes'");
}

BOOST_AUTO_TEST_CASE(error_unknown_property) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [symetric]}")) ==
             "p.yaml:5:35: unknown property 'symetric'; did you mean 'symmetric'?");
}

BOOST_AUTO_TEST_CASE(error_unknown_property_lists_the_properties) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [hermitian]}")) ==
             "p.yaml:5:35: unknown property 'hermitian'; expected one of: symmetric, "
             "skew-symmetric, positive-definite, invertible, orthogonal, diagonal, "
             "upper-triangular, lower-triangular, positive, unit, distinct-eigenvalues, full-rank");
}

BOOST_AUTO_TEST_CASE(error_property_not_a_word) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [[symmetric]]}")) ==
             "p.yaml:5:35: variables.X.properties[1] must be a property name, not a list");
}

BOOST_AUTO_TEST_CASE(error_property_listed_twice) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [symmetric, symmetric]}")) ==
             "p.yaml:5:46: property 'symmetric' is listed twice in variables.X.properties");
}

BOOST_AUTO_TEST_CASE(error_property_needs_a_square_matrix) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, 2], properties: [symmetric]}")) ==
             "p.yaml:5:34: property 'symmetric' needs a square matrix, but X is n×2");
}

BOOST_AUTO_TEST_CASE(error_unit_needs_a_column_vector) {
  BOOST_TEST(
      error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n], properties: [unit]}")) ==
      "p.yaml:5:34: property 'unit' needs a column vector, but X is n×n");
}

BOOST_AUTO_TEST_CASE(error_contradictory_properties) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [skew-symmetric, symmetric]}")) ==
             "p.yaml:5:34: variable 'X' cannot be both skew-symmetric and symmetric: only the zero "
             "matrix is both");
}

BOOST_AUTO_TEST_CASE(error_properties_that_make_another) {
  BOOST_TEST(
      error_of(with(kBase, "  X: {shape: [n, n]}",
                    "  X: {shape: [n, n], properties: [upper-triangular, lower-triangular]}")) ==
      "p.yaml:5:34: variable 'X' cannot be both upper-triangular and lower-triangular: a matrix "
      "that is both is diagonal: write diagonal");
}

BOOST_AUTO_TEST_CASE(error_properties_that_cannot_be_drawn_together) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [orthogonal, symmetric]}")) ==
             "p.yaml:5:34: variable 'X' cannot be both orthogonal and symmetric: grader cannot "
             "draw a matrix that is both");
}

BOOST_AUTO_TEST_CASE(error_odd_skew_symmetric_invertible) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [skew-symmetric, invertible]}")) ==
             "p.yaml:5:34: variable 'X' cannot be both skew-symmetric and invertible: a "
             "skew-symmetric matrix of odd size is singular, and n can be 3");
}

BOOST_AUTO_TEST_CASE(error_range_not_a_pair) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n], range: 1}")) ==
             "p.yaml:5:29: variables.X.range must be [lo, hi] with numbers lo < hi, as in [-1, 1], "
             "not '1'");
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n], range: [a, 1]}")) ==
             "p.yaml:5:30: variables.X.range must be [lo, hi] with numbers lo < hi, as in [-1, 1], "
             "not 'a'");
}

BOOST_AUTO_TEST_CASE(error_range_empty) {
  BOOST_TEST(
      error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n], range: [1, -1]}")) ==
      "p.yaml:5:29: variables.X.range must be [lo, hi] with numbers lo < hi, as in [-1, 1], "
      "not [1, -1]");
}

BOOST_AUTO_TEST_CASE(error_range_with_a_constructed_property) {
  BOOST_TEST(error_of(with(kBase, "  X: {shape: [n, n]}",
                           "  X: {shape: [n, n], properties: [orthogonal], range: [0, 1]}")) ==
             "p.yaml:5:55: variables.X.range cannot be combined with property 'orthogonal', which "
             "fixes how the entries are drawn");
}

BOOST_AUTO_TEST_CASE(error_range_not_positive_for_positive) {
  BOOST_TEST(
      error_of(with(kBase, "  X: {shape: [n, n]}",
                    "  X: {shape: [n, n], properties: [positive], range: [-1, 1]}")) ==
      "p.yaml:5:53: variables.X.range must have lo > 0 for property 'positive', not [-1, 1]");
}

BOOST_AUTO_TEST_CASE(error_value_with_range) {
  BOOST_TEST(error_of(with(kBase, "  A: {shape: [n, n], constant: true}",
                           "  A: {shape: [n, n], value: I(n), range: [0, 1]}")) ==
             "p.yaml:6:29: variable 'A' has a value, so it cannot also have a range");
}

BOOST_AUTO_TEST_CASE(error_value_with_properties) {
  BOOST_TEST(error_of(with(kBase, "  A: {shape: [n, n], constant: true}",
                           "  A: {shape: [n, n], properties: [symmetric], value: I(n)}")) ==
             "p.yaml:6:54: variable 'A' has a value, so it cannot also have properties (they say "
             "how a variable is drawn)");
}

BOOST_AUTO_TEST_CASE(error_value_not_constant) {
  BOOST_TEST(error_of(with(kBase, "  A: {shape: [n, n], constant: true}",
                           "  A: {shape: [n, n], constant: false, value: I(n)}")) ==
             "p.yaml:6:32: variable 'A' has a value, so it is constant: remove constant: false");
}

BOOST_AUTO_TEST_CASE(error_value_of_the_wrong_shape) {
  BOOST_TEST(error_of(with(kBase, "  A: {shape: [n, n], constant: true}",
                           "  A: {shape: [n, n], value: \"[1 2; 3 4]\"}")) ==
             "p.yaml:6:30: variables.A.value is 2×2, but A is declared n×n");
}

BOOST_AUTO_TEST_CASE(error_value_using_a_random_variable) {
  BOOST_TEST(error_of(with(kBase, "  A: {shape: [n, n], constant: true}",
                           "  A: {shape: [n, n], value: 2*X}")) ==
             "p.yaml:6:31: in variables.A.value: error: unknown name 'X'\n"
             " --> p.yaml:6:31\n"
             "  |\n"
             "6 | 2*X\n"
             "  |   ^\n"
             "  = help: the names known here are n");
}

// --- let -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_let_formula) {
  BOOST_TEST(error_of(kBase + "let: {B: X*Y}\n") ==
             "p.yaml:11:12: in let.B: error: unknown name 'Y'\n"
             " --> p.yaml:11:12\n"
             "   |\n"
             "11 | X*Y\n"
             "   |   ^\n"
             "   = help: the names known here are A, X, n");
}

BOOST_AUTO_TEST_CASE(error_let_without_formula) {
  BOOST_TEST(error_of(kBase + "let: {B: ~}\n") == "p.yaml:11:7: let.B has no formula");
}

BOOST_AUTO_TEST_CASE(error_let_not_a_mapping) {
  BOOST_TEST(error_of(kBase + "let: [B]\n") ==
             "p.yaml:11:6: let must be a mapping from names to formulas, as in {v: "
             "\"eigvecs(S)[:, 1]\"}, not a list");
}

BOOST_AUTO_TEST_CASE(later_lets_use_earlier_ones_but_not_the_reverse) {
  BOOST_TEST(error_of(kBase + "let: {B: X*A, C: B*B}\n") == "loaded");
  BOOST_TEST(error_of(kBase + "let: {C: B*B, B: X*A}\n")
                 .rfind("p.yaml:11:10: in let.C: error: unknown name 'B'", 0) == 0u);
}

// --- answer ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_missing_answer) {
  BOOST_TEST(error_of(with(kBase, "answer:\n  kind: differential\n  reference: dX*A*X + X*A*dX\n",
                           "")) == "p.yaml:1:1: missing field 'answer'");
}

BOOST_AUTO_TEST_CASE(error_answer_not_a_mapping) {
  BOOST_TEST(error_of(with(kBase, "answer:\n  kind: differential\n  reference: dX*A*X + X*A*dX\n",
                           "answer: differential\n")) ==
             "p.yaml:8:9: answer must be a mapping with kind, reference and more, not "
             "'differential'");
}

BOOST_AUTO_TEST_CASE(error_missing_kind) {
  BOOST_TEST(error_of(with(kBase, "  kind: differential\n", "")) ==
             "p.yaml:9:3: missing field 'kind' in answer");
}

BOOST_AUTO_TEST_CASE(error_unknown_kind) {
  BOOST_TEST(error_of(with(kBase, "kind: differential", "kind: diferential")) ==
             "p.yaml:9:9: unknown answer kind 'diferential'; did you mean 'differential'?");
  BOOST_TEST(error_of(with(kBase, "kind: differential", "kind: essay")) ==
             "p.yaml:9:9: unknown answer kind 'essay'; expected one of: differential, gradient, "
             "jacobian, hessian, value, choice, code");
}

BOOST_AUTO_TEST_CASE(error_kind_not_a_word) {
  BOOST_TEST(error_of(with(kBase, "kind: differential", "kind: [gradient]")) ==
             "p.yaml:9:9: answer.kind must be one of: differential, gradient, jacobian, hessian, "
             "value, choice, code; not a list");
}

BOOST_AUTO_TEST_CASE(error_answer_field_of_another_kind) {
  BOOST_TEST(error_of(kBase + "  form: matrix\n") ==
             "p.yaml:11:3: field 'form' in answer is not used by kind differential (only by "
             "hessian)");
}

BOOST_AUTO_TEST_CASE(error_top_level_field_in_a_choice) {
  BOOST_TEST(error_of(kChoice + "function: x\n") ==
             "p.yaml:7:1: field 'function' is not used by kind choice");
}

BOOST_AUTO_TEST_CASE(error_unknown_hessian_form) {
  BOOST_TEST(error_of(R"y(id: p
title: T
variables: {x: {shape: [3]}}
function: x'*x
answer: {kind: hessian, form: square, reference: 2*I(3)}
)y") == "p.yaml:5:31: answer.form must be matrix, quadratic or bilinear, not 'square'");
}

BOOST_AUTO_TEST_CASE(error_tolerance_not_positive) {
  BOOST_TEST(error_of("id: p\ntitle: T\nanswer: {kind: value, reference: \"2\", tolerance: 0}\n") ==
             "p.yaml:3:50: answer.tolerance must be a positive number, not '0'");
}

// --- wrt -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_wrt_unknown_variable) {
  BOOST_TEST(error_of(kBase + "  wrt: [Y]\n") ==
             "p.yaml:11:9: answer.wrt names unknown variable 'Y'");
}

BOOST_AUTO_TEST_CASE(error_wrt_constant_variable) {
  BOOST_TEST(error_of(kBase + "  wrt: [A]\n") ==
             "p.yaml:11:9: answer.wrt names 'A', which is constant and cannot vary");
}

BOOST_AUTO_TEST_CASE(error_wrt_twice) {
  BOOST_TEST(error_of(kBase + "  wrt: [X, X]\n") == "p.yaml:11:12: answer.wrt lists 'X' twice");
}

BOOST_AUTO_TEST_CASE(error_wrt_not_a_list) {
  BOOST_TEST(error_of(kBase + "  wrt: {X: 1}\n") ==
             "p.yaml:11:8: answer.wrt must be a list of variable names, as in [X], not a mapping");
  BOOST_TEST(error_of(kBase + "  wrt: [[X]]\n") ==
             "p.yaml:11:9: answer.wrt[1] must be a variable name, not a list");
}

BOOST_AUTO_TEST_CASE(error_wrt_empty) {
  BOOST_TEST(error_of(kBase + "  wrt: []\n") ==
             "p.yaml:11:8: answer.wrt must name at least one variable");
}

BOOST_AUTO_TEST_CASE(error_nothing_varies) {
  BOOST_TEST(
      error_of(with(kBase, "  X: {shape: [n, n]}", "  X: {shape: [n, n], constant: true}")) ==
      "p.yaml:9:3: nothing varies: a differential needs a variable that is not constant");
}

// --- function and reference ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_missing_function) {
  BOOST_TEST(error_of(with(kBase, "function: X*A*X\n", "")) ==
             "p.yaml:1:1: missing field 'function' (a differential problem needs the function F)");
}

BOOST_AUTO_TEST_CASE(error_function_formula_points_into_the_yaml) {
  try {
    load(with(kBase, "function: X*A*X", "function: X*A*X*ones(n, 1)'"));
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    // The product of n×n and 1×n: the diagnostic underlines the last '*', column 16.
    BOOST_TEST(e.where().line == 7);
    BOOST_TEST(e.where().column == 16);
    const std::string what = e.what();
    BOOST_TEST(what.rfind("p.yaml:7:16: in function: error: cannot multiply n×n by 1×n", 0) == 0u,
               what);
    BOOST_TEST(what.find("\n --> p.yaml:7:16\n") != std::string::npos, what);
    BOOST_TEST(what.find("\n7 | X*A*X*ones(n, 1)'\n") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(error_function_with_a_differential) {
  BOOST_TEST(error_of(with(kBase, "function: X*A*X", "function: dX")) ==
             "p.yaml:7:11: in function: error: unknown name 'dX'\n"
             " --> p.yaml:7:11\n"
             "  |\n"
             "7 | dX\n"
             "  | ^^\n"
             "  = help: dX cannot appear in function: only answers use differentials");
}

BOOST_AUTO_TEST_CASE(error_gradient_answer_with_a_differential) {
  BOOST_TEST(error_of(kTwoGradient + "examples: {reject: [{x: dy, y: x}]}\n") ==
             "p.yaml:11:25: in examples.reject[1].x: error: unknown name 'dy'\n"
             " --> p.yaml:11:25\n"
             "   |\n"
             "11 | dy\n"
             "   | ^^\n"
             "   = help: a gradient answer is written without differentials such as dy");
}

BOOST_AUTO_TEST_CASE(a_variable_outside_wrt_has_no_differential) {
  // The shape checker's own explanation is kept where differentials are in use.
  const std::string spec =
      with(kBase, "  A: {shape: [n, n], constant: true}", "  A: {shape: [n, n]}");
  BOOST_TEST(error_of(spec + "  wrt: [X]\nexamples: {reject: [dA]}\n") ==
             "p.yaml:12:21: in examples.reject[1]: error: unknown name 'dA'\n"
             " --> p.yaml:12:21\n"
             "   |\n"
             "12 | dA\n"
             "   | ^^\n"
             "   = help: A is not varied here, so it has no differential dA");
}

BOOST_AUTO_TEST_CASE(error_gradient_of_a_matrix_function) {
  BOOST_TEST(
      error_of(with(with(kBase, "kind: differential", "kind: gradient"), "dX*A*X + X*A*dX", "X")) ==
      "p.yaml:7:11: a gradient needs a scalar function, but function is n×n");
}

BOOST_AUTO_TEST_CASE(error_hessian_matrix_of_a_matrix_function) {
  BOOST_TEST(error_of(with(with(kBase, "kind: differential", "kind: hessian\n  form: matrix"),
                           "dX*A*X + X*A*dX", "dX")) ==
             "p.yaml:7:11: a hessian with form: matrix needs a scalar function, but function is "
             "n×n; use form: quadratic (d²F[dX, dX]) or bilinear (d²F[dX, dY]), whose answers "
             "have F's shape");
}

// Issue 20: d²F[dX, dX] of a matrix-valued F is a matrix of F's shape.
BOOST_AUTO_TEST_CASE(a_quadratic_form_of_a_matrix_function_has_its_shape) {
  const Problem p = load(with(with(kBase, "kind: differential", "kind: hessian\n  form: quadratic"),
                              "dX*A*X + X*A*dX", "dX*A*dX + dX*A*dX"));
  BOOST_TEST((p.answer.hessian.form == HessianForm::quadratic));
  BOOST_TEST(p.answer.hessian.second_directions.empty());
  BOOST_TEST(expected_shape(p).to_string() == "n×n");
  BOOST_TEST(uses_differentials(p));
  BOOST_TEST(error_of(with(with(kBase, "kind: differential", "kind: hessian\n  form: quadratic"),
                           "dX*A*X + X*A*dX", "tr(dX*A*dX)")) ==
             "p.yaml:11:14: answer.reference is 1×1, but a hessian answer here must be n×n: "
             "d²F has the shape of F");
}

BOOST_AUTO_TEST_CASE(error_hessian_quadratic_form_not_scalar) {
  BOOST_TEST(
      error_of(with(with(with(kBase, "kind: differential", "kind: hessian\n  form: quadratic"),
                         "dX*A*X + X*A*dX", "dX'*A*dX"),
                    "function: X*A*X", "function: tr(X*A*X)")) ==
      "p.yaml:11:14: answer.reference is n×n, but a hessian answer here must be 1×1: "
      "d²F has the shape of F");
}

// A bilinear form d²F[dX, dY]: X's second direction is named dY in answers.
const std::string kBilinear = with(
    kBase, "  kind: differential\n  reference: dX*A*X + X*A*dX",
    "  kind: hessian\n  form: bilinear\n  second_direction: dY\n  reference: dX*A*dY + dY*A*dX");

BOOST_AUTO_TEST_CASE(a_bilinear_form_names_its_second_direction) {
  const Problem p = load(kBilinear);
  BOOST_TEST((p.answer.hessian.form == HessianForm::bilinear));
  BOOST_TEST(p.answer.hessian.second_directions.at("X") == "dY");
  BOOST_TEST(expected_shape(p).to_string() == "n×n");
  const auto env = formula_env(p, true);
  BOOST_REQUIRE(env.find("dY") != nullptr);
  BOOST_TEST(env.find("dY")->shape.to_string() == "n×n");
  BOOST_TEST((env.find("dY")->role == NameRole::differential));
  BOOST_TEST(formula_env(p, false).find("dY") == nullptr);
  // As a mapping, and for a scalar function too.
  const Problem q =
      load(with(with(with(kBilinear, "second_direction: dY", "second_direction: {X: hX}"),
                     "dX*A*dY + dY*A*dX", "tr(dX*A*hX + hX*A*dX)"),
                "function: X*A*X", "function: tr(X*A*X)"));
  BOOST_TEST(q.answer.hessian.second_directions.at("X") == "hX");
  BOOST_TEST(expected_shape(q).is_scalar());
}

BOOST_AUTO_TEST_CASE(error_bilinear_second_direction_missing_or_misplaced) {
  BOOST_TEST(error_of(with(kBilinear, "  second_direction: dY\n", "")) ==
             "p.yaml:10:9: a hessian with form: bilinear needs second_direction: the name answers "
             "give the second direction of X (as in second_direction: dY, for d²F[dX, dY])");
  BOOST_TEST(error_of(with(with(kBilinear, "form: bilinear", "form: quadratic"),
                           "dX*A*dY + dY*A*dX", "2*dX*A*dX")) ==
             "p.yaml:11:21: answer.second_direction is used only by form: bilinear (d²F[dX, dY])");
  BOOST_TEST(error_of(with(kBilinear, "dX*A*dY + dY*A*dX", "dX*A*dZ")).find("unknown name 'dZ'") !=
             std::string::npos);
  BOOST_TEST(error_of(with(kBilinear, "kind: hessian", "kind: differential")) ==
             "p.yaml:10:3: field 'form' in answer is not used by kind differential (only by "
             "hessian)");
}

BOOST_AUTO_TEST_CASE(error_bilinear_second_direction_name_taken) {
  const auto named = [&](const std::string& name) {
    return error_of(with(with(kBilinear, "second_direction: dY", "second_direction: " + name),
                         "A: {shape: [n, n], constant: true}",
                         "A: {shape: [n, n], constant: true}\nlet: {B: A*A}"));
  };
  BOOST_TEST(named("A") == "p.yaml:12:21: second direction 'A' has the name of a variable");
  BOOST_TEST(named("n") == "p.yaml:12:21: second direction 'n' has the name of a dimension");
  BOOST_TEST(named("B") == "p.yaml:12:21: second direction 'B' has the name of a let");
  BOOST_TEST(named("dX") ==
             "p.yaml:12:21: second direction 'dX' is the name of the differential of X; name it "
             "otherwise (as dY or hX), so that answers can tell the two directions apart");
  BOOST_TEST(named("dA") ==
             "p.yaml:12:21: second direction 'dA' is the name of the differential of A; name it "
             "otherwise (as dY or hX), so that answers can tell the two directions apart");
  BOOST_TEST(named("det") ==
             "p.yaml:12:21: second direction name 'det' is reserved: it is a builtin function or "
             "constant");
  BOOST_TEST(named("'d Y'") ==
             "p.yaml:12:21: second direction name 'd Y' is not valid: use letters, digits and _, "
             "starting with a letter");
}

BOOST_AUTO_TEST_CASE(error_bilinear_in_two_variables_maps_each) {
  const std::string two = R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  y: {shape: [n]}
function: x*y'
answer:
  kind: hessian
  form: bilinear
  second_direction: {x: hx, y: hy}
  reference: dx*hy' + hx*dy'
)y";
  const Problem p = load(two);
  BOOST_TEST(p.answer.hessian.second_directions.at("x") == "hx");
  BOOST_TEST(p.answer.hessian.second_directions.at("y") == "hy");
  BOOST_TEST(error_of(with(two, "{x: hx, y: hy}", "hx")) ==
             "p.yaml:11:21: answer.second_direction must map each wrt variable to the name of its "
             "second direction, as in {x: hx}");
  BOOST_TEST(error_of(with(two, "{x: hx, y: hy}", "{x: hx}")) ==
             "p.yaml:11:21: answer.second_direction has no name for the second direction of y");
  BOOST_TEST(error_of(with(two, "{x: hx, y: hy}", "{x: hx, y: hx}")) ==
             "p.yaml:11:32: second direction 'hx' is also that of x");
  BOOST_TEST(error_of(with(two, "{x: hx, y: hy}", "{x: hx, z: hy}")) ==
             "p.yaml:11:29: answer.second_direction names 'z', which is not in wrt (x, y)");
}

BOOST_AUTO_TEST_CASE(error_hessian_matrix_not_square) {
  BOOST_TEST(error_of(R"y(id: p
title: T
dims: {n: [2, 5]}
variables: {x: {shape: [n]}}
function: x'*x
answer: {kind: hessian, reference: 2*x}
)y") == "p.yaml:6:36: answer.reference is n×1, but a hessian answer here must be n×n: n×n for "
        "the vector x");
}

BOOST_AUTO_TEST_CASE(error_gradient_of_the_wrong_shape) {
  BOOST_TEST(error_of(with(with(with(kBase, "kind: differential", "kind: gradient"),
                                "dX*A*X + X*A*dX", "tr(A)"),
                           "function: X*A*X", "function: tr(X*A*X)")) ==
             "p.yaml:10:14: answer.reference is 1×1, but a gradient answer here must be n×n: the "
             "shape of X");
}

BOOST_AUTO_TEST_CASE(error_hessian_matrix_of_several_variables) {
  BOOST_TEST(error_of(with(with(kTwoGradient, "kind: gradient", "kind: hessian"),
                           "reference: {x: y, y: x}", "wrt: [x, y]\n  reference: x")) ==
             "p.yaml:10:8: a hessian with form: matrix needs one wrt variable, not 2 (x, y); use "
             "form: quadratic");
}

BOOST_AUTO_TEST_CASE(error_hessian_matrix_of_a_matrix_variable) {
  BOOST_TEST(error_of(with(with(kBase, "kind: differential", "kind: hessian"), "X*A*X\n",
                           "tr(X*A*X)\n")) ==
             "p.yaml:9:3: a hessian with form: matrix needs a column vector variable, but X is "
             "n×n; use form: quadratic");
}

BOOST_AUTO_TEST_CASE(error_missing_reference) {
  BOOST_TEST(error_of(with(kBase, "  reference: dX*A*X + X*A*dX\n", "")) ==
             "p.yaml:9:3: missing field 'reference' in answer (a differential answer needs a "
             "reference)");
}

BOOST_AUTO_TEST_CASE(error_reference_of_the_wrong_shape) {
  BOOST_TEST(error_of(with(kBase, "dX*A*X + X*A*dX", "tr(dX*A*X)")) ==
             "p.yaml:10:14: answer.reference is 1×1, but a differential answer here must be n×n: "
             "the shape of F");
}

BOOST_AUTO_TEST_CASE(error_jacobian_reference_of_the_wrong_shape) {
  BOOST_TEST(
      error_of(with(with(kBase, "kind: differential", "kind: jacobian"), "dX*A*X + X*A*dX", "A")) ==
      "p.yaml:10:14: answer.reference is n×n, but a jacobian answer here must be "
      "(n*n)×(n*n): (entries of F)×(entries of X)");
}

BOOST_AUTO_TEST_CASE(error_reference_as_an_unquoted_matrix) {
  BOOST_TEST(error_of(with(kBase, "reference: dX*A*X + X*A*dX", "reference: [dX]")) ==
             "p.yaml:10:14: answer.reference must be a formula in a string, not a list; quote a "
             "formula that starts with '[', as in \"[1 2; 3 4]\"");
}

BOOST_AUTO_TEST_CASE(error_formula_as_a_mapping) {
  BOOST_TEST(error_of(with(kBase, "function: X*A*X", "function: {F: X}")) ==
             "p.yaml:7:11: function must be a formula in a string, not a mapping");
}

BOOST_AUTO_TEST_CASE(error_reference_part_without_formula) {
  BOOST_TEST(error_of(with(kTwoGradient, "{x: y, y: x}", "{x: y, y: ~}")) ==
             "p.yaml:10:21: answer.reference.y has no formula");
}

BOOST_AUTO_TEST_CASE(error_cpp_reference_name) {
  BOOST_TEST(error_of(with(kBase, "reference: dX*A*X + X*A*dX", "reference: {cpp: ../x.hpp}")) ==
             "p.yaml:10:20: answer.reference.cpp must be the path of a C++ header (.hpp) inside "
             "the reference folder, relative to it and without '..' (for example "
             "lecture06/ode-linear.hpp), not '../x.hpp'");
  BOOST_TEST(error_of(with(kBase, "reference: dX*A*X + X*A*dX",
                           "reference: {cpp: x.hpp, entry: my-ref}")) ==
             "p.yaml:10:34: answer.reference.entry must name a function template as in C++ "
             "(letters, digits, _ and ::, as in ode_linear::loss), not 'my-ref'");
  BOOST_TEST(
      error_of(with(kBase, "reference: dX*A*X + X*A*dX", "reference: {cpp: x.hpp, entyr: r}"))
          .find("unknown field 'entyr'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_cpp_reference_for_a_value) {
  BOOST_TEST(error_of("id: p\ntitle: T\nanswer: {kind: value, reference: {cpp: v}}\n") ==
             "p.yaml:3:40: answer.reference must be a formula: a value answer has no C++ "
             "reference");
}

BOOST_AUTO_TEST_CASE(error_reference_mapping_for_one_variable) {
  BOOST_TEST(
      error_of(with(kBase, "reference: dX*A*X + X*A*dX", "reference: {X: dX}")) ==
      "p.yaml:10:14: answer.reference must be one formula or {cpp: FILE, entry: NAME}, not a "
      "mapping "
      "(only a gradient with several wrt variables has one formula per variable)");
}

BOOST_AUTO_TEST_CASE(error_gradient_in_several_variables_needs_a_mapping) {
  BOOST_TEST(error_of(with(kTwoGradient, "reference: {x: y, y: x}", "reference: y")) ==
             "p.yaml:10:14: answer.reference must map each wrt variable to its formula, as in "
             "{x: ..., y: ...}");
}

BOOST_AUTO_TEST_CASE(error_reference_part_not_in_wrt) {
  BOOST_TEST(error_of(with(kTwoGradient, "{x: y, y: x}", "{x: y, z: x}")) ==
             "p.yaml:10:21: answer.reference gives a formula for 'z', which is not in wrt (x, y)");
}

BOOST_AUTO_TEST_CASE(error_reference_part_missing) {
  BOOST_TEST(error_of(with(kTwoGradient, "{x: y, y: x}", "{x: y}")) ==
             "p.yaml:10:14: answer.reference has no formula for 'y'");
}

BOOST_AUTO_TEST_CASE(error_reference_part_of_the_wrong_shape) {
  BOOST_TEST(error_of(with(kTwoGradient, "{x: y, y: x}", "{x: y, y: x'}")) ==
             "p.yaml:10:24: answer.reference.y is 1×n, but a gradient answer here must be n×1: "
             "the shape of y");
}

BOOST_AUTO_TEST_CASE(error_inner_product_with_several_variables) {
  BOOST_TEST(error_of(kTwoGradient + "  inner_product: \"u'*v\"\n") ==
             "p.yaml:11:18: answer.inner_product needs a gradient with one wrt variable, not 2");
}

BOOST_AUTO_TEST_CASE(error_inner_product_not_scalar) {
  BOOST_TEST(error_of(with(kTwoGradient, "  reference: {x: y, y: x}\n",
                           "  wrt: [x]\n  reference: y\n  inner_product: \"u*v'\"\n")) ==
             "p.yaml:12:19: answer.inner_product must be a scalar, but it is n×n");
}

BOOST_AUTO_TEST_CASE(error_inner_product_formula) {
  BOOST_TEST(error_of(with(kTwoGradient, "  reference: {x: y, y: x}\n",
                           "  wrt: [x]\n  reference: y\n  inner_product: u'*M*v\n")) ==
             "p.yaml:12:21: in answer.inner_product: error: unknown name 'M'\n"
             " --> p.yaml:12:21\n"
             "   |\n"
             "12 | u'*M*v\n"
             "   |    ^\n"
             "   = help: the names known here are n, u, v, x, y");
}

// --- choice ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_choice_without_options) {
  BOOST_TEST(error_of(with(kChoice, "  options: {a: Yes, b: No}\n", "")) ==
             "p.yaml:4:3: missing field 'options' in answer (a choice answer lists its options)");
}

BOOST_AUTO_TEST_CASE(error_option_not_a_letter) {
  BOOST_TEST(error_of(with(kChoice, "b: No}", "B: No}")) ==
             "p.yaml:5:21: option 'B' in answer.options must be named by one lowercase letter a-z");
}

BOOST_AUTO_TEST_CASE(error_one_option_only) {
  BOOST_TEST(error_of(with(kChoice, "{a: Yes, b: No}", "{a: Yes}")) ==
             "p.yaml:5:12: answer.options must offer at least two options");
}

BOOST_AUTO_TEST_CASE(error_option_without_text) {
  BOOST_TEST(error_of(with(kChoice, "b: No}", "b: \"\"}")) ==
             "p.yaml:5:24: answer.options.b must not be empty");
}

BOOST_AUTO_TEST_CASE(error_option_null) {
  BOOST_TEST(error_of(with(kChoice, "b: No}", "b: ~}")) ==
             "p.yaml:5:21: answer.options.b has no text");
}

BOOST_AUTO_TEST_CASE(error_choice_without_correct) {
  BOOST_TEST(error_of(with(kChoice, "  correct: b\n", "")) ==
             "p.yaml:4:3: missing field 'correct' in answer (the letter of the right option)");
}

BOOST_AUTO_TEST_CASE(error_correct_not_an_option) {
  BOOST_TEST(error_of(with(kChoice, "correct: b", "correct: c")) ==
             "p.yaml:6:12: answer.correct names 'c', which is not an option (a, b)");
}

BOOST_AUTO_TEST_CASE(error_correct_twice) {
  BOOST_TEST(error_of(with(kChoice, "correct: b", "correct: [a, a]")) ==
             "p.yaml:6:16: answer.correct lists 'a' twice");
}

BOOST_AUTO_TEST_CASE(error_correct_empty) {
  BOOST_TEST(error_of(with(kChoice, "correct: b", "correct: []")) ==
             "p.yaml:6:12: answer.correct must name at least one option");
}

BOOST_AUTO_TEST_CASE(error_choice_example_not_an_option) {
  BOOST_TEST(error_of(kChoice + "examples: {accept: [c]}\n") ==
             "p.yaml:7:21: examples.accept[1] must be the letter of an option (a, b), not 'c'");
}

BOOST_AUTO_TEST_CASE(error_choice_example_without_letters) {
  BOOST_TEST(error_of(kChoice + "examples: {reject: [[]]}\n") ==
             "p.yaml:7:21: examples.reject[1] must name at least one option");
}

BOOST_AUTO_TEST_CASE(error_wrt_in_a_choice) {
  BOOST_TEST(error_of(kChoice + "  wrt: [X]\n") ==
             "p.yaml:7:3: field 'wrt' in answer is not used by kind choice (only by differential, "
             "gradient, jacobian, hessian, code)");
}

// --- choice: option feedback, scoring, mistakes ----------------------------------------------

// Select all that apply; lines: 3 answer, 4 kind, 5 options, 6 correct. Tests append from 7.
const std::string kSelectAll = R"y(id: p
title: T
answer:
  kind: choice
  options: {a: A, b: B, c: C, d: D}
  correct: [a, c]
)y";

BOOST_AUTO_TEST_CASE(loads_option_feedback_scoring_and_choice_mistakes) {
  const Problem p = load(kSelectAll +
                         "  scoring: per-option\n"
                         "  option_feedback: {b: Why B, c: Why not C}\n"
                         "mistakes:\n"
                         "  - {answer: [a, b], feedback: F, credit: 0.25}\n");
  BOOST_TEST(p.answer.choice.select_all);
  BOOST_TEST((p.answer.choice.scoring == ChoiceScoring::per_option));
  BOOST_TEST(p.answer.choice.option_feedback.size() == 2u);
  BOOST_TEST(p.answer.choice.option_feedback.at("c") == "Why not C");
  BOOST_TEST(p.mistakes[0].answer.single == "a, b");
  BOOST_TEST(*p.mistakes[0].credit == 0.25);
}

BOOST_AUTO_TEST_CASE(a_choice_is_scored_all_or_nothing_unless_it_says_otherwise) {
  const Problem p = load(kChoice);
  BOOST_TEST(!p.answer.choice.select_all);
  BOOST_TEST((p.answer.choice.scoring == ChoiceScoring::all_or_nothing));
  // A list of one is a select-all question that happens to have one right option.
  BOOST_TEST(load(with(kChoice, "correct: b", "correct: [b]")).answer.choice.select_all);
}

BOOST_AUTO_TEST_CASE(error_mistake_names_no_option) {
  BOOST_TEST(error_of(kSelectAll + "mistakes:\n  - {answer: [a, e], feedback: F}\n") ==
             "p.yaml:8:18: mistakes[1].answer[2] must be the letter of an option (a, b, c, d), "
             "not 'e'");
}

BOOST_AUTO_TEST_CASE(error_mistake_is_the_right_answer) {
  BOOST_TEST(error_of(kSelectAll + "mistakes:\n  - {answer: [c, a], feedback: F}\n") ==
             "p.yaml:8:14: mistakes[1].answer is the right answer (a, c); a mistake is a wrong "
             "one");
  BOOST_TEST(error_of(kChoice + "mistakes:\n  - {answer: a, feedback: F}\n  - answer: b\n"
                                "    feedback: G\n") ==
             "p.yaml:9:13: mistakes[2].answer is the right answer (b); a mistake is a wrong one");
}

BOOST_AUTO_TEST_CASE(error_option_feedback_on_an_unknown_option) {
  BOOST_TEST(error_of(kSelectAll + "  option_feedback: {b: Why, e: Why}\n") ==
             "p.yaml:7:29: answer.option_feedback names 'e', which is not an option (a, b, c, d)");
}

BOOST_AUTO_TEST_CASE(error_option_feedback_without_text) {
  BOOST_TEST(error_of(kSelectAll + "  option_feedback: {b: ~}\n") ==
             "p.yaml:7:21: answer.option_feedback.b has no text");
}

BOOST_AUTO_TEST_CASE(error_option_feedback_that_would_name_the_one_right_option) {
  BOOST_TEST(error_of(kChoice + "  option_feedback: {a: Why, b: Why}\n") ==
             "p.yaml:7:29: answer.option_feedback.b is never shown: 'b' is the one right option, "
             "and feedback on leaving it out would give the answer away (for a select-all "
             "question, write correct as a list: [b])");
}

BOOST_AUTO_TEST_CASE(error_per_option_scoring_of_a_single_answer_question) {
  BOOST_TEST(error_of(kChoice + "  scoring: per-option\n") ==
             "p.yaml:7:12: answer.scoring: per-option scores each option of a select-all "
             "question, but correct is one letter; write it as a list ([b])");
}

BOOST_AUTO_TEST_CASE(error_unknown_scoring) {
  BOOST_TEST(error_of(kSelectAll + "  scoring: partial\n") ==
             "p.yaml:7:12: answer.scoring must be all-or-nothing or per-option, not 'partial'");
}

BOOST_AUTO_TEST_CASE(error_option_feedback_in_a_formula_problem) {
  BOOST_TEST(error_of(kBase + "  option_feedback: {a: x}\n") ==
             "p.yaml:11:3: field 'option_feedback' in answer is not used by kind differential "
             "(only by choice)");
}

// --- require and check -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_require_not_a_list) {
  BOOST_TEST(error_of(kBase + "require: det(X)\n") ==
             "p.yaml:11:10: require must be a list of formulas, as in [\"det(X)^2\"], not "
             "'det(X)'");
}

BOOST_AUTO_TEST_CASE(error_require_not_scalar) {
  BOOST_TEST(error_of(kBase + "require: [X]\n") ==
             "p.yaml:11:11: require[1] must be a scalar, but it is n×n");
}

BOOST_AUTO_TEST_CASE(error_require_formula) {
  BOOST_TEST(error_of(kBase + "require: [\"det(Y)\"]\n") ==
             "p.yaml:11:16: in require[1]: error: unknown name 'Y'\n"
             " --> p.yaml:11:16\n"
             "   |\n"
             "11 | det(Y)\n"
             "   |     ^\n"
             "   = help: the names known here are A, X, n");
}

BOOST_AUTO_TEST_CASE(error_check_not_a_mapping) {
  BOOST_TEST(error_of(kBase + "check: 5\n") ==
             "p.yaml:11:8: check must be a mapping, as in {trials: 5}, not '5'");
}

BOOST_AUTO_TEST_CASE(error_check_trials) {
  BOOST_TEST(error_of(kBase + "check: {trials: 0}\n") ==
             "p.yaml:11:17: check.trials must be a whole number from 1 to 1000, not '0'");
}

BOOST_AUTO_TEST_CASE(error_check_max_redraws) {
  BOOST_TEST(error_of(kBase + "check: {max_redraws: -1}\n") ==
             "p.yaml:11:22: check.max_redraws must be a whole number from 0 to 10000, not '-1'");
}

BOOST_AUTO_TEST_CASE(error_check_rtol) {
  BOOST_TEST(error_of(kBase + "check: {rtol: 2}\n") ==
             "p.yaml:11:15: check.rtol must be a number between 0 and 1, not '2'");
}

BOOST_AUTO_TEST_CASE(error_check_max_condition) {
  BOOST_TEST(error_of(kBase + "check: {max_condition: 0.5}\n") ==
             "p.yaml:11:24: check.max_condition must be a number ≥ 1, not '0.5'");
}

BOOST_AUTO_TEST_CASE(error_check_min_eigen_gap) {
  BOOST_TEST(error_of(kBase + "check: {min_eigen_gap: x}\n") ==
             "p.yaml:11:24: check.min_eigen_gap must be a number between 0 and 1, not 'x'");
}

// --- examples and mistakes -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(error_examples_not_a_mapping) {
  BOOST_TEST(error_of(kBase + "examples: [X]\n") ==
             "p.yaml:11:11: examples must be a mapping with accept and/or reject lists, not a "
             "list");
}

BOOST_AUTO_TEST_CASE(error_examples_unknown_field) {
  BOOST_TEST(error_of(kBase + "examples: {accpet: [X]}\n") ==
             "p.yaml:11:12: unknown field 'accpet' in examples; did you mean 'accept'?");
}

BOOST_AUTO_TEST_CASE(error_examples_not_a_list) {
  BOOST_TEST(error_of(kBase + "examples: {accept: X}\n") ==
             "p.yaml:11:20: examples.accept must be a list of answers, not 'X'");
}

BOOST_AUTO_TEST_CASE(error_example_with_a_typo) {
  try {
    load(kBase + "examples: {reject: [\"dX*A*\"]}\n");
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    // The formula starts after the quote, at column 22; the error is at its end, column 27.
    BOOST_TEST(e.where().line == 11);
    BOOST_TEST(e.where().column == 27);
    const std::string what = e.what();
    BOOST_TEST(what.rfind("p.yaml:11:27: in examples.reject[1]: error: ", 0) == 0u, what);
    BOOST_TEST(what.find("\n --> p.yaml:11:27\n") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(error_example_with_an_unknown_name) {
  BOOST_TEST(error_of(kBase + "examples: {accept: [dX*B*X]}\n") ==
             "p.yaml:11:24: in examples.accept[1]: error: unknown name 'B'\n"
             " --> p.yaml:11:24\n"
             "   |\n"
             "11 | dX*B*X\n"
             "   |    ^\n"
             "   = help: the names known here are A, X, dX, n");
}

BOOST_AUTO_TEST_CASE(a_reject_example_may_have_the_wrong_shape) {
  const Problem p = load(kBase + "examples: {reject: [\"tr(dX)\", \"dX*ones(n)\"]}\n");
  BOOST_TEST(p.examples.reject.size() == 2u);
}

BOOST_AUTO_TEST_CASE(error_example_names_checked_even_after_a_shape_error) {
  // The shape checker would stop at dX*ones(n, 1)*X (a shape error) before it saw Q.
  BOOST_TEST(error_of(kBase + "examples: {reject: [\"dX*ones(n, 1)*X + Q\"]}\n")
                 .rfind("p.yaml:11:40: in examples.reject[1]: error: unknown name 'Q'", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(error_example_without_answer) {
  BOOST_TEST(error_of(kBase + "examples: {accept: [~]}\n") ==
             "p.yaml:11:21: examples.accept[1] has no answer");
}

BOOST_AUTO_TEST_CASE(error_example_of_a_gradient_in_several_variables_not_a_mapping) {
  BOOST_TEST(error_of(kTwoGradient + "examples: {accept: [y]}\n") ==
             "p.yaml:11:21: examples.accept[1] must map each wrt variable to its formula (x, y), "
             "not 'y'");
}

BOOST_AUTO_TEST_CASE(error_example_of_a_gradient_in_several_variables_missing_a_part) {
  BOOST_TEST(error_of(kTwoGradient + "examples: {accept: [{x: y}]}\n") ==
             "p.yaml:11:21: examples.accept[1] has no formula for 'y'");
}

BOOST_AUTO_TEST_CASE(error_example_of_a_gradient_in_several_variables_extra_part) {
  BOOST_TEST(
      error_of(kTwoGradient + "examples: {accept: [{x: y, y: x, w: x}]}\n") ==
      "p.yaml:11:34: examples.accept[1] gives a formula for 'w', which is not in wrt (x, y)");
}

BOOST_AUTO_TEST_CASE(error_mistakes_not_a_list) {
  BOOST_TEST(error_of(kBase + "mistakes: {answer: X}\n") ==
             "p.yaml:11:11: mistakes must be a list of {answer: ..., feedback: ...}, not a "
             "mapping");
}

BOOST_AUTO_TEST_CASE(error_mistake_without_feedback) {
  BOOST_TEST(error_of(kBase + "mistakes: [{answer: X}]\n") ==
             "p.yaml:11:12: missing field 'feedback' in mistakes[1]");
}

BOOST_AUTO_TEST_CASE(error_mistake_with_empty_feedback) {
  BOOST_TEST(error_of(kBase + "mistakes: [{answer: X, feedback: \"\"}]\n") ==
             "p.yaml:11:34: mistakes[1].feedback must not be empty");
}

BOOST_AUTO_TEST_CASE(error_mistake_answer_typo) {
  BOOST_TEST(error_of(kBase + "mistakes:\n  - answer: 2*X*A*Dx\n    feedback: no\n")
                 .rfind("p.yaml:12:19: in mistakes[1].answer: error: unknown name 'Dx'", 0) == 0u);
}

// --- positions of formulas -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_block_scalar_formula_starts_on_the_next_line) {
  const std::string spec =
      with(kBase, "  reference: dX*A*X + X*A*dX\n", "  reference: |\n    dX*A*X +\n    X*A*dY\n");
  try {
    load(spec);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    // dY is on line 12; lines after the first are shown without the block's indentation.
    BOOST_TEST(e.where().line == 12);
    BOOST_TEST(e.where().column == 5);
    BOOST_TEST(std::string(e.what()).rfind("p.yaml:12:5: in answer.reference: error: unknown "
                                           "name 'dY'",
                                           0) == 0u,
               e.what());
  }
  const Problem p =
      load(with(kBase, "  reference: dX*A*X + X*A*dX\n", "  reference: >-\n    dX*A*X + X*A*dX\n"));
  BOOST_TEST(p.answer.reference.at("").text == "dX*A*X + X*A*dX");
  BOOST_TEST(p.answer.reference.at("").where.line == 11);
  BOOST_TEST(p.answer.reference.at("").where.column == 5);
}

BOOST_AUTO_TEST_CASE(columns_count_code_points) {
  // μ takes two bytes but one column.
  BOOST_TEST(error_of(kBase + "let: {μ: \"2*Y\"}\n") ==
             "p.yaml:11:13: in let.μ: error: unknown name 'Y'\n"
             " --> p.yaml:11:13\n"
             "   |\n"
             "11 | 2*Y\n"
             "   |   ^\n"
             "   = help: the names known here are A, X, n");
}

// --- files and folders -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(load_problem_derives_the_id_from_the_path) {
  TempDir dir;
  dir.write("lecture01/xax.yaml", spec_with_id("lecture01/xax"));
  const Problem p = load_problem(dir.path / "lecture01/xax.yaml", dir.path);
  BOOST_TEST(p.id == "lecture01/xax");
  BOOST_TEST(p.file == (dir.path / "lecture01/xax.yaml").string());
  dir.write("lecture01/other.yaml", spec_with_id("lecture01/xax"));
  const fs::path other = dir.path / "lecture01/other.yaml";
  try {
    load_problem(other, dir.path);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) ==
               other.string() +
                   ":1:5: id 'lecture01/xax' does not match the file's path: expected "
                   "'lecture01/other'");
  }
}

BOOST_AUTO_TEST_CASE(error_file_not_yaml) {
  TempDir dir;
  dir.write("a.yml", kBase);
  try {
    load_problem(dir.path / "a.yml", dir.path);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) ==
               (dir.path / "a.yml").string() + ": a problem spec's file name must end in .yaml");
  }
}

BOOST_AUTO_TEST_CASE(error_file_not_under_the_root) {
  TempDir dir;
  dir.write("a/p.yaml", kBase);
  fs::create_directories(dir.path / "b");
  try {
    load_problem(dir.path / "a/p.yaml", dir.path / "b");
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) == (dir.path / "a/p.yaml").string() +
                                            ": the file is not under the problems folder '" +
                                            (dir.path / "b").string() + "'");
  }
}

BOOST_AUTO_TEST_CASE(error_file_cannot_be_read) {
  TempDir dir;
  try {
    load_problem(dir.path / "missing.yaml", dir.path);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) ==
               (dir.path / "missing.yaml").string() + ": cannot read this file");
  }
}

// A spec is refused before yaml-cpp sees it when it is larger than 1 MiB (yaml-cpp needs
// about 85 times a file's size) or not a regular file (a FIFO would never end).
BOOST_AUTO_TEST_CASE(error_file_too_large_or_not_regular) {
  TempDir dir;
  const std::string spec = "id: t/big\ntitle: T\nanswer: {kind: value, reference: '1'}\n";
  dir.write("t/big.yaml", spec + std::string((1 << 20) - spec.size() - 1, '#') + "\n");
  BOOST_CHECK_NO_THROW(load_problem(dir.path / "t/big.yaml", dir.path));
  dir.write("t/big.yaml", spec + std::string((1 << 20) - spec.size(), '#') + "\n");
  try {
    load_problem(dir.path / "t/big.yaml", dir.path);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) ==
               (dir.path / "t/big.yaml").string() +
                   ": the file is more than 1048576 bytes; a problem spec may have at most "
                   "1048576");
  }
  fs::create_directories(dir.path / "t");
  BOOST_REQUIRE(::mkfifo((dir.path / "t/fifo.yaml").c_str(), 0600) == 0);
  try {
    load_problem(dir.path / "t/fifo.yaml", dir.path);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) ==
               (dir.path / "t/fifo.yaml").string() + ": not a regular file");
  }
}

BOOST_AUTO_TEST_CASE(load_problem_set_collects_every_error_and_sorts_by_id) {
  TempDir dir;
  dir.write("lecture02/b.yaml", spec_with_id("lecture02/b"));
  dir.write("lecture01/z.yaml", spec_with_id("lecture01/z"));
  dir.write("lecture01/a.yaml", with(spec_with_id("lecture01/a"), "function:", "funtcion:"));
  dir.write("lecture01/c.yaml", "id: [\n");
  dir.write("top.yaml", spec_with_id("top"));
  dir.write("old.yml", spec_with_id("old"));
  dir.write("README.md", "# not a problem\n");
  dir.write(".hidden/bad.yaml", "nonsense: [\n");
  const ProblemSet set = load_problem_set(dir.path);
  std::vector<std::string> ids;
  for (const auto& p : set.problems) ids.push_back(p.id);
  BOOST_TEST(ids == (std::vector<std::string>{"lecture01/z", "lecture02/b", "top"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(set.errors.size() == 3u);
  BOOST_TEST(std::string(set.errors[0].what()) ==
             (dir.path / "lecture01/a.yaml").string() +
                 ":7:1: unknown field 'funtcion'; did you mean 'function'?");
  BOOST_TEST(set.errors[1].where().file == (dir.path / "lecture01/c.yaml").string());
  BOOST_TEST(set.errors[1].message().rfind("invalid YAML: ", 0) == 0u);
  BOOST_TEST(std::string(set.errors[2].what()) ==
             (dir.path / "old.yml").string() +
                 ": problem specs end in .yaml; rename this file to be loaded");
}

BOOST_AUTO_TEST_CASE(error_problem_set_without_folder) {
  TempDir dir;
  try {
    load_problem_set(dir.path / "nope");
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST(std::string(e.what()) == (dir.path / "nope").string() + ": no problems folder here");
  }
}

BOOST_AUTO_TEST_CASE(problems_dir_prefers_explicit_then_environment) {
  ::setenv("GRADER_PROBLEMS", "/from/env", 1);
  BOOST_TEST(problems_dir("given").string() == "given");
  BOOST_TEST(problems_dir("").string() == "/from/env");
  ::setenv("GRADER_PROBLEMS", "", 1);
  BOOST_TEST(problems_dir("").string() == "problems");
  ::unsetenv("GRADER_PROBLEMS");
  BOOST_TEST(problems_dir("").string() == "problems");
}

// A code problem; lines: 8 answer, 9 kind, 10 entry, 11 arguments, 12 returns, 13 reference.
const std::string kCode = R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  A: {shape: [n, n]}
  b: {shape: [n]}
let: {c: A*b}
answer:
  kind: code
  entry: apply
  arguments: [A, b, c]
  returns: [n]
  reference: A*b
)y";

BOOST_AUTO_TEST_CASE(code_answer_defaults) {
  const Problem p = load(kCode);
  BOOST_TEST((p.answer.kind == AnswerKind::code));
  BOOST_REQUIRE(p.answer.code.has_value());
  BOOST_TEST(p.answer.code->entry == "apply");
  BOOST_TEST(p.answer.code->call == "apply(A, b, c)");
  BOOST_TEST(p.answer.code->arguments.size() == 3U);
  BOOST_TEST(p.answer.code->returns.size() == 1U);
  BOOST_TEST(p.answer.tolerance == 1e-8);
  BOOST_TEST(p.answer.code->prelude.empty());
}

BOOST_AUTO_TEST_CASE(code_answer_call_and_prelude) {
  const Problem p =
      load(with(kCode, "  reference: A*b\n",
                "  reference: A*b\n  call: twice(apply(A, b, c)) / 2\n  prelude: |\n"
                "    inline Eigen::VectorXd twice(const Eigen::VectorXd& v) { return 2 * v; }\n"
                "  tolerance: 1e-12\n"));
  BOOST_TEST(p.answer.code->call == "twice(apply(A, b, c)) / 2");
  BOOST_TEST(p.answer.code->prelude.find("inline Eigen::VectorXd twice") == 0U);
  BOOST_TEST(p.answer.tolerance == 1e-12);
}

BOOST_AUTO_TEST_CASE(error_code_unknown_argument) {
  BOOST_TEST(error_of(with(kCode, "arguments: [A, b, c]", "arguments: [A, bb]")) ==
             "p.yaml:11:18: answer.arguments[2] must name a variable or a let; 'bb' is neither "
             "(did you mean 'b'?)");
}

BOOST_AUTO_TEST_CASE(error_code_argument_twice) {
  BOOST_TEST(error_of(with(kCode, "arguments: [A, b, c]", "arguments: [A, A]")) ==
             "p.yaml:11:18: answer.arguments[2]: 'A' is passed twice");
}

BOOST_AUTO_TEST_CASE(error_code_entry_not_an_identifier) {
  BOOST_TEST(error_of(with(kCode, "entry: apply", "entry: apply me")) ==
             "p.yaml:10:10: answer.entry must be a C++ function name (letters, digits, _), not "
             "'apply me'");
}

BOOST_AUTO_TEST_CASE(error_code_missing_returns) {
  BOOST_TEST(error_of(with(kCode, "  returns: [n]\n", "")) ==
             "p.yaml:9:3: missing field 'returns' in answer (the shape of the result, as [n])");
}

BOOST_AUTO_TEST_CASE(code_answer_as_a_derivative_of_the_function) {
  const Problem p =
      load(with(with(kCode, "answer:\n", "function: b'*A*b\nanswer:\n"), "  entry: apply\n",
                "  entry: apply\n  derivative: gradient\n  wrt: [b]\n"));
  BOOST_TEST((p.answer.code->derivative == AnswerKind::gradient));
  BOOST_TEST(p.answer.wrt == std::vector<std::string>{"b"});
  BOOST_TEST(p.function.has_value());
}

BOOST_AUTO_TEST_CASE(error_code_derivative_needs_the_function_and_one_variable) {
  BOOST_TEST(
      error_of(with(kCode, "  entry: apply\n", "  entry: apply\n  derivative: gradient\n")) ==
      "p.yaml:11:15: answer.derivative needs the problem's function (function: F), whose "
      "gradient the reference is");
  BOOST_TEST(error_of(with(kCode, "  entry: apply\n", "  entry: apply\n  derivative: hessian\n")) ==
             "p.yaml:11:15: answer.derivative must be gradient, jacobian or differential, not "
             "'hessian'");
  BOOST_TEST(error_of(with(kCode, "  entry: apply\n", "  entry: apply\n  wrt: [b]\n")) ==
             "p.yaml:11:8: answer.wrt of a code problem needs answer.derivative");
  BOOST_TEST(error_of(with(with(kCode, "answer:\n", "function: b'*A*b\nanswer:\n"),
                           "  entry: apply\n", "  entry: apply\n  derivative: gradient\n")) ==
             "p.yaml:12:15: a code problem's gradient is of one wrt variable, not 2 (A, b)");
  BOOST_TEST(error_of(with(with(kCode, "answer:\n", "function: A*b\nanswer:\n"), "  entry: apply\n",
                           "  entry: apply\n  derivative: gradient\n")) ==
             "p.yaml:8:11: a gradient needs a scalar function, but function is n×1");
}

// A code problem asking for a directional derivative: the directions dX of the wrt variables
// may be passed, and the reference may use them.
const std::string kCodeDifferential =
    with(with(with(kCode, "answer:\n", "function: A*A\nanswer:\n"), "  entry: apply\n",
              "  entry: apply\n  derivative: differential\n  wrt: [A]\n"),
         "  arguments: [A, b, c]\n  returns: [n]\n  reference: A*b\n",
         "  arguments: [A, dA]\n  returns: [n, n]\n  reference: dA*A + A*dA\n");

BOOST_AUTO_TEST_CASE(code_answer_as_a_differential_takes_directions) {
  const Problem p = load(kCodeDifferential);
  BOOST_TEST((p.answer.code->derivative == AnswerKind::differential));
  BOOST_TEST(p.answer.code->arguments == (std::vector<std::string>{"A", "dA"}));
  BOOST_TEST(p.answer.code->call == "apply(A, dA)");
  BOOST_TEST(uses_differentials(p));
  BOOST_TEST(!uses_differentials(load(kCode)));
}

BOOST_AUTO_TEST_CASE(error_code_direction_needs_a_differential_of_a_wrt_variable) {
  // Without derivative: differential, dA is no argument.
  BOOST_TEST(error_of(with(kCode, "arguments: [A, b, c]", "arguments: [A, dA]")) ==
             "p.yaml:11:18: answer.arguments[2] must name a variable or a let; 'dA' is neither "
             "(did you mean 'A'?)");
  // b is not in wrt, so it has no direction.
  BOOST_TEST(error_of(with(kCodeDifferential, "arguments: [A, dA]", "arguments: [A, db]")) ==
             "p.yaml:14:18: answer.arguments[2] must name a variable, a let or the direction dX "
             "of a wrt variable X; 'db' is neither (did you mean 'b'?)");
  // A gradient's reference is written without differentials.
  BOOST_TEST(error_of(with(kCodeDifferential, "derivative: differential", "derivative: jacobian"))
                 .find("answer.arguments[2] must name a variable or a let; 'dA' is neither") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_code_field_of_another_kind) {
  BOOST_TEST(error_of(with(kBase, "  reference: dX*A*X + X*A*dX\n",
                           "  reference: dX*A*X + X*A*dX\n  entry: f\n")) ==
             "p.yaml:11:3: field 'entry' in answer is not used by kind differential (only by "
             "code)");
}

// Found by tests/fuzz/spec_fuzz: yaml-cpp's LoadAll never returns on this text (it reads
// endless empty documents). The loader stops at the second.
BOOST_AUTO_TEST_CASE(a_text_yaml_cpp_would_read_forever_is_an_error_at_once) {
  BOOST_TEST(error_of("!i, ") ==
             "p.yaml:1:3: a problem spec is one YAML document, but this file has more than one");
}

// --- every error of a file (issue 18) ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_error_of_a_file_is_reported_with_its_position) {
  // A misspelt title (so title is also missing, which the suggestion says already), a bad
  // lecture and a bad property: three errors in three sections, each read on its own; the
  // answer, which needs the variables, is not read.
  std::string yaml = with(kBase, "title: T", "tittle: T\nlecture: x");
  yaml = with(yaml, "X: {shape: [n, n]}", "X: {shape: [n, n], properties: [symetric]}");
  try {
    load(yaml);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    const std::string what = e.what();
    BOOST_TEST(e.where().line == 2);
    BOOST_TEST(e.message() == "unknown field 'tittle'; did you mean 'title'?");
    BOOST_TEST_REQUIRE(e.more().size() == 2u, what);
    BOOST_TEST(e.more()[0].what() ==
               std::string("p.yaml:3:10: lecture must be a whole number from 0 to 1000, not 'x'"));
    BOOST_TEST(e.more()[1].where().line == 6, what);
    BOOST_TEST(e.more()[1].message() == "unknown property 'symetric'; did you mean 'symmetric'?",
               what);
    // what() lists them all, one per line.
    BOOST_TEST(what.find("p.yaml:2:1: unknown field 'tittle'; did you mean 'title'?\n"
                         "p.yaml:3:10: lecture ") == 0u,
               what);
    BOOST_TEST(what.find("missing field") == std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(sections_that_do_not_depend_on_a_failed_one_are_still_read) {
  // The answer is fine, so a bad check option and a bad example are both reported.
  const std::string yaml = kBase + "check: {trials: 0}\nexamples:\n  accept: [\"dX*B\"]\n";
  try {
    load(yaml);
    BOOST_FAIL("loaded");
  } catch (const SpecError& e) {
    BOOST_TEST_REQUIRE(e.more().size() == 1u, e.what());
    BOOST_TEST(e.where().line == 11);
    BOOST_TEST(e.more()[0].where().line == 13);
    BOOST_TEST(e.more()[0].message().find("in examples.accept[1]: ") == 0u, e.what());
  }
}

BOOST_AUTO_TEST_CASE(error_duplicate_mistakes_are_named_by_position) {
  const std::string yaml = kBase +
                           "mistakes:\n"
                           "  - {answer: 2*X*A*dX, feedback: one}\n"
                           "  - {answer: X*A*dX, feedback: two}\n"
                           "  - {answer: 2 * X*A*dX, feedback: three}\n";
  BOOST_TEST(error_of(yaml) ==
             "p.yaml:14:14: mistakes[3] is a duplicate of mistakes[1] (line 12): the same answer, "
             "so only the first's feedback is ever shown; remove one or merge their feedback");
}

BOOST_AUTO_TEST_CASE(error_a_backslash_in_double_quotes_suggests_single_quotes) {
  const std::string escape = with(kBase, "reference: dX*A*X + X*A*dX", R"(reference: "A\dX")");
  const std::string what = error_of(escape);
  BOOST_TEST(what.find("p.yaml:10:") == 0u, what);
  BOOST_TEST(what.find("invalid YAML: unknown escape character: d; in double quotes a backslash "
                       "starts an escape: write the formula in single quotes, which keep "
                       "backslashes: 'A\\dX'") != std::string::npos,
             what);
  // \b is an escape YAML knows (a backspace): the formula then holds a control character.
  const std::string valid = with(kBase, "reference: dX*A*X + X*A*dX", R"(reference: "X\bX")");
  BOOST_TEST(error_of(valid) ==
             "p.yaml:10:14: answer.reference is in double quotes, where YAML reads a backslash as "
             "an escape (\"A\\b\" is A and a backspace); write it in single quotes, which keep "
             "backslashes: 'X\\bX'");
}

BOOST_AUTO_TEST_CASE(error_a_tab_indented_line_is_named) {
  const std::string yaml = with(kBase, "  X: {shape: [n, n]}", "\tX: {shape: [n, n]}");
  const std::string what = error_of(yaml);
  BOOST_TEST(what.find("invalid YAML: ") != std::string::npos, what);
  BOOST_TEST(what.find("; line 5 is indented with a tab: YAML indents with spaces only") !=
                 std::string::npos,
             what);
}

// --- gradient: tangent ------------------------------------------------------------------

// A gradient on the unit sphere; line 6 declares x.
const std::string kSphere = R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  A: {shape: [n, n], constant: true}
  x: {shape: [n], properties: [unit], gradient: tangent}
function: x'*A*x
answer:
  kind: gradient
  reference: (I(n) - x*x')*(A + A')*x
)y";

BOOST_AUTO_TEST_CASE(reads_gradient_tangent) {
  const Problem p = load(kSphere);
  const Variable* x = p.find_variable("x");
  BOOST_TEST_REQUIRE(x != nullptr);
  BOOST_TEST(x->tangent_gradient);
  BOOST_TEST(x->gradient_where.line == 6);
  BOOST_TEST(x->gradient_where.column == 49);
  BOOST_TEST(!p.find_variable("A")->tangent_gradient);
  BOOST_TEST(!load(with(kSphere, ", gradient: tangent", "")).find_variable("x")->tangent_gradient);
}

BOOST_AUTO_TEST_CASE(error_gradient_not_tangent) {
  BOOST_TEST(error_of(with(kSphere, "gradient: tangent", "gradient: ambient")) ==
             "p.yaml:6:49: variables.x.gradient must be 'tangent' (the gradient must lie in x's "
             "tangent space), not 'ambient'; leave it out for a gradient defined only up to what "
             "x's directions cannot see");
}

BOOST_AUTO_TEST_CASE(error_gradient_tangent_on_an_unrestricted_variable) {
  BOOST_TEST(error_of(with(kSphere, "properties: [unit], ", "")) ==
             "p.yaml:6:29: variables.x.gradient: tangent needs a variable whose directions are "
             "restricted (one of the properties symmetric, skew-symmetric, positive-definite, "
             "orthogonal, diagonal, upper-triangular, lower-triangular, unit, "
             "distinct-eigenvalues), but x has none, so its gradient has no other part to leave "
             "out");
  BOOST_TEST(error_of(with(kSphere, "properties: [unit]", "properties: [positive]")) ==
             "p.yaml:6:53: variables.x.gradient: tangent needs a variable whose directions are "
             "restricted (one of the properties symmetric, skew-symmetric, positive-definite, "
             "orthogonal, diagonal, upper-triangular, lower-triangular, unit, "
             "distinct-eigenvalues), but x has none, so its gradient has no other part to leave "
             "out");
}

BOOST_AUTO_TEST_CASE(error_gradient_tangent_on_a_problem_that_is_no_gradient_wrt_it) {
  BOOST_TEST(error_of(with(with(kSphere, "kind: gradient", "kind: differential"),
                           "(I(n) - x*x')*(A + A')*x", "dx'*(A + A')*x")) ==
             "p.yaml:6:49: variables.x.gradient: tangent says how a gradient with respect to x "
             "is checked, but this problem's answer is a differential");
  const std::string two = with(with(kSphere, "  A: {shape: [n, n], constant: true}",
                                    "  A: {shape: [n, n], properties: [symmetric]}"),
                               "  kind: gradient", "  kind: gradient\n  wrt: [A]");
  BOOST_TEST(error_of(with(two, "(I(n) - x*x')*(A + A')*x", "x*x'")) ==
             "p.yaml:6:49: variables.x.gradient: tangent says how a gradient with respect to x "
             "is checked, but the answer is not a gradient with respect to x (it is not in "
             "answer.wrt)");
}
