#define BOOST_TEST_MODULE check_choice
#include "grader/check/choice.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;
using check::Verdict;

namespace {

// Select all that apply: a and c are right, of four options; two points.
const std::string kLinear = R"y(id: t/linear
title: Which maps are linear?
points: 2
answer:
  kind: choice
  options: {a: "F(X) = AX", b: "F(X) = X'X", c: "F(X) = tr(X)", d: "F(X) = X + I"}
  correct: [a, c]
  scoring: per-option
  option_feedback:
    b: "X'X is quadratic: what is F(2X)?"
    c: Is the trace of a sum the sum of the traces?
    d: What is F(0)?
  explanation: AX and tr(X) are linear; X'X is quadratic and X + I is affine.
mistakes:
  - answer: [a, c, d]
    feedback: X + I is affine, not linear; a linear map sends 0 to 0.
    credit: 0.75
  - answer: [a]
    feedback: Linear maps need not be matrix products.
)y";

// One right option; its explanation names it.
const std::string kSingle = R"(id: t/one
title: One
answer:
  kind: choice
  options: {a: one, b: two, c: three}
  correct: b
  option_feedback: {a: Not one., c: Not three.}
  explanation: It is b.
)";

spec::Problem load(const std::string& yaml, const std::string& id) {
  return spec::load_problem_text(yaml, "problems/" + id + ".yaml", id);
}

check::CheckResult answer(const spec::Problem& p, const std::string& letters,
                          std::int64_t now = 0) {
  spec::AnswerText a;
  a.single = letters;
  return check::check_choice(p, a, 7, now);
}

std::set<std::string> set(std::initializer_list<const char*> letters) {
  return {letters.begin(), letters.end()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(per_option_scoring_counts_each_option_right_minus_wrong) {
  const auto p = load(kLinear, "t/linear");
  // (right - wrong) / 4, at least 0.
  BOOST_TEST(check::per_option_fraction(set({"a", "c"}), p.answer) == 1.0);
  BOOST_TEST(check::per_option_fraction(set({"a"}), p.answer) == 0.5);            // c missed
  BOOST_TEST(check::per_option_fraction(set({"a", "b", "c"}), p.answer) == 0.5);  // b extra
  BOOST_TEST(check::per_option_fraction(set({"a", "b"}), p.answer) == 0.0);  // 2 right, 2 wrong
  BOOST_TEST(check::per_option_fraction(set({"a", "b", "c", "d"}), p.answer) == 0.0);
  BOOST_TEST(check::per_option_fraction(set({"b", "d"}), p.answer) == 0.0);  // -1, floored
}

BOOST_AUTO_TEST_CASE(a_near_miss_earns_its_per_option_points_and_still_fails) {
  const auto p = load(kLinear, "t/linear");
  const auto r = answer(p, "a, b, c");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.score == 1.0);
  BOOST_TEST(r.max_score == 2.0);
  BOOST_TEST(r.message ==
             "not the right set of options. Partial credit: 1 of 2 points, scored per option (+1 "
             "for each option judged right, -1 for each misjudged, over 4 options).");
  BOOST_TEST(!r.diagnosis);
}

BOOST_AUTO_TEST_CASE(without_per_option_scoring_a_wrong_answer_earns_nothing) {
  const auto p = load(kLinear, "t/linear");
  auto all_or_nothing = p;
  all_or_nothing.answer.choice.scoring = spec::ChoiceScoring::all_or_nothing;
  const auto r = answer(all_or_nothing, "a, b, c");
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.message == "not the right set of options");
  BOOST_TEST(answer(all_or_nothing, "c, A").score == 2.0);
}

BOOST_AUTO_TEST_CASE(misjudged_options_get_their_feedback_chosen_or_left_out) {
  const auto p = load(kLinear, "t/linear");
  // b chosen though wrong, c left out though right; a is right, d rightly left out.
  const auto r = answer(p, "a, b");
  BOOST_REQUIRE(r.option_feedback.size() == 2u);
  BOOST_TEST(r.option_feedback[0].first == "b");
  BOOST_TEST(r.option_feedback[0].second == "X'X is quadratic: what is F(2X)?");
  BOOST_TEST(r.option_feedback[1].first == "c");
  BOOST_TEST(r.option_feedback[1].second == "Is the trace of a sum the sum of the traces?");
  BOOST_TEST(answer(p, "a, c").option_feedback.empty());
}

