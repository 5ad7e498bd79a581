#pragma once
// FNV-1a, 64-bit: a fast digest that is the same on every machine, so that the seeds, cache
// keys and fingerprints built on it are reproducible. Not collision-resistant: nothing may
// rely on it against someone who chooses the input (a student who could forge a code cache
// key would need the very source whose binary it names).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace grader {

class Fnv1a {
 public:
  // The bytes as they are.
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  // A field of a record: its length first, so that ("ab", "c") and ("a", "bc") differ.
  void field(std::string_view s) {
    add(std::to_string(s.size()));
    add(":");
    add(s);
  }
  std::uint64_t value() const { return hash_; }
  // 16 lowercase hex digits.
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The FNV-1a digest of `bytes`.
inline std::uint64_t fnv1a64(std::string_view bytes) {
  Fnv1a h;
  h.add(bytes);
  return h.value();
}

}  // namespace grader
