#pragma once
// Choice problems: how an answer naming options is judged, scored and explained. The rules
// (docs/choice-problems.md):
// - The answer names a set of options; it passes when that set is the right one.
// - A wrong answer equal, as a set, to one of the spec's mistakes gets that mistake's feedback
//   (diagnosis "mistake") and its credit, and no per-option feedback.
// - Otherwise each misjudged option with a spec feedback is shown that feedback: an option
//   chosen though it is wrong; in a select-all question also a right one left out (in a
//   single-answer question that would name the answer).
// - Scoring is all or nothing, or per option for a select-all question with
//   `scoring: per-option` (ChoiceScoring); a matching mistake's own credit comes first.
// - The explanation shows on a pass; on a wrong answer, with the right option(s), only where
//   the spec's feedback.reveal_reference allows it.

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "grader/check/verdict.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

// The fraction of the points per-option scoring gives: of the n options, each one judged
// right (a right option chosen, a wrong one left out) counts +1 and each misjudged one -1;
// the fraction is max(0, (right - wrong) / n). Guessing each option at random earns 0 on
// average before the floor; one slip among 4 options keeps half.
double per_option_fraction(const std::set<std::string>& given, const spec::Answer& answer);

// The misjudged options that have feedback, as (letter, feedback), in letter order.
std::vector<std::pair<std::string, std::string>> misjudged_option_feedback(
    const std::set<std::string>& given, const spec::Answer& answer);

// The spec's mistake that names exactly these options, or nullptr.
const spec::Mistake* matching_choice_mistake(const std::set<std::string>& given,
                                             const spec::Problem& problem);

// Checks a choice answer. `now` (seconds since 1970, UTC) decides feedback.reveal_reference:
// after_deadline. Nothing is random; the seed is only recorded.
CheckResult check_choice(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed, std::int64_t now);

}  // namespace grader::check
