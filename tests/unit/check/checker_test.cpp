#define BOOST_TEST_MODULE check_checker
#include "grader/check/checker.hpp"

#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "grader/check/validate.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;
using check::Verdict;

namespace {

spec::Problem load(const std::string& yaml, const std::string& id) {
  return spec::load_problem_text(yaml, "problems/" + id + ".yaml", id);
}

const std::string& kXax = grader_test::kXaxSpec;

check::CheckResult try_answer(const spec::Problem& p, const std::string& text,
                              std::uint64_t seed = 1) {
  spec::AnswerText a;
  a.single = text;
  return check::check_answer(p, a, seed);
}

}  // namespace

BOOST_AUTO_TEST_CASE(right_answers_in_any_form_pass_on_every_seed) {
  const auto p = load(kXax, "t/xax");
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    for (const char* answer :
         {"dX*A*X + X*A*dX", "X*(A*dX) + (dX*A)*X", "(dX*A + X*A*dX*inv(X))*X"}) {
      BOOST_TEST_CONTEXT("seed " << seed << ", answer " << answer) {
        const auto r = try_answer(p, answer, seed);
        BOOST_TEST(to_string(r.verdict) == "pass", r.message);
        BOOST_TEST(r.score == 1.0);
        BOOST_TEST(r.trials == 5);
        BOOST_TEST(r.oracle == "reference");
        BOOST_TEST(r.max_rel_error < 1e-30);
        BOOST_TEST(r.seed == seed);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_relative_change_of_1e_12_fails) {
  const auto p = load(kXax, "t/xax");
  const auto r = try_answer(p, "dX*A*X + X*A*dX*(1+1e-12)");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.max_rel_error > 1e-14);
  BOOST_TEST(r.max_rel_error < 1e-11);
  BOOST_TEST(r.message.find("wrong: at random point 1 of 5") == 0u, r.message);
}

BOOST_AUTO_TEST_CASE(a_difference_quotient_is_not_linear_in_the_differential) {
  const auto p = load(kXax, "t/xax");
  const auto r = try_answer(p, "((X+1e-9*dX)*A*(X+1e-9*dX) - X*A*X)/1e-9");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.oracle == "linearity");
  BOOST_TEST(r.message.find("your answer is not linear in dX") == 0u, r.message);
  const auto constant = try_answer(p, "dX*A*X + X*A*dX + A");
  BOOST_TEST(constant.oracle == "linearity");
}

BOOST_AUTO_TEST_CASE(a_recognised_mistake_gets_its_feedback) {
  const auto p = load(kXax, "t/xax");
  const auto r = try_answer(p, "2*X*(A*dX)");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.feedback == "Products do not commute.");
  BOOST_TEST(
      (r.diagnosis == spec::DiagnosisKey::commuting));  // the generic key, with the spec's words
  const auto other = try_answer(p, "X*A*dX");
  BOOST_TEST((other.diagnosis == spec::DiagnosisKey::missing_term));
  BOOST_TEST(other.feedback.find("A term is missing") == 0u, other.feedback);
}

// A mistake whose kind the spec names gets that key, in place of the generic one and of
// `mistake`; its feedback is the spec's.
BOOST_AUTO_TEST_CASE(a_mistake_of_a_named_kind_gets_that_key) {
  const auto p = load(kXax +
                          "  - answer: dX*A'*X + X*A*dX\n"
                          "    feedback: A is not symmetric.\n"
                          "    kind: symmetric-only\n"
                          "  - answer: dX*A*X + X*A*dX + X*dX\n"
                          "    feedback: A stray term.\n",
                      "t/xax");
  // The generic diagnosis would be transposed-factor; the instructor's word wins.
  const auto named = try_answer(p, "dX*A'*X + X*A*dX");
  BOOST_TEST(to_string(named.verdict) == "fail");
  BOOST_TEST(named.feedback == "A is not symmetric.");
  BOOST_TEST((named.diagnosis == spec::DiagnosisKey::symmetric_only));
  // Without a kind: the generic key (extra-term), as before.
  const auto unnamed = try_answer(p, "dX*A*X + X*A*dX + X*dX");
  BOOST_TEST(unnamed.feedback == "A stray term.");
  BOOST_TEST((unnamed.diagnosis == spec::DiagnosisKey::extra_term));
}

