#pragma once
// Problem specs shared by the tests of checking and grading.

#include <string>

namespace grader_test {

// d(XAX) = dX*A*X + X*A*dX, with one recognised mistake.
inline const std::string kXaxSpec = R"(id: t/xax
title: XAX
dims: {n: [2, 5]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: X*A*X
answer:
  kind: differential
  reference: dX*A*X + X*A*dX
mistakes:
  - answer: 2*X*A*dX
    feedback: Products do not commute.
)";

// A code problem, shared with tests/e2e/code_acceptance.sh: the student's apply(A, b) must
// return A*b. tests/data/code/apply.py answers it as a command.
inline const std::string kApplySpecFile =
    std::string(GRADER_TEST_DATA) + "/code/problems/t/apply.yaml";
inline const std::string kApplyCommand = std::string(GRADER_TEST_DATA) + "/code/apply.py";

}  // namespace grader_test
