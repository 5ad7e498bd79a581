// The answer of a choice problem: its options, the right letter(s), the feedback on each
// option and how it is scored (check/choice.hpp grades it).

#include <fmt/format.h>

#include <algorithm>

#include "sections.hpp"

namespace grader::spec::detail {

namespace {

std::vector<std::string> option_letters(const ChoiceAnswer& c) {
  std::vector<std::string> letters;
  for (const auto& [letter, text] : c.options) letters.push_back(letter);
  return letters;
}

// options: {a: text, b: text}: at least two, each named by one lowercase letter.
void read_options(const FieldReader& reader, ChoiceAnswer& c, const Field& options) {
  const FieldMap m(reader, options, {}, ", as in {a: text, b: text}");
  for (const Field& option : m.entries()) {
    const std::string letter = option.key.Scalar();
    if (letter.size() != 1 || letter[0] < 'a' || letter[0] > 'z') {
      reader.fail(reader.at(option.key.Mark()),
                  fmt::format("option '{}' in {} must be named by one lowercase letter a-z", letter,
                              options.path));
    }
    if (option.value.IsNull()) reader.fail(option, fmt::format("{} has no text", option.path));
    c.options[letter] = reader.read_nonempty_string(option);
  }
  if (c.options.size() < 2) {
    reader.fail(options, fmt::format("{} must offer at least two options", options.path));
  }
}

// correct: one letter, or a list of them for a select-all question.
void read_correct(const FieldReader& reader, ChoiceAnswer& c, const Field& correct) {
  std::vector<Field> items;
  if (correct.value.IsSequence()) {
    items = reader.read_list(correct, "");
    if (items.empty()) {
      reader.fail(correct, fmt::format("{} must name at least one option", correct.path));
    }
  } else {
    items.push_back(correct);
  }
  for (const Field& item : items) {
    const std::string letter = reader.read_string(item);
    if (c.options.count(letter) == 0) {
      reader.fail(item, fmt::format("{} names '{}', which is not an option ({})", item.path, letter,
                                    join(option_letters(c))));
    }
    if (std::find(c.correct.begin(), c.correct.end(), letter) != c.correct.end()) {
      reader.fail(item, fmt::format("{} lists '{}' twice", correct.path, letter));
    }
    c.correct.push_back(letter);
  }
  c.select_all = correct.value.IsSequence();
}

// option_feedback: {b: text}: shown to a student who misjudged option b (check/choice.hpp).
void read_option_feedback(const FieldReader& reader, ChoiceAnswer& c, const Field& f) {
  const FieldMap m(reader, f, {}, ", as in {b: text, d: text}");
  for (const Field& entry : m.entries()) {
    const std::string letter = entry.key.Scalar();
    if (c.options.count(letter) == 0) {
      reader.fail(reader.at(entry.key.Mark()),
                  fmt::format("{} names '{}', which is not an option ({})", f.path, letter,
                              join(option_letters(c))));
    }
    // In a single-answer question the right option is misjudged only by leaving it out, and
    // words shown then would name the answer: they are never shown.
    if (!c.select_all && letter == c.correct[0]) {
      reader.fail(reader.at(entry.key.Mark()),
                  fmt::format("{} is never shown: '{}' is the one right option, and feedback on "
                              "leaving it out would give the answer away (for a select-all "
                              "question, write correct as a list: [{}])",
                              entry.path, letter, letter));
    }
    if (entry.value.IsNull()) reader.fail(entry, fmt::format("{} has no text", entry.path));
    c.option_feedback[letter] = reader.read_nonempty_string(entry);
  }
}

// scoring: all-or-nothing, or per-option for a select-all question.
void read_scoring(const FieldReader& reader, ChoiceAnswer& c, const Field& f) {
  const std::string s = reader.read_string(f);
  if (s == to_string(ChoiceScoring::per_option)) {
    c.scoring = ChoiceScoring::per_option;
  } else if (s != to_string(ChoiceScoring::all_or_nothing)) {
    reader.fail(f, fmt::format("{} must be all-or-nothing or per-option, not '{}'", f.path, s));
  }
  if (c.scoring == ChoiceScoring::per_option && !c.select_all) {
    reader.fail(f, fmt::format("{}: per-option scores each option of a select-all question, but "
                               "correct is one letter; write it as a list ([{}])",
                               f.path, c.correct[0]));
  }
}

}  // namespace

void read_choice(const FieldReader& reader, ChoiceAnswer& c, const FieldMap& answer) {
  read_options(reader, c, answer.require("options", " (a choice answer lists its options)"));
  read_correct(reader, c, answer.require("correct", " (the letter of the right option)"));
  if (auto e = answer.get("explanation")) c.explanation = reader.read_string(*e);
  if (auto f = answer.get("option_feedback")) read_option_feedback(reader, c, *f);
  if (auto f = answer.get("scoring")) read_scoring(reader, c, *f);
}

}  // namespace grader::spec::detail
