#define BOOST_TEST_MODULE spec_assignment
#include "grader/spec/assignment.hpp"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/temp_dir.hpp"

using namespace grader::spec;
namespace fs = std::filesystem;

namespace {

const std::string kSpec = R"(id: ID
title: A problem
lecture: 1
part: 1
statement: s
points: 1
variables:
  x: {shape: [3]}
function: x'*x
answer:
  kind: gradient
  reference: 2*x
)";

struct Course {
  grader_test::TempDir dir;
  fs::path problems = dir.path() / "problems";
  fs::path assignments = dir.path() / "assignments";
  Course() {
    for (const char* id : {"lecture01/a", "lecture01/b", "lecture02/c"}) {
      fs::create_directories(problems / fs::path(id).parent_path());
      std::string text = kSpec;
      text.replace(text.find("ID"), 2, id);
      write(problems / (std::string(id) + ".yaml"), text);
    }
    write(problems / "lecture02" / "broken.yaml", "id: lecture02/broken\ntitle: [\n");
    fs::create_directories(assignments);
  }
  static void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }
  // Loads assignments/<name>.yaml holding `text`.
  Assignment load(const std::string& name, const std::string& text) {
    write(assignments / (name + ".yaml"), text);
    return load_assignment(find_assignment(name, problems), load_problem_set(problems));
  }
  // The message of the SpecError loading `text` throws, with its position.
  std::string error(const std::string& text) {
    try {
      load("bad", text);
    } catch (const SpecError& e) {
      return fmt(e);
    }
    return "(no error)";
  }
  static std::string fmt(const SpecError& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": " +
           e.message();
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_assignment_selects_its_problems_with_its_points_in_its_order) {
  Course c;
  const Assignment a = c.load("hw1",
                              "title: Homework 1\ndue: 2026-12-10\nproblems:\n"
                              "  lecture02/c: 2.5\n  lecture01/a: 1\n");
  BOOST_TEST(a.id == "hw1");
  BOOST_TEST(a.title == "Homework 1");
  BOOST_TEST(a.due == "2026-12-10");
  const auto problems = assigned_problems(a, load_problem_set(c.problems).problems);
  BOOST_REQUIRE(problems.size() == 2u);
  BOOST_TEST(problems[0].id == "lecture02/c");
  BOOST_TEST(problems[0].points == 2.5);
  BOOST_TEST(problems[1].id == "lecture01/a");
  BOOST_TEST(problems[1].points == 1.0);
}

BOOST_AUTO_TEST_CASE(a_list_of_ids_keeps_the_specs_points) {
  Course c;
  const Assignment a = c.load("hw2", "title: T\nproblems: [lecture01/b, lecture01/a]\n");
  BOOST_REQUIRE(a.problems.size() == 2u);
  BOOST_TEST(a.problems[0].id == "lecture01/b");
  BOOST_TEST(a.problems[0].points == 1.0);
}

BOOST_AUTO_TEST_CASE(every_fault_is_named_at_its_line_and_column) {
  Course c;
  BOOST_TEST(c.error("title: T\nproblems:\n  lecture02/cc: 1\n") ==
             "3:3: no problem 'lecture02/cc'; did you mean 'lecture02/c'?");
  BOOST_TEST(c.error("title: T\nproblems:\n  lecture02/broken: 1\n")
                     .find("3:3: problem 'lecture02/broken' has a spec that does not load (") == 0,
             c.error("title: T\nproblems:\n  lecture02/broken: 1\n"));
  BOOST_TEST(c.error("title: T\nproblems:\n  lecture01/a: 1\n  lecture01/a: 2\n") ==
             "4:3: 'lecture01/a' is listed twice (first at line 3)");
  BOOST_TEST(c.error("title: T\nproblems:\n  lecture01/a: -1\n") ==
             "3:16: the points of 'lecture01/a' must be a number > 0, not '-1'");
  BOOST_TEST(c.error("title: T\nproblems:\n  lecture01/a: two\n") ==
             "3:16: the points of 'lecture01/a' must be a number > 0, not 'two'");
  BOOST_TEST(c.error("title: T\ndue: next friday\nproblems: [lecture01/a]\n") ==
             "2:6: due: 'next friday' is not a date: write 2026-12-10 or 2026-12-10T23:59Z (UTC)");
  BOOST_TEST(c.error("title: T\npoints: 3\nproblems: [lecture01/a]\n") ==
             "2:1: unknown key 'points': an assignment has title, due and problems");
  BOOST_TEST(c.error("problems: [lecture01/a]\n") == "0:0: the assignment has no title");
  BOOST_TEST(c.error("title: T\n") ==
             "0:0: the assignment has no problems: list them under problems:");
  BOOST_TEST(c.error("title: [T\n").find("invalid YAML") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_assignment_names_the_known_ones) {
  Course c;
  c.load("hw1", "title: T\nproblems: [lecture01/a]\n");
  try {
    find_assignment("hw9", c.problems);
    BOOST_FAIL("no error");
  } catch (const SpecError& e) {
    BOOST_TEST(e.message() == "no assignment 'hw9': the assignments are hw1");
  }
  // A path to a file is taken as it is.
  BOOST_TEST(find_assignment((c.assignments / "hw1.yaml").string(), c.problems) ==
             c.assignments / "hw1.yaml");
}
