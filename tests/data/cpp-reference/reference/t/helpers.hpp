#pragma once
// Included by square.hpp with quotes: part of its cache key.
namespace helpers {
inline int twice(int n) { return 2 * n; }
}  // namespace helpers
