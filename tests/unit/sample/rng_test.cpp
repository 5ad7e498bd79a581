#define BOOST_TEST_MODULE sample_rng
#include "grader/sample/rng.hpp"

#include <algorithm>
#include <bit>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "grader/core/error.hpp"

using grader::sample::derive_seed;
using grader::sample::Rng;

namespace {

// Reference implementations written from the published algorithms, checked against their
// published test vectors below, so that derive_seed is pinned to the documented mixing.
std::uint64_t reference_splitmix64(std::uint64_t state) {
  std::uint64_t z = state + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t reference_fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t reference_mix(std::uint64_t parent, std::uint64_t key) {
  return reference_splitmix64(reference_splitmix64(parent) ^ reference_splitmix64(key));
}

struct Moments {
  double mean = 0;
  double variance = 0;
};

template <class Draw>
Moments moments(int count, Draw draw) {
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < count; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / count;
  return {mean, sum2 / count - mean * mean};
}

}  // namespace

BOOST_AUTO_TEST_CASE(reference_algorithms_match_published_vectors) {
  // SplitMix64 seeded with 0: first output (Vigna's splitmix64.c).
  BOOST_TEST(reference_splitmix64(0) == 0xe220a8397b1dcdafULL);
  // FNV-1a 64-bit test vectors (Fowler/Noll/Vo).
  BOOST_TEST(reference_fnv1a("") == 0xcbf29ce484222325ULL);
  BOOST_TEST(reference_fnv1a("a") == 0xaf63dc4c8601ec8cULL);
  BOOST_TEST(reference_fnv1a("foobar") == 0x85944171f73967e8ULL);
}

BOOST_AUTO_TEST_CASE(derive_seed_from_label_is_splitmix_of_fnv1a) {
  for (const std::uint64_t parent : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
    for (const std::string label : {"", "a", "lecture01/xax", "value:X"}) {
      BOOST_TEST(derive_seed(parent, label) == reference_mix(parent, reference_fnv1a(label)));
    }
  }
}

BOOST_AUTO_TEST_CASE(derive_seed_from_index_is_splitmix_with_a_domain_constant) {
  for (const std::uint64_t parent : {0ULL, 7ULL, 0x123456789abcdefULL}) {
    for (const std::uint64_t index : {0ULL, 1ULL, 2ULL, 1000ULL}) {
      BOOST_TEST(derive_seed(parent, index) ==
                 reference_mix(parent, index ^ 0x6a09e667f3bcc909ULL));
    }
  }
}

BOOST_AUTO_TEST_CASE(derive_seed_is_deterministic_and_separates_inputs) {
  BOOST_TEST(derive_seed(5, "x") == derive_seed(5, "x"));
  BOOST_TEST(derive_seed(5, std::uint64_t{3}) == derive_seed(5, std::uint64_t{3}));
  BOOST_TEST(derive_seed(5, "x") != derive_seed(5, "y"));
  BOOST_TEST(derive_seed(5, "x") != derive_seed(6, "x"));
  BOOST_TEST(derive_seed(5, std::uint64_t{0}) != derive_seed(5, std::uint64_t{1}));
  // A label whose FNV-1a hash equals an index still gets a different seed than the index.
  const std::uint64_t h = reference_fnv1a("a");
  BOOST_TEST(derive_seed(5, "a") != derive_seed(5, h));
  // The children of a parent never collide with the parent itself for small indices.
  for (std::uint64_t i = 0; i < 100; ++i) BOOST_TEST(derive_seed(5, i) != 5);
}

BOOST_AUTO_TEST_CASE(derive_seed_never_collides_over_many_indices_or_parents) {
  std::set<std::uint64_t> by_index;
  std::set<std::uint64_t> by_parent;
  std::set<std::uint64_t> by_label;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    by_index.insert(derive_seed(12345, i));
    by_parent.insert(derive_seed(i, std::uint64_t{0}));
    by_label.insert(derive_seed(12345, "problem" + std::to_string(i)));
  }
  BOOST_TEST(by_index.size() == 20000u);
  BOOST_TEST(by_parent.size() == 20000u);
  BOOST_TEST(by_label.size() == 20000u);
}

BOOST_AUTO_TEST_CASE(derive_seed_avalanches) {
  // Flipping one input bit flips about half of the output bits (32 of 64 on average).
  double flipped_parent = 0;
  double flipped_index = 0;
  int count = 0;
  for (std::uint64_t i = 0; i < 200; ++i) {
    for (int bit = 0; bit < 64; bit += 7) {
      const std::uint64_t mask = std::uint64_t{1} << bit;
      flipped_parent +=
          std::popcount(derive_seed(i, std::uint64_t{9}) ^ derive_seed(i ^ mask, std::uint64_t{9}));
      flipped_index +=
          std::popcount(derive_seed(std::uint64_t{9}, i) ^ derive_seed(std::uint64_t{9}, i ^ mask));
      ++count;
    }
  }
  BOOST_TEST(flipped_parent / count > 31.0);
  BOOST_TEST(flipped_parent / count < 33.0);
  BOOST_TEST(flipped_index / count > 31.0);
  BOOST_TEST(flipped_index / count < 33.0);
}