// A mistake is read as a student's answer is: a plain I is the identity of the answer's size.
BOOST_AUTO_TEST_CASE(a_mistake_with_a_plain_identity_is_matched) {
  const auto p = load(R"(id: t/logdet
title: log det
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n], properties: [invertible]}
function: logdet(X)
answer: {kind: gradient, reference: inv(X)'}
mistakes:
  - answer: 1/det(X)*I
    feedback: That holds only at X = I.
)",
                      "t/logdet");
  const auto r = try_answer(p, "1/det(X)*I(n)");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.feedback == "That holds only at X = I.");
}

// Without a matching mistake, a generic near-miss is named; the spec's mistakes come first.
BOOST_AUTO_TEST_CASE(a_flipped_sign_or_a_factor_is_diagnosed_without_the_spec_listing_it) {
  const auto p = load(kXax, "t/xax");
  const auto sign = try_answer(p, "-(dX*A*X + X*A*dX)");
  BOOST_TEST(to_string(sign.verdict) == "fail");
  BOOST_TEST(sign.feedback ==
             "Check the sign: at this point your answer is exactly −1 times the right one.");
  BOOST_TEST(try_answer(p, "2*(dX*A*X + X*A*dX)").feedback ==
             "Off by a constant factor: at this point your answer is 2 times the right one.");
  BOOST_TEST(try_answer(p, "2*X*(A*dX)").feedback == "Products do not commute.");
}

BOOST_AUTO_TEST_CASE(syntax_name_and_shape_errors_are_invalid) {
  const auto p = load(kXax, "t/xax");
  const auto syntax = try_answer(p, "dX*A*X +");
  BOOST_TEST(to_string(syntax.verdict) == "invalid");
  BOOST_TEST(syntax.message ==
             "syntax error: the formula ends too early: expected a number, a name, '(' or '['");
  BOOST_TEST(syntax.diagnostic.find(" --> answer:1:9") != std::string::npos, syntax.diagnostic);
  const auto name = try_answer(p, "dX*B*X");
  BOOST_TEST(to_string(name.verdict) == "invalid");
  BOOST_TEST(name.message == "name error: unknown name 'B'");
  const auto shape = try_answer(p, "tr(dX*A*X)");
  BOOST_TEST(to_string(shape.verdict) == "invalid");
  BOOST_TEST(shape.message == "your answer is 1×1, but dF is n×n");
  const auto empty = try_answer(p, "  ");
  BOOST_TEST(empty.message == "the answer is empty");
}

BOOST_AUTO_TEST_CASE(gradients_are_compared_as_matrices_and_without_differentials) {
  const auto p = load(R"(id: t/g
title: g
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
  A: {shape: [n, n], constant: true}
function: x'*A*x
answer: {kind: gradient, reference: (A + A')*x}
)",
                      "t/g");
  BOOST_TEST(to_string(try_answer(p, "A*x + A'*x").verdict) == "pass");
  BOOST_TEST(to_string(try_answer(p, "2*A*x").verdict) == "fail");
  const auto transposed = try_answer(p, "x'*(A + A')");
  BOOST_TEST(to_string(transposed.verdict) == "invalid");
  BOOST_TEST(transposed.message == "your answer is 1×n, but the gradient with respect to x is n×1");
  const auto differential = try_answer(p, "x'*(A + A')*dx");
  BOOST_TEST(to_string(differential.verdict) == "invalid");
  BOOST_TEST(differential.message.find("written without differentials") != std::string::npos,
             differential.message);
}

BOOST_AUTO_TEST_CASE(choices_compare_letters) {
  const auto p = load(R"(id: t/c
title: c
answer:
  kind: choice
  options: {a: one, b: two, c: three}
  correct: [a, c]
  explanation: Because.
)",
                      "t/c");
  BOOST_TEST(to_string(try_answer(p, "c, A").verdict) == "pass");
  BOOST_TEST(to_string(try_answer(p, "a").verdict) == "fail");
  const auto bad = try_answer(p, "e");
  BOOST_TEST(to_string(bad.verdict) == "invalid");
  BOOST_TEST(bad.message == "'e' is not one of the options (a, b, c)");
  // The explanation rewards a pass; a wrong answer is not told the answer
  // (check/choice_test.cpp has the rest).
  BOOST_TEST(try_answer(p, "a, c").feedback == "Because.");
  BOOST_TEST(try_answer(p, "a").feedback.empty());
}

