#include "grader/expr/shape.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace grader::expr {

namespace {
long checked_add(long a, long b) {
  long out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw DimOverflow();
  return out;
}
long checked_mul(long a, long b) {
  long out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw DimOverflow();
  return out;
}
}  // namespace

Dim Dim::constant(long value) {
  Dim d;
  if (value != 0) d.terms_[{}] = value;
  return d;
}

Dim Dim::symbol(const std::string& name) {
  Dim d;
  d.terms_[{name}] = 1;
  return d;
}

bool Dim::is_constant() const {
  return terms_.empty() || (terms_.size() == 1 && terms_.begin()->first.empty());
}

std::optional<long> Dim::constant_value() const {
  if (terms_.empty()) return 0;
  if (terms_.size() == 1 && terms_.begin()->first.empty()) return terms_.begin()->second;
  return std::nullopt;
}

Dim Dim::substitute(const std::map<std::string, long, std::less<>>& values) const {
  Dim out;
  for (const auto& [monomial, coefficient] : terms_) {
    Dim term = Dim::constant(coefficient);
    for (const auto& name : monomial) {
      const auto it = values.find(name);
      term = term * (it == values.end() ? Dim::symbol(name) : Dim::constant(it->second));
    }
    out = out + term;
  }
  return out;
}

Dim operator+(const Dim& a, const Dim& b) {
  Dim out = a;
  for (const auto& [monomial, coefficient] : b.terms_) {
    long& slot = out.terms_[monomial];
    const long sum = slot = checked_add(slot, coefficient);
    if (sum == 0) out.terms_.erase(monomial);
  }
  return out;
}

Dim operator-(const Dim& a, const Dim& b) {
  return a + Dim::constant(-1) * b;
}

Dim operator*(const Dim& a, const Dim& b) {
  Dim out;
  for (const auto& [ma, ca] : a.terms_) {
    for (const auto& [mb, cb] : b.terms_) {
      std::vector<std::string> monomial = ma;
      monomial.insert(monomial.end(), mb.begin(), mb.end());
      std::sort(monomial.begin(), monomial.end());
      long& slot = out.terms_[monomial];
      const long sum = slot = checked_add(slot, checked_mul(ca, cb));
      if (sum == 0) out.terms_.erase(monomial);
    }
  }
  return out;
}

namespace {

// The terms of a polynomial, highest degree first (n*m+n+1), as both renderings write them.
template <class Terms>
std::vector<std::pair<std::vector<std::string>, long>> highest_degree_first(const Terms& terms) {
  std::vector<std::pair<std::vector<std::string>, long>> ordered(terms.begin(), terms.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& x, const auto& y) { return x.first.size() > y.first.size(); });
  return ordered;
}

}  // namespace

std::string Dim::to_string() const {
  if (terms_.empty()) return "0";
  std::string out;
  for (const auto& [monomial, coefficient] : highest_degree_first(terms_)) {
    const long magnitude = coefficient < 0 ? -coefficient : coefficient;
    if (out.empty()) {
      if (coefficient < 0) out += "-";
    } else {
      out += coefficient < 0 ? "-" : "+";
    }
    std::string names;
    for (const auto& name : monomial) names += (names.empty() ? "" : "*") + name;
    if (monomial.empty()) {
      out += std::to_string(magnitude);
    } else if (magnitude == 1) {
      out += names;
    } else {
      out += std::to_string(magnitude) + names;
    }
  }
  return out;
}

std::string Dim::to_formula() const {
  if (terms_.empty()) return "0";
  std::string out;
  for (const auto& [monomial, coefficient] : highest_degree_first(terms_)) {
    const long magnitude = coefficient < 0 ? -coefficient : coefficient;
    out += out.empty() ? (coefficient < 0 ? "-" : "") : (coefficient < 0 ? " - " : " + ");
    std::string term = monomial.empty() || magnitude != 1 ? std::to_string(magnitude) : "";
    for (const auto& name : monomial) term += (term.empty() ? "" : "*") + name;
    out += term;
  }
  return out;
}

std::optional<Dim> Dim::divided_by(const Dim& divisor) const {
  if (divisor.terms_.size() != 1) return std::nullopt;
  const auto& [d_monomial, d_coefficient] = *divisor.terms_.begin();
  Dim out;
  for (const auto& [monomial, coefficient] : terms_) {
    if (coefficient % d_coefficient != 0) return std::nullopt;
    // Remove each name of the divisor's monomial once (both are sorted).
    std::vector<std::string> rest;
    std::size_t k = 0;
    for (const auto& name : monomial) {
      if (k < d_monomial.size() && d_monomial[k] == name) {
        ++k;
      } else {
        rest.push_back(name);
      }
    }
    if (k != d_monomial.size()) return std::nullopt;
    out.terms_[rest] = coefficient / d_coefficient;
  }
  return out;
}

bool Dim::is_atom() const {
  return terms_.size() <= 1 && (terms_.empty() || terms_.begin()->first.size() <= 1);
}

std::string Shape::to_string() const {
  if (unsized_identity) return "I (of a size not yet known)";
  auto dim = [](const Dim& d) { return d.is_atom() ? d.to_string() : "(" + d.to_string() + ")"; };
  return dim(rows) + "×" + dim(cols);
}

}  // namespace grader::expr