BOOST_AUTO_TEST_CASE(a_single_answer_question_never_names_its_right_option) {
  const auto p = load(kSingle, "t/one");
  const auto r = answer(p, "c");
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST(r.message == "not the right option");
  BOOST_REQUIRE(r.option_feedback.size() == 1u);
  BOOST_TEST(r.option_feedback[0].first == "c");
  BOOST_TEST(r.feedback.empty());
  BOOST_TEST(r.reference.empty());
}

BOOST_AUTO_TEST_CASE(a_mistake_is_an_exact_set_of_options) {
  const auto p = load(kLinear, "t/linear");
  const auto r = answer(p, "d, c, a");  // any order
  BOOST_TEST(to_string(r.verdict) == "fail");
  BOOST_TEST((r.diagnosis == spec::DiagnosisKey::mistake));
  BOOST_TEST(r.feedback == "X + I is affine, not linear; a linear map sends 0 to 0.");
  // The mistake's words are written for exactly this set: no per-option feedback beside them.
  BOOST_TEST(r.option_feedback.empty());
  // Its credit comes before per-option scoring (which would give 0.5 of the points).
  BOOST_TEST(r.score == 1.5);
  BOOST_TEST(r.message ==
             "not the right set of options. Partial credit: 1.5 of 2 points for this near-miss.");
  // A superset or subset of a mistake is not that mistake.
  BOOST_TEST(!answer(p, "a, b, c, d").diagnosis);
  BOOST_TEST(!answer(p, "c, d").diagnosis);
}

BOOST_AUTO_TEST_CASE(a_mistake_without_credit_is_scored_per_option) {
  const auto p = load(kLinear, "t/linear");
  const auto r = answer(p, "a");
  BOOST_TEST((r.diagnosis == spec::DiagnosisKey::mistake));
  BOOST_TEST(r.feedback == "Linear maps need not be matrix products.");
  BOOST_TEST(r.score == 1.0);
}

BOOST_AUTO_TEST_CASE(the_explanation_shows_on_a_pass_and_on_a_wrong_answer_only_when_allowed) {
  auto p = load(kLinear, "t/linear");
  const auto pass = answer(p, "a, c");
  BOOST_TEST(to_string(pass.verdict) == "pass");
  BOOST_TEST(pass.feedback == "AX and tr(X) are linear; X'X is quadratic and X + I is affine.");
  BOOST_TEST(pass.reference.empty());

  const auto hidden = answer(p, "a, b");
  BOOST_TEST(hidden.feedback.empty());
  BOOST_TEST(hidden.reference.empty());

  p.feedback.reveal_reference = spec::Reveal::after_deadline;
  p.feedback.deadline = 1000;
  BOOST_TEST(answer(p, "a, b", 999).feedback.empty());
  const auto revealed = answer(p, "a, b", 1000);
  BOOST_TEST(revealed.feedback == "AX and tr(X) are linear; X'X is quadratic and X + I is affine.");
  BOOST_TEST(revealed.reference == "a, c");
  BOOST_TEST(revealed.option_feedback.size() == 2u);

  // A recognised mistake keeps its own words; the right options are still revealed.
  const auto mistake = answer(p, "a, c, d", 1000);
  BOOST_TEST(mistake.feedback == "X + I is affine, not linear; a linear map sends 0 to 0.");
  BOOST_TEST(mistake.reference == "a, c");
}

BOOST_AUTO_TEST_CASE(an_answer_naming_no_option_or_another_is_invalid) {
  const auto p = load(kLinear, "t/linear");
  const auto none = answer(p, " , ");
  BOOST_TEST(to_string(none.verdict) == "invalid");
  BOOST_TEST(none.message == "the answer names no option");
  const auto other = answer(p, "a, e");
  BOOST_TEST(to_string(other.verdict) == "invalid");
  BOOST_TEST(other.message == "'e' is not one of the options (a, b, c, d)");
  BOOST_TEST(other.score == 0.0);
}

BOOST_AUTO_TEST_CASE(the_checker_hands_choice_problems_to_check_choice) {
  const auto p = load(kLinear, "t/linear");
  spec::AnswerText a;
  a.single = "a, b, c";
  const auto r = check::check_answer(p, a, 7);
  BOOST_TEST(r.score == 1.0);
  BOOST_TEST(r.oracle == "choice");
  BOOST_TEST(r.seed == 7u);
  BOOST_TEST(r.option_feedback.size() == 1u);
}
