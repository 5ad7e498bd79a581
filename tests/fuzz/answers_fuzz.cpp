// Fuzz target: a student's answers.yaml. Loaded; each answer is then checked against the
// d(XAX) problem it names, as `grader check` would. An InputError is the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/core/error.hpp"
#include "grader/spec/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace grader;
  static const spec::Problem p =
      spec::load_problem_text(R"y(id: lecture01/xax
title: fuzz
dims: {n: [2, 3]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: X*A*X
answer: {kind: differential, reference: dX*A*X + X*A*dX}
)y",
                              "problems/lecture01/xax.yaml", "lecture01/xax");
  static const check::ProblemTrials trials(p, 1);
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const check::Submission sub = check::load_submission_text(text, "answers.yaml", "fuzz");
    for (const auto& [id, answer] : sub.answers) {
      if (id != p.id) continue;
      check::CheckOptions options;
      options.max_work = 100'000;
      (void)check::check_answer(trials, answer, options);
    }
  } catch (const InternalError&) {
    throw;
  } catch (const Error&) {
  }
  return 0;
}
