#include "grader/check/diagnose.hpp"

#include <fmt/format.h>

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <set>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/check/diagnose_matrix.hpp"
#include "grader/check/problem_formulas.hpp"
#include "grader/check/retest.hpp"
#include "grader/check/terms.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

namespace {

using expr::High;
using Key = spec::DiagnosisKey;
using MD = expr::Matrix<double>;

struct Fraction {
  int p = 0;
  int q = 1;
  std::string text() const { return q == 1 ? fmt::format("{}", p) : fmt::format("{}/{}", p, q); }
  High value() const { return High(p) / High(q); }
};

// p/q with |p|, q ≤ 12 within `tolerance` (relative) of c; 0 when |c| is below it.
std::optional<Fraction> small_fraction(double c, double tolerance) {
  if (std::abs(c) <= tolerance) return Fraction{0, 1};
  for (int q = 1; q <= 12; ++q) {
    const double p = std::round(c * q);
    if (p == 0 || std::abs(p) > 12) continue;
    if (std::abs(c - p / q) <= tolerance * std::abs(c)) return Fraction{static_cast<int>(p), q};
  }
  return std::nullopt;
}

bool same(const HighMatrix& a, const HighMatrix& b, double tolerance) {
  return relative_difference(a, b) <= tolerance;
}

// The differentials a term is written in ("a term in dX"), for naming a reference term
// without quoting it.
std::string term_in(const spec::Problem& p, const std::string& text) {
  std::vector<std::string> ds;
  try {
    for (const auto& name : expr::parse(text).names()) {
      if (p.differential_of(name) != nullptr) ds.push_back(name);
    }
  } catch (const expr::FormulaError&) {
    // terms.hpp builds texts that parse; should one not (a limit), the term is named
    // without its differentials rather than the diagnosis lost.
  }
  return ds.empty() ? "a term" : fmt::format("a term in {}", joined(ds));
}

// A reference term named by its differentials, else by the names it has that not every
// term has ("a term in B and x"), else as constant in the variables differentiated, without
// quoting it.
std::string describe_term(const spec::Problem& p, const std::vector<SignedTerm>& terms,
                          std::size_t k) {
  const std::string by_differentials = term_in(p, terms[k].text);
  if (by_differentials != "a term") return by_differentials;
  try {
    const auto names = expr::parse(terms[k].text).names();
    std::vector<std::string> own;
    for (const auto& name : names) {
      if (p.find_variable(name) == nullptr) continue;
      bool everywhere = true;
      for (const auto& t : terms) {
        const auto in_t = expr::parse(t.text).names();
        everywhere = everywhere && std::find(in_t.begin(), in_t.end(), name) != in_t.end();
      }
      if (!everywhere) own.push_back(name);
    }
    if (!own.empty()) return fmt::format("a term in {}", joined(own));
    // A term without any of the variables differentiated (the 1 of 1 - tanh(x)^2).
    const bool constant = std::none_of(p.answer.wrt.begin(), p.answer.wrt.end(), [&](auto& w) {
      return std::find(names.begin(), names.end(), w) != names.end();
    });
    if (constant) return fmt::format("a term that does not depend on {}", joined(p.answer.wrt));
  } catch (const expr::FormulaError&) {
    // As in term_in: a term that does not parse is named plainly.
  }
  return "a term";
}

std::string quoted(const SignedTerm& t) {
  return fmt::format("'{}{}' (column {})", t.sign < 0 ? "-" : "", t.text, t.column);
}

class Diagnoser {
 public:
  explicit Diagnoser(const FailingAnswer& f)
      : failing_(f),
        problem_(f.trials.problem()),
        trial_(f.trials.trials().at(static_cast<std::size_t>(f.trial))),
        expected_(trial_.expected.at(f.part)),
        answer_(f.parts.at(f.part).second),
        reference_(f.trials.references().at(f.part)) {}

  // Only the term diagnoses (answer_terms: extra-term, term-sign; reference_terms:
  // missing-term, extra-term, term-factor): for an answer that failed the linearity test,
  // where a term of another degree, one term's sign or a term left out of a bilinear form
  // (which breaks its symmetry) is the mistake.
  std::optional<Diagnosis> terms() const {
    for (auto step : {&Diagnoser::answer_terms, &Diagnoser::reference_terms}) {
      try {
        if (auto d = (this->*step)()) return d;
      } catch (const expr::FormulaError&) {
        // No evidence either way, as in run().
      }
    }
    return std::nullopt;
  }