BOOST_AUTO_TEST_CASE(missing_answers_score_zero) {
  const auto p = load(kXax, "t/xax");
  const auto r = check::missing_answer(p, 7);
  BOOST_TEST(to_string(r.verdict) == "missing");
  BOOST_TEST(r.max_score == 1.0);
  BOOST_TEST(r.seed == 7u);
}

BOOST_AUTO_TEST_CASE(verdicts_are_reproducible_from_the_seed) {
  const auto p = load(kXax, "t/xax");
  const auto a = try_answer(p, "X*A*dX", 42);
  const auto b = try_answer(p, "X*A*dX", 42);
  BOOST_TEST(a.message == b.message);
  BOOST_TEST(a.max_rel_error == b.max_rel_error);
  const auto c = try_answer(p, "X*A*dX", 43);
  BOOST_TEST(a.max_rel_error != c.max_rel_error);
}

BOOST_AUTO_TEST_CASE(validate_accepts_a_right_spec_and_names_the_oracle_that_refutes_a_wrong_one) {
  const auto good = load(kXax, "t/xax");
  const auto ok = check::validate_problem(good, 1, 3);
  BOOST_TEST(ok.ok());
  BOOST_TEST(ok.oracles.size() == 3u);  // X*A*X is analytic: complex step applies
  std::string bad_yaml = kXax;
  const std::string right = "reference: dX*A*X + X*A*dX";
  bad_yaml.replace(bad_yaml.find(right), right.size(), "reference: 2*X*A*dX");
  const auto bad = check::validate_problem(load(bad_yaml, "t/xax"), 1, 1);
  BOOST_TEST(!bad.ok());
  BOOST_TEST(bad.failures.front().find("problems/t/xax.yaml:10:14: the reference disagrees with "
                                       "the numerical derivatives of F at 5 of 5 points (seeds "
                                       "1..1): high-precision difference (worst") == 0u,
             bad.failures.front());
}

BOOST_AUTO_TEST_CASE(gradients_of_symmetric_variables_are_compared_through_symmetric_directions) {
  // f(S) = x'Sx with S symmetric: x*x' and any G with the same symmetric part are gradients.
  const auto p = load(R"(id: t/sym
title: sym
dims: {n: [2, 5]}
variables:
  S: {shape: [n, n], properties: [symmetric]}
  x: {shape: [n], constant: true}
function: x'*S*x
answer: {kind: gradient, wrt: [S], reference: x*x'}
)",
                      "t/sym");
  BOOST_TEST(to_string(try_answer(p, "x*x'").verdict) == "pass");
  // Adding a skew-symmetric part is invisible to symmetric directions, so it is still a gradient.
  BOOST_TEST(to_string(try_answer(p, "x*x' + (x*x'*S - S*x*x')").verdict) == "pass");
  BOOST_TEST(to_string(try_answer(p, "x*x' + I*0 + diagm(x)").verdict) == "fail");
  BOOST_TEST(to_string(try_answer(p, "2*x*x'").verdict) == "fail");
}

BOOST_AUTO_TEST_CASE(right_answers_pass_on_ill_conditioned_inputs) {
  // A is fixed with condition number about 4e10: a double-precision check of these two
  // forms would disagree near 1e-6; in 50 digits they agree far below the tolerance.
  const auto p = load(R"(id: t/ill
title: ill
variables:
  X: {shape: [2, 2]}
  A: {shape: [2, 2], constant: true, value: "[1 1; 1 1.0000000001]"}
function: X*inv(A)*X
answer:
  kind: differential
  reference: dX*inv(A)*X + X*inv(A)*dX
)",
                      "t/ill");
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto r = try_answer(p, "dX*(A\\X) + (X/A)*dX", seed);
    BOOST_TEST(to_string(r.verdict) == "pass", "seed " << seed << ": " << r.message);
    BOOST_TEST(r.max_rel_error < 1e-25);
    const auto wrong = try_answer(p, "dX*(A\\X) + (X/A)*dX*(1 + 1e-12)", seed);
    BOOST_TEST(to_string(wrong.verdict) == "fail");
  }
}

