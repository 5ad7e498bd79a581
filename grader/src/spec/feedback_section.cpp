// What a spec says about answers other than the reference: examples that must be accepted
// or rejected, anticipated mistakes with their feedback, when the reference is revealed, and
// partial credit.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "sections.hpp"

namespace grader::spec::detail {

namespace {

const std::vector<std::string> kExampleFields = {"accept", "reject"};
const std::vector<std::string> kMistakeFields = {"answer", "feedback", "credit", "kind"};
const std::vector<std::string> kFeedbackFields = {"reveal_reference", "deadline"};

double read_credit(const FieldReader& reader, const Field& f) {
  return reader.read_number(f, "a fraction of the points, at least 0 and below 1",
                            [](double x) { return x >= 0 && x < 1; });
}

// A choice answer: one letter, or a list of them, kept joined by ", ".
AnswerText read_choice_text(const FieldReader& reader, const ChoiceAnswer& c, const Field& f,
                            AnswerText out) {
  std::vector<Field> items;
  if (f.value.IsSequence()) {
    items = reader.read_list(f, "");
    if (items.empty()) reader.fail(f, fmt::format("{} must name at least one option", f.path));
  } else {
    items.push_back(f);
  }
  std::vector<std::string> letters;
  for (const auto& [l, text] : c.options) letters.push_back(l);
  std::vector<std::string> chosen;
  for (const Field& item : items) {
    if (!item.value.IsScalar() || c.options.count(item.value.Scalar()) == 0) {
      reader.fail(item, fmt::format("{} must be the letter of an option ({}), not {}", item.path,
                                    join(letters), node_kind(item.value)));
    }
    chosen.push_back(item.value.Scalar());
  }
  out.single = join(chosen);
  return out;
}

// A gradient in several variables: one formula per wrt variable.
AnswerText read_parts_text(const FieldReader& reader, const Problem& problem, const Field& f,
                           const expr::ShapeEnv& env, AnswerText out) {
  const Answer& a = problem.answer;
  if (!f.value.IsMap()) {
    reader.fail(f, fmt::format("{} must map each wrt variable to its formula ({}), not {}", f.path,
                               join(a.wrt), node_kind(f.value)));
  }
  const FieldMap m(reader, f, {});
  for (const Field& part : m.entries()) {
    if (std::find(a.wrt.begin(), a.wrt.end(), part.key.Scalar()) == a.wrt.end()) {
      reader.fail(reader.at(part.key.Mark()),
                  fmt::format("{} gives a formula for '{}', which is not in wrt ({})", f.path,
                              part.key.Scalar(), join(a.wrt)));
    }
    if (part.value.IsNull()) reader.fail(part, fmt::format("{} has no formula", part.path));
    const FormulaText formula = reader.read_formula(part);
    check_names(reader, problem, formula, env, part.path);
    out.parts[part.key.Scalar()] = formula.text;
  }
  for (const auto& name : a.wrt) {
    if (out.parts.count(name) == 0) {
      reader.fail(f, fmt::format("{} has no formula for '{}'", f.path, name));
    }
  }
  return out;
}

// An answer as a student would give it (an example, a mistake): letters for a choice, else
// formulas that must use only the problem's names (they may be wrong).
AnswerText read_answer_text(const FieldReader& reader, const Problem& problem, const Field& f) {
  const Answer& a = problem.answer;
  AnswerText out;
  out.where = reader.where(f);
  if (f.value.IsNull()) reader.fail(f, fmt::format("{} has no answer", f.path));
  if (a.kind == AnswerKind::choice) return read_choice_text(reader, a.choice, f, std::move(out));
  const expr::ShapeEnv env = formula_env(problem, uses_differentials(problem));
  if (a.kind == AnswerKind::gradient && a.wrt.size() > 1) {
    return read_parts_text(reader, problem, f, env, std::move(out));
  }
  const FormulaText formula = reader.read_formula(f);
  check_names(reader, problem, formula, env, f.path);
  out.single = formula.text;
  out.where = formula.where;
  return out;
}

// Where an earlier mistake was given, to refuse a duplicate.
struct SeenMistake {
  std::string answer;  // spaces removed
  std::string path;
  int line;
};

Mistake read_mistake(const FieldReader& reader, const Problem& problem, const Field& item,
                     std::vector<SeenMistake>& seen) {
  const FieldMap m(reader, item, kMistakeFields, " with answer and feedback");
  Mistake mistake;
  const Field answer = m.require("answer");
  mistake.answer = read_answer_text(reader, problem, answer);
  const Answer& a = problem.answer;
  const std::set<std::string> right(a.choice.correct.begin(), a.choice.correct.end());
  if (a.kind == AnswerKind::choice && chosen_options(mistake.answer) == right) {
    reader.fail(answer, fmt::format("{} is the right answer ({}); a mistake is a wrong one",
                                    answer.path, join(a.choice.correct)));
  }
  mistake.feedback = reader.read_nonempty_string(m.require("feedback"));
  if (auto c = m.get("credit")) mistake.credit = read_credit(reader, *c);
  if (auto k = m.get("kind")) {
    const std::string name = reader.read_nonempty_string(*k);
    mistake.kind = parse_diagnosis_key(name);
    if (!mistake.kind || *mistake.kind == DiagnosisKey::mistake) {
      const auto best = expr::closest_name(name, diagnosis_keys());
      reader.fail(*k, fmt::format("{} '{}' is not a diagnosis key; {}", k->path, name,
                                  best ? fmt::format("did you mean '{}'?", *best)
                                       : "one of: " + join(diagnosis_keys())));
    }
  }
  // Only the first of two equal mistakes is ever matched: the second's feedback and
  // credit would silently never apply.
  std::string key = mistake.answer.single;
  for (const auto& [part, text] : mistake.answer.parts) key += "\n" + part + "=" + text;
  std::erase_if(key, [](char c) { return c == ' ' || c == '\t'; });
  const auto earlier =
      std::find_if(seen.begin(), seen.end(), [&](const SeenMistake& s) { return s.answer == key; });
  if (earlier != seen.end()) {
    reader.fail(mistake.answer.where,
                fmt::format("{} is a duplicate of {} (line {}): the same answer, so only the "
                            "first's feedback is ever shown; remove one or merge their feedback",
                            item.path, earlier->path, earlier->line));
  }
  seen.push_back({key, item.path, mistake.answer.where.line});
  return mistake;
}

// "2026-12-10", "2026-12-10T23:59", "2026-12-10T23:59:30Z", "2026-12-10 23:59+01:00": seconds
// since 1970 in UTC (no zone: UTC).
std::optional<std::int64_t> parse_deadline(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return {};
  std::size_t k = 10;
  if (k < s.size() && (s[k] == 'T' || s[k] == ' ')) {
    int m = 0;
    if (std::sscanf(s.c_str() + k + 1, "%2d:%2d%n", &h, &mi, &m) != 2 || m != 5) return {};
    k += 1 + 5;
    if (k < s.size() && s[k] == ':') {
      if (std::sscanf(s.c_str() + k + 1, "%2d%n", &sec, &m) != 1 || m != 2) return {};
      k += 3;
    }
  }
  long offset = 0;
  if (k < s.size() && s[k] == 'Z') {
    ++k;
  } else if (k < s.size() && (s[k] == '+' || s[k] == '-')) {
    int oh = 0, om = 0, m = 0;
    if (std::sscanf(s.c_str() + k + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5) return {};
    offset = (s[k] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    k += 6;
  }
  if (k != s.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return {};
  // Days from civil (Howard Hinnant's algorithm), so no time zone of the machine is used.
  const int yy = y - (mo <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

}  // namespace

void read_examples(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap m(reader, f, kExampleFields, " with accept and/or reject lists");
  for (const char* which : {"accept", "reject"}) {
    if (auto list = m.get(which)) {
      auto& out =
          std::string_view(which) == "accept" ? problem.examples.accept : problem.examples.reject;
      for (const Field& item : reader.read_list(*list, " of answers")) {
        reader.attempt([&] { out.push_back(read_answer_text(reader, problem, item)); });
      }
    }
  }
}

void read_mistakes(FieldReader& reader, Problem& problem, const Field& f) {
  std::vector<SeenMistake> seen;
  for (const Field& item : reader.read_list(f, " of {answer: ..., feedback: ...}")) {
    reader.attempt([&] { problem.mistakes.push_back(read_mistake(reader, problem, item, seen)); });
  }
}

void read_feedback(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap m(reader, f, kFeedbackFields,
                   ", as in {reveal_reference: after_deadline, deadline: 2026-12-10T23:59Z}");
  FeedbackOptions& out = problem.feedback;
  if (auto r = m.get("reveal_reference")) {
    const std::string v = reader.read_string(*r);
    if (v == "never") {
      out.reveal_reference = Reveal::never;
    } else if (v == "after_deadline") {
      out.reveal_reference = Reveal::after_deadline;
    } else if (v == "always") {
      out.reveal_reference = Reveal::always;
    } else {
      reader.fail(*r,
                  fmt::format("{} must be never, after_deadline or always, not '{}'", r->path, v));
    }
  }
  if (auto d = m.get("deadline")) {
    out.deadline_text = reader.read_string(*d);
    out.deadline = parse_deadline(out.deadline_text);
    if (!out.deadline) {
      reader.fail(*d, fmt::format("{} must be a date and time such as 2026-12-10T23:59Z (UTC "
                                  "unless a zone such as +01:00 is given), not '{}'",
                                  d->path, out.deadline_text));
    }
  }
  if (out.reveal_reference == Reveal::after_deadline && !out.deadline) {
    reader.fail(f, fmt::format("{}.reveal_reference is after_deadline, so {} needs a deadline",
                               f.path, f.path));
  }
}

void read_partial_credit(FieldReader& reader, Problem& problem, const Field& f) {
  const FieldMap m(reader, f, diagnosis_keys(), ", as in {sign: 0.5, transpose: 0.5}");
  for (const Field& entry : m.entries()) {
    if (entry.value.IsNull()) reader.fail(entry, fmt::format("{} has no value", entry.path));
    // FieldMap admitted only diagnosis_keys(): the key parses.
    problem.partial_credit[parse_diagnosis_key(entry.key.Scalar()).value()] =
        read_credit(reader, entry);
  }
}

}  // namespace grader::spec::detail
