// chain-rule (diagnose_rules.hpp): the answer lacks one inner Jacobian. For each non-scalar
// M that is a factor of a product in F or a let whose other factor depends on a wrt variable
// (A of A*x), or a name in F, a let or the reference, the answer multiplied by M (or M') from
// either side, or entrywise, is compared with the reference at the failing trial (in double
// first, then in 50 digits) and then at every other prepared trial.

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using expr::Node;
using expr::NodeKind;

// At most this many candidate factors are evaluated (each once, at the failing trial).
constexpr std::size_t kMaxCandidates = 40;

struct Candidate {
  std::string text;   // canonical (expr::to_formula)
  std::string inner;  // the product of F or a let it is the derivative of ("A*x"), if any
};

// The ways a factor M may have been left out: the answer G with M put back.
enum class Way { right, left, left_transposed, right_transposed, entrywise };

bool mentions(const Node& node, const std::vector<std::string>& names) {
  if (node.kind == NodeKind::name &&
      std::find(names.begin(), names.end(), node.text) != names.end())
    return true;
  return std::any_of(node.args.begin(), node.args.end(),
                     [&](const auto& a) { return mentions(*a, names); });
}

void add(std::vector<Candidate>& out, const std::string& text, const std::string& inner) {
  auto it = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.text == text; });
  if (it != out.end()) {
    if (it->inner.empty()) it->inner = inner;
  } else if (out.size() < kMaxCandidates) {
    out.push_back({text, inner});
  }
}

// The factors of products (or entrywise ones) whose other factor depends on a wrt variable,
// each the derivative of its product, and the names in `node`. Of the reference (`skip`,
// its root) only the names: its products would quote it.
void collect(const Node& node, const std::vector<std::string>& wrt, const Node* skip,
             std::vector<Candidate>& out) {
  if (skip == nullptr && node.kind == NodeKind::binary &&
      (node.binary_op == expr::BinaryOp::mul || node.binary_op == expr::BinaryOp::elem_mul)) {
    for (std::size_t k = 0; k < 2; ++k) {
      if (!mentions(*node.args[k], wrt) && mentions(*node.args[1 - k], wrt))
        add(out, expr::to_formula(*node.args[k]), expr::to_formula(node));
    }
  }
  // Other subexpressions only when they are names: a composite of the reference (the
  // projection I - x*x'/(x'*x)) may make a wrong answer right without being any inner
  // derivative.
  if (&node != skip && node.kind == NodeKind::name) add(out, node.text, "");
  for (const auto& a : node.args) collect(*a, wrt, skip, out);
}

std::vector<Candidate> candidates(const FailingAnswer& failing) {
  const spec::Problem& p = failing.trials.problem();
  const auto& wrt = p.answer.wrt;
  std::vector<Candidate> out;
  if (p.function) collect(spec::parse_formula(*p.function).root(), wrt, nullptr, out);
  for (const auto& [name, text] : p.lets) {
    collect(spec::parse_formula(text).root(), wrt, nullptr, out);
  }
  if (const auto* ref = failing.trials.references().at(failing.part).formula())
    collect(ref->root(), wrt, &ref->root(), out);
  return out;
}

// G with M put back the way `w` says; nothing when the shapes do not fit.
template <typename T>
std::optional<expr::Matrix<T>> put_back(const expr::Matrix<T>& g, const expr::Matrix<T>& m, Way w) {
  switch (w) {
    case Way::right:
      if (g.cols() == m.rows()) return expr::Matrix<T>(g * m);
      break;
    case Way::left:
      if (m.cols() == g.rows()) return expr::Matrix<T>(m * g);
      break;
    case Way::left_transposed:
      if (m.rows() == g.rows()) return expr::Matrix<T>(m.transpose() * g);
      break;
    case Way::right_transposed:
      if (g.cols() == m.cols()) return expr::Matrix<T>(g * m.transpose());
      break;
    case Way::entrywise:
      if (g.rows() == m.rows() && g.cols() == m.cols()) return expr::Matrix<T>(g.cwiseProduct(m));
      break;
  }
  return std::nullopt;
}

