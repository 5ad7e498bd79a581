// chain-rule (diagnose_rules.hpp): the answer lacks one inner Jacobian. For each non-scalar
// M that is a factor of a product in F or a let whose other factor depends on a wrt variable
// (A of A*x), or a name in F, a let or the reference, the answer multiplied by M (or M') from
// either side, or entrywise, or (a scalar answer) times M, or M'*G*M (a Hessian's inner
// Jacobian on both sides), and then the same with 2*M, is compared with the reference at the
// failing trial (in double first, then in 50 digits) and then at every other prepared trial.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/core/error.hpp"
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

// The ways a factor M may have been left out: the answer G with M put back. `scaled` is a
// scalar G times M; `sandwich` is M'*G*M, the inner Jacobian of a Hessian f(M*x) on both
// sides (c*M'*M for an answer c*I); `normal` is M'*M*G, a gradient of g(M*x) written as if M
// were not there, inside and out (u for the D'*D*u of sum((D*u).^2)/2).
enum class Way {
  right,
  left,
  left_transposed,
  right_transposed,
  entrywise,
  entrywise_transposed,
  scaled,
  sandwich,
  normal
};

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
// each the derivative of its product, the solves M\\v that depend on one (the x = A\\b an
// adjoint gradient multiplies by), and the names in `node`. Of the reference (`skip`, its
// root) only the names: its products would quote it.
void collect(const Node& node, const std::vector<std::string>& wrt, const Node* skip,
             std::vector<Candidate>& out) {
  if (skip == nullptr && node.kind == NodeKind::binary &&
      (node.binary_op == expr::BinaryOp::mul || node.binary_op == expr::BinaryOp::elem_mul)) {
    for (std::size_t k = 0; k < 2; ++k) {
      if (!mentions(*node.args[k], wrt) && mentions(*node.args[1 - k], wrt))
        add(out, expr::to_formula(*node.args[k]), expr::to_formula(node));
    }
  }
  if (skip == nullptr && node.kind == NodeKind::binary && node.binary_op == expr::BinaryOp::ldiv &&
      mentions(node, wrt))
    add(out, expr::to_formula(node), "");
  // Other subexpressions only when they are names: a composite of the reference (the
  // projection I - x*x'/(x'*x)) may make a wrong answer right without being any inner
  // derivative.
  if (&node != skip && node.kind == NodeKind::name) add(out, node.text, "");
  for (const auto& a : node.args) collect(*a, wrt, skip, out);
}

std::vector<Candidate> candidates(const ProblemTrials& trials, std::size_t part) {
  const spec::Problem& p = trials.problem();
  const auto& wrt = p.answer.wrt;
  std::vector<Candidate> out;
  if (p.function) collect(spec::parse_formula(*p.function).root(), wrt, nullptr, out);
  for (const auto& [name, text] : p.lets) {
    add(out, name, "");  // q of an eigenvector problem whose F is C++
    collect(spec::parse_formula(text).root(), wrt, nullptr, out);
  }
  if (const auto* ref = trials.references().at(part).formula())
    collect(ref->root(), wrt, &ref->root(), out);
  return out;
}

// M' as written: a name or a call gets the quote, anything else parentheses first.
std::string transposed(const std::string& m) {
  const bool plain = std::all_of(m.begin(), m.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c >= 0x80;
  });
  return plain ? m + "'" : "(" + m + ")'";
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
    case Way::entrywise_transposed:
      if (g.rows() == m.cols() && g.cols() == m.rows())
        return expr::Matrix<T>(g.cwiseProduct(m.transpose()));
      break;
    case Way::scaled:
      if (g.size() == 1) return expr::Matrix<T>(g(0, 0) * m);
      break;
    case Way::sandwich:
      if (g.rows() != g.cols()) break;
      if (m.rows() == g.rows()) return expr::Matrix<T>(m.transpose() * g * m);
      // c*I of the answer's size for the c*I of the inner variable's (2*I for a Hessian of
      // u'*u): c*M'*M.
      if (g.isApprox(g(0, 0) * expr::Matrix<T>::Identity(g.rows(), g.cols()), T(0)))
        return expr::Matrix<T>(g(0, 0) * (m.transpose() * m));
      break;
    case Way::normal:
      if (m.cols() == g.rows()) return expr::Matrix<T>(m.transpose() * (m * g));
      break;
  }
  return std::nullopt;
}

