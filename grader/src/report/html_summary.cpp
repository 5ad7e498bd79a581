#include "grader/report/html_summary.hpp"

#include <fmt/format.h>

#include "grader/report/report.hpp"
#include "grader/report/svg_charts.hpp"
#include "grader/report/xml.hpp"

namespace grader::report {

namespace {

std::string escape(const std::string& s) {
  return xml_escape(s, true);
}

constexpr const char* kStyle = R"(body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code { white-space: pre-wrap; word-break: break-all; }
figure { margin: 1em 0; }
)";

std::string counts_cell(const DiagnosisCounts& counts) {
  std::string out;
  for (const auto& [name, n] : counts)
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", escape(name), n);
  return out;
}

std::string diagnoses_table(const ClassAnalytics& a) {
  std::string out =
      "<h2>Diagnoses of the class's wrong answers</h2>\n<table id=\"diagnoses\">\n"
      "<tr><th>diagnosis</th><th>answers</th></tr>\n";
  for (const auto& [name, n] : a.diagnoses) {
    if (n == 0) continue;
    out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", escape(name), n);
  }
  return out + "</table>\n";
}

std::string problem_section(const ProblemAnalytics& p, std::size_t top) {
  std::string out = fmt::format(
      "<section class=\"problem\" data-problem=\"{0}\">\n<h3>{0}</h3>\n<p>{1} wrong answers in "
      "{2} groups; diagnoses: {3}</p>\n<table>\n<tr><th>answers</th><th>answer (most frequent "
      "spelling)</th><th>spellings</th><th>verdict</th><th>diagnoses</th></tr>\n",
      escape(p.id), p.wrong(), p.groups.size(), counts_cell(p.diagnoses));
  for (std::size_t k = 0; k < p.groups.size() && k < top; ++k) {
    const AnswerGroup& g = p.groups[k];
    out += fmt::format(
        "<tr class=\"group\"><td class=\"n\">{}</td><td><code>{}</code></td><td "
        "class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
        g.count, escape(quote_cut(g.answer)), g.spellings, escape(g.verdict),
        counts_cell(g.diagnoses));
  }
  return out + "</table>\n</section>\n";
}

}  // namespace

std::string to_summary_html(const ClassAnalytics& a, const std::string& title, std::size_t top) {
  const std::string heading =
      title.empty() ? std::string("Class summary") : "Class summary: " + title;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n<title>{0}</title>\n<style>\n{1}</style>\n</head>\n<body>\n"
      "<h1>{0}</h1>\n",
      escape(heading), kStyle);
  out += fmt::format(
      "<p id=\"totals\">Students: <span id=\"students\">{}</span> ({} unreadable). Mean score: "
      "<span id=\"mean\">{}</span>/{}.</p>\n",
      a.students, a.unreadable, format_mean(a.mean_score), escape(format_points(a.max_score)));
  out += "<figure id=\"histogram\">\n" + svg_score_histogram(a) + "</figure>\n";
  out += "<figure id=\"pass-rates\">\n" + svg_pass_rates(a) + "</figure>\n";
  out += diagnoses_table(a);
  out +=
      "<h2>Most common wrong answers</h2>\n<p>Grouped by what they compute: answers that agree "
      "at the problem's points are one group, shown as its most frequent spelling.</p>\n";
  bool any = false;
  for (const auto& p : a.problems) {
    if (p.wrong() == 0) continue;
    any = true;
    out += problem_section(p, top);
  }
  if (!any) out += "<p>None: every answer passed or was missing.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace grader::report
