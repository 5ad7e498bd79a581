#define BOOST_TEST_MODULE report_analytics
#include "grader/report/analytics.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grader/report/html_summary.hpp"
#include "grader/report/svg_charts.hpp"
#include "grader/spec/diagnosis.hpp"

using namespace grader;
using check::Verdict;
using report::SubmissionReport;

namespace {

check::CheckResult result(const std::string& id, Verdict verdict, const std::string& answer,
                          const std::string& computes = "",
                          std::optional<spec::DiagnosisKey> diagnosis = std::nullopt) {
  check::CheckResult r;
  r.problem_id = id;
  r.verdict = verdict;
  r.max_score = 1;
  r.score = verdict == Verdict::pass ? 1 : 0;
  r.answer = answer;
  r.computes = computes;
  r.diagnosis = diagnosis;
  return r;
}

SubmissionReport student(const std::string& id, std::vector<check::CheckResult> problems) {
  SubmissionReport r;
  r.student = id;
  r.problems = std::move(problems);
  return r;
}

const std::vector<std::pair<std::string, double>> kProblems = {{"p1", 1}, {"p2", 1}};

// Six students: on p1, "2*X" and "X*2" compute the same (one group, two spellings), "X'" is
// another, one invalid answer, one pass, one missing.
std::vector<SubmissionReport> klass() {
  using spec::DiagnosisKey;
  return {
      student("a", {result("p1", Verdict::fail, "2*X", "c1", DiagnosisKey::factor),
                    result("p2", Verdict::pass, "A")}),
      student("b", {result("p1", Verdict::fail, "X*2", "c1", DiagnosisKey::factor),
                    result("p2", Verdict::pass, "A")}),
      student("c", {result("p1", Verdict::fail, "2*X", "c1", DiagnosisKey::factor),
                    result("p2", Verdict::fail, "B", "c9")}),
      student("d", {result("p1", Verdict::fail, "X'", "c2", DiagnosisKey::transpose),
                    result("p2", Verdict::missing, "")}),
      student("e", {result("p1", Verdict::invalid, "X +"), result("p2", Verdict::pass, "A")}),
      student("f", {result("p1", Verdict::pass, "X"), result("p2", Verdict::pass, "A")}),
  };
}

std::size_t count_of(const report::DiagnosisCounts& counts, const std::string& name) {
  for (const auto& [n, c] : counts) {
    if (n == name) return c;
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(groups_by_what_answers_compute_with_the_most_frequent_spelling) {
  const auto a = report::class_analytics(klass(), kProblems);
  const auto& p1 = a.problems.at(0);
  BOOST_TEST(p1.passed == 1u);
  BOOST_TEST(p1.failed == 4u);
  BOOST_TEST(p1.invalid == 1u);
  BOOST_REQUIRE_EQUAL(p1.groups.size(), 3u);
  BOOST_TEST(p1.groups[0].answer == "2*X");  // 2 of its 3, the other spelling once
  BOOST_TEST(p1.groups[0].count == 3u);
  BOOST_TEST(p1.groups[0].spellings == 2u);
  BOOST_TEST(count_of(p1.groups[0].diagnoses, "factor") == 3u);
  // Ties of count: by spelling.
  BOOST_TEST(p1.groups[1].answer == "X +");
  BOOST_TEST(p1.groups[1].verdict == "invalid");
  BOOST_TEST(p1.groups[2].answer == "X'");
  BOOST_TEST(count_of(p1.diagnoses, "transpose") == 1u);
  BOOST_TEST(count_of(p1.diagnoses, "none") == 1u);
}

BOOST_AUTO_TEST_CASE(a_tie_between_spellings_is_broken_by_the_text) {
  const std::vector<SubmissionReport> reports = {
      student("a", {result("p1", Verdict::fail, "X*2", "c1")}),
      student("b", {result("p1", Verdict::fail, "2*X", "c1")})};
  const auto a = report::class_analytics(reports, {{"p1", 1}});
  BOOST_TEST(a.problems[0].groups.at(0).answer == "2*X");
}

BOOST_AUTO_TEST_CASE(counts_add_up_to_the_verdict_counts) {
  const auto a = report::class_analytics(klass(), kProblems);
  std::size_t class_wrong = 0;
  for (const auto& p : a.problems) {
    std::size_t in_groups = 0, diagnosed = 0;
    for (const auto& g : p.groups) {
      in_groups += g.count;
      std::size_t by_diagnosis = 0;
      for (const auto& [name, n] : g.diagnoses) by_diagnosis += n;
      BOOST_TEST(by_diagnosis == g.count);
    }
    for (const auto& [name, n] : p.diagnoses) diagnosed += n;
    BOOST_TEST(in_groups == p.wrong());
    BOOST_TEST(diagnosed == p.wrong());
    BOOST_TEST(p.passed + p.wrong() + p.missing == 6u);
    class_wrong += p.wrong();
  }
  std::size_t class_diagnosed = 0;
  for (const auto& [name, n] : a.diagnoses) class_diagnosed += n;
  BOOST_TEST(class_diagnosed == class_wrong);
  // Every key of the table is counted for the class, then "none".
  BOOST_TEST(a.diagnoses.size() == std::size(spec::kDiagnoses) + 1);
  BOOST_TEST(a.diagnoses.back().first == "none");
}

BOOST_AUTO_TEST_CASE(the_histogram_bins_scores_by_tenths_of_the_maximum) {
  const auto a = report::class_analytics(klass(), kProblems);
  // Scores of 2: a 1, b 1, c 0, d 0, e 1, f 2.
  BOOST_TEST(a.histogram[0] == 2u);
  BOOST_TEST(a.histogram[5] == 3u);
  BOOST_TEST(a.histogram[9] == 1u);  // 100 % is in the last bin
  BOOST_TEST(a.mean_score == 5.0 / 6.0);
  // The page rounds the mean to hundredths (analytics.json keeps every digit).
  const std::string page = report::to_summary_html(a, "");
  BOOST_TEST(page.find("Mean score: <span id=\"mean\">0.83</span>/2.") != std::string::npos,
             page.substr(0, 600));
}

BOOST_AUTO_TEST_CASE(the_json_has_every_figure_and_is_deterministic) {
  const std::string text = report::to_analytics_json(report::class_analytics(klass(), kProblems));
  BOOST_TEST(text == report::to_analytics_json(report::class_analytics(klass(), kProblems)));
  const auto j = nlohmann::json::parse(text);
  BOOST_TEST(j["students"] == 6);
  BOOST_TEST(j["score_histogram"].size() == report::kHistogramBins);
  BOOST_TEST(j["problems"][0]["wrong"] == 5);
  BOOST_TEST(j["problems"][0]["groups"][0]["answer"] == "2*X");
  BOOST_TEST(j["problems"][0]["groups"][0]["count"] == 3);
  BOOST_TEST(j["problems"][0]["other"]["count"] == 0);
  BOOST_TEST(j["problems"][1]["verdicts"]["pass"] == 4);
  // Of the 5 answers given (the missing one is not a failure to pass).
  BOOST_TEST(j["problems"][1]["answered"] == 5);
  BOOST_TEST(j["problems"][1]["pass_rate"] == 4.0 / 5.0);
  BOOST_TEST(j["diagnoses"]["factor"] == 3);
}

BOOST_AUTO_TEST_CASE(the_json_counts_groups_past_its_limit_as_other) {
  std::vector<SubmissionReport> reports;
  for (std::size_t k = 0; k < report::kJsonGroups + 3; ++k)
    reports.push_back(
        student("s" + std::to_string(k),
                {result("p1", Verdict::fail, "X*" + std::to_string(k), "c" + std::to_string(k))}));
  const auto j = nlohmann::json::parse(
      report::to_analytics_json(report::class_analytics(reports, {{"p1", 1}})));
  BOOST_TEST(j["problems"][0]["groups"].size() == report::kJsonGroups);
  BOOST_TEST(j["problems"][0]["other"]["groups"] == 3);
  BOOST_TEST(j["problems"][0]["other"]["count"] == 3);
}

BOOST_AUTO_TEST_CASE(the_markdown_section_lists_groups_and_diagnoses) {
  const std::string md = report::analytics_markdown(report::class_analytics(klass(), kProblems));
  BOOST_TEST(md.find("## Class analytics") != std::string::npos);
  BOOST_TEST(md.find("| 3 | `2*X` | 2 | fail | factor 3 |") != std::string::npos);
  BOOST_TEST(md.find("| factor | 3 |") != std::string::npos);
  BOOST_TEST(md.find("5 wrong answers in 3 groups") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_charts_carry_the_numbers_they_draw) {
  const auto a = report::class_analytics(klass(), kProblems);
  const std::string histogram = report::svg_score_histogram(a);
  BOOST_TEST(histogram.find("data-bin=\"50-60\" data-count=\"3\"") != std::string::npos);
  BOOST_TEST(histogram.find("data-bin=\"90-100\" data-count=\"1\"") != std::string::npos);
  const std::string rates = report::svg_pass_rates(a);
  BOOST_TEST(rates.find("data-problem=\"p2\" data-passed=\"4\" data-answered=\"5\" "
                        "data-percent=\"80\"") != std::string::npos);
  BOOST_TEST(rates.find(">80% (4/5 answered)</text>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_problem_nobody_answered_has_no_pass_rate) {
  // p3 (a code problem in a formula-only class, say) is missing for all 6 students: it reads
  // as not answered, never as 0 % passed.
  const auto a = report::class_analytics(klass(), {{"p1", 1}, {"p2", 1}, {"p3", 1}});
  const auto j = nlohmann::json::parse(report::to_analytics_json(a));
  BOOST_TEST(j["problems"][2]["answered"] == 0);
  BOOST_TEST(j["problems"][2]["pass_rate"].is_null());
  const std::string rates = report::svg_pass_rates(a);
  BOOST_TEST(rates.find("data-problem=\"p3\" data-passed=\"0\" data-answered=\"0\" "
                        "data-percent=\"\" x=\"260\" y=\"83.0\" width=\"0.0\"") !=
             std::string::npos);
  BOOST_TEST(rates.find(">not answered (6 missing)</text>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_students_markup_is_text_in_the_page) {
  std::vector<SubmissionReport> reports = {
      student("a", {result("p1", Verdict::invalid, "</svg><script>alert(1)</script>")})};
  const std::string html =
      report::to_summary_html(report::class_analytics(reports, {{"p1", 1}}), "hw <1>");
  BOOST_TEST(html.find("<script>") == std::string::npos);
  BOOST_TEST(html.find("&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("hw &lt;1&gt;") != std::string::npos);
  // Nothing is fetched: no URL but the SVG namespace.
  BOOST_TEST(html.find("src=") == std::string::npos);
  BOOST_TEST(html.find("href") == std::string::npos);
  const std::string md = report::analytics_markdown(report::class_analytics(reports, {{"p1", 1}}));
  BOOST_TEST(md.find("`</svg><script>alert(1)</script>`") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_huge_answer_is_cut_at_a_character_boundary) {
  const std::string text = std::string(199, 'x') + "\xc3\xa9" + "tail";
  const std::string cut = report::quote_cut(text, 200);
  BOOST_TEST(cut == std::string(199, 'x') + " … (6 more bytes)");
}
