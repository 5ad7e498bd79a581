#include "seccomp.hpp"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace grader::sandbox::detail {
namespace {

#if defined(__x86_64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT
#elif defined(__aarch64__)
constexpr std::uint32_t kArch = AUDIT_ARCH_AARCH64;
constexpr std::uint32_t kX32Bit = 0;
#else
constexpr std::uint32_t kArch = 0;
constexpr std::uint32_t kX32Bit = 0;
#endif

constexpr long kRefused[] = {
    SYS_ptrace,
    SYS_process_vm_readv,
    SYS_process_vm_writev,
    SYS_perf_event_open,
    SYS_bpf,
    SYS_userfaultfd,
    SYS_keyctl,
    SYS_add_key,
    SYS_request_key,
    SYS_io_uring_setup,
    SYS_personality,
};

sock_filter statement(std::uint16_t code, std::uint32_t k) {
  return sock_filter{code, 0, 0, k};
}
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}

std::vector<sock_filter> make_filter() {
  std::vector<sock_filter> f;
  if (kArch == 0) return f;
  const std::uint32_t refuse = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  constexpr std::size_t kCount = sizeof kRefused / sizeof kRefused[0];
  // Layout: [0] load arch, [1] arch == native ? go on : refuse, [2] load nr,
  // [3] nr >= x32 bit ? refuse : go on, [4 .. 4+kCount) nr == refused ? refuse : next,
  // [4+kCount] allow, [5+kCount] refuse.
  const auto to_refuse = [&](std::size_t at) {
    return static_cast<std::uint8_t>(4 + kCount + 1 - at - 1);
  };
  f.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, kArch, 0, to_refuse(1)));
  f.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  if (kX32Bit != 0) {
    f.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, to_refuse(3), 0));
  } else {
    f.push_back(jump(BPF_JMP | BPF_JA, 0, 0, 0));  // keeps the layout
  }
  for (std::size_t i = 0; i < kCount; ++i) {
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(kRefused[i]),
                     to_refuse(4 + i), 0));
  }
  f.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  f.push_back(statement(BPF_RET | BPF_K, refuse));
  return f;
}

}  // namespace

const std::vector<sock_filter>& syscall_filter() {
  static const std::vector<sock_filter> filter = make_filter();
  return filter;
}

const char* refused_calls_text() {
  return "ptrace, process_vm_readv/writev, perf_event_open, bpf, userfaultfd, keyrings, "
         "io_uring, personality";
}

}  // namespace grader::sandbox::detail
