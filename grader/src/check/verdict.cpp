#include "grader/check/verdict.hpp"

namespace grader::check {

CheckResult result_for(const spec::Problem& problem, std::uint64_t seed) {
  CheckResult r;
  r.problem_id = problem.id;
  r.title = problem.title;
  r.tags = problem.tags;
  r.max_score = problem.points;
  r.seed = seed;
  return r;
}

CheckResult with_answer(CheckResult result, const spec::AnswerText& answer) {
  result.answer = answer.parts.empty() ? answer.single : std::string();
  result.answer_parts.assign(answer.parts.begin(), answer.parts.end());
  return result;
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::invalid:
      return "invalid";
    case Verdict::missing:
      return "missing";
    case Verdict::error:
      return "error";
    case Verdict::compile_error:
      return "compile-error";
    case Verdict::timeout:
      return "timeout";
    case Verdict::crash:
      return "crash";
    case Verdict::memory_limit:
      return "memory-limit";
    case Verdict::bad_output:
      return "bad-output";
  }
  return "error";
}

}  // namespace grader::check