  std::optional<Diagnosis> run() {
    if (auto d = diagnose_at_point(failing_.got, expected_, failing_.tolerance)) {
      // A scalar is some multiple of any other at one point: a factor must be the same at
      // every point and direction.
      if ((d->key != Key::factor && d->key != Key::sign) || same_factor_everywhere()) return d;
    }
    // The Frobenius gradient where the problem has its own inner product is often a scalar
    // (the weight) times the right one: named as what it is first. Entries before
    // symmetric_only and commuting: two entries of a literal Jacobian swapped are also "right
    // for symmetric inputs" when the inputs are a matrix's entries, but the entries are what
    // the student can fix.
    for (auto step :
         {&Diagnoser::inner_product, &Diagnoser::scalar_factor, &Diagnoser::quotient,
          &Diagnoser::chain, &Diagnoser::directions, &Diagnoser::partly_converted,
          &Diagnoser::transposed_factor, &Diagnoser::kron, &Diagnoser::answer_terms,
          &Diagnoser::reference_terms, &Diagnoser::entries, &Diagnoser::symmetric_only,
          &Diagnoser::commuting, &Diagnoser::chain_inside, &Diagnoser::wrong_variable}) {
      try {
        if (auto d = (this->*step)()) return d;
      } catch (const expr::FormulaError&) {
        // A rewrite or another input where something is undefined (or too costly to
        // evaluate): no evidence either way. Any other exception is a fault of the grader
        // (InternalError, bad_alloc, a lookup out of range): it propagates, and the checker
        // reports it as this problem's error instead of a diagnosis quietly missing.
      }
    }
    return std::nullopt;
  }

 private:
  HighMatrix answer_at(const HighBindings& b) const {
    return expr::evaluate(answer_, b, failing_.limits);
  }

  bool same_factor_everywhere() const {
    const High ee = (expected_.array() * expected_.array()).sum();
    const High c = (failing_.got.array() * expected_.array()).sum() / ee;
    for (const auto& s : samples()) {
      if (!same(s.answer, HighMatrix(s.reference * c), failing_.tolerance)) return false;
    }
    return true;
  }

  // The Frobenius gradient where the problem has its own inner product.
  std::optional<Diagnosis> inner_product() const {
    if (problem_.answer.kind != spec::AnswerKind::gradient ||
        !problem_.answer.gradient.inner_product)
      return {};
    const std::string& var = failing_.parts[failing_.part].first.empty()
                                 ? problem_.answer.wrt.at(0)
                                 : failing_.parts[failing_.part].first;
    for (const auto* dirs : {&trial_.point.directions, &trial_.point.directions2}) {
      const HighMatrix d = dirs->at(var).cast<High>();
      const High frobenius = (failing_.got.array() * d.array()).sum();
      const High right = failing_.trials.formulas().inner(expected_, d, trial_.bindings);
      if (!same(HighMatrix::Constant(1, 1, frobenius), HighMatrix::Constant(1, 1, right),
                failing_.tolerance))
        return {};
    }
    return Diagnosis{
        Key::inner_product,
        fmt::format("Your G is the gradient for the Frobenius inner product: dF = sum(G .* d{0}) "
                    "holds. This problem defines the gradient by its own inner product, <u, v> = "
                    "{1}: find the G with dF = <G, d{0}> in that one.",
                    var, problem_.answer.gradient.inner_product->text)};
  }

  std::optional<Diagnosis> scalar_factor() const { return diagnose_scalar_factor(failing_); }
  std::optional<Diagnosis> quotient() const { return diagnose_quotient_rule(failing_); }
  std::optional<Diagnosis> chain() const { return diagnose_chain_rule(failing_); }
  std::optional<Diagnosis> directions() const { return diagnose_through_directions(failing_); }
  std::optional<Diagnosis> kron() const { return diagnose_kron(failing_); }
  std::optional<Diagnosis> entries() const { return diagnose_entries(failing_); }
  std::optional<Diagnosis> wrong_variable() const { return diagnose_wrong_variable(failing_); }
  std::optional<Diagnosis> chain_inside() const {
    return diagnose_chain_rule_inside(failing_.trials, failing_.part,
                                      expr::to_formula(answer_.root()), failing_.tolerance,
                                      failing_.limits);
  }

