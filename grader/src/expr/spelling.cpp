#include "grader/expr/spelling.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "grader/expr/source.hpp"

namespace grader::expr {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  // How far apart the first differing characters are: 'Y' is nearer 'X' than 'A'.
  auto letter_gap = [](std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      if (a[i] != b[i]) return std::abs(int{a[i]} - int{b[i]});
    }
    return 0;
  };
  // A one-letter name has no likely typo but its other case: T is not a misspelt X.
  if (code_points(name) < 2) {
    for (const auto& candidate : candidates) {
      if (candidate != name && lower(candidate) == lower(name)) return candidate;
    }
    return std::nullopt;
  }
  const std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  std::pair<std::size_t, int> best_score{2 * allowed + 1, 0};
  for (const auto& candidate : candidates) {
    // A difference of case only counts as half an edit, so 'x' prefers 'X' over 'y'.
    const std::size_t d = lower(name) == lower(candidate) ? 1 : 2 * edit_distance(name, candidate);
    const std::pair<std::size_t, int> score{d, letter_gap(name, candidate)};
    if (score < best_score) {
      best_score = score;
      best = candidate;
    }
  }
  return best;
}

}  // namespace grader::expr