BOOST_AUTO_TEST_CASE(rng_wraps_mt19937_64) {
  // The 10000th output of a default-seeded mt19937_64 is fixed by the C++ standard.
  Rng rng(5489);
  rng.engine().discard(9999);
  BOOST_TEST(rng.engine()() == 9981545732273789042ULL);
}

BOOST_AUTO_TEST_CASE(uniform_uses_53_bits_of_the_engine) {
  std::mt19937_64 engine(77);
  Rng rng(77);
  for (int i = 0; i < 100; ++i) {
    const double expected = static_cast<double>(engine() >> 11) * 0x1.0p-53;
    BOOST_TEST(rng.uniform(0.0, 1.0) == expected);
  }
  Rng a(78);
  Rng b(78);
  for (int i = 0; i < 100; ++i)
    BOOST_TEST(a.uniform(-3.0, 5.0) == -3.0 + 8.0 * b.uniform(0.0, 1.0));
}

BOOST_AUTO_TEST_CASE(same_seed_same_stream_different_seed_different_stream) {
  Rng a(2024);
  Rng b(2024);
  Rng c(2025);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.normal();
    BOOST_TEST(x == b.normal());
    differ += x != c.normal() ? 1 : 0;
    BOOST_TEST(a.integer(-5, 5) == b.integer(-5, 5));
    c.integer(-5, 5);
  }
  BOOST_TEST(differ == 1000);
}

BOOST_AUTO_TEST_CASE(uniform_stays_in_range_with_the_right_moments) {
  Rng rng(1);
  double lo = INFINITY;
  double hi = -INFINITY;
  const Moments m = moments(200000, [&] {
    const double x = rng.uniform(-1.0, 3.0);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    return x;
  });
  BOOST_TEST(lo >= -1.0);
  BOOST_TEST(hi < 3.0);
  BOOST_TEST(lo < -0.999);
  BOOST_TEST(hi > 2.999);
  BOOST_TEST(std::abs(m.mean - 1.0) < 0.01);              // sd of the mean 0.0026
  BOOST_TEST(std::abs(m.variance - 16.0 / 12.0) < 0.01);  // sd about 0.0027
}

BOOST_AUTO_TEST_CASE(uniform_never_returns_its_upper_end) {
  Rng rng(3);
  for (int i = 0; i < 100000; ++i) {
    const double x = rng.uniform(0.1, 0.3);
    BOOST_TEST_REQUIRE(x >= 0.1);
    BOOST_TEST_REQUIRE(x < 0.3);
  }
  BOOST_TEST(rng.uniform(2.0, 2.0) == 2.0);
}

BOOST_AUTO_TEST_CASE(normal_has_standard_moments) {
  Rng rng(11);
  int within_one = 0;
  double fourth = 0;
  const int count = 200000;
  const Moments m = moments(count, [&] {
    const double x = rng.normal();
    within_one += std::abs(x) < 1.0 ? 1 : 0;
    fourth += x * x * x * x;
    return x;
  });
  BOOST_TEST(std::abs(m.mean) < 0.01);             // sd of the mean 0.0022
  BOOST_TEST(std::abs(m.variance - 1.0) < 0.015);  // sd about 0.0032
  BOOST_TEST(std::abs(static_cast<double>(within_one) / count - 0.682689) < 0.005);
  BOOST_TEST(std::abs(fourth / count - 3.0) < 0.06);  // kurtosis of a normal: 3
}

BOOST_AUTO_TEST_CASE(integer_is_inclusive_and_uniform) {
  Rng rng(5);
  std::vector<int> counts(7, 0);
  const int count = 70000;
  for (int i = 0; i < count; ++i) {
    const long x = rng.integer(-3, 3);
    BOOST_TEST_REQUIRE(x >= -3);
    BOOST_TEST_REQUIRE(x <= 3);
    ++counts[static_cast<std::size_t>(x + 3)];
  }
  // Chi-square with 6 degrees of freedom; 22.5 is its 0.999 quantile.
  double chi2 = 0;
  for (const int c : counts) chi2 += (c - count / 7.0) * (c - count / 7.0) / (count / 7.0);
  BOOST_TEST(chi2 < 22.5);
  BOOST_TEST(rng.integer(4, 4) == 4);
  const long big = rng.integer(std::numeric_limits<long>::min(), std::numeric_limits<long>::max());
  (void)big;
  BOOST_CHECK_THROW(rng.integer(2, 1), grader::InternalError);
}