  // The answer with one name transposed, or one transpose removed, is right.
  std::optional<Diagnosis> transposed_factor() const {
    const auto variant = right_with_one_transpose(answer_, trial_.bindings, expected_,
                                                  failing_.tolerance, failing_.limits);
    if (!variant) return {};
    return Diagnosis{
        Key::transposed_factor,
        variant->removed
            ? fmt::format("One transpose is wrong: your answer would be right with {0} in place "
                          "of {0}' at column {1}. Check on which side each factor acts.",
                          variant->name, variant->column)
            : fmt::format("A transpose is missing: your answer would be right with {0}' in "
                          "place of {0} at column {1}. In a gradient, the factor that multiplied "
                          "the differential from the left comes back transposed.",
                          variant->name, variant->column)};
  }

  // The bindings the term fits use: every prepared trial (and, for a differential, the
  // second direction of each), with the reference's and the answer's values there.
  struct Sample {
    const HighBindings* bindings;
    HighMatrix reference;
    HighMatrix answer;
  };
  const std::vector<Sample>& samples() const {
    if (samples_ready_) return samples_;
    samples_ready_ = true;
    const bool linear = problem_.answer.kind == spec::AnswerKind::differential;
    for (const Trial& t : failing_.trials.trials()) {
      try {
        const HighMatrix ans = &t == &trial_ ? failing_.got : answer_at(t.bindings);
        samples_.push_back({&t.bindings, t.expected.at(failing_.part), ans});
        if (linear) {
          samples_.push_back({&t.second, reference_(t.second), answer_at(t.second)});
        }
      } catch (const expr::FormulaError&) {
        // A trial where the answer is undefined does not count.
      }
    }
    return samples_;
  }

  // Coefficients c (small fractions) with target = sum c_k * terms_k at every sample,
  // verified in 50 digits; nothing when no such fit exists.
  std::optional<std::vector<Fraction>> fit(const std::vector<SignedTerm>& terms,
                                           bool target_is_reference) const {
    if (terms.size() < 2 || terms.size() > 8) return {};
    std::vector<const HighMatrix*> targets;
    for (const auto& s : samples())
      targets.push_back(target_is_reference ? &s.reference : &s.answer);
    return fit_values(term_values(terms), targets);
  }

  // The value of each term (with its sign) at each sample: [sample][term].
  std::vector<std::vector<HighMatrix>> term_values(const std::vector<SignedTerm>& terms) const {
    std::vector<expr::Formula> formulas;
    for (const auto& t : terms) formulas.push_back(expr::parse(t.text));
    std::vector<std::vector<HighMatrix>> values;
    for (const auto& s : samples()) {
      std::vector<HighMatrix> v;
      for (std::size_t k = 0; k < formulas.size(); ++k) {
        HighMatrix m = expr::evaluate(formulas[k], *s.bindings, failing_.limits);
        if (terms[k].sign < 0) m = -m;
        v.push_back(std::move(m));
      }
      values.push_back(std::move(v));
    }
    return values;
  }

  // The least-squares fit of targets[s] by sum_k c_k values[s][k], rounded to small
  // fractions and verified in 50 digits.
  std::optional<std::vector<Fraction>> fit_values(
      const std::vector<std::vector<HighMatrix>>& values,
      const std::vector<const HighMatrix*>& targets) const {
    if (values.empty()) return {};
    const auto n = static_cast<Eigen::Index>(values[0].size());
    Eigen::Index rows = 0;
    for (std::size_t s = 0; s < values.size(); ++s) {
      for (const auto& m : values[s]) {
        if (m.rows() != targets[s]->rows() || m.cols() != targets[s]->cols()) return {};
      }
      rows += targets[s]->size();
    }
    if (rows <= n) return {};
    MD a(rows, n);
    Eigen::VectorXd y(rows);
    Eigen::Index r = 0;
    for (std::size_t s = 0; s < values.size(); ++s) {
      for (Eigen::Index e = 0; e < targets[s]->size(); ++e, ++r) {
        y(r) = (*targets[s])(e).convert_to<double>();
        for (Eigen::Index k = 0; k < n; ++k) a(r, k) = values[s][k](e).convert_to<double>();
      }
    }
    const Eigen::ColPivHouseholderQR<MD> qr(a);
    if (qr.rank() < n) return {};  // terms that are multiples of each other: no unique fit
    const Eigen::VectorXd c = qr.solve(y);
    std::vector<Fraction> out;
    for (Eigen::Index k = 0; k < n; ++k) {
      const auto q = small_fraction(c(k), 1e-7);
      if (!q) return {};
      out.push_back(*q);
    }
    for (std::size_t s = 0; s < values.size(); ++s) {
      HighMatrix sum = HighMatrix::Zero(targets[s]->rows(), targets[s]->cols());
      for (Eigen::Index k = 0; k < n; ++k) sum += values[s][k] * out[k].value();
      if (!same(sum, *targets[s], failing_.tolerance)) return {};
    }
    return out;
  }

