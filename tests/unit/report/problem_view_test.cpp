#define BOOST_TEST_MODULE report_problem_view
#include "grader/report/problem_view.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/spec/loader.hpp"

using namespace grader;

namespace {

const std::string kSpec = R"(id: t/quad
lecture: 3
part: 2
title: A quadratic form
statement: Find dF.
dims: {n: [2, 5], m: [3, 3]}
variables:
  x: {shape: [n]}
  S: {shape: [n, n], constant: true, properties: [symmetric, positive-definite]}
  B: {shape: [m, n], constant: true}
let: {y: "S*x"}
function: x'*y
answer:
  kind: differential
  reference: 2*dx'*S*x
examples:
  accept: ["dx'*S*x + x'*S*dx"]
  reject: ["dx'*S*x"]
mistakes:
  - answer: dx'*S*x
    feedback: F has x twice.
    credit: 0.5
)";

const std::string kChoice = R"(id: t/c
title: Linear?
answer:
  kind: choice
  options: {a: AX, b: X'X}
  correct: [a]
  option_feedback: {b: "What is F(2X)?"}
  explanation: Only AX.
feedback: {reveal_reference: always}
)";

spec::Problem load(const std::string& yaml, const std::string& id) {
  return spec::load_problem_text(yaml, "problems/" + id + ".yaml", id);
}

bool contains(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

}  // namespace

// Issue 20: the second direction of a bilinear form is a name the answer uses.
BOOST_AUTO_TEST_CASE(a_bilinear_form_shows_its_second_direction) {
  const std::string out = report::show_text(load(R"(id: t/invb
title: inverse
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n], properties: [invertible]}
function: inv(X)
answer:
  kind: hessian
  form: bilinear
  second_direction: dY
  reference: inv(X)*dX*inv(X)*dY*inv(X) + inv(X)*dY*inv(X)*dX*inv(X)
)",
                                                 "t/invb"));
  BOOST_TEST(contains(out,
                      "Answer: hessian (n×n)\n"
                      "Names your answer may use:\n"
                      "  n   dimension, 2 to 4\n"
                      "  X   n×n variable; invertible\n"
                      "  dX  n×n direction: the differential of X\n"
                      "  dY  n×n direction: the second direction of X, as in d²F[dX, dY]\n"),
             out);
}

// gradient: tangent is part of what the answer must be, so a student sees it.
BOOST_AUTO_TEST_CASE(a_tangent_gradient_says_so_in_the_names) {
  const std::string out = report::show_text(load(R"(id: t/sphere
title: sphere
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n], properties: [symmetric], constant: true}
  x: {shape: [n], properties: [unit], gradient: tangent}
function: x'*A*x/2
answer: {kind: gradient, wrt: x, reference: A*x - (x'*A*x)*x}
)",
                                                 "t/sphere"));
  BOOST_TEST(contains(out, "  x  n×1 variable; unit; its gradient must be tangent\n"), out);
  BOOST_TEST(!contains(out, "symmetric; its gradient"), out);
}

BOOST_AUTO_TEST_CASE(a_student_sees_every_name_an_answer_may_use_with_its_shape) {
  const std::string out = report::show_text(load(kSpec, "t/quad"));
  BOOST_TEST(contains(out, "# A quadratic form\n\nt/quad (lecture 3, part 2; 1 point)\n\nFind dF."),
             out);
  BOOST_TEST(contains(out,
                      "Answer: differential (1×1)\n"
                      "Names your answer may use:\n"
                      "  n   dimension, 2 to 5\n"
                      "  m   dimension, 3\n"
                      "  x   n×1 variable\n"
                      "  S   n×n constant; symmetric, positive-definite\n"
                      "  B   m×n constant\n"
                      "  y   n×1 let = S*x\n"
                      "  dx  n×1 direction: the differential of x\n"),
             out);
  // Nothing of what grading uses.
  BOOST_TEST(!contains(out, "2*dx'*S*x"), out);
  BOOST_TEST(!contains(out, "F has x twice"), out);
  BOOST_TEST(!contains(out, "Instructor"), out);
}

BOOST_AUTO_TEST_CASE(an_instructor_also_sees_reference_mistakes_and_examples) {
  const std::string out = report::show_text(load(kSpec, "t/quad"), {.instructor = true});
  BOOST_TEST(contains(out,
                      "\nInstructor view (problems/t/quad.yaml)\n"
                      "  function: x'*y\n"
                      "  reference: 2*dx'*S*x\n"
                      "  mistakes:\n"
                      "    - dx'*S*x (credit 0.5)\n"
                      "      F has x twice.\n"
                      "  examples accepted: dx'*S*x + x'*S*dx\n"
                      "  examples rejected: dx'*S*x\n"
                      "  reveals the reference to a wrong answer: never\n"),
             out);
}

BOOST_AUTO_TEST_CASE(a_choice_shows_its_options_and_for_an_instructor_its_feedback) {
  const auto p = load(kChoice, "t/c");
  const std::string student = report::show_text(p);
  BOOST_TEST(contains(student, "  a) AX\n  b) X'X\n\nAnswer: the letters of every right option"),
             student);
  BOOST_TEST(!contains(student, "F(2X)"), student);
  BOOST_TEST(!contains(student, "Names your answer"), student);
  const std::string instructor = report::show_text(p, {.instructor = true});
  BOOST_TEST(contains(instructor,
                      "  correct: a (select all that apply)\n"
                      "  scoring: all-or-nothing\n"
                      "  explanation: Only AX.\n"
                      "  option feedback (shown to a student who misjudged the "
                      "option):\n"
                      "    b: What is F(2X)?\n"),
             instructor);
  BOOST_TEST(contains(instructor,
                      "reveals the right options and explanation to a wrong answer: "
                      "always\n"),
             instructor);
}
