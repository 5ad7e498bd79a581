#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "grader/check/compare.hpp"
#include "grader/check/diagnose_matrix.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using expr::Node;
using expr::NodeKind;
using Key = spec::DiagnosisKey;

constexpr std::size_t kMaxKrons = 3;
constexpr std::size_t kMaxTrials = 4;  // the failing one and up to three others

bool is_kron(const Node& n) {
  return (n.kind == NodeKind::call && n.text == "kron" && n.args.size() == 2) ||
         (n.kind == NodeKind::binary && n.binary_op == expr::BinaryOp::kron);
}

void collect_krons(const Node& n, std::vector<const Node*>& out) {
  if (out.size() >= kMaxKrons) return;
  if (is_kron(n)) out.push_back(&n);
  for (const auto& a : n.args) collect_krons(*a, out);
}

// An identity factor is its own transpose: transposing it changes nothing.
bool is_identity(const Node& n) {
  return (n.kind == NodeKind::name && n.text == "I") || (n.kind == NodeKind::call && n.text == "I");
}

struct KronVariant {
  std::string text;  // the whole answer rewritten
  bool swapped = false;
  int transposed = 0;    // 0: none; 1, 2: that factor of the call as written
  bool removed = false;  // the transpose was removed (P' -> P)
};

// The factor as written, transposed, or with its outer transpose removed.
std::string flipped(const expr::Formula& f, const Node& n, bool& removed) {
  removed = n.kind == NodeKind::postfix && n.postfix_op == expr::PostfixOp::transpose;
  if (removed) return "(" + std::string(f.source().slice(n.args[0]->span)) + ")";
  return "(" + std::string(f.source().slice(n.span)) + ")'";
}

// Swapped; factor 1, factor 2 transposed; swapped with factor 1, factor 2 transposed.
std::vector<KronVariant> variants(const expr::Formula& f, const Node& kron) {
  const std::string& text = f.source().text();
  const auto whole = [&](const std::string& first, const std::string& second) {
    return text.substr(0, kron.span.begin) + "kron(" + first + ", " + second + ")" +
           text.substr(kron.span.end);
  };
  const Node& p = *kron.args[0];
  const Node& q = *kron.args[1];
  const std::string ps = "(" + std::string(f.source().slice(p.span)) + ")";
  const std::string qs = "(" + std::string(f.source().slice(q.span)) + ")";
  bool p_removed = false, q_removed = false;
  const std::string pt = flipped(f, p, p_removed);
  const std::string qt = flipped(f, q, q_removed);
  std::vector<KronVariant> out;
  if (ps != qs) out.push_back({whole(qs, ps), true});
  if (!is_identity(p)) out.push_back({whole(pt, qs), false, 1, p_removed});
  if (!is_identity(q)) out.push_back({whole(ps, qt), false, 2, q_removed});
  if (ps != qs && !is_identity(p)) out.push_back({whole(qs, pt), true, 1, p_removed});
  if (ps != qs && !is_identity(q)) out.push_back({whole(qt, ps), true, 2, q_removed});
  return out;
}

// The variant is right at the failing trial, then at the others (up to kMaxTrials in all).
bool right_everywhere(const FailingAnswer& failing, const std::string& text) {
  const expr::Formula rewritten = expr::parse(text, "formula", failing.limits);
  const auto& trials = failing.trials.trials();
  const auto k = static_cast<std::size_t>(failing.trial);
  const auto right_at = [&](const Trial& t) {
    return relative_difference(expr::evaluate(rewritten, t.bindings, failing.limits),
                               t.expected.at(failing.part)) <= failing.tolerance;
  };
  if (!right_at(trials.at(k))) return false;
  std::size_t checked = 1;
  for (std::size_t j = 0; j < trials.size() && checked < kMaxTrials; ++j) {
    if (j == k) continue;
    if (!right_at(trials[j])) return false;
    ++checked;
  }
  return true;
}

Diagnosis sentence(const expr::Formula& f, const Node& kron, const KronVariant& v) {
  const std::string call(f.source().slice(kron.span));
  const std::string factor =
      v.transposed == 0 ? "" : std::string(f.source().slice(kron.args[v.transposed - 1]->span));
  const std::string change = v.transposed == 0 ? ""
                             : v.removed       ? fmt::format("remove the transpose of {}", factor)
                                               : fmt::format("transpose {}", factor);
  const std::string rule =
      "The Kronecker product does not commute: vec(P*Y*Q) = kron(Q', P)*vec(Y), so the factor "
      "that multiplies from the right comes first, transposed.";
  if (!v.swapped) {
    return {
        Key::transposed_factor,
        fmt::format("In {}, {}: with that change your answer is right. {}", call, change, rule)};
  }
  if (v.transposed == 0) {
    return {Key::kron_order,
            fmt::format("Swap the factors of {}: with them swapped your answer is right. {}", call,
                        rule)};
  }
  return {Key::kron_order, fmt::format("Two changes make {} right: swap its factors, and {}. {}",
                                       call, change, rule)};
}

// Every Kronecker product's factors swapped at once (kron(A, I)*kron(I, B') for kron(B', A):
// vec(A*X*B) built from vec(A*X) and vec(X*B) with both in the wrong order); nothing when
// there are fewer than two, or one is inside another.
std::optional<std::string> all_swapped(const expr::Formula& f,
                                       const std::vector<const Node*>& krons) {
  if (krons.size() < 2) return std::nullopt;
  std::vector<const Node*> sorted = krons;
  std::sort(sorted.begin(), sorted.end(),
            [](const Node* a, const Node* b) { return a->span.begin < b->span.begin; });
  for (std::size_t k = 1; k < sorted.size(); ++k) {
    if (sorted[k]->span.begin < sorted[k - 1]->span.end) return std::nullopt;  // nested
  }
  std::string text = f.source().text();
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
    const Node& kron = **it;
    const std::string p(f.source().slice(kron.args[0]->span));
    const std::string q(f.source().slice(kron.args[1]->span));
    text = text.substr(0, kron.span.begin) + "kron((" + q + "), (" + p + "))" +
           text.substr(kron.span.end);
  }
  return text;
}

}  // namespace

std::optional<Diagnosis> diagnose_kron(const FailingAnswer& failing) {
  const expr::Formula& answer = failing.parts.at(failing.part).second;
  std::vector<const Node*> krons;
  collect_krons(answer.root(), krons);
  for (const Node* kron : krons) {
    for (const KronVariant& v : variants(answer, *kron)) {
      try {
        if (right_everywhere(failing, v.text)) return sentence(answer, *kron, v);
      } catch (const expr::FormulaError&) {
        // A rewrite of the wrong shape, or undefined here: not this one.
      }
    }
  }
  try {
    if (const auto text = all_swapped(answer, krons); text && right_everywhere(failing, *text)) {
      return Diagnosis{
          Key::kron_order,
          "Swap the factors of every Kronecker product: with each of them swapped your answer is "
          "right. The Kronecker product does not commute: vec(P*Y*Q) = kron(Q', P)*vec(Y), so "
          "the factor that multiplies from the right comes first, transposed."};
    }
  } catch (const expr::FormulaError&) {
    // Of the wrong shape, or undefined here: no evidence.
  }
  return std::nullopt;
}

}  // namespace grader::check