  // Some terms of the reference converted to the Frobenius gradient, others not: the answer
  // is a sum of, per reference term t, either t or its Frobenius form g (sum(g .* e) =
  // <t, e> for every e).
  std::optional<Diagnosis> partly_converted() const {
    if (problem_.answer.kind != spec::AnswerKind::gradient ||
        !problem_.answer.gradient.inner_product)
      return {};
    if (reference_.formula() == nullptr) return {};  // C++: no terms to rewrite
    const std::vector<SignedTerm> terms = sum_terms(*reference_.formula());
    if (terms.size() > 6) return {};
    const auto& inner = failing_.trials.formulas();
    const std::vector<std::vector<HighMatrix>> plain = term_values(terms);
    std::vector<std::vector<HighMatrix>> values;  // per sample: each term, then its Frobenius form
    std::vector<const HighMatrix*> targets;
    for (std::size_t s = 0; s < plain.size(); ++s) {
      std::vector<HighMatrix> v;
      for (const HighMatrix& t : plain[s]) {
        HighMatrix g(t.rows(), t.cols());
        for (Eigen::Index e = 0; e < t.size(); ++e) {
          HighMatrix unit = HighMatrix::Zero(t.rows(), t.cols());
          unit(e) = High(1);
          g(e) = inner.inner(t, unit, *samples()[s].bindings);
        }
        v.push_back(t);
        v.push_back(std::move(g));
      }
      targets.push_back(&samples()[s].answer);
      values.push_back(std::move(v));
    }
    const auto c = fit_values(values, targets);
    if (!c) return {};
    std::size_t converted = 0;
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const Fraction& kept = (*c)[2 * k];
      const Fraction& frob = (*c)[2 * k + 1];
      const bool one_of = (kept.p == 1 && kept.q == 1 && frob.p == 0) ||
                          (kept.p == 0 && frob.p == 1 && frob.q == 1);
      if (!one_of) return {};
      if (frob.p == 1) ++converted;
    }
    if (converted == 0 || converted == terms.size()) return {};
    return Diagnosis{
        Key::inner_product,
        fmt::format("Half converted: {} of the {} terms of your answer are in the Frobenius "
                    "inner product and the others in this problem's own, <u, v> = {}. Every term "
                    "of the gradient must be in the problem's inner product: find the G with "
                    "dF = <G, dX> for all of dF at once.",
                    converted, terms.size(), problem_.answer.gradient.inner_product->text)};
  }