// C++ references (tests/data/cpp-reference/reference/t/square.hpp): a right one decides like a
// formula; one that throws is the problem's error, never the student's fail.
BOOST_AUTO_TEST_CASE(a_cpp_reference_decides_and_its_failure_is_an_error_verdict) {
  const std::string folder = std::string(GRADER_TEST_DATA) + "/cpp-reference/reference";
  auto p = load(R"(id: t/cpp
title: cpp
dims: {n: [2, 3]}
variables:
  X: {shape: [n, n]}
function: {cpp: t/square.hpp, entry: square::function, shape: [n, n]}
answer:
  kind: differential
  reference: {cpp: t/square.hpp, entry: square::reference}
)",
                "t/cpp");
  spec::find_cpp_sources(p, folder);
  BOOST_TEST(to_string(try_answer(p, "dX*X + X*dX").verdict) == "pass");
  BOOST_TEST(to_string(try_answer(p, "2*X*dX").verdict) == "fail");

  auto q = load(R"(id: t/cpp
title: cpp
dims: {n: [2, 3]}
variables:
  X: {shape: [n, n]}
function: X*X
answer:
  kind: differential
  reference: {cpp: t/square.hpp, entry: square::throws}
)",
                "t/cpp");
  spec::find_cpp_sources(q, folder);
  const auto r = try_answer(q, "dX*X + X*dX");
  BOOST_TEST(to_string(r.verdict) == "error");
  BOOST_TEST(r.message ==
             "the C++ reference t/square.hpp: square::throws failed: the matrix is singular here "
             "(the problem's fault, not an answer's: tell the instructor)");
  BOOST_TEST(r.score == 0.0);
}

// Found by the peer benchmark: a right reference that costs more than a student's answer may
// (1e6 operations: A³'s at n = 32) passed validate, yet a student typing it was refused.
BOOST_AUTO_TEST_CASE(validate_checks_the_reference_as_a_students_answer) {
  const auto cube = [](int n) {
    return fmt::format(R"(id: t/cube
title: cube
dims: {{n: [{0}, {0}]}}
variables:
  A: {{shape: [n, n]}}
function: A^3
answer: {{kind: differential, reference: "dA*A^2 + A*dA*A + A^2*dA"}}
)",
                       n);
  };
  BOOST_TEST(check::validate_problem(load(cube(8), "t/cube"), 1, 1).ok());
  const auto v = check::validate_problem(load(cube(32), "t/cube"), 1, 1);
  BOOST_TEST_REQUIRE(!v.ok());
  BOOST_TEST(v.failures.front().find("seed 1: the reference, as a student's answer, 'dA*A^2 + "
                                     "A*dA*A + A^2*dA' was invalid: your answer is too costly to "
                                     "check") == 0u,
             v.failures.front());
}

BOOST_AUTO_TEST_CASE(validate_notes_mistakes_whose_feedback_can_never_show) {
  std::string yaml = kXax;
  yaml += "  - answer: dX*A*X + X*A*dX + dX*A*dX\n    feedback: Drop the second-order term.\n";
  const auto v = check::validate_problem(load(yaml, "t/xax"), 1, 1);
  BOOST_TEST(v.ok());
  BOOST_TEST(v.notes.size() == 1u);
  BOOST_TEST(v.notes.front() ==
             "the feedback of mistake 'dX*A*X + X*A*dX + dX*A*dX' is never shown: that answer is "
             "fail (linearity)");
}