template <typename T>
bool right_with(const expr::Matrix<T>& g, const expr::Matrix<T>& m, Way w,
                const expr::Matrix<T>& expected, double tolerance) {
  const auto v = put_back(g, m, w);
  return v && v->rows() == expected.rows() && v->cols() == expected.cols() &&
         relative_difference(*v, expected) <= tolerance;
}

// Each way in words (`how`, for the whole answer) and as text around a part g of the
// answer (`text`, for a part; none where a way is tried only on the whole): {m} is M, {mt}
// M' as written.
struct WayText {
  Way way;
  const char* how;
  const char* text;
};
constexpr WayText kWayTexts[] = {
    {Way::right, "times {m} from the right", "(({g})*({m}))"},
    {Way::left, "with {m} multiplied from the left", "(({m})*({g}))"},
    {Way::left_transposed, "with {mt} multiplied from the left", "(({m})'*({g}))"},
    {Way::right_transposed, "times {mt} from the right", "(({g})*({m})')"},
    {Way::entrywise, "multiplied entrywise by {m}", "(({g}).*({m}))"},
    {Way::entrywise_transposed, "multiplied entrywise by {mt}", "(({g}).*({m})')"},
    {Way::scaled, "times {m}", nullptr},
    {Way::sandwich, "with {mt} multiplied from the left and {m} from the right", nullptr},
    {Way::normal, "with {mt}*{m} multiplied from the left", "(({m})'*({m})*({g}))"},
};

const WayText& way_text(Way w) {
  for (const WayText& t : kWayTexts)
    if (t.way == w) return t;
  throw InternalError("a chain-rule way without its words");
}

std::string how(const std::string& m, Way w) {
  return fmt::format(fmt::runtime(way_text(w).how), fmt::arg("m", m),
                     fmt::arg("mt", transposed(m)));
}

