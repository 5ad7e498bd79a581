// quotient-rule (diagnose_rules.hpp): F is a quotient f/g with a scalar g, and
// d(f/g) = df/g - f*dg/g^2. Along the point's direction d, with D(G) what the answer says
// dF is there (sum(G .* d) for a gradient, G*vec(d) for a Jacobian, the value of a
// differential) and dg[d] a 50-digit central difference of g, the claims are
//   dropped term:   D(answer) - D(reference) ==   (F/g)*dg[d]
//   sign flipped:   D(answer) - D(reference) == 2*(F/g)*dg[d]
//   g for g^2:      D(answer) - D(reference) == (1 - g)*(F/g)*dg[d]  (df/g - f*dg/g)
// at every prepared trial, or the diagnosis is not given. (f'g - f*g' without the division
// by g^2 is the right answer times g^2: scalar-factor, tried first, names that division.)
// A quotient inside F instead (a softmax): one term t/g of the answer divided by g once more
// is right at every trial (term_over_g).

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/terms.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/oracle/line.hpp"
#include "grader/oracle/oracles.hpp"

namespace grader::check {

namespace {

using expr::High;
using expr::Node;
using expr::NodeKind;

enum class Slip { dropped, sign, power };

HighMatrix column(const HighMatrix& m) {
  return Eigen::Map<const HighMatrix>(m.data(), m.size(), 1);
}

bool same(const HighMatrix& a, const HighMatrix& b, double tolerance) {
  return a.rows() == b.rows() && a.cols() == b.cols() && relative_difference(a, b) <= tolerance;
}

class Quotient {
 public:
  Quotient(const FailingAnswer& f, const Node& root)
      : failing_(f),
        problem_(f.trials.problem()),
        f_(expr::to_formula(*root.args[0])),
        g_(expr::to_formula(*root.args[1])),
        g_formula_(expr::parse(g_)),
        function_(spec::parse_formula(*problem_.function)) {}

  std::optional<Diagnosis> run() const {
    // g must be written in the variables alone: a let is a value fixed at the point, and the
    // difference along d would not see it change.
    // It must vary with a wrt variable, or there is no dg (F = x'*A*x/2 is no quotient).
    const auto names = g_formula_.names();
    const auto& wrt = problem_.answer.wrt;
    for (const auto& [let, text] : problem_.lets) {
      if (std::find(names.begin(), names.end(), let) != names.end()) return {};
    }
    if (std::none_of(wrt.begin(), wrt.end(), [&](const auto& v) {
          return std::find(names.begin(), names.end(), v) != names.end();
        }))
      return {};
    const auto& trials = failing_.trials.trials();
    const auto first = static_cast<std::size_t>(failing_.trial);
    for (const Slip slip : {Slip::dropped, Slip::sign, Slip::power}) {
      // The failing trial first (its answer is known), then the others.
      if (!holds(slip, trials[first], failing_.got)) continue;
      bool everywhere = true;
      for (std::size_t k = 0; k < trials.size() && everywhere; ++k) {
        if (k == first) continue;
        try {
          everywhere =
              holds(slip, trials[k], expr::evaluate(answer(), trials[k].bindings, failing_.limits));
        } catch (const expr::FormulaError&) {
          // undefined there: that trial does not count
        }
      }
      if (everywhere) return Diagnosis{spec::DiagnosisKey::quotient_rule, sentence(slip)};
    }
    return {};
  }

 private:
  const expr::Formula& answer() const { return failing_.parts.at(failing_.part).second; }

  // What a value of the answer's kind says dF is along the direction d; nothing for a kind
  // (or shape) that says no such thing.
  std::optional<HighMatrix> along(const HighMatrix& value, const HighDirections& d) const {
    switch (problem_.answer.kind) {
      case spec::AnswerKind::gradient: {
        const HighMatrix& dx = d.at(problem_.answer.wrt.at(0));
        if (dx.rows() != value.rows() || dx.cols() != value.cols()) return std::nullopt;
        return HighMatrix::Constant(1, 1, (value.array() * dx.array()).sum());
      }
      case spec::AnswerKind::jacobian: {
        const HighMatrix s = stacked_directions(problem_.answer.wrt, d);
        if (value.cols() != s.rows()) return std::nullopt;
        return HighMatrix(value * s);
      }
      case spec::AnswerKind::differential:
        return column(value);
      default:
        return std::nullopt;
    }
  }

