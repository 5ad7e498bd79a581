#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "diagnose_rules.hpp"
#include "grader/check/compare.hpp"
#include "grader/expr/diagnostic.hpp"

namespace grader::check {

namespace {

using expr::High;
using expr::Node;
using expr::NodeKind;

// At most this many candidate factors are evaluated (each once, at the failing trial).
constexpr std::size_t kMaxCandidates = 40;

struct Candidate {
  std::string text;        // canonical (expr::to_formula), as the sentence names it
  bool divisor = false;    // it divides somewhere in F, a let or the reference
  bool dimension = false;  // a dimension of the problem (n), which varies between points
};

void add(std::vector<Candidate>& out, std::string text, bool divisor, bool dimension = false) {
  const auto same_text = [&](const Candidate& c) { return c.text == text; };
  if (auto it = std::find_if(out.begin(), out.end(), same_text); it != out.end()) {
    it->divisor = it->divisor || divisor;
  } else if (out.size() < kMaxCandidates) {
    out.push_back({std::move(text), divisor, dimension});
  }
}

// A constant a factor may come with (2*norm(r) where norm(r) is in F): small and exact, so
// that the sentence names it as a student would write it. 1 for the roots, tried only here.
struct Constant {
  int num, den;
};
constexpr Constant kConstants[] = {{1, 1}, {2, 1}, {1, 2},  {3, 1},  {1, 3},
                                   {4, 1}, {1, 4}, {-1, 1}, {-2, 1}, {-1, 2}};

// Every subexpression of `node` but numbers (and `skip`, the reference's whole formula),
// outermost first.
void collect(const Node& node, bool divisor, const Node* skip, std::vector<Candidate>& out) {
  if (&node != skip && node.kind != NodeKind::number && node.kind != NodeKind::colon)
    add(out, expr::to_formula(node), divisor);
  // log det Y is log(det(Y)): the det its derivative divides by.
  if (node.kind == NodeKind::call && node.text == "logdet" && node.args.size() == 1)
    add(out, "det(" + expr::to_formula(*node.args[0]) + ")", true);
  for (std::size_t k = 0; k < node.args.size(); ++k) {
    const bool divides =
        node.kind == NodeKind::binary && k == 1 &&
        (node.binary_op == expr::BinaryOp::div || node.binary_op == expr::BinaryOp::elem_div);
    collect(*node.args[k], divides, skip, out);
  }
}

// The candidates: the scalar variables and the lets by name, subexpressions of F, the lets
// and the requirements, then those of the reference, since a factor of F is what a student
// can see in the problem.
std::vector<Candidate> candidates(const FailingAnswer& failing) {
  const spec::Problem& p = failing.trials.problem();
  std::vector<Candidate> out;
  // The scalar variables and lets by name first: a factor T or x0 may be written nowhere
  // as a subexpression of its own (a C++ function, or deep in a long F).
  for (const auto& v : p.variables) {
    if (v.shape.empty()) add(out, v.name, false);
  }
  for (const auto& [name, text] : p.lets) add(out, name, false);
  for (const auto& d : p.dims) {
    if (d.lo != d.hi) add(out, d.name, false, true);
  }
  if (p.function) collect(spec::parse_formula(*p.function).root(), false, nullptr, out);
  for (const auto& [name, text] : p.lets)
    collect(spec::parse_formula(text).root(), false, nullptr, out);
  // What must be positive at every point (det(X)) is what a derivative may divide by.
  for (const auto& r : p.require) collect(spec::parse_formula(r).root(), true, nullptr, out);
  if (const auto* ref = failing.trials.references().at(failing.part).formula())
    collect(ref->root(), false, &ref->root(), out);
  return out;
}

// Whether `text` is a name or one call (det(A)), which needs no parentheses as a factor.
bool atom(const std::string& text) {
  std::size_t k = 0;
  while (k < text.size() && (std::isalnum(static_cast<unsigned char>(text[k])) || text[k] == '_'))
    ++k;
  if (k == text.size()) return true;
  if (k == 0 || text[k] != '(' || text.back() != ')') return false;
  int depth = 0;
  for (std::size_t j = k; j + 1 < text.size(); ++j) {
    depth += text[j] == '(' ? 1 : text[j] == ')' ? -1 : 0;
    if (depth == 0) return false;  // the call's parenthesis closes before the end
  }
  return true;
}

// "det(A)^2", "(x'*x)^2".
std::string squared(const std::string& text) {
  return atom(text) ? text + "^2" : "(" + text + ")^2";
}

// "2*norm(r)", "(x'*x)/2", "-det(A)", "-n/2".
std::string times(const Constant& c, const std::string& text) {
  const std::string f = atom(text) ? text : "(" + text + ")";
  const std::string sign = c.num < 0 ? "-" : "";
  const int num = c.num < 0 ? -c.num : c.num;
  if (c.den == 1) return num == 1 ? sign + f : fmt::format("{}{}*{}", sign, num, f);
  return num == 1 ? fmt::format("{}{}/{}", sign, f, c.den)
                  : fmt::format("{}{}*{}/{}", sign, num, f, c.den);
}

bool same(const HighMatrix& a, const HighMatrix& b, double tolerance) {
  return relative_difference(a, b) <= tolerance;
}

// Whether answer * s == reference (`missing`), else answer == reference * s.
bool holds(const HighMatrix& answer, const HighMatrix& reference, const High& s, bool missing,
           double tolerance) {
  return missing ? same(HighMatrix(answer * s), reference, tolerance)
                 : same(answer, HighMatrix(reference * s), tolerance);
}

std::string sentence(const Candidate& c, bool missing) {
  const char* kWhy =
      c.dimension
          ? " The dimension appears in a derivative only through a trace or a sum over entries "
            "(tr(I) = n): check where one was taken, or dropped."
          : " A factor that depends on the point stays in the derivative: the product rule keeps "
            "every factor it does not differentiate, and the chain rule the outer derivative at "
            "the point.";
  if (c.divisor) {
    return missing ? fmt::format(
                         "An extra division by {0}: your answer times {0} is right at "
                         "every point checked.{1}",
                         c.text, kWhy)
                   : fmt::format(
                         "The division by {0} is missing: your answer divided by {0} is "
                         "right at every point checked.{1}",
                         c.text, kWhy);
  }
  return missing ? fmt::format(
                       "A factor {0} is missing: your answer times {0} is right at "
                       "every point checked.{1}",
                       c.text, kWhy)
                 : fmt::format(
                       "An extra factor {0}: your answer divided by {0} is right at "
                       "every point checked.{1}",
                       c.text, kWhy);
}

class ScalarFactor {
 public:
  explicit ScalarFactor(const FailingAnswer& f)
      : failing_(f),
        trial_(f.trials.trials().at(static_cast<std::size_t>(f.trial))),
        expected_(trial_.expected.at(f.part)) {}

