// Fuzz target: a formula as a student types it. Parsed, shape-checked against a problem's
// names, evaluated in double and in 50 digits, then checked as an answer to d(XAX) (which runs
// the linearity test and every diagnosis). A FormulaError is the expected outcome for bad
// input; any other exception escapes and is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/expr/evaluate.hpp"
#include "grader/spec/loader.hpp"

namespace {

using namespace grader;

const spec::Problem& problem() {
  static const spec::Problem p = spec::load_problem_text(R"y(id: f/xax
title: fuzz
dims: {n: [2, 3]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
  x: {shape: [n]}
function: X*A*X
answer: {kind: differential, wrt: [X], reference: dX*A*X + X*A*dX}
mistakes:
  - {answer: 2*X*A*dX, feedback: commuting}
)y",
                                                         "problems/f/xax.yaml", "f/xax");
  return p;
}

const check::ProblemTrials& trials() {
  static const check::ProblemTrials t(problem(), 1);
  return t;
}

template <class T>
expr::Bindings<T> bindings() {
  expr::Bindings<T> b;
  b.dimensions["n"] = 3;
  expr::Matrix<T> m(3, 3);
  for (int i = 0; i < 9; ++i) m(i % 3, i / 3) = T(0.25 * (i + 1) - 1.0);
  b.values["X"] = m;
  b.values["A"] = m.transpose();
  b.values["dX"] = m * T(0.5);
  b.values["x"] = m.col(0);
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  expr::Limits limits;
  limits.max_work = 100'000;
  try {
    const expr::Formula f = expr::parse(text, "fuzz", limits);
    expr::ShapeEnv env = bindings<double>().shape_env();
    (void)expr::check_shapes(f, env, limits);
    (void)expr::evaluate(f, bindings<double>(), limits);
    (void)expr::evaluate(f, bindings<expr::High>(), limits);
  } catch (const expr::FormulaError&) {
    // A formula that is not one, or not of a computable shape or value: its message.
  }
  spec::AnswerText answer;
  answer.single = text;
  check::CheckOptions options;
  options.max_work = 100'000;
  (void)check::check_answer(trials(), answer, options);
  return 0;
}