BOOST_AUTO_TEST_CASE(shared_trials_give_the_verdicts_of_a_fresh_check) {
  const auto p = load(kXax, "t/xax");
  const check::ProblemTrials trials(p, 3);
  BOOST_TEST(trials.planned() == 5);
  BOOST_TEST(trials.trials().size() == 5u);
  BOOST_TEST(!trials.failure().has_value());
  BOOST_TEST(trials.parts().size() == 1u);
  for (const char* answer : {"dX*A*X + X*A*dX", "2*X*A*dX", "X*A*X", "dX*A*X"}) {
    spec::AnswerText a;
    a.single = answer;
    const auto shared = check::check_answer(trials, a);
    const auto fresh = check::check_answer(p, a, 3);
    BOOST_TEST_CONTEXT(answer) {
      BOOST_TEST(to_string(shared.verdict) == to_string(fresh.verdict));
      BOOST_TEST(shared.message == fresh.message);
      BOOST_TEST(shared.feedback == fresh.feedback);
      BOOST_TEST(shared.max_rel_error == fresh.max_rel_error);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_answer_over_the_time_limit_is_invalid_and_says_why) {
  const auto p = load(kXax, "t/xax");
  // A tiny limit stops even a right answer: the verdict names the limit, it is not "wrong".
  spec::AnswerText a;
  a.single = "dX*A*X + X*A*dX";
  const auto r = check::check_answer(p, a, 1, {1e-9});
  BOOST_TEST(to_string(r.verdict) == "invalid");
  BOOST_TEST(r.oracle == "limit");
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.message.find("your answer is too costly to check: at random point 1 of 5, "
                            "evaluation was stopped: it took longer than the time limit "
                            "(1e-09 s per answer)") == 0,
             r.message);
  // No limit (0) and a generous one pass.
  BOOST_TEST(to_string(check::check_answer(p, a, 1, {0}).verdict) == "pass");
  BOOST_TEST(to_string(check::check_answer(p, a, 1, {60}).verdict) == "pass");
}

BOOST_AUTO_TEST_CASE(a_reference_undefined_everywhere_is_an_error_for_every_answer) {
  const auto p = load(R"(id: t/bad
title: log of a negative
variables:
  x: {shape: [], range: [-2, -1]}
function: log(x)
answer:
  kind: differential
  reference: dx/x + log(x)*0
check: {max_redraws: 3}
)",
                      "t/bad");
  const check::ProblemTrials trials(p, 1);
  BOOST_TEST(trials.failure().has_value());
  BOOST_TEST(trials.trials().empty());
  spec::AnswerText a;
  a.single = "dx/x";
  const auto r = check::check_answer(trials, a);
  BOOST_TEST(to_string(r.verdict) == "error");
  BOOST_TEST(r.message.find("the grader could not check this answer") == 0, r.message);
  // F is checked first, and the fix is named.
  BOOST_TEST(r.message.find("last rejection: F is undefined there (log of a non-positive number: "
                            "'x' = -") != std::string::npos,
             r.message);
  BOOST_TEST(
      r.message.find("(log needs x > 0 at every point: declare x positive)") != std::string::npos,
      r.message);
}

// --- second derivatives of matrix functions (issue 20) -------------------------------------

namespace {

// d²(X²)[dX, dX] = 2 dX², with one recognised mistake that is no quadratic form.
const std::string kSquare = R"(id: t/square
title: square
dims: {n: [2, 5]}
variables:
  X: {shape: [n, n]}
function: X^2
answer: {kind: hessian, form: quadratic, reference: 2*dX*dX}
mistakes:
  - answer: 2*X*dX
    feedback: That is a first derivative.
)";

// d²(X⁻¹)[dX, dY], the second direction named dY.
const std::string kInverseBilinear = R"(id: t/invb
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
mistakes:
  - answer: 2*inv(X)*dX*inv(X)*dY*inv(X)
    feedback: The two terms differ.
)";

}  // namespace

