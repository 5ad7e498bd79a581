#include "grader/report/analytics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "grader/spec/diagnosis.hpp"
#include "markdown.hpp"

namespace grader::report {

namespace {

using check::CheckResult;
using check::Verdict;

const CheckResult* find_result(const SubmissionReport& report, const std::string& id) {
  for (const auto& p : report.problems) {
    if (p.problem_id == id) return &p;
  }
  return nullptr;
}

std::string diagnosis_name(const CheckResult& r) {
  return r.diagnosis ? std::string(spec::to_string(*r.diagnosis)) : std::string("none");
}

// Counts by name in the table's order, then "none"; with `all`, zero counts too.
DiagnosisCounts ordered(const std::map<std::string, std::size_t>& counts, bool all) {
  DiagnosisCounts out;
  const auto add = [&](const std::string& name) {
    const auto it = counts.find(name);
    const std::size_t n = it == counts.end() ? 0 : it->second;
    if (all || n > 0) out.emplace_back(name, n);
  };
  for (const spec::DiagnosisInfo& row : spec::kDiagnoses) add(std::string(row.name));
  add("none");
  return out;
}

// The spelling of an answer as the instructor reads it: the canonical reading when there is
// one, else as written, else (no text) its verdict.
std::string spelling(const CheckResult& r) {
  if (!r.read_as.empty()) return r.read_as;
  if (std::string text = answer_text(r); !text.empty()) return text;
  return std::string("(") + check::to_string(r.verdict) + ")";
}

struct Building {
  std::size_t count = 0;
  std::map<std::string, std::pair<std::size_t, std::string>> spellings;  // count, verdict
  std::map<std::string, std::size_t> diagnoses;
};

AnswerGroup finish(const Building& b) {
  AnswerGroup g;
  g.count = b.count;
  g.spellings = b.spellings.size();
  std::size_t best = 0;
  for (const auto& [text, seen] : b.spellings) {  // in text order: the first of the most frequent
    if (seen.first > best) best = seen.first, g.answer = text, g.verdict = seen.second;
  }
  g.diagnoses = ordered(b.diagnoses, false);
  return g;
}

ProblemAnalytics problem_analytics(const std::vector<SubmissionReport>& reports,
                                   const std::string& id, double points,
                                   std::map<std::string, std::size_t>& class_diagnoses) {
  ProblemAnalytics p;
  p.id = id;
  p.points = points;
  std::map<std::string, Building> groups;
  std::map<std::string, std::size_t> diagnoses;
  for (const auto& report : reports) {
    if (!report.unreadable.empty()) continue;
    const CheckResult* r = find_result(report, id);
    const Verdict v = r != nullptr ? r->verdict : Verdict::missing;
    if (v == Verdict::pass) ++p.passed;
    if (v == Verdict::missing) ++p.missing;
    if (v == Verdict::pass || v == Verdict::missing) continue;
    if (v == Verdict::invalid) {
      ++p.invalid;
    } else if (v == Verdict::error) {
      ++p.errors;
    } else {
      ++p.failed;  // fail, or code that did not compile or run right
    }
    const std::string text = spelling(*r);
    const std::string key = !r->computes.empty()
                                ? "c" + r->computes
                                : "t" + text + '\x1f' + check::to_string(r->verdict);
    Building& b = groups[key];
    ++b.count;
    auto& seen = b.spellings[text];
    ++seen.first;
    seen.second = check::to_string(r->verdict);
    const std::string d = diagnosis_name(*r);
    ++b.diagnoses[d];
    ++diagnoses[d];
    ++class_diagnoses[d];
  }
  for (const auto& [key, b] : groups) p.groups.push_back(finish(b));
  std::stable_sort(p.groups.begin(), p.groups.end(), [](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.answer != b.answer ? a.answer < b.answer : a.verdict < b.verdict;
  });
  p.diagnoses = ordered(diagnoses, false);
  return p;
}

}  // namespace

ClassAnalytics class_analytics(const std::vector<SubmissionReport>& reports,
                               const std::vector<std::pair<std::string, double>>& problems) {
  ClassAnalytics a;
  a.students = reports.size();
  for (const auto& [id, points] : problems) a.max_score += points;
  double total = 0;
  for (const auto& report : reports) {
    if (!report.unreadable.empty()) ++a.unreadable;
    const double score = report.score();
    total += score;
    // The bin of score / max, a hair of tolerance so that 0.7 of 1 is 70 %, not 69.99... %.
    const double tenths = a.max_score > 0 ? 10.0 * score / a.max_score + 1e-9 : 0.0;
    const auto bin = static_cast<std::size_t>(std::clamp(std::floor(tenths), 0.0, 9.0));
    ++a.histogram[bin];
  }
  if (!reports.empty()) a.mean_score = total / static_cast<double>(reports.size());
  std::map<std::string, std::size_t> class_diagnoses;
  for (const auto& [id, points] : problems)
    a.problems.push_back(problem_analytics(reports, id, points, class_diagnoses));
  a.diagnoses = ordered(class_diagnoses, true);
  return a;
}

namespace {

nlohmann::ordered_json counts_json(const DiagnosisCounts& counts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [name, n] : counts) j[name] = n;
  return j;
}

nlohmann::ordered_json problem_json(const ProblemAnalytics& p) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["points"] = p.points;
  j["verdicts"] = {{"pass", p.passed},
                   {"fail", p.failed},
                   {"invalid", p.invalid},
                   {"missing", p.missing},
                   {"error", p.errors}};
  j["answered"] = p.answered();
  if (const auto rate = p.pass_rate()) {
    j["pass_rate"] = *rate;
  } else {
    j["pass_rate"] = nullptr;
  }
  j["wrong"] = p.wrong();
  j["diagnoses"] = counts_json(p.diagnoses);
  j["groups"] = nlohmann::ordered_json::array();
  std::size_t shown = 0, shown_answers = 0;
  for (const auto& g : p.groups) {
    if (shown == kJsonGroups) break;
    ++shown;
    shown_answers += g.count;
    j["groups"].push_back({{"answer", g.answer},
                           {"verdict", g.verdict},
                           {"count", g.count},
                           {"spellings", g.spellings},
                           {"diagnoses", counts_json(g.diagnoses)}});
  }
  j["other"] = {{"groups", p.groups.size() - shown}, {"count", p.wrong() - shown_answers}};
  return j;
}

}  // namespace

