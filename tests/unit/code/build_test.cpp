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
  spec::Problem problem = spec::load_problem(grader_test::kApplySpecFile,
                                             std::string(GRADER_TEST_DATA) + "/code/problems");
  code::BuildOptions build_options;
  code::RunOptions run_options;
  Fixture() {
    fs::permissions(dir.path(), fs::perms::others_exec | fs::perms::others_read,
                    fs::perm_options::add);
    build_options.cache_dir = grader_test::shared_code_cache().path() / "cache";
    run_options.cache_dir = grader_test::shared_code_cache().path() / "cache";
  }
  code::Build compile(const std::string& source, const std::string& name = "apply.cpp") {
    return code::build({{&problem, source, name}}, build_options);
  }
  code::RunResult run(const code::Build& b) {
    code::Matrix a(2, 2);
    a << 1, 2, 3, 4;
    code::Matrix v(2, 1);
    v << 1, -1;
    const code::Request request{"t/apply", {{{"A", a}, {"b", v}}, {{"A", a * 2}, {"b", v}}}};
    return code::run_program(code::Program::compiled(b.binary), request, run_options);
  }
};

// A compile bomb for a 1 s limit: constexpr loops g++ cannot memoise take far more than a
// second on any machine. `tag` (a comment) gives each test a source of its own.
std::string cpu_bomb(const std::string& tag) {
  return "constexpr unsigned long spin(int n, int salt) {\n"
         "  unsigned long x = 0;\n"
         "  for (int a = 0; a < n; ++a)\n"
         "    for (int b = 0; b < n; ++b)\n"
         "      for (int c = 0; c < n; ++c) x ^= static_cast<unsigned long>(a ^ b ^ c ^ salt);\n"
         "  return x + 1;\n}\n"
         "static_assert(spin(100, 1) != 0);\nstatic_assert(spin(100, 2) != 0);\n"
         "static_assert(spin(100, 3) != 0);\nstatic_assert(spin(100, 4) != 0);\n"
         "static_assert(spin(100, 5) != 0);\nstatic_assert(spin(100, 6) != 0);\n"
         "static_assert(spin(100, 7) != 0);\nstatic_assert(spin(100, 8) != 0);  // " +
         tag +
         "\n"
         "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
         "  return A * b;\n}\n";
}

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
  BOOST_TEST(
      b.errors.find("mine.cpp:2:17: error: expected primary-expression") != std::string::npos,
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
    // The harness's line is the program's output (the student's code could write it too):
    // quoted, never the grader's own words.
    BOOST_TEST(r.message ==
                   "your program exited with status 71; it wrote on stderr: \"grader "
                   "harness: your code threw an exception at trial 1: not yet\"",
               r.message);
  }
  {
    const auto r =
        run(compile(
            sig + "  std::fputs(\"grader harness: correct: agrees with the reference\\n\\x1b[2J\", "
                  "stderr);\n  std::exit(1);\n}\n"));
    BOOST_TEST(code::to_string(r.status) == std::string("crash"));
    BOOST_TEST(r.message.rfind("your program exited with status 1; it wrote on stderr: ", 0) == 0,
               r.message);
    BOOST_TEST(r.stderr_tail.find('\x1b') == std::string::npos, r.stderr_tail);
    BOOST_TEST(r.stderr_tail.find("<U+001B>[2J") != std::string::npos, r.stderr_tail);
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
  const code::Build b = code::build(
      {{&problem, source, "a.cpp"}, {&problem, source + "// the second file\n", "b.cpp"}},
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
  BOOST_TEST(
      b.errors.find("apply.cpp:4:17: error: expected primary-expression") != std::string::npos,
      b.errors);
}

// Issue 16: a failed build is cached like a successful one (a compile bomb costs the
// compiler's limit once), and its messages are kept by file so that the files at fault are
// named without compiling each one alone.
BOOST_FIXTURE_TEST_CASE(a_failed_build_is_cached_with_its_messages_by_file, Fixture) {
  const std::string good =
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b;\n}\n";
  const std::string bad =
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b +;\n}\n// failed-build-cache\n";
  const std::vector<code::CodeFile> files = {{&problem, good, "good.cpp"},
                                             {&problem, bad, "bad.cpp"}};
  const code::Build first = code::build(files, build_options);
  BOOST_TEST(!first.ok);
  BOOST_TEST(!first.cached);
  BOOST_TEST(!first.stopped);
  BOOST_REQUIRE(first.file_errors.size() == 2u);
  BOOST_TEST(first.file_errors[0].empty(), first.file_errors[0]);
  BOOST_TEST(first.file_errors[1].find("bad.cpp:2:17: error") != std::string::npos,
             first.file_errors[1]);
  // No path of the cache or of the compiler's work folder reaches the messages.
  BOOST_TEST(first.errors.find(build_options.cache_dir.string()) == std::string::npos,
             first.errors);
  const code::Build again = code::build(files, build_options);
  BOOST_TEST(!again.ok);
  BOOST_TEST(again.cached);
  BOOST_TEST(again.errors == first.errors);
  BOOST_TEST(again.file_errors == first.file_errors);
}

// When the CPU limit strikes cc1plus before the whole run, the g++ driver exits 1 with
// "CPU time limit exceeded signal terminated program cc1plus": still a stop at the limit, with
// the limit's words, and blaming no file (so a class graded twice reads the same either way).
BOOST_FIXTURE_TEST_CASE(the_compiler_killed_at_its_cpu_limit_is_a_stopped_build, Fixture) {
  // The runtime's precompiled header is built with the default limits, whatever these are.
  build_options.limits.cpu_seconds = 1;
  build_options.limits.wall_seconds = 60;
  const std::string bomb = cpu_bomb("cpu-bomb");
  const code::Build b = compile(bomb, "cpu_bomb.cpp");
  BOOST_TEST(!b.ok);
  BOOST_TEST(b.stopped, b.errors);
  BOOST_TEST(b.errors.find("the compiler was stopped at its time limit (1 s of CPU time") == 0,
             b.errors);
  for (const auto& e : b.file_errors) BOOST_TEST(e.empty(), e);
}

// A student's own `#error` with the driver's words is a compile error of that file, not a stop.
BOOST_FIXTURE_TEST_CASE(a_students_error_line_with_the_drivers_words_is_not_a_stop, Fixture) {
  const code::Build b = compile(
      "#error CPU time limit exceeded signal terminated program cc1plus\n"
      "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n"
      "  return A * b;\n}\n",
      "fake.cpp");
  BOOST_TEST(!b.ok);
  BOOST_TEST(!b.stopped, b.errors);
  BOOST_TEST(b.errors.find("#error") != std::string::npos, b.errors);
}

// A build stopped by a limit is cached as stopped, and so costs the limit once.
BOOST_FIXTURE_TEST_CASE(a_build_stopped_by_a_limit_is_cached_as_stopped, Fixture) {
  build_options.limits.cpu_seconds = 1;
  build_options.limits.wall_seconds = 1;
  // The CPU bomb, not a deep template recursion: on a fast machine that one reaches
  // g++'s depth limit (a compile error) within the second.
  const std::string bomb = cpu_bomb("stopped-cache");
  const code::Build first = compile(bomb, "bomb.cpp");
  BOOST_TEST(!first.ok);
  BOOST_TEST(first.stopped, first.errors);
  BOOST_TEST(first.errors.find("the compiler was stopped") == 0, first.errors);
  const code::Build again = compile(bomb, "bomb.cpp");
  BOOST_TEST(again.cached);
  BOOST_TEST(again.stopped);
  BOOST_TEST(again.errors == first.errors);
}
