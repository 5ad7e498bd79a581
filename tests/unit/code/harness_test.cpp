#define BOOST_TEST_MODULE code_harness
#include "grader/code/harness.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "grader/core/digest.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;

BOOST_AUTO_TEST_CASE(system_includes_are_hoisted_and_lines_kept) {
  const code::HoistedSource s = code::hoist_system_includes(
      "#include <unistd.h>\n  #  include   <sys/socket.h> // why\n#include \"mine.hpp\"\n"
      "int f() { return 1; }  // #include <not/this.h>\n#define X <y>\n");
  BOOST_TEST(s.system_includes.size() == 2u);
  BOOST_TEST(s.system_includes[0] == "<unistd.h>");
  BOOST_TEST(s.system_includes[1] == "<sys/socket.h>");
  BOOST_TEST(s.text ==
             "\n\n#include \"mine.hpp\"\nint f() { return 1; }  // #include <not/this.h>\n"
             "#define X <y>\n");
}

BOOST_AUTO_TEST_CASE(a_file_without_includes_is_unchanged) {
  const std::string text = "double f(double x) { return x < 1 ? x : 1; }";  // no final newline
  const code::HoistedSource s = code::hoist_system_includes(text);
  BOOST_TEST(s.text == text);
  BOOST_TEST(s.system_includes.empty());
}

BOOST_AUTO_TEST_CASE(the_harness_includes_them_before_any_namespace) {
  const spec::Problem p = spec::load_problem(grader_test::kApplySpecFile,
                                             std::string(GRADER_TEST_DATA) + "/code/problems");
  const std::string h = code::harness_source({{&p, "student0/apply.cpp", {"<unistd.h>"}}});
  const auto include = h.find("#include <unistd.h>\n");
  BOOST_TEST(include != std::string::npos);
  BOOST_TEST(include < h.find("namespace grader_p0"));
  BOOST_TEST(h.find("#include \"student0/apply.cpp\"") != std::string::npos, h);
  BOOST_TEST(h.find("const Eigen::VectorXd grader_result = apply(A, b);") != std::string::npos, h);
}

// A code problem asking for a differential passes the direction dA, typed by A's shape.
BOOST_AUTO_TEST_CASE(a_direction_is_passed_with_the_shape_of_its_variable) {
  const spec::Problem p = spec::load_problem_text(R"y(id: p
title: T
dims: {n: [2, 5]}
variables:
  A: {shape: [n, n]}
  b: {shape: [n]}
function: A*A
answer:
  kind: code
  derivative: differential
  wrt: [A]
  entry: square_derivative
  arguments: [A, dA, b]
  returns: [n, n]
  reference: dA*A + A*dA
)y",
                                                  "p.yaml", "p");
  const std::string h = code::harness_source({{&p, "student0/square.cpp", {}}});
  BOOST_TEST(
      h.find("const Eigen::MatrixXd dA = grader_runtime::as_matrix(grader_trial, \"dA\");") !=
          std::string::npos,
      h);
  // The harness's own names cannot clash with an argument named t or out.
  BOOST_TEST(h.find("[](const grader_runtime::Trial& grader_trial, std::ostream& grader_out) {") !=
                 std::string::npos,
             h);
  BOOST_TEST(code::describe_call(p) ==
             "square_derivative(A, dA, b) with A: Eigen::MatrixXd, dA: Eigen::MatrixXd, b: "
             "Eigen::VectorXd, expecting Eigen::MatrixXd");
}

// The runtime header is part of every compiled-code cache key (code/build.cpp): moving its text
// (now code/runtime.hpp.in, embedded by the build) must not change one byte of it.
BOOST_AUTO_TEST_CASE(the_runtime_header_is_byte_for_byte_the_one_the_cache_knows) {
  const std::string& text = grader::code::runtime_header();
  grader::Fnv1a digest;
  digest.add(text);
  BOOST_TEST(text.size() == 4880u);
  BOOST_TEST(digest.hex() == "5ab606b7526b6f17");
  BOOST_TEST(
      text.rfind("// grader's runtime for code submissions (generated; do not edit).\n", 0) == 0u);
  BOOST_TEST(text.substr(text.size() - 31) == "}  // namespace grader_runtime\n");
}