std::string to_analytics_json(const ClassAnalytics& a) {
  nlohmann::ordered_json j;
  j["students"] = a.students;
  j["unreadable"] = a.unreadable;
  j["max_score"] = a.max_score;
  j["mean_score"] = a.mean_score;
  auto& bins = j["score_histogram"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < kHistogramBins; ++k) {
    bins.push_back(
        {{"from_percent", 10 * k}, {"to_percent", 10 * (k + 1)}, {"students", a.histogram[k]}});
  }
  j["diagnoses"] = counts_json(a.diagnoses);
  j["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : a.problems) j["problems"].push_back(problem_json(p));
  // Bytes that are not UTF-8 (a student's answer) become U+FFFD instead of throwing.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string quote_cut(const std::string& text, std::size_t bytes) {
  std::string flat = text;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::replace(flat.begin(), flat.end(), '\r', ' ');
  if (flat.size() <= bytes) return flat;
  std::size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  return flat.substr(0, cut) + fmt::format(" … ({} more bytes)", flat.size() - cut);
}

namespace {

std::string counts_text(const DiagnosisCounts& counts) {
  std::string out;
  for (const auto& [name, n] : counts)
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, n);
  return out;
}

}  // namespace

std::string analytics_markdown(const ClassAnalytics& a, std::size_t top) {
  std::string out = "\n## Class analytics\n\n";
  out +=
      "Wrong answers (failed, invalid, error) grouped by what they compute: answers that agree "
      "at the problem's points are one group, shown as its most frequent spelling. The same "
      "figures are in analytics.json, with charts in summary.html.\n";
  out += "\n### Diagnoses of the class's wrong answers\n\n| diagnosis | answers |\n|---|---|\n";
  bool any = false;
  for (const auto& [name, n] : a.diagnoses) {
    if (n == 0) continue;
    any = true;
    out += fmt::format("| {} | {} |\n", md_line(name), n);
  }
  if (!any) out += "| none | 0 |\n";
  for (const auto& p : a.problems) {
    if (p.wrong() == 0) continue;
    out += fmt::format("\n### {}\n\n{} wrong answers in {} groups; diagnoses: {}\n\n",
                       md_line(p.id, true), p.wrong(), p.groups.size(),
                       md_line(counts_text(p.diagnoses)));
    out += "| answers | answer (most frequent spelling) | spellings | verdict | diagnoses |\n";
    out += "|---|---|---|---|---|\n";
    for (std::size_t k = 0; k < p.groups.size() && k < top; ++k) {
      const AnswerGroup& g = p.groups[k];
      // A code span cannot hold "|" in a table cell: it is escaped inside it too.
      std::string span = md_code_span(quote_cut(g.answer));
      std::string cell;
      for (const char c : span) cell += c == '|' ? std::string("\\|") : std::string(1, c);
      out += fmt::format("| {} | {} | {} | {} | {} |\n", g.count, cell, g.spellings, g.verdict,
                         md_line(counts_text(g.diagnoses)));
    }
    if (p.groups.size() > top) {
      std::size_t rest = 0;
      for (std::size_t k = top; k < p.groups.size(); ++k) rest += p.groups[k].count;
      out += fmt::format("\n{} more answers in {} other groups.\n", rest, p.groups.size() - top);
    }
  }
  return out;
}

}  // namespace grader::report