  bool holds(Slip slip, const Trial& t, const HighMatrix& got) const {
    const HighMatrix& expected = t.expected.at(failing_.part);
    const HighMatrix g = expr::evaluate(g_formula_, t.bindings, failing_.limits);
    if (g.size() != 1 || g(0, 0) == 0) return false;
    const HighDirections d = to_high(t.point.directions);
    const High dg = oracle::high_difference(oracle::line_function(g_formula_, t.bindings, d))(0, 0);
    const HighMatrix term =
        column(expr::evaluate(function_, t.bindings, failing_.limits)) * (dg / g(0, 0));
    if (term.norm() == 0) return false;  // no term to drop or flip here: no evidence
    const auto a = along(got, d);
    const auto e = along(expected, d);
    if (!a || !e || a->rows() != e->rows()) return false;
    const High times = slip == Slip::sign ? High(2) : slip == Slip::power ? 1 - g(0, 0) : High(1);
    return same(HighMatrix(*a - *e), HighMatrix(term * times), failing_.tolerance);
  }

  std::string sentence(Slip slip) const {
    const std::string rule = fmt::format(
        "F is the quotient f/g with f = {} and g = {}, and the quotient rule says "
        "d(f/g) = df/g - f*dg/g^2.",
        f_, g_);
    switch (slip) {
      case Slip::dropped:
        return fmt::format(
            "The quotient rule's second term is missing: {} Your answer is df/g alone: it "
            "differs from the right one by exactly f*dg/g^2 at every point checked. The "
            "denominator g varies too: differentiate it.",
            rule);
      case Slip::sign:
        return fmt::format(
            "The quotient rule's second term has the wrong sign: {} Your answer is "
            "df/g + f*dg/g^2 at every point checked.",
            rule);
      case Slip::power:
        return fmt::format(
            "The quotient rule's second term divides by g, not by g^2: {} Your answer is "
            "df/g - f*dg/g at every point checked.",
            rule);
    }
    return "";
  }

  const FailingAnswer& failing_;
  const spec::Problem& problem_;
  std::string f_, g_;
  expr::Formula g_formula_;
  expr::Formula function_;
};

// A quotient inside F (the softmax exp.(x)/sum(exp.(x)) of a log-sum-exp Hessian): one term
// of the answer, t/g with a scalar g that varies, divided by g once more makes the answer
// right at every trial: its quotient rule divided by g, not g^2.
std::optional<Diagnosis> term_over_g(const FailingAnswer& failing) {
  const expr::Formula& answer = failing.parts.at(failing.part).second;
  const std::vector<SignedTerm> terms = sum_terms(answer);
  if (terms.size() < 2) return std::nullopt;
  // The answer's value at every trial, once for all terms; undefined at one: no evidence.
  std::vector<OtherTrial> values = other_trials(failing);
  if (values.size() + 1 != failing.trials.trials().size()) return std::nullopt;
  values.push_back(
      {&failing.trials.trials().at(static_cast<std::size_t>(failing.trial)), failing.got});
  for (const SignedTerm& term : terms) {
    const expr::Formula t = expr::parse(term.text);
    const Node& root = t.root();
    if (root.kind != NodeKind::binary || root.binary_op != expr::BinaryOp::div) continue;
    const expr::Formula g = expr::parse(expr::to_formula(*root.args[1]));
    const bool right = std::all_of(values.begin(), values.end(), [&](const OtherTrial& v) {
      const Trial& trial = *v.trial;
      const HighMatrix gv = expr::evaluate(g, trial.bindings, failing.limits);
      if (gv.size() != 1 || gv(0, 0) == 0 || gv(0, 0) == 1) return false;
      const HighMatrix tv = expr::evaluate(t, trial.bindings, failing.limits) * High(term.sign);
      if (tv.rows() != v.answer.rows() || tv.cols() != v.answer.cols()) return false;
      return same(HighMatrix(v.answer + tv * (1 / gv(0, 0) - 1)), trial.expected.at(failing.part),
                  failing.tolerance);
    });
    if (!right) continue;
    const std::string gt = expr::to_formula(*root.args[1]);
    return Diagnosis{
        spec::DiagnosisKey::quotient_rule,
        fmt::format("A quotient rule divides by g, not by g^2: with '{}{}' (column {}) divided by "
                    "{} once more, your answer is right at every point checked. The derivative "
                    "of f/g is df/g - f*dg/g^2: its second term has the square of the denominator.",
                    term.sign < 0 ? "-" : "", term.text, term.column, gt)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Diagnosis> diagnose_quotient_rule(const FailingAnswer& failing) {
  const spec::Problem& p = failing.trials.problem();
  if (!p.function || failing.trials.parts().size() != 1) return std::nullopt;
  try {
    const expr::Formula function = spec::parse_formula(*p.function);
    const Node& root = function.root();
    if (root.kind == NodeKind::binary && root.binary_op == expr::BinaryOp::div) {
      if (auto d = Quotient(failing, root).run()) return d;
    }
    return term_over_g(failing);
  } catch (const expr::FormulaError&) {
    return std::nullopt;  // F, g or a term not evaluable here: no evidence
  }
}

}  // namespace grader::check