  std::optional<Diagnosis> run() const {
    // Cheap first: at the failing trial the answer must be a multiple of the reference,
    // neither of them zero; else no scalar can make it right.
    const High ee = (expected_.array() * expected_.array()).sum();
    const High ge = (failing_.got.array() * expected_.array()).sum();
    if (ee == 0 || ge == 0 || failing_.got.rows() != expected_.rows() ||
        failing_.got.cols() != expected_.cols())
      return {};
    if (!same(failing_.got, HighMatrix(expected_ * (ge / ee)), failing_.tolerance)) return {};
    const auto others = varying_others();
    if (!others) return {};
    // What holds at the failing trial, the natural readings first: a missing factor of
    // what multiplies, a missing division by what divides.
    std::vector<std::pair<Candidate, bool>> natural, other;
    std::vector<std::pair<Candidate, High>> values;
    for (const Candidate& c : candidates(failing_)) {
      const auto s = scalar_at(c.text, trial_.bindings);
      if (!s || abs(*s) == 0) continue;
      values.emplace_back(c, *s);
      for (const bool missing : {true, false}) {
        if (holds(failing_.got, expected_, *s, missing, failing_.tolerance))
          (missing != c.divisor ? natural : other).emplace_back(c, missing);
        else if (holds(failing_.got, expected_, *s * *s, missing, failing_.tolerance))
          other.emplace_back(Candidate{squared(c.text), c.divisor, c.dimension}, missing);
      }
      // The root of a positive one, norm(r) for r'*r, is tried with a constant below.
      if (*s > 0 && !c.dimension)
        values.emplace_back(Candidate{"sqrt(" + c.text + ")", c.divisor}, sqrt(*s));
    }
    natural.insert(natural.end(), other.begin(), other.end());
    for (const auto& [c, missing] : natural) {
      if (everywhere(c.text, *others, missing))
        return Diagnosis{spec::DiagnosisKey::scalar_factor, sentence(c, missing)};
    }
    // Then with a small constant (2*norm(r)): the answer is r times the reference, so the
    // constant is 1/(r s) for a missing factor s and r/s for an extra one.
    const High r = ge / ee;
    for (const auto& [c, s] : values) {
      for (const bool missing : {true, false}) {
        const High k = missing ? 1 / (r * s) : r / s;
        for (const Constant& q : kConstants) {
          const High want = High(q.num) / q.den;
          if (abs(k - want) > abs(want) * High("1e-9")) continue;
          const Candidate scaled{times(q, c.text), c.divisor, c.dimension};
          if (holds(failing_.got, expected_, s * want, missing, failing_.tolerance) &&
              everywhere(scaled.text, *others, missing))
            return Diagnosis{spec::DiagnosisKey::scalar_factor, sentence(scaled, missing)};
        }
      }
    }
    return {};
  }

 private:
  // The answer at every other trial; nothing when it is the same at all of them (a constant
  // answer, which any varying factor the reference has would "explain").
  std::optional<std::vector<OtherTrial>> varying_others() const {
    std::vector<OtherTrial> out = other_trials(failing_);
    const bool varies = std::any_of(out.begin(), out.end(), [&](const OtherTrial& o) {
      return !same(o.answer, failing_.got, failing_.tolerance);
    });
    if (out.empty() || !varies) return std::nullopt;
    return out;
  }

  std::optional<High> scalar_at(const std::string& text, const HighBindings& b) const {
    const auto v = value_at(text, b, failing_.limits);
    if (v && v->rows() == 1 && v->cols() == 1) return (*v)(0, 0);
    return std::nullopt;
  }

  bool everywhere(const std::string& text, const std::vector<OtherTrial>& others,
                  bool missing) const {
    for (const OtherTrial& o : others) {
      const auto s = scalar_at(text, o.trial->bindings);
      if (!s ||
          !holds(o.answer, o.trial->expected.at(failing_.part), *s, missing, failing_.tolerance))
        return false;
    }
    return true;
  }

  const FailingAnswer& failing_;
  const Trial& trial_;
  const HighMatrix& expected_;
};

}  // namespace

std::optional<Diagnosis> diagnose_scalar_factor(const FailingAnswer& failing) {
  try {
    return ScalarFactor(failing).run();
  } catch (const expr::FormulaError&) {
    return std::nullopt;  // F, a let or the reference not parsed here: no evidence
  }
}

}  // namespace grader::check