BOOST_AUTO_TEST_CASE(a_quadratic_form_of_a_matrix_function_is_a_matrix) {
  const auto p = load(kSquare, "t/square");
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    for (const char* answer : {"2*dX^2", "dX*dX + dX*dX"}) {
      const auto r = try_answer(p, answer, seed);
      BOOST_TEST(to_string(r.verdict) == "pass", answer << ": " << r.message);
    }
    // Half of it fails on the comparison, not on the form test.
    const auto half = try_answer(p, "dX^2", seed);
    BOOST_TEST(to_string(half.verdict) == "fail");
    BOOST_TEST(half.oracle == "reference");
    BOOST_TEST(half.max_rel_error == 0.5, half.message);
  }
  const auto shape = try_answer(p, "tr(dX^2)");
  BOOST_TEST(to_string(shape.verdict) == "invalid");
  BOOST_TEST(shape.message == "your answer is 1×1, but the quadratic form d²F[dX, dX] is n×n");
}

BOOST_AUTO_TEST_CASE(a_quadratic_form_must_scale_by_nine) {
  const auto p = load(kSquare, "t/square");
  const auto first = try_answer(p, "2*X*dX");
  BOOST_TEST(to_string(first.verdict) == "fail");
  BOOST_TEST(first.oracle == "linearity");
  BOOST_TEST(first.message.find("your answer is not a quadratic form in dX: at random point 1 of "
                                "5, tripling dX should multiply a quadratic form by 9") == 0u,
             first.message);
  BOOST_TEST((first.diagnosis == spec::DiagnosisKey::nonlinear));
  // The spec's words on its mistake win over the generic sentence.
  BOOST_TEST(first.feedback == "That is a first derivative.");
  const auto linear = try_answer(p, "dX*X + X*dX");
  BOOST_TEST(linear.feedback.find("Your answer grows like the differentials, not like their "
                                  "square") == 0u,
             linear.feedback);
  const auto constant = try_answer(p, "2*dX^2 + X");
  BOOST_TEST(constant.feedback.find("Your answer is not zero when the differentials are") == 0u,
             constant.feedback);
  BOOST_TEST(constant.feedback.find("Every term of d²F[dX, dX] contains exactly two "
                                    "differentials.") != std::string::npos,
             constant.feedback);
  // The term that makes it fail is named, and its key is the report's `also`.
  BOOST_TEST(constant.feedback.find("An extra term: without the term 'X'") != std::string::npos,
             constant.feedback);
  BOOST_TEST((constant.diagnosis == spec::DiagnosisKey::nonlinear));
  BOOST_TEST((constant.also == std::vector<spec::DiagnosisKey>{spec::DiagnosisKey::extra_term}));
  BOOST_TEST(first.also.empty());
}

// The form test's words use the problem's own direction: d²F[dA, dA] for a variable A.
BOOST_AUTO_TEST_CASE(the_form_test_names_the_problems_direction) {
  const auto p = load(R"(id: t/inv
title: inverse
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n], properties: [invertible]}
function: inv(A)
answer: {kind: hessian, form: quadratic, reference: 2*inv(A)*dA*inv(A)*dA*inv(A)}
)",
                      "t/inv");
  const auto r = try_answer(p, "-inv(A)*dA*inv(A)");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.message.find("your answer is not a quadratic form in dA") == 0u, r.message);
  BOOST_TEST(r.message.find("d²F[dA, dA] has every term of degree exactly 2") != std::string::npos,
             r.message);
  BOOST_TEST(r.feedback.find("it is linear in dA (a first derivative, such as dF). d²F[dA, dA] "
                             "differentiates dF once more") != std::string::npos,
             r.feedback);
  BOOST_TEST(r.message.find("dX") == std::string::npos, r.message);
  const auto shape = try_answer(p, "tr(dA)");
  BOOST_TEST(shape.message == "your answer is 1×1, but the quadratic form d²F[dA, dA] is n×n",
             shape.message);
}

BOOST_AUTO_TEST_CASE(a_quadratic_form_obeys_the_parallelogram_law) {
  // Homogeneous of degree 2 (it scales by 9), but no quadratic form.
  const auto p = load(R"(id: t/q
title: q
dims: {n: [2, 5]}
variables:
  x: {shape: [n]}
function: x'*x
answer: {kind: hessian, form: quadratic, reference: 2*dx'*dx}
)",
                      "t/q");
  const auto r = try_answer(p, "sum(dx.^3)/sum(dx)");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.oracle == "linearity");
  BOOST_TEST(r.message.find("it breaks the parallelogram law q(u + v) + q(u - v) = 2q(u) + 2q(v) "
                            "of a quadratic form") != std::string::npos,
             r.message);
  BOOST_TEST(to_string(try_answer(p, "2*dx'*dx").verdict) == "pass");
}

