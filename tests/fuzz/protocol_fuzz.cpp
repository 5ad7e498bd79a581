// Fuzz target: what a student's program prints back (code/protocol.hpp), and a request
// (what the harness reads). A ProtocolError naming the line is the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "grader/code/protocol.hpp"
#include "grader/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace grader;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const std::size_t trials : {std::size_t{1}, std::size_t{3}}) {
    try {
      (void)code::decode_response(text, trials);
    } catch (const InternalError&) {
      throw;
    } catch (const Error&) {
    }
  }
  try {
    (void)code::decode_request(text);
  } catch (const InternalError&) {
    throw;
  } catch (const Error&) {
  }
  return 0;
}
