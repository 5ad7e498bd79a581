#define BOOST_TEST_MODULE code_build
#include "grader/code/build.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "../support/temp_dir.hpp"
#include "grader/code/run.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;
using grader_test::TempDir;
using grader_test::write_file;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  TempDir dir;
  spec::Problem problem =
      spec::load_problem(grader_test::kApplySpecFile, std::string(GRADER_TEST_DATA) + "/code/problems");
  code::BuildOptions build_options;
  code::RunOptions run_options;
  Fixture() {
    fs::permissions(dir.path(), fs::perms::others_exec | fs::perms::others_read,
                    fs::perm_options::add);
    build_options.cache_dir = grader_test::shared_code_cache().path() / "cache";
    run_options.cache_dir = grader_test::shared_code_cache().path() / "cache";
  }
  code::Build compile(const std::string& source, const std::string& name = "apply.cpp") {
    write_file(dir / "student" / name, source);
    return code::build({{&problem, dir / "student" / name, name}}, build_options);
  }
  code::RunResult run(const code::Build& b) {
    code::Matrix a(2, 2);
    a << 1, 2, 3, 4;
    code::Matrix v(2, 1);
    v << 1, -1;
    const code::Request request{"t/apply", {{{"A", a}, {"b", v}}, {{"A", a * 2}, {"b", v}}}};
    return code::run_program({b.binary.string()}, request, {}, {b.binary.parent_path()},
                             run_options);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_right_answer_compiles_runs_and_is_cached, Fixture) {
  const std::string source =
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b;\n}\n";
  const code::Build b = compile(source);
  BOOST_TEST(b.ok, b.errors);
  BOOST_TEST(!b.cached);
  const code::RunResult r = run(b);
  BOOST_TEST(code::to_string(r.status) == std::string("ok"), r.message << r.stderr_tail);
  BOOST_REQUIRE(r.outputs.size() == 2u);
  BOOST_TEST(r.outputs[0][0].value(0, 0) == -1.0);
  BOOST_TEST(r.outputs[0][0].value(1, 0) == -1.0);
  BOOST_TEST(r.outputs[1][0].value(1, 0) == -2.0);
  const code::Build again = compile(source);
  BOOST_TEST(again.ok);
  BOOST_TEST(again.cached);
  BOOST_TEST(again.binary == b.binary);
}

BOOST_FIXTURE_TEST_CASE(compiler_errors_are_trimmed_to_the_students_file, Fixture) {
  const code::Build b = compile(
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b +;\n}\n",
      "mine.cpp");
  BOOST_TEST(!b.ok);
  // g++ first names the function, without the namespace the harness wraps the file in.
  BOOST_TEST(b.errors.find("mine.cpp: In function ") == 0, b.errors);
  BOOST_TEST(b.errors.find("Eigen::VectorXd apply(const Eigen::MatrixXd&") != std::string::npos,
             b.errors);
  BOOST_TEST(b.errors.find("mine.cpp:2:17: error: expected primary-expression") !=
                 std::string::npos,
             b.errors);
  BOOST_TEST(b.errors.find("grader_p") == std::string::npos, b.errors);
  BOOST_TEST(b.errors.find("harness") == std::string::npos, b.errors);
  BOOST_TEST(b.errors.find("student0") == std::string::npos, b.errors);
}

BOOST_FIXTURE_TEST_CASE(a_missing_function_is_reported_at_the_call, Fixture) {
  const code::Build b = compile("double other(double x) { return x; }\n");
  BOOST_TEST(!b.ok);
  BOOST_TEST(b.errors.find("error: ") == 0, b.errors);
  BOOST_TEST(b.errors.find("apply") != std::string::npos, b.errors);
}

BOOST_FIXTURE_TEST_CASE(crashes_exceptions_and_loops_are_named, Fixture) {
  const std::string sig =
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n";
  {
    const auto r = run(compile(sig + "  int* p = nullptr; *p = 1; return b;\n}\n"));
    BOOST_TEST(code::to_string(r.status) == std::string("crash"));
    BOOST_TEST(r.message.find("SIGSEGV") != std::string::npos, r.message);
  }
  {
    const auto r = run(compile(sig + "  throw std::runtime_error(\"not yet\");\n}\n"));
    BOOST_TEST(code::to_string(r.status) == std::string("crash"));
    BOOST_TEST(r.message == "your code threw an exception at trial 1: not yet", r.message);
  }
  {
    run_options.limits.wall_seconds = 2;
    run_options.limits.cpu_seconds = 1;
    const auto r = run(compile(sig + "  volatile long i = 0; while (true) ++i; return b;\n}\n"));
    BOOST_TEST(code::to_string(r.status) == std::string("timeout"));
    BOOST_TEST(r.seconds < 4.0);
  }
  {
    const auto r = run(compile(sig + "  std::cout << \"hello\\n\"; return A * b;\n}\n"));
    BOOST_TEST(code::to_string(r.status) == std::string("bad-output"));
    BOOST_TEST(r.message ==
                   "your program's output does not follow the protocol: line 1: expected "
                   "'trial 1', not 'hello'",
               r.message);
  }
}

// System headers a student includes are hoisted out of the harness's namespaces: `::getpid`
// is found, and two files including the same header still compile in one build.
BOOST_FIXTURE_TEST_CASE(system_headers_of_two_files_compile_in_one_build, Fixture) {
  const std::string source =
      "#include <unistd.h>\n  #  include <fcntl.h>  // a comment\n"
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  if (::getpid() < 0) ::open(\"x\", O_RDONLY);\n  return A * b;\n}\n";
  write_file(dir / "student/a.cpp", source);
  write_file(dir / "student/b.cpp", source + "// the second file\n");
  const code::Build b = code::build(
      {{&problem, dir / "student/a.cpp", "a.cpp"}, {&problem, dir / "student/b.cpp", "b.cpp"}},
      build_options);
  BOOST_TEST(b.ok, b.errors);
  const code::RunResult r = run(b);
  BOOST_TEST(code::to_string(r.status) == std::string("ok"), r.message << r.stderr_tail);
}

// Line numbers in the compiler's messages stay the student's after the hoisting.
BOOST_FIXTURE_TEST_CASE(a_hoisted_include_keeps_the_line_numbers, Fixture) {
  const code::Build b = compile(
      "#include <vector>\n#include <cmath>\n"
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b +;\n}\n");
  BOOST_TEST(!b.ok);
  BOOST_TEST(b.errors.find("apply.cpp:4:17: error: expected primary-expression") !=
                 std::string::npos,
             b.errors);
}
