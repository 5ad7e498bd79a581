#define BOOST_TEST_MODULE check_code_checker
#include "grader/check/code_checker.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "../support/specs.hpp"
#include "../support/temp_dir.hpp"
#include "grader/spec/loader.hpp"

using namespace grader;
using check::Verdict;
using grader_test::TempDir;
using grader_test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kSignature =
    "Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {\n";

struct Fixture {
  TempDir dir;
  spec::Problem problem = spec::load_problem(grader_test::kApplySpecFile,
                                             std::string(GRADER_TEST_DATA) + "/code/problems");
  check::ProblemTrials trials{problem, 3};
  check::CodeOptions options;
  Fixture() {
    fs::permissions(dir.path(), fs::perms::others_exec | fs::perms::others_read,
                    fs::perm_options::add);
    options.cache_dir = grader_test::shared_code_cache().path();
    options.run_limits.wall_seconds = 3;
    options.run_limits.cpu_seconds = 2;
  }
  // Checks `source` (saved as apply.cpp in a fresh student folder).
  check::CheckResult check_source(const std::string& source) {
    write_file(dir / "student/apply.cpp", source);
    spec::AnswerText a;
    a.parts["file"] = "apply.cpp";
    check::CodeSubmission code(dir / "student", options);
    code.add(problem, a);
    return code.check(trials, a);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_right_function_passes_and_a_wrong_one_fails_with_numbers, Fixture) {
  const auto right = check_source(kSignature + "  return A * b;\n}\n");
  BOOST_TEST(to_string(right.verdict) == std::string("pass"), right.message);
  BOOST_TEST(right.score == 1.0);
  BOOST_TEST(right.trials == 5);
  BOOST_TEST(right.max_rel_error < 1e-14);

  const auto wrong = check_source(kSignature + "  return A.transpose() * b;\n}\n");
  BOOST_TEST(to_string(wrong.verdict) == std::string("fail"));
  BOOST_TEST(wrong.score == 0.0);
  BOOST_TEST(wrong.message.find("wrong: at random input 1 of 5, your function's result differs "
                                "from the reference by a relative") == 0,
             wrong.message);
  BOOST_TEST(wrong.message.find("reproduce with --seed 3") != std::string::npos, wrong.message);
  BOOST_TEST(wrong.message.find("the largest difference is at entry ") != std::string::npos,
             wrong.message);
  BOOST_TEST(wrong.message.find(", the reference ") != std::string::npos, wrong.message);
}

BOOST_FIXTURE_TEST_CASE(code_that_does_not_build_or_run_gets_its_own_verdict, Fixture) {
  const auto broken = check_source(kSignature + "  return A * b +;\n}\n");
  BOOST_TEST(to_string(broken.verdict) == std::string("compile-error"));
  BOOST_TEST(broken.message.find("apply.cpp does not compile; the compiler says:") == 0,
             broken.message);
  BOOST_TEST(broken.message.find("apply.cpp:2:") != std::string::npos, broken.message);

  const auto crash = check_source(kSignature +
                                  "  volatile int* p = nullptr; *p = 1;\n"
                                  "  return b;\n}\n");
  BOOST_TEST(to_string(crash.verdict) == std::string("crash"));
  BOOST_TEST(crash.message.find("SIGSEGV") != std::string::npos, crash.message);

  const auto loop = check_source(kSignature +
                                 "  for (volatile long i = 0;; ++i) {}\n"
                                 "  return b;\n}\n");
  BOOST_TEST(to_string(loop.verdict) == std::string("timeout"));

  const auto chatty = check_source(kSignature +
                                   "  std::cout << \"debug\\n\";\n"
                                   "  return A * b;\n}\n");
  BOOST_TEST(to_string(chatty.verdict) == std::string("bad-output"));
  BOOST_TEST(chatty.message.find("not 'debug'") != std::string::npos, chatty.message);

  const auto nan = check_source(kSignature + "  return b * std::nan(\"\");\n}\n");
  BOOST_TEST(to_string(nan.verdict) == std::string("fail"));
  BOOST_TEST(nan.message.find("is NaN") != std::string::npos, nan.message);
}

BOOST_FIXTURE_TEST_CASE(answers_that_name_no_usable_file_are_invalid, Fixture) {
  check::CodeSubmission code(dir / "student", options);
  fs::create_directories(dir / "student");
  for (const auto& [key, value, expected] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"file", "../other/apply.cpp",
            "'../other/apply.cpp' leaves your submission's "
            "folder (..); name a file inside it"},
           {"file", "/etc/passwd",
            "'/etc/passwd' must be a file of your submission's folder, "
            "named relative to it"},
           {"file", "missing.cpp", "missing.cpp: no such file in your submission"},
           {"other", "x",
            "a code answer names a C++ file or a command: {file: adjoint.cpp} or "
            "{command: python3 adjoint.py}"}}) {
    spec::AnswerText a;
    a.parts[key] = value;
    const auto r = code.check(trials, a);
    BOOST_TEST(to_string(r.verdict) == std::string("invalid"));
    BOOST_TEST(r.message == expected);
  }
  fs::create_symlink(dir / "elsewhere.cpp", dir / "student/link.cpp");
  spec::AnswerText link;
  link.parts["file"] = "link.cpp";
  BOOST_TEST(code.check(trials, link).message ==
             "link.cpp is a symbolic link; hand in the file itself");
  // A symbolic link to a folder anywhere in the path is refused as well, and nothing of what
  // it points to is read (issue 16: /proc/self/environ reached every report).
  fs::create_directory_symlink("/proc/self", dir / "student/p");
  spec::AnswerText through_proc;
  through_proc.parts["file"] = "p/environ";
  const auto leaked = code.check(trials, through_proc);
  BOOST_TEST(to_string(leaked.verdict) == std::string("invalid"));
  BOOST_TEST(leaked.message ==
                 "p/environ: p is a symbolic link, which the grader never follows; hand in "
                 "the file itself, inside your folder",
             leaked.message);
  check::CodeSubmission single_file({}, options);
  spec::AnswerText a;
  a.parts["file"] = "apply.cpp";
  BOOST_TEST(single_file.check(trials, a).message.find("a code answer needs a submission "
                                                       "folder") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_python_command_speaking_the_protocol_is_checked_the_same_way, Fixture) {
  fs::create_directories(dir / "student");
  fs::copy_file(grader_test::kApplyCommand, dir / "student/apply.py");

  spec::AnswerText a;
  a.parts["command"] = "python3 apply.py";
  check::CodeSubmission code(dir / "student", options);
  code.add(problem, a);
  const auto r = code.check(trials, a);
  BOOST_TEST(to_string(r.verdict) == std::string("pass"), r.message);
  BOOST_TEST(r.max_rel_error < 1e-14);
}
