#pragma once
// The diagnosis of a wrong answer to a spec written in the test, for the diagnose tests.

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/check/checker.hpp"
#include "grader/spec/loader.hpp"

namespace grader_test {

inline grader::spec::Problem load_problem(const std::string& yaml) {
  return grader::spec::load_problem_text(yaml, "problems/t/p.yaml", "t/p");
}

// A single-formula answer checked at seed 1.
inline grader::check::CheckResult check_text(const grader::spec::Problem& p,
                                             const std::string& text) {
  grader::spec::AnswerText a;
  a.single = text;
  return grader::check::check_answer(p, a, 1);
}

// The same, checked to be wrong.
inline grader::check::CheckResult check_wrong(const grader::spec::Problem& p,
                                              const std::string& text) {
  const auto r = check_text(p, text);
  BOOST_TEST((r.verdict != grader::check::Verdict::pass), text);
  return r;
}

// A result's diagnosis key, "none" without one.
inline std::string key_of(const grader::check::CheckResult& r) {
  return r.diagnosis ? std::string(grader::spec::to_string(*r.diagnosis)) : "none";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// "key: feedback" of a wrong answer (checked to be wrong) at seed 1; "none" when it gets no
// diagnosis.
inline std::string diagnosed(const grader::spec::Problem& p, const std::string& text) {
  const auto r = check_wrong(p, text);
  return r.diagnosis ? key_of(r) + ": " + r.feedback : "none";
}

// The key alone.
inline std::string diagnosis_key(const grader::spec::Problem& p, const std::string& text) {
  const std::string d = diagnosed(p, text);
  return d.substr(0, d.find(':'));
}

}  // namespace grader_test