BOOST_AUTO_TEST_CASE(a_bilinear_form_is_checked_with_two_directions) {
  const auto p = load(kInverseBilinear, "t/invb");
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    for (const char* answer : {"inv(X)*dX*inv(X)*dY*inv(X) + inv(X)*dY*inv(X)*dX*inv(X)",
                               "(X\\dY)*(X\\dX)/X + (X\\dX)*(X\\dY)/X"}) {
      const auto r = try_answer(p, answer, seed);
      BOOST_TEST(to_string(r.verdict) == "pass", answer << ": " << r.message);
    }
    // d²F[dX, dX] is not d²F[dX, dY].
    const auto same = try_answer(p, "2*inv(X)*dX*inv(X)*dX*inv(X)", seed);
    BOOST_TEST(to_string(same.verdict) == "fail");
    BOOST_TEST(same.oracle == "linearity");
  }
  const auto shape = try_answer(p, "tr(dX*dY)");
  BOOST_TEST(shape.message == "your answer is 1×1, but the bilinear form d²F[dX, dY] is n×n");
  const auto neg = try_answer(p, "-inv(X)*dX*inv(X)*dY*inv(X) - inv(X)*dY*inv(X)*dX*inv(X)");
  BOOST_TEST(to_string(neg.verdict) == "fail");
  BOOST_TEST(neg.oracle == "reference");
}

BOOST_AUTO_TEST_CASE(a_bilinear_form_must_be_linear_in_each_direction_and_symmetric) {
  const auto p = load(kInverseBilinear, "t/invb");
  const auto asymmetric = try_answer(p, "2*inv(X)*dX*inv(X)*dY*inv(X)");
  BOOST_TEST(to_string(asymmetric.verdict) == "fail");
  BOOST_TEST(asymmetric.message.find("your answer is not a symmetric bilinear form in dX, dY: at "
                                     "random point 1 of 5, swapping the two directions changes "
                                     "it.") == 0u,
             asymmetric.message);
  BOOST_TEST(asymmetric.feedback == "The two terms differ.");
  const auto other = try_answer(p, "2*inv(X)*dY*inv(X)*dX*inv(X)");
  BOOST_TEST(other.feedback.find("Your answer treats the two directions differently, but a "
                                 "second derivative is symmetric") == 0u,
             other.feedback);
  const auto no_dx = try_answer(p, "2*inv(X)*dY*inv(X)*dY*inv(X)");
  BOOST_TEST(no_dx.message.find("tripling dX does not triple it") != std::string::npos,
             no_dx.message);
  BOOST_TEST(no_dx.feedback.find("Your answer does not change with the first direction dX") == 0u,
             no_dx.feedback);
  const auto twice = try_answer(p, "dX*dY*dX");
  BOOST_TEST(twice.feedback.find("a term has dX twice") != std::string::npos, twice.feedback);
  const auto additive = try_answer(p, "dX*dY*dY/norm(dY) + dY*dX*dX/norm(dX)");
  BOOST_TEST(to_string(additive.verdict) == "fail");
  BOOST_TEST(additive.oracle == "linearity");
}

BOOST_AUTO_TEST_CASE(a_bilinear_form_shows_its_second_direction_with_the_inputs) {
  const auto p = load(kInverseBilinear, "t/invb");
  spec::AnswerText a;
  a.single = "inv(X)*dX*inv(X)*dY*inv(X)";
  check::CheckOptions options;
  options.show_inputs = true;
  const auto r = check::check_answer(p, a, 1, options);
  BOOST_TEST(to_string(r.verdict) == "fail");
  std::vector<std::string> names;
  for (const auto& [name, value] : r.inputs) names.push_back(name);
  BOOST_TEST(names == (std::vector<std::string>{"n", "X", "dX", "dY"}),
             boost::test_tools::per_element());
}
