#include "grader/report/problem_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "grader/code/harness.hpp"
#include "grader/expr/shape_check.hpp"

namespace grader::report {

namespace {

// An answer as written in the spec: a formula, letters, or "x = ...; y = ..." per variable.
std::string answer_text(const spec::AnswerText& a) {
  if (a.parts.empty()) return a.single;
  std::string out;
  for (const auto& [part, formula] : a.parts)
    out += fmt::format("{}{} = {}", out.empty() ? "" : "; ", part, formula);
  return out;
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

// Every line of `text` after the first indented by `prefix`.
std::string hang(const std::string& text, const std::string& prefix) {
  std::string out;
  for (const char c : text.substr(0, text.find_last_not_of('\n') + 1)) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

}  // namespace

// What the answer must be: its kind and shape(s).
std::string answer_line(const spec::Problem& p) {
  std::string shape;
  if (p.answer.kind == spec::AnswerKind::gradient && p.answer.wrt.size() > 1) {
    for (const auto& v : p.answer.wrt) {
      shape += fmt::format("{}{}: {}", shape.empty() ? "" : ", ", v,
                           spec::expected_shape(p, v).to_string());
    }
  } else {
    shape = spec::expected_shape(p).to_string();
  }
  return fmt::format("Answer: {} ({})\n", spec::to_string(p.answer.kind), shape);
}

// The names an answer may use, one per line: dimensions with their ranges, variables with
// their shapes and properties, lets with their formulas, and the directions dX where the
// answer is written in differentials.
std::string names_text(const spec::Problem& p) {
  const bool differentials = spec::uses_differentials(p);
  const expr::ShapeEnv env = spec::formula_env(p, differentials);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& d : p.dims) {
    rows.emplace_back(d.name, d.lo == d.hi ? fmt::format("dimension, {}", d.lo)
                                           : fmt::format("dimension, {} to {}", d.lo, d.hi));
  }
  for (const auto& v : p.variables) {
    std::vector<std::string> properties;
    for (const auto property : v.properties) properties.emplace_back(spec::to_string(property));
    std::string row = fmt::format("{} {}", spec::variable_shape(v).to_string(),
                                  v.constant ? "constant" : "variable");
    if (!properties.empty()) row += "; " + join(properties);
    if (v.tangent_gradient) row += "; its gradient must be tangent";
    if (v.value) row += " = " + v.value->text;
    rows.emplace_back(v.name, row);
  }
  for (const auto& [name, formula] : p.lets) {
    rows.emplace_back(name,
                      fmt::format("{} let = {}", env.find(name)->shape.to_string(), formula.text));
  }
  if (differentials) {
    for (const auto& v : p.variables) {
      if (const auto* d = env.find("d" + v.name); d != nullptr) {
        rows.emplace_back("d" + v.name, fmt::format("{} direction: the differential of {}",
                                                    d->shape.to_string(), v.name));
      }
      const auto& second = p.answer.hessian.second_directions;
      if (const auto it = second.find(v.name); it != second.end()) {
        rows.emplace_back(it->second, fmt::format("{} direction: the second direction of {}, "
                                                  "as in d²F[d{}, {}]",
                                                  spec::variable_shape(v).to_string(), v.name,
                                                  v.name, it->second));
      }
    }
  }
  if (rows.empty()) return "";
  std::size_t width = 0;
  for (const auto& [name, what] : rows) width = std::max(width, name.size());
  std::string out = "Names your answer may use:\n";
  for (const auto& [name, what] : rows) out += fmt::format("  {:<{}}  {}\n", name, width, what);
  return out;
}

namespace {

std::string reveal_text(const spec::FeedbackOptions& f) {
  switch (f.reveal_reference) {
    case spec::Reveal::never:
      return "never";
    case spec::Reveal::always:
      return "always";
    case spec::Reveal::after_deadline:
      return "after the deadline, " + f.deadline_text;
  }
  return "never";
}

// What grading uses and students never see.
std::string instructor_text(const spec::Problem& p) {
  const spec::Answer& a = p.answer;
  std::string out = fmt::format("\nInstructor view ({})\n", p.file);
  if (p.function) out += fmt::format("  function: {}\n", p.function->text);
  if (p.function_cpp) {
    out += fmt::format("  function: C++ code, {} in {} (the reference folder)\n",
                       p.function_cpp->describe(), p.function_cpp->folder);
  }
  if (a.kind == spec::AnswerKind::choice) {
    out += fmt::format("  correct: {}{}\n", join(a.choice.correct),
                       a.choice.select_all ? " (select all that apply)" : "");
    out += fmt::format("  scoring: {}\n", spec::to_string(a.choice.scoring));
    if (!a.choice.explanation.empty())
      out += fmt::format("  explanation: {}\n", hang(a.choice.explanation, "    "));
    if (!a.choice.option_feedback.empty()) {
      out += "  option feedback (shown to a student who misjudged the option):\n";
      for (const auto& [letter, text] : a.choice.option_feedback)
        out += fmt::format("    {}: {}\n", letter, hang(text, "      "));
    }
  } else if (a.cpp_reference) {
    out += fmt::format("  reference: C++ code, {} in {} (the reference folder)\n",
                       a.cpp_reference->describe(), a.cpp_reference->folder);
  } else {
    for (const auto& [part, formula] : a.reference) {
      out += fmt::format("  reference{}: {}\n", part.empty() ? "" : " for " + part, formula.text);
    }
  }
  if (a.gradient.inner_product)
    out += fmt::format("  inner product: {}\n", a.gradient.inner_product->text);
  if (!p.require.empty()) {
    std::vector<std::string> conditions;
    for (const auto& r : p.require) conditions.push_back(r.text);
    out += fmt::format("  require: {}\n", join(conditions));
  }
  if (!p.mistakes.empty()) {
    out += "  mistakes:\n";
    for (const auto& m : p.mistakes) {
      out += fmt::format("    - {}{}\n      {}\n", answer_text(m.answer),
                         m.credit ? fmt::format(" (credit {:.12g})", *m.credit) : "",
                         hang(m.feedback, "      "));
    }
  }
  for (const auto* list : {&p.examples.accept, &p.examples.reject}) {
    if (list->empty()) continue;
    std::vector<std::string> texts;
    for (const auto& e : *list) texts.push_back(answer_text(e));
    out += fmt::format("  examples {}: {}\n", list == &p.examples.accept ? "accepted" : "rejected",
                       join(texts, " | "));
  }
  if (!p.partial_credit.empty()) {
    // By key name, as the spec may write them in any order.
    std::vector<std::pair<std::string_view, double>> by_name;
    for (const auto& [key, fraction] : p.partial_credit)
      by_name.emplace_back(to_string(key), fraction);
    std::sort(by_name.begin(), by_name.end());
    std::vector<std::string> credits;
    for (const auto& [name, fraction] : by_name)
      credits.push_back(fmt::format("{} {:.12g}", name, fraction));
    out += fmt::format("  partial credit: {}\n", join(credits));
  }
  out += fmt::format(
      "  reveals the {} to a wrong answer: {}\n",
      a.kind == spec::AnswerKind::choice ? "right options and explanation" : "reference",
      reveal_text(p.feedback));
  return out;
}

}  // namespace

std::string code_text(const spec::Problem& p) {
  return fmt::format(
      "The grader calls {}; relative tolerance {:g}.\n"
      "In answers.yaml: '{}: {{file: your_file.cpp}}' (a file of your folder) or "
      "'{}: {{command: python3 your_program.py}}' (submissions/README.md).\n"
      "Starter: submissions/starters/{}.cpp\n",
      code::describe_call(p), p.answer.tolerance, p.id, p.id, p.id);
}

std::string show_text(const spec::Problem& p, const ShowOptions& options) {
  std::string out =
      fmt::format("# {}\n\n{} (lecture {}, part {}; {} point{})\n\n{}\n", p.title, p.id, p.lecture,
                  p.part, p.points, p.points == 1 ? "" : "s", p.statement);
  if (p.answer.kind == spec::AnswerKind::choice) {
    for (const auto& [letter, text] : p.answer.choice.options)
      out += fmt::format("  {}) {}\n", letter, text);
    out += p.answer.choice.select_all ? "\nAnswer: the letters of every right option ([a, c])\n"
                                      : "\nAnswer: the letter of the right option\n";
  } else {
    out += "\n" + answer_line(p);
    if (p.answer.kind == spec::AnswerKind::code) {
      out += code_text(p);
    } else {
      out += names_text(p);
    }
  }
  if (options.instructor) out += instructor_text(p);
  return out;
}

}  // namespace grader::report
