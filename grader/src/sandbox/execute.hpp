#pragma once
// One run at an isolation level already chosen (sandbox.cpp chooses it, and probes the machine
// with this very function): set up (setup.hpp, limits.hpp), supervised and classified
// (supervise.hpp), and the protection that was in force described.

#include "config.hpp"
#include "grader/sandbox/sandbox.hpp"

namespace grader::sandbox::detail {

// run() without the validation and the choice of level. Throws SandboxError for a work folder
// others share, std::filesystem::filesystem_error when a folder of the request is gone.
Result execute(const Request& request, const Config& config);

}  // namespace grader::sandbox::detail
