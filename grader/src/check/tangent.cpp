#include "grader/check/tangent.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "grader/spec/property.hpp"

namespace grader::check {
namespace {

using expr::High;
using expr::HighMatrix;

bool has_structure(const spec::Variable& v, spec::Structure structure) {
  return std::any_of(v.properties.begin(), v.properties.end(),
                     [&](spec::Property p) { return spec::row(p).structure == structure; });
}

High frobenius(const HighMatrix& m) {
  return sqrt(High(m.array().square().sum()));
}

// What the variable's tangent space is called, and how a gradient G is moved into it, in the
// variable's own name: {"tangent to the unit sphere at x", "project it with (I - x*x')*G"}.
std::pair<std::string, std::string> tangent_words(const spec::Variable& v) {
  const std::string& x = v.name;
  if (has_structure(v, spec::Structure::unit)) {
    return {fmt::format("tangent to the unit sphere at {}", x),
            fmt::format("project it with (I - {0}*{0}')*G, which removes its part along {0}", x)};
  }
  if (has_structure(v, spec::Structure::orthogonal)) {
    return {fmt::format("in the tangent space of the orthogonal matrices at {0} (the matrices "
                        "{0}*K with K skew-symmetric)",
                        x),
            fmt::format("project it with {0}*({0}'*G - G'*{0})/2", x)};
  }
  std::vector<std::string> what;
  std::vector<std::string> how;
  if (has_structure(v, spec::Structure::symmetric)) {
    what.emplace_back("symmetric");
    how.emplace_back("take its symmetric part (G + G')/2");
  }
  if (has_structure(v, spec::Structure::skew)) {
    what.emplace_back("skew-symmetric");
    how.emplace_back("take its skew-symmetric part (G - G')/2");
  }
  for (const spec::Property p : v.properties) {
    switch (spec::row(p).zeros) {
      case spec::Zeros::off_diagonal:
        what.emplace_back("diagonal");
        how.emplace_back("set its entries off the diagonal to 0");
        break;
      case spec::Zeros::below_diagonal:
        what.emplace_back("upper-triangular");
        how.emplace_back("set its entries below the diagonal to 0");
        break;
      case spec::Zeros::above_diagonal:
        what.emplace_back("lower-triangular");
        how.emplace_back("set its entries above the diagonal to 0");
        break;
      case spec::Zeros::none:
        break;
    }
  }
  std::string what_text;
  std::string how_text;
  for (std::size_t k = 0; k < what.size(); ++k) {
    what_text += (k == 0 ? "" : " and ") + what[k];
    how_text += (k == 0 ? "" : ", and ") + how[k];
  }
  return {fmt::format("{0}, but {1} is, and the problem asks for a gradient that is {0} too",
                      what_text, x),
          how_text};
}

}  // namespace

HighMatrix tangent_part(const spec::Variable& variable, const HighMatrix& x, const HighMatrix& g) {
  HighMatrix p = g;
  if (has_structure(variable, spec::Structure::orthogonal)) {
    const HighMatrix a = x.transpose() * p;
    const HighMatrix k = (a - a.transpose()) / High(2);
    p = x * k;
  }
  if (has_structure(variable, spec::Structure::symmetric)) {
    const HighMatrix s = (p + p.transpose()) / High(2);
    p = s;
  }
  if (has_structure(variable, spec::Structure::skew)) {
    const HighMatrix s = (p - p.transpose()) / High(2);
    p = s;
  }
  for (const spec::Property property : variable.properties) {
    const spec::Zeros zeros = spec::row(property).zeros;
    for (Eigen::Index j = 0; j < p.cols(); ++j) {
      for (Eigen::Index i = 0; i < p.rows(); ++i) {
        if (spec::zero_at(zeros, i, j)) p(i, j) = 0;
      }
    }
  }
  if (has_structure(variable, spec::Structure::unit)) {
    const High along = x.cwiseProduct(p).sum();
    const HighMatrix t = p - along * x;
    p = t;
  }
  return p;
}

std::optional<NotTangent> find_not_tangent(const spec::Variable& variable, const HighMatrix& x,
                                           const HighMatrix& got, const HighMatrix& expected,
                                           double rtol) {
  if (got.rows() != x.rows() || got.cols() != x.cols()) return std::nullopt;
  const High normal = frobenius(got - tangent_part(variable, x, got));
  if (normal == 0) return std::nullopt;
  const High scale = std::max({frobenius(got), frobenius(expected), High("1e-60")});
  const double relative = (normal / scale).convert_to<double>();
  if (relative <= rtol) return std::nullopt;
  const auto [what, how] = tangent_words(variable);
  return NotTangent{relative, fmt::format("your gradient is not {}: {}", what, how)};
}

}  // namespace grader::check
