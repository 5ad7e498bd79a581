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

// A code problem: the student's apply(A, b) must return A*b.
inline const std::string kApplySpec = R"(id: t/apply
title: A times b
dims: {n: [2, 4]}
variables:
  A: {shape: [n, n]}
  b: {shape: [n]}
answer:
  kind: code
  entry: apply
  arguments: [A, b]
  returns: [n]
  reference: A*b
)";

}  // namespace grader_test