  // The reference as a combination of the answer's terms: an extra term, a term's sign.
  std::optional<Diagnosis> answer_terms() const {
    const std::vector<SignedTerm> terms = sum_terms(answer_);
    const auto c = fit(terms, true);
    if (!c) return {};
    std::vector<std::string> zero, negated;
    bool other = false;
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const auto& q = (*c)[k];
      if (q.p == 0) {
        zero.push_back(quoted(terms[k]));
      } else if (q.p == -1 && q.q == 1) {
        SignedTerm t = terms[k];
        negated.push_back(quoted(t));
      } else if (!(q.p == 1 && q.q == 1)) {
        other = true;
      }
    }
    if (other || zero.size() == terms.size()) return {};
    if (!zero.empty() && negated.empty()) {
      return Diagnosis{Key::extra_term,
                       fmt::format("An extra term: without the term{} {} your answer would be "
                                   "right. Each term of a derivative comes from one place where "
                                   "the variable appears in F; this one does not.",
                                   zero.size() > 1 ? "s" : "", joined(zero))};
    }
    if (zero.empty() && !negated.empty() && negated.size() < terms.size()) {
      return Diagnosis{Key::term_sign,
                       fmt::format("A sign error in one term: with the sign of {} flipped your "
                                   "answer would be right; the other terms are right.",
                                   joined(negated))};
    }
    return {};
  }

  // The answer as a combination of the reference's terms: one left out, counted twice, or
  // scaled.
  std::optional<Diagnosis> reference_terms() const {
    if (reference_.formula() == nullptr) return {};  // C++: no terms to rewrite
    const std::vector<SignedTerm> terms = sum_terms(*reference_.formula());
    const auto c = fit(terms, false);
    if (!c) return {};
    std::vector<std::string> missing, doubled, scaled;
    std::string factor;
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const auto& q = (*c)[k];
      const std::string what = describe_term(problem_, terms, k);
      if (q.p == 0) {
        missing.push_back(what);
      } else if (q.p == 2 && q.q == 1) {
        doubled.push_back(what);
      } else if (!(q.p == 1 && q.q == 1)) {
        scaled.push_back(what);
        factor = q.text();
      }
    }
    const std::size_t n = terms.size();
    if (!missing.empty() && doubled.empty() && scaled.empty() && missing.size() < n) {
      return Diagnosis{
          Key::missing_term,
          fmt::format("A term is missing: the right answer is a sum of {} terms, and yours is that "
                      "sum with {} of them left out ({}). Apply the product rule to every factor "
                      "that depends on the variable, one at a time.",
                      n, missing.size(), joined(missing))};
    }
    if (missing.empty() && !doubled.empty() && scaled.empty() && doubled.size() < n) {
      return Diagnosis{Key::extra_term,
                       fmt::format("A term is counted twice: your answer is the right sum of {} "
                                   "terms with {} of them twice ({}).",
                                   n, doubled.size(), joined(doubled))};
    }
    if (missing.empty() && doubled.empty() && scaled.size() == 1) {
      return Diagnosis{Key::term_factor,
                       fmt::format("One term has the wrong factor: your answer is the right sum "
                                   "of {} terms, except that {} is {} times what it should be.",
                                   n, scaled[0], factor)};
    }
    return {};
  }

  // The answer is right on inputs of a special kind. With `along_directions`, a gradient
  // or Jacobian need only be right along those inputs' directions (<G, dX>, J*vec(dX)).
  bool right_on(const std::optional<HighBindings>& b, bool along_directions = false) const {
    if (!b) return false;
    const HighMatrix ref = reference_(*b);
    const HighMatrix ans = answer_at(*b);
    if (same(ans, ref, failing_.tolerance)) return true;
    if (!along_directions) return false;
    std::vector<std::string> vars = {failing_.parts[failing_.part].first};
    if (vars[0].empty()) vars = problem_.answer.wrt;
    HighDirections d;
    for (const auto& v : vars) d[v] = b->values.at("d" + v);
    if (problem_.answer.kind == spec::AnswerKind::jacobian) {
      const HighMatrix stacked = stacked_directions(vars, d);
      if (same(HighMatrix(ans * stacked), HighMatrix(ref * stacked), failing_.tolerance))
        return true;
    } else if (problem_.answer.kind == spec::AnswerKind::gradient) {
      const auto& formulas = failing_.trials.formulas();
      const HighMatrix a = HighMatrix::Constant(1, 1, formulas.inner(ans, d.at(vars[0]), *b));
      const HighMatrix r = HighMatrix::Constant(1, 1, formulas.inner(ref, d.at(vars[0]), *b));
      if (same(a, r, failing_.tolerance)) return true;
    }
    return false;
  }

  std::vector<std::string> square_variables() const {
    std::vector<std::string> out;
    for (const auto& v : problem_.variables) {
      const MD& m = trial_.point.values.at(v.name);
      if (m.rows() == m.cols() && m.rows() > 1) out.push_back(v.name);
    }
    return out;
  }

  std::optional<Diagnosis> symmetric_only() const {
    if (!right_on(symmetric_inputs(failing_.trials, failing_.trial))) return {};
    return Diagnosis{
        Key::symmetric_only,
        fmt::format("Right only for symmetric matrices: with {} replaced by symmetric ones your "
                    "answer agrees with the right one, but the problem's matrices are not "
                    "symmetric. Somewhere a transpose was dropped (A' taken as A); keep every "
                    "transpose the product rule gives.",
                    joined(square_variables()))};
  }

  std::optional<Diagnosis> commuting() const {
    if (!right_on(commuting_inputs(failing_.trials, failing_.trial), true)) return {};
    return Diagnosis{
        Key::commuting,
        fmt::format("Right only when the matrices commute: with {} replaced by matrices that "
                    "commute with each other, your answer agrees with the right one. Matrix "
                    "products do not commute: keep each factor in its place, as in "
                    "d(X*X) = dX*X + X*dX, not 2*X*dX.",
                    joined(square_variables()))};
  }

  const FailingAnswer& failing_;
  const spec::Problem& problem_;
  const Trial& trial_;
  const HighMatrix& expected_;
  const expr::Formula& answer_;
  const Computation& reference_;
  mutable bool samples_ready_ = false;
  mutable std::vector<Sample> samples_;
};

}  // namespace

