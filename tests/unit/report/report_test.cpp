#define BOOST_TEST_MODULE report_report
#include "grader/report/report.hpp"

#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>
#include <vector>

#include "grader/core/error.hpp"
#include "grader/spec/diagnosis.hpp"

using namespace grader;
using check::Verdict;

namespace {

report::SubmissionReport sample_report() {
  report::SubmissionReport r;
  r.student = "zoë";
  r.file = "class/zoë/answers.yaml";
  r.seed = 18446744073709551615ULL;  // the largest seed survives
  check::CheckResult pass;
  pass.problem_id = "lecture01/xax";
  pass.verdict = Verdict::pass;
  pass.score = 1;
  pass.max_score = 1;
  pass.message = "correct";
  pass.max_rel_error = 1.2345678901234567e-48;
  pass.oracle = "reference";
  pass.trials = 5;
  pass.seed = r.seed;
  pass.condition = 123.456789;
  pass.eigen_gap = 0.0123;
  check::CheckResult fail = pass;
  fail.problem_id = "lecture02/cube";
  fail.verdict = Verdict::fail;
  fail.score = 0;
  fail.max_score = 2.5;
  fail.message = "wrong \"quoted\"\nsecond line";
  fail.feedback = "Products do not commute.";
  fail.diagnosis = spec::DiagnosisKey::nonlinear;
  fail.also = {spec::DiagnosisKey::extra_term};
  fail.diagnostic = "1 | X*)\n  |   ^";
  fail.max_rel_error = std::numeric_limits<double>::infinity();
  fail.trials = 1;
  fail.eigen_gap = 0;
  r.problems = {pass, fail};
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_report_reads_back_and_renders_byte_identically) {
  const std::string json = report::to_json(sample_report());
  const report::SubmissionReport back = report::from_json(json);
  BOOST_TEST(report::to_json(back) == json);
  BOOST_TEST(back.student == "zoë");
  BOOST_TEST(back.file == "class/zoë/answers.yaml");
  BOOST_TEST(back.seed == 18446744073709551615ULL);
  BOOST_REQUIRE(back.problems.size() == 2u);
  BOOST_TEST(back.problems[0].max_rel_error == 1.2345678901234567e-48);
  BOOST_TEST(back.problems[0].condition == 123.456789);
  BOOST_TEST(back.problems[0].eigen_gap == 0.0123);
  BOOST_TEST(to_string(back.problems[1].verdict) == "fail");
  BOOST_TEST(back.problems[1].max_score == 2.5);
  BOOST_TEST(back.problems[1].message == "wrong \"quoted\"\nsecond line");
  BOOST_TEST(back.problems[1].feedback == "Products do not commute.");
  BOOST_TEST(json.find(R"("diagnosis": "nonlinear",)") != std::string::npos, json);
  BOOST_TEST(json.find(R"("also": [)") != std::string::npos, json);
  BOOST_TEST(
      (back.problems[1].also == std::vector<spec::DiagnosisKey>{spec::DiagnosisKey::extra_term}));
  BOOST_TEST(back.problems[1].max_rel_error == -1.0);  // Inf is written as null
  BOOST_TEST(back.score() == 1.0);
  BOOST_TEST(back.max_score() == 3.5);
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_are_replaced_once_and_then_stable) {
  report::SubmissionReport r = sample_report();
  r.problems[1].message = "quoted: \xff\xfe end";
  const std::string json = report::to_json(r);
  BOOST_TEST(json.find("quoted: \xef\xbf\xbd\xef\xbf\xbd end") != std::string::npos);
  BOOST_TEST(report::to_json(report::from_json(json)) == json);
}

BOOST_AUTO_TEST_CASE(text_that_is_not_a_report_is_an_input_error_saying_so) {
  for (const char* text : {"", "{", "[]", R"({"student": "a"})",
                           R"({"student": "a", "seed": 1, "problems": [{"id": "x"}]})",
                           R"({"student": "a", "seed": 1, "problems": [{"id": "x", "verdict":
                           "maybe", "score": 0, "max_score": 1, "message": "", "max_rel_error":
                           null, "oracle": "", "trials": 0, "seed": 1}]})"}) {
    BOOST_TEST_CONTEXT(text) {
      try {
        report::from_json(text);
        BOOST_TEST(false, "no error");
      } catch (const InputError& e) {
        const std::string what = e.what();
        BOOST_TEST(
            (what.find("not a report written by grader") == 0 || what == "unknown verdict 'maybe'"),
            what);
      }
    }
  }
}

