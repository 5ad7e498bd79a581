#include "answer_words.hpp"

#include <fmt/format.h>

namespace grader::check::detail {

// What the answer stands for, for messages: "dF", "the gradient with respect to x", ...
std::string answer_noun(const spec::Problem& p, const std::string& part) {
  switch (p.answer.kind) {
    case spec::AnswerKind::differential:
      return "dF";
    case spec::AnswerKind::gradient: {
      const std::string var = part.empty() ? (p.answer.wrt.empty() ? "" : p.answer.wrt[0]) : part;
      return fmt::format("the gradient with respect to {}", var);
    }
    case spec::AnswerKind::jacobian:
      return "the Jacobian";
    case spec::AnswerKind::hessian:
      switch (p.answer.hessian.form) {
        case spec::HessianForm::matrix:
          return "the Hessian matrix";
        case spec::HessianForm::quadratic:
          if (p.answer.wrt.size() != 1) return "the quadratic form d²F";
          return fmt::format("the quadratic form d²F[d{0}, d{0}]", p.answer.wrt[0]);
        case spec::HessianForm::bilinear: {
          const auto& second = p.answer.hessian.second_directions;
          if (p.answer.wrt.size() != 1 || second.size() != 1) return "the bilinear form d²F";
          return fmt::format("the bilinear form d²F[d{}, {}]", p.answer.wrt[0],
                             second.begin()->second);
        }
      }
      break;
    case spec::AnswerKind::value:
      return "the value";
    case spec::AnswerKind::choice:
      return "the choice";
    case spec::AnswerKind::code:
      return "your function's result";
  }
  return "the answer";
}

// A value as a formula-language literal with every digit of the double: "0.5",
// "[1 2; 3 4]", "[1; 2]", so that it can be pasted into grader eval.
std::string literal(const expr::Matrix<double>& m) {
  if (m.size() == 1) return fmt::format("{:.17g}", m(0, 0));
  std::string out = "[";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i > 0) out += "; ";
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      out += fmt::format("{}{:.17g}", j > 0 ? " " : "", m(i, j));
  }
  return out + "]";
}

// What the matrix of a non-differential answer is, in terms of the differential it omits.
std::string matrix_meaning(const spec::Problem& p, const std::string& differential) {
  switch (p.answer.kind) {
    case spec::AnswerKind::gradient:
      return p.answer.gradient.inner_product
                 ? fmt::format("the G with dF = <G, {}> in the problem's inner product",
                               differential)
                 : fmt::format("the G with dF = sum(G .* {})", differential);
    case spec::AnswerKind::jacobian:
      return fmt::format("the J with vec(dF) = J*vec({})", differential);
    default:
      return "the H with d²F[u, v] = u'*H*v";
  }
}

}  // namespace grader::check::detail