expr::Matrix<double> in_double(const HighMatrix& m) {
  expr::Matrix<double> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  }
  return out;
}

template <typename T>
bool right_with(const expr::Matrix<T>& g, const expr::Matrix<T>& m, Way w,
                const expr::Matrix<T>& expected, double tolerance) {
  const auto v = put_back(g, m, w);
  return v && v->rows() == expected.rows() && v->cols() == expected.cols() &&
         relative_difference(*v, expected) <= tolerance;
}

std::string how(const std::string& m, Way w) {
  switch (w) {
    case Way::right:
      return fmt::format("times {} from the right", m);
    case Way::left:
      return fmt::format("with {} multiplied from the left", m);
    case Way::left_transposed:
      return fmt::format("with {}' multiplied from the left", m);
    case Way::right_transposed:
      return fmt::format("times {}' from the right", m);
    case Way::entrywise:
      return fmt::format("multiplied entrywise by {}", m);
  }
  return "";
}

std::string sentence(const Candidate& c, Way w) {
  const std::string what = c.inner.empty()
                               ? fmt::format("the inner factor {}", c.text)
                               : fmt::format("the derivative of {}, which is {},", c.inner, c.text);
  return fmt::format(
      "The chain rule's inner factor is missing: your answer {} is right at every point "
      "checked. The derivative of g(h(x)) is the derivative of g at h(x) multiplied by the "
      "derivative of the inner function h; here {} was left out. Work out the shapes: in a "
      "gradient, the inner Jacobian comes back transposed.",
      how(c.text, w), what);
}

class ChainRule {
 public:
  explicit ChainRule(const FailingAnswer& f)
      : failing_(f),
        trial_(f.trials.trials().at(static_cast<std::size_t>(f.trial))),
        expected_(trial_.expected.at(f.part)) {}

  std::optional<Diagnosis> run() const {
    const expr::Matrix<double> g = in_double(failing_.got);
    const expr::Matrix<double> e = in_double(expected_);
    if (e.norm() == 0) return {};
    std::vector<OtherTrial> others;
    bool evaluated = false;
    for (const Candidate& c : candidates(failing_)) {
      const auto m = value_at(c.text, trial_.bindings, failing_.limits);
      if (!m || m->size() <= 1) continue;
      const expr::Matrix<double> md = in_double(*m);
      for (const Way w :
           {Way::left_transposed, Way::right, Way::left, Way::right_transposed, Way::entrywise}) {
        // Cheap first: in double, then in 50 digits, at the failing trial.
        if (!right_with(g, md, w, e, 1e-9) ||
            !right_with(failing_.got, *m, w, expected_, failing_.tolerance))
          continue;
        if (!evaluated) {
          others = other_trials(failing_);
          evaluated = true;
        }
        if (!others.empty() && everywhere(c.text, others, w))
          return Diagnosis{spec::DiagnosisKey::chain_rule, sentence(c, w)};
      }
    }
    return {};
  }

 private:
  bool everywhere(const std::string& text, const std::vector<OtherTrial>& others, Way w) const {
    for (const OtherTrial& o : others) {
      const auto m = value_at(text, o.trial->bindings, failing_.limits);
      if (!m ||
          !right_with(o.answer, *m, w, o.trial->expected.at(failing_.part), failing_.tolerance))
        return false;
    }
    return true;
  }

  const FailingAnswer& failing_;
  const Trial& trial_;
  const HighMatrix& expected_;
};

}  // namespace

std::optional<Diagnosis> diagnose_chain_rule(const FailingAnswer& failing) {
  try {
    return ChainRule(failing).run();
  } catch (const expr::FormulaError&) {
    return std::nullopt;  // F, a let or the reference not parsed here: no evidence
  }
}

}  // namespace grader::check
