#define BOOST_TEST_MODULE code_reference_program
#include "grader/code/reference_program.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/code/build.hpp"

// The C++ references of tests/data/cpp-reference/reference/t/square.hpp, compiled once into one
// program (the first test pays for the compilation, if any; the others find it in the cache).

using namespace grader;
namespace fs = std::filesystem;
using expr::Complex;
using expr::High;

namespace {

const std::string kFolder = std::string(GRADER_TEST_DATA) + "/cpp-reference/reference";
const std::vector<std::string> kEntries = {
    "square::function", "square::reference", "square::exp_entry", "square::throws",
    "square::nan",      "square::loops",     "square::prints"};

std::vector<spec::CppSource> sources(const std::string& file = "t/square.hpp") {
  std::vector<spec::CppSource> out;
  for (const auto& entry : kEntries) {
    spec::CppSource s;
    s.file = file;
    s.entry = entry;
    s.folder = kFolder;
    out.push_back(s);
  }
  return out;
}

// The default code cache, shared with the other stages of ci/test: a program compiled there
// is found again (the cache is keyed by everything the program depends on).
fs::path cache() {
  return code::BuildOptions::default_cache_dir();
}

template <class T>
expr::Bindings<T> point() {
  expr::Bindings<T> b;
  expr::Matrix<T> x(2, 2), dx(2, 2);
  x << T(1), T(2), T(3), T(4);
  dx << T(0), T(1), T(-1), T(0.5);
  b.values["X"] = x;
  b.values["dX"] = dx;
  b.dimensions["n"] = 2;
  return b;
}

code::ReferenceProgram& program() {
  static code::ReferenceProgram p(sources(), cache());
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(evaluates_in_double_complex_and_50_digits) {
  const auto d = program().call(0, point<double>());
  BOOST_TEST(d(0, 0) == 7.0);  // [1 2; 3 4]^2 = [7 10; 15 22]
  BOOST_TEST(d(1, 1) == 22.0);
  const auto c = program().call(1, point<Complex>());  // dX*X + X*dX
  const expr::Matrix<double> x = point<double>().values.at("X"),
                             dx = point<double>().values.at("dX");
  const expr::Matrix<double> want = dx * x + x * dx;
  for (Eigen::Index j = 0; j < 2; ++j)
    for (Eigen::Index i = 0; i < 2; ++i) BOOST_TEST(c(i, j).real() == want(i, j));
  // 50 digits survive the round trip both ways: exp(1) + 2n to every digit.
  const auto h = program().call(2, point<High>());
  BOOST_TEST(abs(h(0, 0) - (exp(High(1)) + 4)) < High("1e-48"));
}

BOOST_AUTO_TEST_CASE(the_complex_step_goes_through_the_reference) {
  auto b = point<Complex>();
  b.values["X"](0, 0) += Complex(0, 1e-20);
  const auto c = program().call(2, b);  // exp(X11) + 2n: d/dX11 = e
  BOOST_TEST(std::abs(c(0, 0).imag() / 1e-20 - std::exp(1.0)) < 1e-15);
}

BOOST_AUTO_TEST_CASE(a_throwing_reference_is_an_error_naming_it) {
  try {
    program().call(3, point<double>());
    BOOST_FAIL("no error");
  } catch (const code::ReferenceError& e) {
    BOOST_TEST(
        std::string(e.what()) ==
        "the C++ reference t/square.hpp: square::throws failed: the matrix is singular here");
  }
  // The program goes on answering.
  BOOST_TEST(program().call(0, point<double>())(0, 0) == 7.0);
}

BOOST_AUTO_TEST_CASE(a_nan_is_an_error_naming_the_entry) {
  try {
    program().call(4, point<High>());
    BOOST_FAIL("no error");
  } catch (const code::ReferenceError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the C++ reference t/square.hpp: square::nan failed: it returned a NaN or Inf at "
               "entry (1, 2)");
  }
}

BOOST_AUTO_TEST_CASE(a_reference_that_writes_to_stdout_is_stopped) {
  code::ReferenceProgram p(sources(), cache());
  BOOST_TEST(p.cached());
  try {
    p.call(6, point<double>());
    BOOST_FAIL("no error");
  } catch (const code::ReferenceError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "the C++ reference t/square.hpp: square::prints wrote to its standard output, "
               "which belongs to the grader: \"debugging output\"");
  }
}

BOOST_AUTO_TEST_CASE(a_loop_is_stopped_at_the_call_limit_and_stays_an_error) {
  code::ReferenceProgram p(sources(), cache());
  code::set_reference_call_seconds(1);
  for (int k = 0; k < 2; ++k) {  // the second call fails at once, with the same words
    try {
      p.call(5, point<double>());
      BOOST_FAIL("no error");
    } catch (const code::ReferenceError& e) {
      BOOST_TEST(std::string(e.what()) ==
                 "the C++ reference t/square.hpp: square::loops did not answer within 1 s (a "
                 "loop that never ends?)");
    }
  }
  code::set_reference_call_seconds(60);
}

BOOST_AUTO_TEST_CASE(a_reference_that_does_not_compile_gives_the_compiler_words) {
  spec::CppSource s;
  s.file = "t/broken.hpp";
  s.entry = "broken::function";
  s.folder = kFolder;
  try {
    code::ReferenceProgram p({s}, cache());
    BOOST_FAIL("no error");
  } catch (const code::ReferenceError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.rfind("the C++ reference t/broken.hpp: broken::function does not compile", 0) ==
               0);
    BOOST_TEST(what.find("src/t/broken.hpp:5") != std::string::npos, what);
    BOOST_TEST(what.find("undeclared_name") != std::string::npos, what);
    BOOST_TEST(what.find(cache().string()) == std::string::npos, what);  // no cache path
  }
}

BOOST_AUTO_TEST_CASE(a_missing_header_is_an_error_naming_it) {
  spec::CppSource s;
  s.file = "t/none.hpp";
  s.entry = "none::function";
  s.folder = kFolder;
  BOOST_CHECK_EXCEPTION(code::ReferenceProgram({s}, cache()), code::ReferenceError,
                        [](const code::ReferenceError& e) {
                          return std::string(e.what()).find(
                                     "the C++ reference t/none.hpp cannot "
                                     "be read") == 0;
                        });
}
