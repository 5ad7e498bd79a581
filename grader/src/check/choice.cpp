#include "grader/check/choice.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace grader::check {

namespace {

std::set<std::string> right_options(const spec::Answer& answer) {
  return {answer.choice.correct.begin(), answer.choice.correct.end()};
}

std::string letters(const std::map<std::string, std::string>& options) {
  std::string out;
  for (const auto& [letter, text] : options) out += (out.empty() ? "" : ", ") + letter;
  return out;
}

}  // namespace

double per_option_fraction(const std::set<std::string>& given, const spec::Answer& answer) {
  const std::set<std::string> right = right_options(answer);
  long judged_right = 0;
  for (const auto& [letter, text] : answer.choice.options) {
    if ((given.count(letter) > 0) == (right.count(letter) > 0)) ++judged_right;
  }
  const auto n = static_cast<long>(answer.choice.options.size());
  const long misjudged = n - judged_right;
  return std::max(0.0, static_cast<double>(judged_right - misjudged) / static_cast<double>(n));
}

std::vector<std::pair<std::string, std::string>> misjudged_option_feedback(
    const std::set<std::string>& given, const spec::Answer& answer) {
  const std::set<std::string> right = right_options(answer);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [letter, feedback] : answer.choice.option_feedback) {
    const bool chosen = given.count(letter) > 0;
    const bool is_right = right.count(letter) > 0;
    const bool wrongly_chosen = chosen && !is_right;
    const bool left_out = !chosen && is_right && answer.choice.select_all;
    if (wrongly_chosen || left_out) out.emplace_back(letter, feedback);
  }
  return out;
}

const spec::Mistake* matching_choice_mistake(const std::set<std::string>& given,
                                             const spec::Problem& problem) {
  for (const auto& mistake : problem.mistakes) {
    if (spec::chosen_options(mistake.answer) == given) return &mistake;
  }
  return nullptr;
}

CheckResult check_choice(const spec::Problem& problem, const spec::AnswerText& answer,
                         std::uint64_t seed, std::int64_t now) {
  const spec::Answer& a = problem.answer;
  CheckResult r;
  r.problem_id = problem.id;
  r.max_score = problem.points;
  r.seed = seed;
  r.oracle = "choice";
  const std::set<std::string> given = spec::chosen_options(answer);
  if (given.empty()) {
    r.verdict = Verdict::invalid;
    r.message = "the answer names no option";
    return r;
  }
  for (const auto& g : given) {
    if (a.choice.options.count(g) == 0) {
      r.verdict = Verdict::invalid;
      r.message = fmt::format("'{}' is not one of the options ({})", g, letters(a.choice.options));
      return r;
    }
  }
  r.trials = 1;
  if (given == right_options(a)) {
    r.verdict = Verdict::pass;
    r.message = "correct";
    r.score = problem.points;
    r.feedback = a.choice.explanation;
    return r;
  }
  r.verdict = Verdict::fail;
  r.message = a.choice.select_all ? "not the right set of options" : "not the right option";
  const spec::Mistake* mistake = matching_choice_mistake(given, problem);
  if (mistake != nullptr) {
    r.diagnosis = spec::DiagnosisKey::mistake;
    r.feedback = mistake->feedback;
  } else {
    r.option_feedback = misjudged_option_feedback(given, a);
  }
  // A mistake's own credit comes first, as for formula problems.
  double fraction = 0;
  if (mistake != nullptr && mistake->credit) {
    fraction = *mistake->credit;
    if (fraction > 0) {
      r.message += fmt::format(". Partial credit: {:.12g} of {:.12g} points for this near-miss.",
                               fraction * problem.points, problem.points);
    }
  } else if (a.choice.scoring == spec::ChoiceScoring::per_option) {
    fraction = per_option_fraction(given, a);
    if (fraction > 0) {
      r.message += fmt::format(
          ". Partial credit: {:.12g} of {:.12g} points, scored per option (+1 for each option "
          "judged right, -1 for each misjudged, over {} options).",
          fraction * problem.points, problem.points, a.choice.options.size());
    }
  }
  r.score = fraction * problem.points;
  if (problem.feedback.reveals_at(now)) {
    std::string right;
    for (const auto& letter : a.choice.correct) right += (right.empty() ? "" : ", ") + letter;
    r.reference = right;
    if (r.feedback.empty()) r.feedback = a.choice.explanation;
  }
  return r;
}

}  // namespace grader::check
