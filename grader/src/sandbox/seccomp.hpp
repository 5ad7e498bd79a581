#pragma once
// The system-call filter every sandboxed program runs under (seccomp BPF, installed in the
// child just before execve, inherited by everything the program starts). It refuses, with
// EPERM, the calls that reach into other processes or the kernel's shared state, which no
// course exercise needs:
//   ptrace                                  stopping or steering the sandbox's own pid 1 (a
//                                           stalled init turns a crash into a timeout)
//   process_vm_readv, process_vm_writev     reading or writing another process's memory
//   perf_event_open, bpf, userfaultfd       kernel attack surface (and timing side channels)
//   keyctl, add_key, request_key            the kernel keyrings, not namespaced
//   io_uring_setup                          a second system-call interface the filter cannot see
//   personality                             turning off address-space randomisation
// and every call of another architecture's ABI (x32 on x86-64; a foreign audit arch), which
// would otherwise bypass the numbers above.

#include <linux/filter.h>

#include <vector>

namespace grader::sandbox::detail {

// The filter program; empty on an architecture this file does not know (then no filter is
// installed, and protection_text says so).
const std::vector<sock_filter>& syscall_filter();

// The names of the refused calls, for the protection text.
const char* refused_calls_text();

}  // namespace grader::sandbox::detail
