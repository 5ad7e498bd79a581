#include "page_entries.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "grader/check/answers.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/core/error.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/parser.hpp"
#include "grader/expr/shape_check.hpp"
#include "grader/expr/source.hpp"
#include "grader/expr/tex.hpp"
#include "grader/report/problem_view.hpp"
#include "grader/spec/loader.hpp"

namespace grader::web {

namespace {

using Json = nlohmann::ordered_json;

// The page reads the same problem at every keystroke: each spec is loaded once.
const spec::Problem& cached_problem(const std::string& yaml, const std::string& file) {
  static std::map<std::string, std::pair<std::string, std::shared_ptr<const spec::Problem>>> cache;
  auto& [text, problem] = cache[file];
  if (!problem || text != yaml) {
    problem = std::make_shared<const spec::Problem>(spec::load_problem_text(yaml, file, ""));
    text = yaml;
  }
  return *problem;
}

std::string error_json(const std::string& message) {
  return Json{{"error", message}}.dump() + "\n";
}

// 1-based, in code points, as the command line's diagnostics count columns.
std::size_t column_of(const std::string& text, std::size_t offset) {
  return expr::code_points(std::string_view(text).substr(0, offset)) + 1;
}

Json answer_json(const spec::AnswerText& answer) {
  if (answer.parts.empty()) return answer.single;
  Json parts = Json::object();
  for (const auto& [part, text] : answer.parts) parts[part] = text;
  return parts;
}

// The answer's parts ("" for a single formula), the shape of each, the directions.
Json inputs_json(const spec::Problem& p) {
  Json parts = Json::array();
  const bool several = p.answer.kind == spec::AnswerKind::gradient && p.answer.wrt.size() > 1;
  for (const std::string& part : several ? p.answer.wrt : std::vector<std::string>{""}) {
    std::string shape;
    if (p.answer.kind != spec::AnswerKind::choice && p.answer.kind != spec::AnswerKind::code) {
      shape = spec::expected_shape(p, part).to_string();
    }
    parts.push_back(
        {{"name", part}, {"tex", part.empty() ? "" : expr::name_to_tex(part)}, {"shape", shape}});
  }
  return parts;
}

Json directions_json(const spec::Problem& p) {
  Json out = Json::array();
  if (!spec::uses_differentials(p)) return out;
  const expr::ShapeEnv env = spec::formula_env(p, true);
  for (const std::string& name : env.names()) {
    if (env.find(name)->role == expr::NameRole::differential) {
      out.push_back({{"name", name}, {"tex", expr::name_to_tex(name)}});
    }
  }
  return out;
}

Json describe(const spec::Problem& p) {
  const bool code = p.answer.kind == spec::AnswerKind::code;
  const bool cpp = p.function_cpp || p.answer.cpp_reference;
  Json j = {{"id", p.id},
            {"title", p.title},
            {"lecture", p.lecture},
            {"part", p.part},
            {"points", p.points},
            {"statement", p.statement},
            {"kind", spec::to_string(p.answer.kind)}};
  j["function"] = p.function ? p.function->text : "";
  j["function_tex"] = p.function ? expr::to_tex(spec::parse_formula(*p.function).root()) : "";
  Json options = Json::array();
  for (const auto& [letter, text] : p.answer.choice.options) {
    options.push_back({{"letter", letter}, {"text", text}});
  }
  j["options"] = options;
  j["select_all"] = p.answer.choice.select_all;
  j["parts"] = inputs_json(p);
  j["directions"] = directions_json(p);
  j["answer_line"] = p.answer.kind == spec::AnswerKind::choice ? "" : report::answer_line(p);
  j["names"] = code ? "" : report::names_text(p);
  j["code"] = code ? report::code_text(p) : "";
  j["browser"] = !code && !cpp;
  j["command_line"] = fmt::format("grader check answers.yaml --only {}", p.id);
  return j;
}

}  // namespace

std::string describe_json(const std::string& problem_yaml, const std::string& problem_file) {
  try {
    return describe(cached_problem(problem_yaml, problem_file)).dump() + "\n";
  } catch (const Error& e) {
    return error_json(e.what());
  }
}

std::string read_json(const std::string& problem_yaml, const std::string& problem_file,
                      const std::string& part, const std::string& text) {
  try {
    const spec::Problem& p = cached_problem(problem_yaml, problem_file);
    const expr::ShapeEnv env = spec::formula_env(p, spec::uses_differentials(p));
    const expr::Shape expected = spec::expected_shape(p, part);
    try {
      const check::ReadAnswer read = check::read_answer(text, {"answer", 0, 0}, env, expected);
      return Json{{"canonical", expr::to_formula(read.formula.root())},
                  {"read_as", read.reading},
                  {"tex", expr::to_tex(read.formula.root())},
                  {"shape", read.shape.to_string()},
                  {"expected", expected.to_string()}}
                 .dump() +
             "\n";
    } catch (const expr::FormulaError& e) {
      const expr::Span at = e.diagnostic().primary;
      const std::string& source = e.source().text();
      return Json{{"error",
                   fmt::format("{}: {}", expr::to_string(e.kind()), e.diagnostic().message)},
                  {"column", column_of(source, at.begin)},
                  {"end_column", column_of(source, at.end)},
                  {"help", e.diagnostic().help},
                  {"diagnostic", e.what()}}
                 .dump() +
             "\n";
    }
  } catch (const Error& e) {
    return error_json(e.what());
  }
}

std::string tex_json(const std::string& formula) {
  try {
    return Json{{"tex", expr::to_tex(expr::parse(formula).root())}}.dump() + "\n";
  } catch (const Error& e) {
    return error_json(e.what());
  }
}

std::string answers_json(const std::string& answers_yaml) {
  try {
    const check::Submission sub =
        check::load_submission_text(answers_yaml, "answers.yaml", "answers");
    Json answers = Json::object();
    for (const auto& [id, answer] : sub.answers) answers[id] = answer_json(answer);
    return Json{{"student", sub.student}, {"answers", answers}}.dump() + "\n";
  } catch (const Error& e) {
    return error_json(e.what());
  }
}

std::string examples_json(const std::string& problem_yaml, const std::string& problem_file) {
  try {
    const spec::Problem& p = cached_problem(problem_yaml, problem_file);
    Json accept = Json::array();
    Json reject = Json::array();
    for (const auto& a : p.examples.accept) accept.push_back(answer_json(a));
    for (const auto& a : p.examples.reject) reject.push_back(answer_json(a));
    return Json{{"accept", accept}, {"reject", reject}}.dump() + "\n";
  } catch (const Error& e) {
    return error_json(e.what());
  }
}

}  // namespace grader::web
