#pragma once
// Seeded random streams. One master seed gives an independent stream per problem and per
// trial: derive_seed(derive_seed(master, problem_id), trial). A verdict is reproduced from
// the master seed printed with it, and one problem's draws never depend on another's.

#include <cstdint>
#include <random>
#include <string_view>

namespace grader::sample {

// SplitMix64 finalizer of the parent mixed with a label (FNV-1a of the text) or an index.
std::uint64_t derive_seed(std::uint64_t parent, std::string_view label);
std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t index);

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double uniform(double lo, double hi);  // [lo, hi)
  double normal();                       // standard normal
  long integer(long lo, long hi);        // uniform in [lo, hi]
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace grader::sample
