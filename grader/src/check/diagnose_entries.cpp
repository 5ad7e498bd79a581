#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "grader/check/diagnose_matrix.hpp"
#include "grader/expr/diagnostic.hpp"
#include "grader/sample/sampler.hpp"
#include "grader/spec/problem.hpp"

namespace grader::check {

namespace {

using expr::High;
using Key = spec::DiagnosisKey;
using Index = Eigen::Index;

constexpr std::size_t kMaxTrials = 4;  // the failing one and up to three others

// The answer and the reference at one trial; `scale`: how far apart two entries may be and
// still be equal (the tolerance, relative to the whole reference matrix, as the checker's).
struct Pair {
  HighMatrix got;
  HighMatrix expected;
  High scale;
};

// A restricted variable's gradient or Jacobian is compared through its allowed directions
// (checker.cpp): its entries mean nothing one by one.
bool compared_entrywise(const FailingAnswer& f) {
  const spec::Problem& p = f.trials.problem();
  return !compared_through_directions(p, part_variables(p, f.parts.at(f.part).first));
}

Pair make_pair(const HighMatrix& got, const HighMatrix& expected, double tolerance) {
  return {got, expected, sqrt(High(expected.array().square().sum())) * High(tolerance)};
}

// The failing trial, then up to kMaxTrials - 1 others where the answer evaluates.
std::vector<Pair> pairs(const FailingAnswer& f) {
  const auto& trials = f.trials.trials();
  const auto k = static_cast<std::size_t>(f.trial);
  std::vector<Pair> out = {make_pair(f.got, trials.at(k).expected.at(f.part), f.tolerance)};
  const expr::Formula& answer = f.parts.at(f.part).second;
  for (std::size_t j = 0; j < trials.size() && out.size() < kMaxTrials; ++j) {
    if (j == k) continue;
    try {
      const HighMatrix got = expr::evaluate(answer, trials[j].bindings, f.limits);
      const HighMatrix& expected = trials[j].expected.at(f.part);
      if (got.rows() != expected.rows() || got.cols() != expected.cols()) return {};
      out.push_back(make_pair(got, expected, f.tolerance));
    } catch (const expr::FormulaError&) {
      // Undefined at this trial: it is not compared.
    }
  }
  return out;
}

struct Entry {
  Index i = 0;
  Index j = 0;
  bool operator<(const Entry& o) const { return i != o.i ? i < o.i : j < o.j; }
};

// The entries wrong at some trial.
std::set<Entry> wrong_entries(const std::vector<Pair>& ps) {
  std::set<Entry> out;
  for (const Pair& p : ps) {
    for (Index j = 0; j < p.got.cols(); ++j) {
      for (Index i = 0; i < p.got.rows(); ++i) {
        if (abs(p.got(i, j) - p.expected(i, j)) > p.scale) out.insert({i, j});
      }
    }
  }
  return out;
}

// A block (an entry, a row or a column) of the answer against the reference's: `fits` when
// it is a multiple c of it at every trial, `constant` when c is the same at all of them.
struct Multiple {
  bool fits = false;
  bool constant = false;
  High c;
};

template <class Block>
Multiple multiple(const std::vector<Pair>& ps, Block block) {
  Multiple m{true, true, High(0)};
  High best(0);
  std::vector<High> cs;
  for (const Pair& p : ps) {
    const HighMatrix g = block(p.got);
    const HighMatrix e = block(p.expected);
    const High ee = e.array().square().sum();
    if (ee == 0) {
      m.fits = m.fits && g.cwiseAbs().maxCoeff() <= p.scale;
      cs.push_back(High(0));
      continue;
    }
    const High c = (g.array() * e.array()).sum() / ee;
    m.fits = m.fits && (g - e * c).cwiseAbs().maxCoeff() <= p.scale;
    cs.push_back(c);
    if (ee > best) best = ee, m.c = c;
  }
  for (std::size_t k = 0; k < ps.size(); ++k) {
    const HighMatrix d = block(ps[k].got) - block(ps[k].expected) * m.c;
    m.constant = m.constant && d.cwiseAbs().maxCoeff() <= ps[k].scale;
  }
  m.constant = m.constant && m.fits;
  return m;
}

// ", and it is 2 times what it should be" (the multiple, when there is one).
std::string how(const Multiple& m, const std::string& it) {
  if (!m.fits) return "";
  if (!m.constant) {
    return fmt::format(
        ", and at each point {} is a multiple of what it should be, but a different "
        "multiple at each point: a factor that depends on the point is missing or extra",
        it);
  }
  const double c = m.c.convert_to<double>();
  if (std::abs(c) < 1e-12) return fmt::format(", and {} is zero where it should not be", it);
  if (std::abs(c + 1) < 1e-12) return fmt::format(", and {} has the wrong sign", it);
  for (int q = 1; q <= 12; ++q) {
    const double p = std::round(c * q);
    if (p != 0 && std::abs(p) <= 12 && std::abs(c - p / q) < 1e-12 * std::abs(c)) {
      return fmt::format(", and {} is {} times what it should be", it,
                         q == 1 ? fmt::format("{}", p) : fmt::format("{}/{}", p, q));
    }
  }
  return fmt::format(", and {} is {:.6g} times what it should be", it, c);
}

std::string entry_name(const HighMatrix& m, const Entry& e) {
  if (m.cols() == 1) return fmt::format("entry {}", e.i + 1);
  if (m.rows() == 1) return fmt::format("entry {}", e.j + 1);
  return fmt::format("entry ({}, {})", e.i + 1, e.j + 1);
}

}  // namespace

namespace {

// The rows (or columns, `rows` false) the wrong entries are in.
std::set<Index> lines_of(const std::set<Entry>& wrong, bool rows) {
  std::set<Index> out;
  for (const Entry& e : wrong) out.insert(rows ? e.i : e.j);
  return out;
}

// Lines a and b of the answer are those b and a of the reference at every trial.
bool swapped(const std::vector<Pair>& ps, bool rows, Index a, Index b) {
  for (const Pair& p : ps) {
    const HighMatrix g = rows ? HighMatrix(p.got) : HighMatrix(p.got.transpose());
    const HighMatrix e = rows ? HighMatrix(p.expected) : HighMatrix(p.expected.transpose());
    if ((g.row(a) - e.row(b)).cwiseAbs().maxCoeff() > p.scale ||
        (g.row(b) - e.row(a)).cwiseAbs().maxCoeff() > p.scale)
      return false;
  }
  return true;
}

std::optional<Diagnosis> one_entry(const std::vector<Pair>& ps, const Entry& e) {
  const Multiple m =
      multiple(ps, [&](const HighMatrix& x) { return HighMatrix::Constant(1, 1, x(e.i, e.j)); });
  const std::string name = entry_name(ps[0].got, e);
  return Diagnosis{Key::wrong_entry,
                   fmt::format("{} of your answer is wrong{}; every other entry is right at "
                               "every point checked. Recompute that one entry.",
                               name, how(m, "it"))};
}

std::optional<Diagnosis> swapped_lines(const std::vector<Pair>& ps, bool rows,
                                       const std::set<Index>& lines) {
  const Index a = *lines.begin();
  const Index b = *lines.rbegin();
  if (!swapped(ps, rows, a, b)) return {};
  const HighMatrix& g = ps[0].got;
  const bool vector = g.cols() == 1 || g.rows() == 1;
  const std::string what = vector ? "Entries" : rows ? "Rows" : "Columns";
  return Diagnosis{rows ? Key::swapped_rows : Key::swapped_columns,
                   fmt::format("{} {} and {} of your answer are swapped: exchanged, they are "
                               "right, and the rest is right at every point checked. Check the "
                               "order: {}.",
                               what, a + 1, b + 1,
                               rows ? "row i holds output i (or the i-th component)"
                                    : "column j holds the derivatives with respect to input j")};
}

std::optional<Diagnosis> one_line(const std::vector<Pair>& ps, bool rows, Index line) {
  const Multiple m = multiple(ps, [&](const HighMatrix& x) {
    return rows ? HighMatrix(x.row(line)) : HighMatrix(x.col(line));
  });
  const std::string name = fmt::format("{} {}", rows ? "row" : "column", line + 1);
  return Diagnosis{
      rows ? Key::wrong_row : Key::wrong_column,
      fmt::format("{}{} of your answer is wrong{}; the other {} are right at every point "
                  "checked. {}",
                  rows ? "R" : "C", name.substr(1), how(m, "it"), rows ? "rows" : "columns",
                  rows ? "Row i holds the derivatives of output i: recompute that output's."
                       : "Column j holds the derivatives with respect to input j: recompute "
                         "them for that input.")};
}

}  // namespace

std::optional<Diagnosis> diagnose_entries(const FailingAnswer& failing) {
  if (failing.got.size() < 2 || !compared_entrywise(failing)) return std::nullopt;
  const std::vector<Pair> ps = pairs(failing);
  if (ps.size() < 2) return std::nullopt;
  const std::set<Entry> wrong = wrong_entries(ps);
  if (wrong.empty()) return std::nullopt;
  const HighMatrix& g = failing.got;
  if (wrong.size() == 1) return one_entry(ps, *wrong.begin());
  const std::set<Index> rows = lines_of(wrong, true);
  const std::set<Index> cols = lines_of(wrong, false);
  if (g.cols() == 1 || g.rows() == 1) {  // a vector: two entries swapped
    const bool column = g.cols() == 1;
    const auto& lines = column ? rows : cols;
    if (lines.size() == 2) return swapped_lines(ps, column, lines);
    return std::nullopt;
  }
  if (rows.size() == 2) {
    if (auto d = swapped_lines(ps, true, rows)) return d;
  }
  if (cols.size() == 2) {
    if (auto d = swapped_lines(ps, false, cols)) return d;
  }
  if (rows.size() == 1) return one_line(ps, true, *rows.begin());
  if (cols.size() == 1) return one_line(ps, false, *cols.begin());
  return std::nullopt;
}

}  // namespace grader::check
