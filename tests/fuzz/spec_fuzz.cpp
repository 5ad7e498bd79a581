// Fuzz target: a problem spec as an author writes it. Loaded (schema, formulas, shapes), and
// when it loads, its trials prepared and its reference checked as an answer. A SpecError (or
// another grader::Error for bad input) is the expected outcome; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/core/error.hpp"
#include "grader/spec/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace grader;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const spec::Problem p = spec::load_problem_text(text, "problems/f/p.yaml", "f/p");
    if (p.answer.kind == spec::AnswerKind::code) return 0;  // compiles C++: not here
    // Keep one input cheap: small sizes only.
    for (const auto& d : p.dims) {
      if (d.hi > 6) return 0;
    }
    if (p.check.trials > 3) return 0;
    check::CheckOptions options;
    options.max_work = 100'000;
    (void)check::check_answer(p, p.reference_as_answer(), 1, options);
  } catch (const InternalError&) {
    throw;  // a grader fault: a finding
  } catch (const Error&) {
    // Bad input, with its message.
  }
  return 0;
}
