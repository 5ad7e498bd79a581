#pragma once
// Telling a likely typo of a name from another name: the edit distance, and the known name
// closest to an unknown one. Used for "did you mean ...?" wherever a name is unknown.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grader::expr {

// Levenshtein distance: insertions, deletions and substitutions of bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `candidates` to `name`, if close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& candidates);

}  // namespace grader::expr
