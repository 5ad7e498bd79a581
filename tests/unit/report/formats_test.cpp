#define BOOST_TEST_MODULE report_formats
#include "grader/report/formats.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace grader;
using check::Verdict;
using report::SubmissionReport;

namespace {

check::CheckResult result(const std::string& id, Verdict verdict, double score, double max,
                          const std::string& message, const std::string& feedback = "",
                          const std::string& diagnostic = "") {
  check::CheckResult r;
  r.problem_id = id;
  r.verdict = verdict;
  r.score = score;
  r.max_score = max;
  r.message = message;
  r.feedback = feedback;
  r.diagnostic = diagnostic;
  return r;
}

SubmissionReport make_report(const std::string& student, std::uint64_t seed,
                             std::vector<check::CheckResult> problems) {
  SubmissionReport r;
  r.student = student;
  r.file = student + ".yaml";
  r.seed = seed;
  r.problems = std::move(problems);
  return r;
}

// alice: one of each interesting verdict.
SubmissionReport alice() {
  return make_report(
      "alice", 42,
      {result("lecture01/xax", Verdict::pass, 1, 1, "right on 5 random points"),
       result("lecture01/inv", Verdict::fail, 0, 2,
              "wrong: at random point 1 of 5, differs by a relative 0.5\nreproduce with --seed 42",
              "Products do not commute."),
       result("lecture02/det", Verdict::invalid, 0, 1, "syntax: unexpected ')'", "",
              "1 | X*)\n  |   ^ here"),
       result("lecture02/tr", Verdict::missing, 0, 1, "not answered")});
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(junit_golden) {
  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"grader\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" "
      "time=\"0\">\n"
      "  <testsuite name=\"alice\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" "
      "time=\"0\">\n"
      "    <testcase name=\"lecture01/xax [1/1]\" classname=\"alice\" time=\"0\"/>\n"
      "    <testcase name=\"lecture01/inv [0/2]\" classname=\"alice\" time=\"0\">\n"
      "      <failure message=\"wrong: at random point 1 of 5, differs by a relative 0.5\" "
      "type=\"fail\">wrong: at random point 1 of 5, differs by a relative 0.5\n"
      "reproduce with --seed 42\nhint: Products do not commute.</failure>\n"
      "    </testcase>\n"
      "    <testcase name=\"lecture02/det [0/1]\" classname=\"alice\" time=\"0\">\n"
      "      <error message=\"syntax: unexpected &apos;)&apos;\" type=\"invalid\">syntax: "
      "unexpected &apos;)&apos;\n1 | X*)\n  |   ^ here</error>\n"
      "    </testcase>\n"
      "    <testcase name=\"lecture02/tr [0/1]\" classname=\"alice\" time=\"0\">\n"
      "      <skipped message=\"not answered\"/>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "</testsuites>\n";
  BOOST_TEST(report::to_junit({alice()}) == expected);
}

BOOST_AUTO_TEST_CASE(junit_escapes_hostile_text_and_drops_illegal_characters) {
  const std::string hostile = "<script>&\"'";
  const auto r = make_report(
      hostile, 1,
      {result("p/" + hostile, Verdict::error, 0, 1, "bad \x01 byte " + hostile + "\ttab", hostile,
              std::string("caf\xC3\xA9 \xFF end"))});
  const std::string xml = report::to_junit({r});
  BOOST_TEST(xml.find("<script") == std::string::npos);
  BOOST_TEST(xml.find('\x01') == std::string::npos);
  BOOST_TEST(xml.find('\xFF') == std::string::npos);
  const std::string escaped = "&lt;script&gt;&amp;&quot;&apos;";
  BOOST_TEST(xml.find("<testsuite name=\"" + escaped + "\"") != std::string::npos, xml);
  BOOST_TEST(xml.find("classname=\"" + escaped + "\"") != std::string::npos);
  BOOST_TEST(xml.find("<testcase name=\"p/" + escaped + " [0/1]\"") != std::string::npos);
  // In the attribute the tab is a character reference; in the text it stays a tab.
  BOOST_TEST(xml.find("<error message=\"bad  byte " + escaped + "&#9;tab\" type=\"error\">") !=
                 std::string::npos,
             xml);
  BOOST_TEST(xml.find(">bad  byte " + escaped + "\ttab\nhint: " + escaped +
                      "\ncaf\xC3\xA9 \xEF\xBF\xBD end</error>") != std::string::npos,
             xml);
  // Every quote and apostrophe that remains delimits an attribute.
  BOOST_TEST(count(xml, "'") == 0u);
}

BOOST_AUTO_TEST_CASE(junit_counts_per_suite_and_in_total) {
  const auto bob = make_report(
      "bob", 7,
      {result("a", Verdict::pass, 1, 1, "ok"), result("b", Verdict::error, 0, 1, "spec fault"),
       result("c", Verdict::fail, 0, 1, "wrong"), result("d", Verdict::invalid, 0, 1, "shape")});
  const auto carol = make_report("carol", 7, {result("a", Verdict::pass, 1, 1, "ok")});
  const std::string xml = report::to_junit({alice(), bob, carol});
  BOOST_TEST(xml.find("<testsuites name=\"grader\" tests=\"9\" failures=\"2\" errors=\"3\" "
                      "skipped=\"1\" time=\"0\">") != std::string::npos,
             xml);
  BOOST_TEST(xml.find("<testsuite name=\"bob\" tests=\"4\" failures=\"1\" errors=\"2\" "
                      "skipped=\"0\"") != std::string::npos);
  BOOST_TEST(xml.find("<testsuite name=\"carol\" tests=\"1\" failures=\"0\" errors=\"0\" "
                      "skipped=\"0\"") != std::string::npos);
  BOOST_TEST(count(xml, "<testsuite ") == 3u);
  BOOST_TEST(count(xml, "<testcase ") == 9u);
  BOOST_TEST(count(xml, "<failure ") == 2u);
  BOOST_TEST(count(xml, "<error ") == 3u);
  BOOST_TEST(count(xml, "<skipped ") == 1u);  // alice's missing answer
  BOOST_TEST(report::to_junit({}) ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"grader\" tests=\"0\" "
             "failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n</testsuites>\n");
}

BOOST_AUTO_TEST_CASE(gradescope_results_parse_back_with_every_field) {
  auto r = alice();
  r.problems[1].score = 0.5;  // partial credit must stay fractional
  const auto j = nlohmann::json::parse(report::to_gradescope(r));
  BOOST_TEST(j["score"].get<double>() == 1.5);
  BOOST_TEST(j["output"].get<std::string>() == "score 1.5/5, seed 42");
  BOOST_TEST(j["output_format"].get<std::string>() == "md");
  BOOST_TEST(j["visibility"].get<std::string>() == "visible");
  BOOST_TEST(!j.contains("max_score"));
  BOOST_TEST_REQUIRE(j["tests"].size() == 4u);
  double sum = 0;
  for (const auto& t : j["tests"]) {
    for (const char* field : {"name", "number", "score", "max_score", "status", "output",
                              "output_format", "tags", "visibility"}) {
      BOOST_TEST(t.contains(field), field);
    }
    BOOST_TEST(t["output_format"].get<std::string>() == "md");
    BOOST_TEST(t["visibility"].get<std::string>() == "visible");
    sum += t["score"].get<double>();
  }
  BOOST_TEST(sum == j["score"].get<double>());
  const auto& inv = j["tests"][1];
  BOOST_TEST(inv["name"].get<std::string>() == "lecture01/inv");
  BOOST_TEST(inv["number"].get<std::string>() == "2");
  BOOST_TEST(inv["score"].get<double>() == 0.5);
  BOOST_TEST(inv["max_score"].get<double>() == 2.0);
  BOOST_TEST(inv["status"].get<std::string>() == "failed");
  BOOST_TEST(inv["tags"] == nlohmann::json::array({"lecture-1"}));
  BOOST_TEST(inv["output"].get<std::string>() ==
             "wrong: at random point 1 of 5, differs by a relative 0.5  \nreproduce with --seed "
             "42\n\n**Hint:** Products do not commute.\n");
  BOOST_TEST(j["tests"][0]["status"].get<std::string>() == "passed");
  BOOST_TEST(j["tests"][0]["number"].get<std::string>() == "1");
  BOOST_TEST(j["tests"][2]["tags"] == nlohmann::json::array({"lecture-2"}));
  BOOST_TEST(j["tests"][2]["output"].get<std::string>() ==
             "syntax: unexpected ')'\n\n```\n1 | X*)\n  |   ^ here\n```\n");
  BOOST_TEST(j["tests"][3]["status"].get<std::string>() == "failed");
  // The raw text keeps 0.5 as 0.5, not 0 or 1.
  BOOST_TEST(report::to_gradescope(r).find("\"score\": 0.5,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gradescope_tags_come_from_a_lecture_prefix_only) {
  const auto r = make_report(
      "x", 1,
      {result("lecture12/a", Verdict::pass, 1, 1, ""),
       result("lecture007/b", Verdict::pass, 1, 1, ""),
       result("lecture00/c", Verdict::pass, 1, 1, ""), result("misc/d", Verdict::pass, 1, 1, ""),
       result("lecture/e", Verdict::pass, 1, 1, ""), result("lecture3", Verdict::pass, 1, 1, "")});
  const auto j = nlohmann::json::parse(report::to_gradescope(r));
  BOOST_TEST(j["tests"][0]["tags"] == nlohmann::json::array({"lecture-12"}));
  BOOST_TEST(j["tests"][1]["tags"] == nlohmann::json::array({"lecture-7"}));
  BOOST_TEST(j["tests"][2]["tags"] == nlohmann::json::array({"lecture-0"}));
  for (int i = 3; i < 6; ++i) BOOST_TEST(j["tests"][i]["tags"] == nlohmann::json::array());
}

BOOST_AUTO_TEST_CASE(gradescope_survives_bytes_that_are_not_utf8) {
  const auto r = make_report("x", 1, {result("a", Verdict::fail, 0, 1, "bad \xFF byte")});
  const auto j = nlohmann::json::parse(report::to_gradescope(r));
  BOOST_TEST(j["tests"][0]["output"].get<std::string>() == "bad \xEF\xBF\xBD byte\n");
}

BOOST_AUTO_TEST_CASE(grades_csv_golden_with_quoting_and_empty_cells) {
  const auto odd = make_report("a,\"b\"", 3,
                               {result("lecture01/inv", Verdict::pass, 0.5, 2, ""),
                                result("extra", Verdict::pass, 1, 1, "")});
  const std::string expected =
      "student,total,max,lecture01/xax,lecture01/inv,\"odd,id\",status,lecture01/xax status,"
      "lecture01/inv status,\"odd,id status\",unknown answers\n"
      "alice,1,5,1,0,,graded,pass,fail,,\n"
      "\"a,\"\"b\"\"\",1.5,3,,0.5,,graded,,pass,,\n"
      "\"multi\nline\",0,0,,,,graded,,,,\n";
  BOOST_TEST(report::to_grades_csv({alice(), odd, make_report("multi\nline", 1, {})},
                                   {"lecture01/xax", "lecture01/inv", "odd,id"}) == expected);
}

BOOST_AUTO_TEST_CASE(markdown_golden) {
  const std::string expected =
      "# alice\n"
      "\n"
      "Score: **1/5**\n"
      "\n"
      "Seed: 42 (reproduce with `grader check --seed 42`)\n"
      "\n"
      "| Problem | Verdict | Points |\n"
      "|---|---|---|\n"
      "| lecture01/xax | pass | 1/1 |\n"
      "| lecture01/inv | fail | 0/2 |\n"
      "| lecture02/det | invalid | 0/1 |\n"
      "| lecture02/tr | missing | 0/1 |\n"
      "\n"
      "## lecture01/inv: fail\n"
      "\n"
      "wrong: at random point 1 of 5, differs by a relative 0.5  \n"
      "reproduce with --seed 42\n"
      "\n"
      "**Hint:** Products do not commute.\n"
      "\n"
      "## lecture02/det: invalid\n"
      "\n"
      "syntax: unexpected ')'\n"
      "\n"
      "```\n"
      "1 | X*)\n"
      "  |   ^ here\n"
      "```\n";
  BOOST_TEST(report::to_markdown(alice()) == expected);
}

BOOST_AUTO_TEST_CASE(markdown_escapes_markup_and_fences_cannot_be_closed) {
  const auto r =
      make_report("# <b>eve</b>", 1,
                  {result("a|b", Verdict::fail, 0, 1, "X*A*X is not X_A", "", "```\nevil\n```")});
  const std::string md = report::to_markdown(r);
  BOOST_TEST(md.find("# \\# \\<b\\>eve\\</b\\>\n") == 0u, md);
  BOOST_TEST(md.find("| a\\|b | fail | 0/1 |\n") != std::string::npos, md);
  BOOST_TEST(md.find("X\\*A\\*X is not X\\_A\n") != std::string::npos, md);
  BOOST_TEST(md.find("\n````\n```\nevil\n```\n````\n") != std::string::npos, md);
}

// The class context of a summary with nothing but its problems.
report::ClassInfo ids_only(const std::vector<std::string>& ids) {
  report::ClassInfo info;
  info.problem_ids = ids;
  return info;
}

BOOST_AUTO_TEST_CASE(summary_golden_groups_wrong_answers) {
  const auto student = [](const std::string& name, Verdict v, const std::string& answer,
                          const std::string& message, const std::string& feedback = "") {
    auto r = make_report(name, 9,
                         {result("p1", v, v == Verdict::pass ? 1 : 0, 1, message, feedback),
                          result("p2", Verdict::pass, 2, 2, "ok")});
    r.problems[0].answer = answer;
    return r;
  };
  const std::vector<SubmissionReport> reports = {
      student("s1", Verdict::fail, "2*X", "wrong: relative 1.5e-3"),
      student("s2", Verdict::fail, "2*X", "wrong: relative 1.5e-3"),
      student("s3", Verdict::fail, "X*A", "wrong: at point 2", "Products do not commute."),
      student("s4", Verdict::fail, "X*A", "wrong: at point 2", "Products do not commute."),
      student("s5", Verdict::invalid, "X*)", "syntax: unexpected ')' at column 12"),
      student("s6", Verdict::error, "X", "internal: x2 undefined"),
      student("s7", Verdict::fail, "3*X", "wrong:\n  at .5 and 0.25"),
      student("s8", Verdict::pass, "X", "ok"),
      student("s9", Verdict::missing, "", "not answered"),
      make_report("s10", 9, {}),
  };
  // Grouped by what was written and what it was told, verbatim: no digit is altered.
  const std::string expected =
      "# Summary\n"
      "\n"
      "Students: 10\n"
      "\n"
      "Mean score: 1.9/2.7\n"
      "\n"
      "| Problem | passed | failed | invalid | missing | error |\n"
      "|---|---|---|---|---|---|\n"
      "| p1 | 1 | 5 | 1 | 2 | 1 |\n"
      "| p2 | 9 | 0 | 0 | 1 | 0 |\n"
      "\n"
      "## Most common wrong answers\n"
      "\n"
      "### p1\n"
      "\n"
      "- 2 × `2*X`: wrong: relative 1.5e-3\n"
      "- 2 × `X*A`: Products do not commute.\n"
      "- 1 × `3*X`: wrong:\n"
      "- 1 × `X`: internal: x2 undefined\n"
      "- 1 × `X*)`: syntax: unexpected ')' at column 12\n";
  BOOST_TEST(report::to_summary_markdown(reports, ids_only({"p1", "p2"})) == expected);
}

// A wrong choice answer with no mistake's feedback is told the hint on the option it
// misjudged: the summary shows that hint, not the bare message.
BOOST_AUTO_TEST_CASE(summary_tells_a_choice_answer_its_option_hint) {
  auto r = make_report("s1", 9, {result("p1", Verdict::fail, 0, 1, "not the right option")});
  r.problems[0].answer = "a";
  r.problems[0].option_feedback = {{"a", "Only near x: 2 terms, not 3."}};
  const std::string md = report::to_summary_markdown({r}, ids_only({"p1"}));
  BOOST_TEST(md.find("- 1 × `a`: option a: Only near x: 2 terms, not 3.\n") != std::string::npos,
             md);
}

BOOST_AUTO_TEST_CASE(summary_without_students_or_diagnoses) {
  BOOST_TEST(report::to_summary_markdown({}, ids_only({"p1"})) ==
             "# Summary\n\nStudents: 0\n\n| Problem | passed | failed | invalid | missing | error "
             "|\n|---|---|---|---|---|---|\n| p1 | 0 | 0 | 0 | 0 | 0 |\n\n## Most common "
             "wrong answers\n\nNone: every answer passed or was missing.\n");
}

BOOST_AUTO_TEST_CASE(outputs_are_byte_identical_across_calls) {
  const std::vector<SubmissionReport> reports = {alice(), make_report("b", 2, {})};
  const std::vector<std::string> ids = {"lecture01/xax", "lecture02/tr"};
  BOOST_TEST(report::to_junit(reports) == report::to_junit(reports));
  BOOST_TEST(report::to_gradescope(alice()) == report::to_gradescope(alice()));
  BOOST_TEST(report::to_grades_csv(reports, ids) == report::to_grades_csv(reports, ids));
  BOOST_TEST(report::to_markdown(alice()) == report::to_markdown(alice()));
  BOOST_TEST(report::to_summary_markdown(reports, ids_only(ids)) ==
             report::to_summary_markdown(reports, ids_only(ids)));
}

// Issue 17: an answer written in another notation shows its canonical reading, first, in
// every format; an answer written canonically (read_as empty) shows none (the goldens above).
BOOST_AUTO_TEST_CASE(the_reading_of_an_answer_is_in_every_format) {
  SubmissionReport r = alice();
  r.problems[0].read_as = "dX*A*X + X*A*dX";    // a pass
  r.problems[1].read_as = "-inv(A)*dA*inv(A)";  // a failure
  const std::string xml = report::to_junit({r});
  BOOST_TEST(xml.find("type=\"fail\">read as: -inv(A)*dA*inv(A)\nwrong: at random point 1") !=
                 std::string::npos,
             xml);
  // JUnit has no text for a pass.
  BOOST_TEST(count(xml, "read as:") == 1u, xml);

  const auto j = nlohmann::json::parse(report::to_gradescope(r));
  BOOST_TEST(j["tests"][0]["output"].get<std::string>() ==
             "**Read as:** `dX*A*X + X*A*dX`\n\nright on 5 random points\n");
  BOOST_TEST(j["tests"][1]["output"].get<std::string>().starts_with(
                 "**Read as:** `-inv(A)*dA*inv(A)`\n\nwrong: at random point 1 of 5"),
             j["tests"][1]["output"].get<std::string>());
  BOOST_TEST(j["tests"][2]["output"].get<std::string>().find("Read as") == std::string::npos);

  const std::string md = report::to_markdown(r);
  // A pass gets a section of its own only to say how it was read.
  BOOST_TEST(md.find("\n## lecture01/xax: pass\n\n**Read as:** `dX*A*X + X*A*dX`\n\nright on 5 "
                     "random points\n\n## lecture01/inv: fail\n\n**Read as:** "
                     "`-inv(A)*dA*inv(A)`\n\nwrong: at random point 1") != std::string::npos,
             md);
  BOOST_TEST(count(md, "**Read as:**") == 2u, md);
}

BOOST_AUTO_TEST_CASE(a_reading_with_backticks_cannot_close_its_code_span) {
  SubmissionReport r = alice();
  r.problems[1].read_as = "`a`` b`";
  const auto j = nlohmann::json::parse(report::to_gradescope(r));
  BOOST_TEST(
      j["tests"][1]["output"].get<std::string>().starts_with("**Read as:** ``` `a`` b` ```\n"),
      j["tests"][1]["output"].get<std::string>());
}