// Worst entries print with 10 significant digits, or as many more as it takes for two
// different values to print differently (up to 17, where every double is distinct).
BOOST_AUTO_TEST_CASE(worst_entries_print_enough_digits_to_differ) {
  using P = std::pair<std::string, std::string>;
  BOOST_TEST((report::entry_values({0, 0, 2.5, -1.25}) == P{"2.5", "-1.25"}));
  BOOST_TEST((report::entry_values({0, 0, 2.0, 2.0 * (1 + 1e-12)}) == P{"2", "2.000000000002"}));
  BOOST_TEST((report::entry_values({0, 0, 1.0, 1.0 + 2e-16}) == P{"1", "1.0000000000000002"}));
  BOOST_TEST((report::entry_values({0, 0, 0.1, 0.1}) == P{"0.1", "0.1"}));
}

// Issue 17: an answer written in another notation shows its canonical reading first.
BOOST_AUTO_TEST_CASE(the_reading_of_an_answer_is_in_json_only_when_there_is_one) {
  report::SubmissionReport r = sample_report();
  r.problems[1].read_as = "dX*B*X' + X*B*dX'";
  const std::string json = report::to_json(r);
  BOOST_TEST(json.find("\"message\": \"wrong \\\"quoted\\\"\\nsecond line\",\n      \"read_as\": "
                       "\"dX*B*X' + X*B*dX'\",") != std::string::npos,
             json);
  // The pass was written canonically: no field.
  BOOST_TEST(json.find("\"read_as\"") == json.rfind("\"read_as\""), json);
  const report::SubmissionReport back = report::from_json(json);
  BOOST_TEST(back.problems[0].read_as.empty());
  BOOST_TEST(back.problems[1].read_as == "dX*B*X' + X*B*dX'");
  BOOST_TEST(report::to_json(back) == json);  // merge and --resume keep it
  BOOST_TEST(report::to_json(sample_report()).find("read_as") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_reading_of_an_answer_follows_the_verdict_line_in_text) {
  check::CheckResult r = sample_report().problems[1];
  r.read_as = "inv(A)'";
  BOOST_TEST(report::to_text(r) ==
             "lecture02/cube: fail (0/2.5)\n"
             "  read as: inv(A)'\n"
             "  wrong \"quoted\"\n"
             "  second line\n"
             "  hint: Products do not commute.\n"
             "  1 | X*)\n"
             "    |   ^\n");
  r.read_as.clear();
  BOOST_TEST(report::to_text(r).find("read as") == std::string::npos);
}

namespace {

check::CheckResult simple(const std::string& id, Verdict verdict, double score = 0) {
  check::CheckResult r;
  r.problem_id = id;
  r.verdict = verdict;
  r.score = score;
  r.max_score = 1;
  r.message = verdict == Verdict::missing ? "not answered" : "checked";
  return r;
}

}  // namespace

// A pass shows its reading under its row; a failure with its explanation, once.
BOOST_AUTO_TEST_CASE(a_submission_in_text_shows_each_reading_once) {
  report::SubmissionReport r;
  r.student = "ann";
  r.file = "ann.yaml";
  r.seed = 5;
  r.problems = {simple("lecture01/xax", Verdict::pass, 1), simple("lecture02/cube", Verdict::fail)};
  r.problems[0].read_as = "dX*A*X + X*A*dX";
  r.problems[1].read_as = "3*A^2*dA";
  BOOST_TEST(report::to_text(r) ==
             "ann (ann.yaml), seed 5\n"
             "  PASS     lecture01/xax   1/1\n"
             "           read as: dX*A*X + X*A*dX\n"
             "  FAIL     lecture02/cube  0/1\n"
             "\n"
             "lecture02/cube: fail (0/1)\n"
             "  read as: 3*A^2*dA\n"
             "  checked\n"
             "\n"
             "score 1/2\n");
}

// Issue 17: 47 unanswered problems are one folded line of ids, not 47 rows.
BOOST_AUTO_TEST_CASE(unanswered_problems_are_one_folded_line_unless_each_is_asked_for) {
  report::SubmissionReport r;
  r.student = "bo";
  r.file = "bo.yaml";
  r.seed = 1;
  r.problems = {simple("lecture01/xax", Verdict::pass, 1)};
  for (const char* id :
       {"lecture02/cube", "lecture02/inverse", "lecture02/linear-map", "lecture03/axb-jacobian",
        "lecture03/a-rather-long-problem-id-for-wrapping"})
    r.problems.push_back(simple(id, Verdict::missing));
  BOOST_TEST(report::to_text(r) ==
             "bo (bo.yaml), seed 1\n"
             "  PASS     lecture01/xax  1/1\n"
             "  5 unanswered: lecture02/cube, lecture02/inverse, lecture02/linear-map,\n"
             "    lecture03/axb-jacobian, lecture03/a-rather-long-problem-id-for-wrapping\n"
             "\n"
             "score 1/6\n");
  // A narrow width folds after every id; an id longer than the width still gets its line.
  BOOST_TEST(report::to_text(r, {.width = 20})
                 .find("  5 unanswered: lecture02/cube,\n"
                       "    lecture02/inverse,\n") != std::string::npos);
  BOOST_TEST(report::to_text(r, {.each_missing = true}) ==
             "bo (bo.yaml), seed 1\n"
             "  PASS     lecture01/xax                                    1/1\n"
             "  MISSING  lecture02/cube                                   0/1\n"
             "  MISSING  lecture02/inverse                                0/1\n"
             "  MISSING  lecture02/linear-map                             0/1\n"
             "  MISSING  lecture03/axb-jacobian                           0/1\n"
             "  MISSING  lecture03/a-rather-long-problem-id-for-wrapping  0/1\n"
             "\n"
             "score 1/6\n");
}

BOOST_AUTO_TEST_CASE(option_feedback_is_a_json_object_and_a_line_per_option_in_text) {
  check::CheckResult r;
  r.problem_id = "t/c";
  r.verdict = Verdict::fail;
  r.max_score = 1;
  r.message = "not the right set of options";
  r.oracle = "choice";
  r.trials = 1;
  r.option_feedback = {{"b", "What is F(2X)?"}, {"d", "What is F(0)?\n"}};
  const std::string json = report::to_json(r);
  BOOST_TEST(json.find("\"option_feedback\": {\n    \"b\": \"What is F(2X)?\",\n    \"d\": "
                       "\"What is F(0)?\\n\"\n  }") != std::string::npos,
             json);
  report::SubmissionReport rep;
  rep.student = "s";
  rep.problems = {r};
  const auto back = report::from_json(report::to_json(rep));
  BOOST_TEST((back.problems[0].option_feedback == r.option_feedback));
  BOOST_TEST(report::to_text(r) ==
             "t/c: fail (0/1)\n"
             "  not the right set of options\n"
             "  option b: What is F(2X)?\n"
             "  option d: What is F(0)?\n");
}

BOOST_AUTO_TEST_CASE(a_mean_is_rounded_to_hundredths_without_trailing_zeros) {
  // 2389.25 / 78 points: summary.md and summary.html print the same figure.
  BOOST_TEST(report::format_mean(30.6185897436) == "30.62");
  BOOST_TEST(report::format_mean(1.9) == "1.9");
  BOOST_TEST(report::format_mean(74) == "74");
  BOOST_TEST(report::format_mean(0.005) == "0.01");
  BOOST_TEST(report::format_mean(2.0 / 3.0) == "0.67");
}