// `scale` 2: the answer times 2*M is right, the constant of a square's derivative left out
// together with M.
std::string sentence(const Candidate& c, Way w, int scale) {
  const std::string what = c.inner.empty()
                               ? fmt::format("the inner factor {}", c.text)
                               : fmt::format("the derivative of {}, which is {},", c.inner, c.text);
  const std::string m = scale == 1 ? c.text : fmt::format("2*{}", c.text);
  return fmt::format(
      "The chain rule's inner factor is missing: your answer {} is right at every point "
      "checked. The derivative of g(h(x)) is the derivative of g at h(x) multiplied by the "
      "derivative of the inner function h; here {} was left out{}. Work out the shapes: in a "
      "gradient, the inner Jacobian comes back transposed.",
      how(m, w), what, scale == 1 ? "" : ", and a factor 2 with it");
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
    // Each candidate's value in double once: the 50-digit one only where double agrees.
    const std::vector<Candidate> all = candidates(failing_.trials, failing_.part);
    const expr::Bindings<double> bindings = in_double(trial_.bindings);
    std::vector<std::optional<expr::Matrix<double>>> values;
    for (const Candidate& c : all) values.push_back(value_at(c.text, bindings, failing_.limits));
    for (const int scale : {1, 2}) {
      for (std::size_t k = 0; k < all.size(); ++k) {
        const Candidate& c = all[k];
        if (!values[k] || values[k]->size() <= 1) continue;
        const expr::Matrix<double> md = *values[k] * double(scale);
        const std::string text = scale == 1 ? c.text : fmt::format("2*({})", c.text);
        for (const Way w : {Way::left_transposed, Way::right, Way::left, Way::right_transposed,
                            Way::entrywise, Way::scaled, Way::sandwich, Way::normal}) {
          // Cheap first: in double, then in 50 digits, at the failing trial.
          if (!right_with(g, md, w, e, 1e-9)) continue;
          const auto m = value_at(text, trial_.bindings, failing_.limits);
          if (!m || !right_with(failing_.got, *m, w, expected_, failing_.tolerance)) continue;
          if (!evaluated) {
            others = other_trials(failing_);
            evaluated = true;
          }
          if (!others.empty() && everywhere(text, others, w))
            return Diagnosis{spec::DiagnosisKey::chain_rule, sentence(c, w, scale)};
        }
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

// One part of the answer (a term of its sum or an operand inside it) lacks the inner factor:
// the answer with M put back at that part, by rewriting its canonical text, is right.
class ChainInside {
 public:
  ChainInside(const ProblemTrials& trials, std::size_t part, double tolerance,
              const expr::Limits& limits)
      : trials_(trials), part_(part), tolerance_(tolerance), limits_(limits) {}

  std::optional<Diagnosis> run(const std::string& text) {
    text_ = expr::to_formula(expr::parse(text).root());
    const expr::Formula formula = expr::parse(text_);
    std::vector<const Node*> sites;
    for (const auto& a : formula.root().args) collect_sites(*a, sites);
    // Every value in double at the first trial; a rewrite right there is then checked in 50
    // digits at every trial.
    bindings_ = in_double(trials_.trials().front().bindings);
    expected_ = in_double(trials_.trials().front().expected.at(part_));
    const auto& bindings = bindings_;
    std::vector<std::pair<Candidate, expr::Matrix<double>>> factors;
    for (Candidate& c : candidates(trials_, part_)) {
      if (auto m = value_at(c.text, bindings, limits_); m && m->size() > 1)
        factors.emplace_back(std::move(c), std::move(*m));
    }
    // The terms of the root's sum: put back there, M may change a term's shape to the
    // answer's; anywhere else the part must keep its shape, or the rewrite cannot fit. When
    // the answer's own terms do not fit (it does not evaluate), only a term of the wrong
    // shape can be the one that lacks M.
    std::vector<const Node*> terms;
    root_terms(formula.root(), terms);
    const bool fits_whole = value_at(text_, bindings, limits_).has_value();
    std::size_t tried = 0;
    for (const Node* site : sites) {
      const bool term = std::find(terms.begin(), terms.end(), site) != terms.end();
      if (!fits_whole && !term) continue;
      const std::string site_text = text_.substr(site->span.begin, site->span.size());
      const auto value = value_at(site_text, bindings, limits_);
      if (!value) continue;
      if (!fits_whole && value->rows() == expected_.rows() && value->cols() == expected_.cols())
        continue;
      const auto wanted = term ? std::pair(expected_.rows(), expected_.cols())
                               : std::pair(value->rows(), value->cols());
      for (const auto& [c, m] : factors) {
        for (const Way w : {Way::left_transposed, Way::right, Way::left, Way::right_transposed,
                            Way::entrywise, Way::entrywise_transposed, Way::normal}) {
          if (shape_after(*value, m, w) != wanted) continue;
          if (++tried > kMaxRewrites) return {};
          const std::string rewritten = text_.substr(0, site->span.begin) +
                                        wrapped(site_text, c.text, w) +
                                        text_.substr(site->span.end);
          if (right_in_double(rewritten) && right_everywhere(rewritten)) {
            const std::string fixed =
                expr::to_formula(expr::parse(wrapped(site_text, c.text, w)).root());
            return Diagnosis{spec::DiagnosisKey::chain_rule, sentence_inside(site_text, fixed, c)};
          }
        }
      }
    }
    return {};
  }

 private:
  // At most this many rewrites are evaluated, and this many parts looked at.
  static constexpr std::size_t kMaxRewrites = 200;
  static constexpr std::size_t kMaxSites = 40;

  // The parts of the answer a factor of the derivative can be missing from: below the root,
  // through sums, products (both sides), divisions (the dividend), solves (the right side),
  // transposes and linear builtins, never into the argument of a nonlinear function (x in
  // exp.(x) is the inner function's value, not a factor of the derivative). Numbers are left
  // out.
  void collect_sites(const Node& node, std::vector<const Node*>& out) const {
    if (out.size() >= kMaxSites) return;
    if (node.kind != NodeKind::number) out.push_back(&node);
    for (const Node* a : linear_arguments(node)) collect_sites(*a, out);
  }

  static std::vector<const Node*> linear_arguments(const Node& node) {
    using expr::BinaryOp;
    switch (node.kind) {
      case NodeKind::unary:
        return {node.args[0].get()};
      case NodeKind::postfix:
        if (node.postfix_op == expr::PostfixOp::transpose) return {node.args[0].get()};
        return {};
      case NodeKind::binary:
        switch (node.binary_op) {
          case BinaryOp::add:
          case BinaryOp::sub:
          case BinaryOp::mul:
          case BinaryOp::elem_mul:
          case BinaryOp::kron:
            return {node.args[0].get(), node.args[1].get()};
          case BinaryOp::div:
          case BinaryOp::elem_div:
            return {node.args[0].get()};
          case BinaryOp::ldiv:
            return {node.args[1].get()};
          default:
            return {};
        }
      case NodeKind::call:
        if (node.args.size() == 1 &&
            (node.text == "tr" || node.text == "sum" || node.text == "vec" ||
             node.text == "diagm" || node.text == "diag" || node.text == "transpose"))
          return {node.args[0].get()};
        if (node.text == "kron" && node.args.size() == 2)
          return {node.args[0].get(), node.args[1].get()};
        return {};
      default:
        return {};
    }
  }

  // The terms of a sum at the root (through + - and unary signs); the root alone when it is
  // no sum.
  static void root_terms(const Node& node, std::vector<const Node*>& out) {
    const bool sum = (node.kind == NodeKind::binary && (node.binary_op == expr::BinaryOp::add ||
                                                        node.binary_op == expr::BinaryOp::sub)) ||
                     node.kind == NodeKind::unary;
    if (!sum) {
      out.push_back(&node);
      return;
    }
    for (const auto& a : node.args) root_terms(*a, out);
  }

  // The shape of G with M put back the way `w` says (put_back on zeros of their shapes);
  // nothing when they do not fit.
  static std::optional<std::pair<Eigen::Index, Eigen::Index>> shape_after(
      const expr::Matrix<double>& g, const expr::Matrix<double>& m, Way w) {
    using M = expr::Matrix<double>;
    const auto v = put_back(M(M::Zero(g.rows(), g.cols())), M(M::Zero(m.rows(), m.cols())), w);
    if (!v) return std::nullopt;
    return std::pair(v->rows(), v->cols());
  }

  static std::string wrapped(const std::string& g, const std::string& m, Way w) {
    const char* text = way_text(w).text;
    if (text == nullptr) throw InternalError("a chain-rule way tried on a part has no text");
    return fmt::format(fmt::runtime(text), fmt::arg("g", g), fmt::arg("m", m));
  }

  bool right_in_double(const std::string& rewritten) const {
    const auto v = value_at(rewritten, bindings_, limits_);
    return v && v->rows() == expected_.rows() && v->cols() == expected_.cols() &&
           relative_difference(*v, expected_) <= 1e-8;
  }

  // Right at the first trial, then at every other, in 50 digits.
  bool right_everywhere(const std::string& rewritten) const {
    try {
      const expr::Formula f = expr::parse(rewritten);
      for (const Trial& t : trials_.trials()) {
        const HighMatrix v = expr::evaluate(f, t.bindings, limits_);
        const HighMatrix& e = t.expected.at(part_);
        if (v.rows() != e.rows() || v.cols() != e.cols() || relative_difference(v, e) > tolerance_)
          return false;
      }
      return true;
    } catch (const expr::FormulaError&) {
      return false;
    }
  }

  static std::string sentence_inside(const std::string& site, const std::string& fixed,
                                     const Candidate& c) {
    const std::string what =
        c.inner.empty() ? fmt::format("the inner factor {}", c.text)
                        : fmt::format("the derivative of {}, which is {},", c.inner, c.text);
    return fmt::format(
        "The chain rule's inner factor is missing in part of your answer: with {} in place of "
        "{}, your answer is right at every point checked. The derivative of g(h(x)) is the "
        "derivative of g at h(x) multiplied by the derivative of the inner function h; there {} "
        "was left out.",
        fixed, site, what);
  }

  const ProblemTrials& trials_;
  std::size_t part_;
  double tolerance_;
  expr::Limits limits_;
  std::string text_;
  expr::Bindings<double> bindings_;
  expr::Matrix<double> expected_;
};

}  // namespace

std::optional<Diagnosis> diagnose_chain_rule_inside(const ProblemTrials& trials, std::size_t part,
                                                    const std::string& text, double tolerance,
                                                    const expr::Limits& limits) {
  if (trials.trials().empty()) return std::nullopt;
  try {
    return ChainInside(trials, part, tolerance, limits).run(text);
  } catch (const expr::FormulaError&) {
    return std::nullopt;  // the answer, F or a let not parsed here: no evidence
  }
}

std::optional<Diagnosis> diagnose_chain_rule(const FailingAnswer& failing) {
  try {
    return ChainRule(failing).run();
  } catch (const expr::FormulaError&) {
    return std::nullopt;  // F, a let or the reference not parsed here: no evidence
  }
}

}  // namespace grader::check