std::optional<Diagnosis> diagnose_at_point(const HighMatrix& got, const HighMatrix& expected,
                                           double tolerance) {
  if (got.rows() != expected.rows() || got.cols() != expected.cols()) return std::nullopt;
  High gg(0), ge(0), ee(0);
  for (Eigen::Index j = 0; j < got.cols(); ++j) {
    for (Eigen::Index i = 0; i < got.rows(); ++i) {
      gg += got(i, j) * got(i, j);
      ge += got(i, j) * expected(i, j);
      ee += expected(i, j) * expected(i, j);
    }
  }
  if (ee == 0) return std::nullopt;
  if (gg == 0) {
    return Diagnosis{Key::zero,
                     "Your answer is zero at this point, and the right one is not: a term, or "
                     "the whole derivative, is missing."};
  }
  // The best factor c (least squares): is the answer c times the right one?
  const High c = ge / ee;
  if (same(got, HighMatrix(expected * c), tolerance)) {
    const double factor = c.convert_to<double>();
    const auto fraction = small_fraction(factor, 1e-12);
    if (fraction && fraction->p == -1 && fraction->q == 1) {
      return Diagnosis{Key::sign,
                       "Check the sign: at this point your answer is exactly −1 times the "
                       "right one."};
    }
    // A fraction names the factor only when it is the factor to within the tolerance: an
    // answer (1 + 1e-12) times the right one is not "1 times" it.
    if (fraction && abs(c - fraction->value()) <= High(tolerance) * abs(c)) {
      return Diagnosis{Key::factor, fmt::format("Off by a constant factor: at this point your "
                                                "answer is {} times the right one.",
                                                fraction->text())};
    }
    const double off = High(c - 1).convert_to<double>();
    if (std::abs(off) < 1e-3) {
      return Diagnosis{
          Key::factor,
          fmt::format("Off by a factor very close to 1: at this point your answer is (1 {} "
                      "{:.2g}) times the right one, a relative error of {:.2g}, far above "
                      "rounding. Is a number in your answer rounded or slightly off?",
                      off < 0 ? "−" : "+", std::abs(off), std::abs(off))};
    }
    return Diagnosis{Key::factor,
                     fmt::format("Off by a constant factor: at this point your answer is "
                                 "{:.6g} times the right one.",
                                 factor)};
  }
  if (got.rows() == got.cols() && got.rows() > 1 &&
      same(got, HighMatrix(expected.transpose()), tolerance)) {
    return Diagnosis{Key::transpose,
                     "Transposed: at this point your answer equals the transpose of the right "
                     "one. Check which side each factor multiplies, and whether a factor needs a "
                     "transpose (A' for A)."};
  }
  return std::nullopt;
}

std::optional<Diagnosis> diagnose_wrong(const FailingAnswer& failing) {
  return Diagnoser(failing).run();
}

std::optional<Diagnosis> diagnose_answer_terms(const FailingAnswer& failing) {
  return Diagnoser(failing).terms();
}

}  // namespace grader::check
