#pragma once
// The C++ program built around a student's code: the student's file of each code problem is
// compiled in a namespace of its own (after the problem's prelude), and main() reads a
// request in the protocol of code/protocol.hpp, calls the problem's `call` on each trial's
// inputs and writes the results. One harness holds every C++ answer of one student, so the
// student's code is compiled once for all their problems.

#include <filesystem>
#include <string>
#include <vector>

#include "grader/spec/problem.hpp"

namespace grader::code {

// One C++ answer: the problem, and the student's file for it.
struct HarnessEntry {
  const spec::Problem* problem = nullptr;
  // The student's file as the harness includes it (relative to the harness's folder).
  std::filesystem::path source;
  // Its `#include <...>` lines, which the harness includes at global scope, before any
  // namespace (see hoist_system_includes).
  std::vector<std::string> system_includes;
};

// A student's file with its `#include <header>` lines taken out (each replaced by an empty
// line, so that line numbers stay the student's). Included inside the harness's namespace, a
// system header would declare ::open or ::fork as grader_p0::open, and a second file
// including it would find nothing (its include guard already set).
struct HoistedSource {
  std::string text;
  std::vector<std::string> system_includes;  // "<unistd.h>", in order
};
HoistedSource hoist_system_includes(const std::string& text);

// The runtime every harness includes first (and that is precompiled): the standard library,
// Eigen's dense module, and the protocol's reader and writer. Its text is the file
// grader/src/code/runtime.hpp.in, which the build embeds (grader/CMakeLists.txt).
const std::string& runtime_header();
inline constexpr const char* kRuntimeHeaderName = "grader_runtime.hpp";
// The explicit instantiations the runtime header declares extern: compiled once per cache,
// after the header, into kRuntimeObjectName, which every harness links.
const std::string& runtime_instances_source();
inline constexpr const char* kRuntimeObjectName = "grader_runtime.o";

// The harness source.
std::string harness_source(const std::vector<HarnessEntry>& entries);

// The C++ type a value of this shape is passed as: double, Eigen::VectorXd, Eigen::MatrixXd.
std::string cpp_type(const std::vector<spec::ShapeEntry>& shape);

// How the grader calls the student: "adjoint_gradient(A0, b, c, p) with A0: Eigen::MatrixXd,
// ...", for messages.
std::string describe_call(const spec::Problem& problem);

}  // namespace grader::code
