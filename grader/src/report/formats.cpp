#include "grader/report/formats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "grader/report/xml.hpp"
#include "markdown.hpp"

namespace grader::report {

namespace {

using check::CheckResult;
using check::Verdict;

std::string points(double x) {
  return format_points(x);
}

// The first result for `id` in a report, or nullptr when the student has none.
const CheckResult* find_result(const SubmissionReport& report, const std::string& id) {
  for (const auto& p : report.problems) {
    if (p.problem_id == id) return &p;
  }
  return nullptr;
}

// ---- XML ------------------------------------------------------------------------------------

std::string attr(const std::string& s) {
  return xml_escape(s, true);
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The explanation a person reads: how the answer was read, message, hint (the spec's
// feedback), diagnostic.
std::string full_text(const CheckResult& r) {
  std::string out = read_as_text(r) + r.message;
  if (!r.feedback.empty()) out += (out.empty() ? "" : "\n") + std::string("hint: ") + r.feedback;
  if (const std::string e = evidence_text(r); !e.empty()) out += (out.empty() ? "" : "\n") + e;
  if (!r.diagnostic.empty()) out += (out.empty() ? "" : "\n") + r.diagnostic;
  return out;
}

// A wrong answer (a JUnit failure): wrong, missing, or code that did not compile or run
// right. invalid and error answers are JUnit errors: they could not be graded as answers.
bool is_failure(Verdict v) {
  return v == Verdict::fail || v == Verdict::missing || check::is_code_failure(v);
}

// ---- Markdown -------------------------------------------------------------------------------

// The student's answer as one line to quote: at most kQuoteBytes (cut at a character
// boundary, the rest counted), so that a 1 MB formula does not become a 1 MB report.
constexpr std::size_t kQuoteBytes = 2000;
std::string quoted_answer(const CheckResult& r) {
  std::string text = answer_text(r);
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() <= kQuoteBytes) return text;
  std::size_t cut = kQuoteBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + fmt::format(" … ({} more bytes)", text.size() - cut);
}

// The answer, how it was read, message, hint and diagnostic as Markdown paragraphs, the
// diagnostic in a code block (it is column-aligned text with carets under the source).
std::string md_explanation(const CheckResult& r) {
  std::string out;
  if (const std::string answer = quoted_answer(r); !answer.empty())
    out += "**Your answer:** " + md_code_span(answer) + "\n";
  if (!r.read_as.empty()) {
    std::string flat = r.read_as;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    out += (out.empty() ? "" : "\n") + ("**Read as:** " + md_code_span(flat)) + "\n";
  }
  if (!r.message.empty()) out += (out.empty() ? "" : "\n") + md_text(r.message) + "\n";
  if (!r.feedback.empty())
    out += (out.empty() ? "" : "\n") + ("**Hint:** " + md_text(r.feedback)) + "\n";
  for (const auto& [option, text] : r.option_feedback)
    out +=
        (out.empty() ? "" : "\n") + ("**Option " + md_line(option) + ":** " + md_text(text)) + "\n";
  if (!r.worst_entries.empty()) {
    out += "\n| Entry | Right value | Yours |\n|---|---|---|\n";
    for (const auto& e : r.worst_entries) {
      const auto [expected, received] = entry_values(e);
      out += fmt::format("| ({}, {}) | {} | {} |\n", e.row + 1, e.col + 1, expected, received);
    }
  }
  if (!r.inputs.empty()) {
    std::string inputs;
    for (const auto& [name, value] : r.inputs) inputs += name + " = " + value + "\n";
    out += fmt::format("\nInputs at random point {} (seed {}):\n\n", r.failed_trial, r.seed) +
           md_code_block(inputs);
  }
  if (!r.reference.empty()) out += "\n**The right answer:**\n\n" + md_code_block(r.reference);
  if (!r.diagnostic.empty()) out += (out.empty() ? "" : "\n") + md_code_block(r.diagnostic);
  return out;
}

// What was not graded besides the problems: answers outside the assignment, specs that did
// not load. Markdown paragraphs, each after a blank line; "" when there is nothing.
std::string md_notes(const SubmissionReport& report) {
  const auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return md_line(out);
  };
  std::string out;
  if (!report.outside.empty())
    out +=
        fmt::format("\nNot part of assignment {}, so not graded ({}): ", md_line(report.assignment),
                    report.outside.size()) +
        list(report.outside) + "\n";
  if (!report.skipped_specs.empty())
    out += "\nNot graded for anyone (their problem specs did not load; your instructor knows): " +
           list(report.skipped_specs) + "\n";
  return out;
}

// "lecture01/xax" -> "lecture-1"; empty when the id has no "lectureNN/" prefix.
std::string lecture_tag(const std::string& id) {
  const std::string prefix = "lecture";
  if (id.compare(0, prefix.size(), prefix) != 0) return {};
  std::size_t i = prefix.size(), end = i;
  while (end < id.size() && id[end] >= '0' && id[end] <= '9') ++end;
  if (end == i || end >= id.size() || id[end] != '/') return {};
  while (i + 1 < end && id[i] == '0') ++i;  // leading zeros, textually (no overflow)
  return "lecture-" + id.substr(i, end - i);
}

// ---- CSV ------------------------------------------------------------------------------------

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// ---- summary --------------------------------------------------------------------------------

// How a wrong answer is grouped with others in summary.md: by its canonical reading (A^T and
// A' group), else as written, else (no text) by verdict.
std::string answer_group(const CheckResult& r) {
  if (!r.read_as.empty()) return r.read_as;
  if (const std::string a = quoted_answer(r); !a.empty()) return a;
  return std::string("(") + check::to_string(r.verdict) + ")";
}

// What a class's wrong answer is told, verbatim: the feedback of a recognised mistake or a
// diagnosis when there is one, else the hint on the first option misjudged (a choice), else
// the first line of the message.
std::string told(const CheckResult& r) {
  if (!r.feedback.empty()) return r.feedback;
  if (!r.option_feedback.empty())
    return "option " + r.option_feedback.front().first + ": " + r.option_feedback.front().second;
  return first_line(r.message);
}

}  // namespace

std::string to_junit(const std::vector<SubmissionReport>& reports,
                     const std::vector<std::string>& skipped_specs) {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string suites;
  if (!skipped_specs.empty()) {
    // A spec that did not load is an error of the run: CI shows it, never a silent gap.
    std::string cases;
    for (const auto& why : skipped_specs) {
      cases += fmt::format(
          "    <testcase name=\"{}\" classname=\"problem specs\" time=\"0\">\n"
          "      <error message=\"{}\" type=\"skipped-spec\">{}</error>\n    </testcase>\n",
          attr(first_line(why)), attr(first_line(why)), xml_escape(why, false));
    }
    suites += fmt::format(
        "  <testsuite name=\"problem specs\" tests=\"{}\" failures=\"0\" errors=\"{}\" "
        "skipped=\"0\" time=\"0\">\n",
        skipped_specs.size(), skipped_specs.size());
    suites += cases + "  </testsuite>\n";
    tests += skipped_specs.size(), errors += skipped_specs.size();
  }
  for (const auto& report : reports) {
    std::size_t t = 0, f = 0, e = 0, k = 0;
    std::string cases;
    if (!report.unreadable.empty()) {
      // One status, not one error per problem.
      t = e = 1;
      cases += fmt::format(
          "    <testcase name=\"submission\" classname=\"{}\" time=\"0\">\n"
          "      <error message=\"{}\" type=\"unreadable\">{}</error>\n    </testcase>\n",
          attr(report.student), attr(first_line(report.unreadable)),
          xml_escape(report.unreadable, false));
    }
    for (const CheckResult* p :
         report.unreadable.empty() ? report.results() : std::vector<const CheckResult*>{}) {
      const CheckResult& r = *p;
      ++t;
      const std::string head = fmt::format(
          "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
          attr(fmt::format("{} [{}/{}]", r.problem_id, points(r.score), points(r.max_score))),
          attr(report.student));
      if (r.verdict == Verdict::pass) {
        cases += head + "/>\n";
        continue;
      }
      if (r.verdict == Verdict::missing) {
        // Not answered: skipped (GitLab and Jenkins show it apart from wrong answers).
        ++k;
        cases += head + ">\n      <skipped message=\"not answered\"/>\n    </testcase>\n";
        continue;
      }
      const char* element = "error";
      if (is_failure(r.verdict)) {
        element = "failure";
        ++f;
      } else {
        ++e;  // invalid, error: ungradable
      }
      cases += head + ">\n";
      cases += fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n", element,
                           attr(first_line(r.message)), check::to_string(r.verdict),
                           xml_escape(full_text(r), false), element);
      cases += "    </testcase>\n";
    }
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"0\">\n",
        attr(report.student), t, f, e, k);
    suites += cases;
    suites += "  </testsuite>\n";
    tests += t, failures += f, errors += e, skipped += k;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"grader\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"0\">\n",
      tests, failures, errors, skipped);
  out += suites;
  out += "</testsuites>\n";
  return out;
}

std::string to_gradescope(const SubmissionReport& report) {
  nlohmann::ordered_json j;
  j["score"] = report.score();
  std::string output = fmt::format("score {}/{}, seed {}", points(report.score()),
                                   points(report.max_score()), report.seed);
  if (!report.unreadable.empty())
    output += "\n\n**Your submission could not be read; nothing was graded:** " +
              md_text(report.unreadable);
  if (const std::string notes = md_notes(report); !notes.empty()) output += "\n" + notes;
  j["output"] = output;
  j["output_format"] = "md";
  j["visibility"] = "visible";
  j["tests"] = nlohmann::ordered_json::array();
  const auto results =
      report.unreadable.empty() ? report.results() : std::vector<const CheckResult*>{};
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = *results[i];
    nlohmann::ordered_json t;
    // Students read the title; the id is what they write in answers.yaml.
    t["name"] = r.title.empty() ? r.problem_id : fmt::format("{} ({})", r.title, r.problem_id);
    t["number"] = std::to_string(i + 1);
    t["score"] = r.score;
    t["max_score"] = r.max_score;
    t["status"] = r.verdict == Verdict::pass ? "passed" : "failed";
    t["output"] = md_explanation(r);
    t["output_format"] = "md";
    t["tags"] = nlohmann::ordered_json::array();
    if (const std::string tag = lecture_tag(r.problem_id); !tag.empty()) t["tags"].push_back(tag);
    for (const auto& tag : r.tags) t["tags"].push_back(tag);
    t["visibility"] = "visible";
    j["tests"].push_back(std::move(t));
  }
  // Bytes that are not UTF-8 (a student's file) become U+FFFD instead of throwing.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string to_grades_csv(const std::vector<SubmissionReport>& reports,
                          const std::vector<std::string>& problem_ids) {
  std::string out = "student,total,max";
  for (const auto& id : problem_ids) out += "," + csv_field(id);
  out += ",status";
  for (const auto& id : problem_ids) out += "," + csv_field(id + " status");
  out += ",unknown answers\n";
  for (const auto& report : reports) {
    out +=
        csv_field(report.student) + "," + points(report.score()) + "," + points(report.max_score());
    for (const auto& id : problem_ids) {
      out += ",";
      if (const CheckResult* r = find_result(report, id)) out += points(r->score);
    }
    out += std::string(",") + report.status();
    for (const auto& id : problem_ids) {
      out += ",";
      if (!report.unreadable.empty()) {
        out += "unreadable";
      } else if (const CheckResult* r = find_result(report, id)) {
        out += check::to_string(r->verdict);
      }
    }
    std::string unknown;
    for (const auto& u : report.unknown) unknown += (unknown.empty() ? "" : "; ") + u.problem_id;
    out += "," + csv_field(unknown) + "\n";
  }
  return out;
}

std::string to_gradebook_csv(const std::vector<SubmissionReport>& reports,
                             const std::string& column, double points_possible) {
  std::string out = "Student,ID,SIS User ID,SIS Login ID,Section," + csv_field(column) + "\n";
  out += "Points Possible,,,,," + points(points_possible) + "\n";
  for (const auto& report : reports) {
    out += fmt::format("{},,,{},,{}\n", csv_field(report.student), csv_field(report.student),
                       points(report.score()));
  }
  return out;
}

std::string to_markdown(const SubmissionReport& report) {
  std::string out = "# " + md_line(report.student, true) + "\n\n";
  if (!report.assignment.empty()) out += "Assignment: " + md_line(report.assignment) + "\n\n";
  out += fmt::format("Score: **{}/{}**\n\n", points(report.score()), points(report.max_score()));
  out +=
      fmt::format("Seed: {} (reproduce with `grader check --seed {}`)\n", report.seed, report.seed);
  if (!report.unreadable.empty()) {
    out += "\n## Your submission could not be read\n\nNothing was graded: " +
           md_text(report.unreadable) + "\n";
    return out;
  }
  const auto results = report.results();
  if (!results.empty()) {
    out += "\n| Problem | Verdict | Points |\n|---|---|---|\n";
    for (const CheckResult* r : results) {
      out += fmt::format("| {} | {} | {}/{} |\n", md_line(r->problem_id),
                         check::to_string(r->verdict), points(r->score), points(r->max_score));
    }
  }
  out += md_notes(report);
  for (const CheckResult* r : results) {
    // A pass has a section only to say how it was read.
    if (r->verdict == Verdict::missing) continue;
    if (r->verdict == Verdict::pass && r->read_as.empty()) continue;
    out +=
        fmt::format("\n## {}: {}\n\n", md_line(r->problem_id, true), check::to_string(r->verdict));
    out += md_explanation(*r);
  }
  return out;
}

std::string to_summary_markdown(const std::vector<SubmissionReport>& reports,
                                const ClassInfo& info) {
  const auto& problem_ids = info.problem_ids;
  std::string out = "# Summary\n\n";
  if (!info.assignment.empty()) out += "Assignment: " + md_line(info.assignment) + "\n\n";
  out += fmt::format("Students: {}\n", reports.size());
  if (!reports.empty()) {
    double score = 0, max = 0;
    for (const auto& report : reports) score += report.score(), max += report.max_score();
    const auto n = static_cast<double>(reports.size());
    out += fmt::format("\nMean score: {}/{}\n", format_mean(score / n), format_mean(max / n));
  }
  if (!info.skipped_specs.empty()) {
    out += fmt::format("\n## Problem specs skipped ({}): graded by nobody\n\n",
                       info.skipped_specs.size());
    for (const auto& why : info.skipped_specs) out += "- " + md_line(why) + "\n";
  }
  std::string unreadable, unknown;
  for (const auto& report : reports) {
    if (!report.unreadable.empty())
      unreadable += "- " + md_line(report.student) + ": " + md_line(report.unreadable) + "\n";
    for (const auto& u : report.unknown)
      unknown += "- " + md_line(report.student) + ": " + md_line(u.message) + "\n";
  }
  if (!unreadable.empty())
    out += "\n## Submissions that could not be read (nothing graded)\n\n" + unreadable;
  if (!unknown.empty()) out += "\n## Answers under unknown problem ids (not graded)\n\n" + unknown;
  out += "\n| Problem | passed | failed | invalid | missing | error |\n|---|---|---|---|---|---|\n";
  // Per problem: its wrong answers (missing answers are counted in the table), grouped by
  // what was checked, with what they were told, verbatim.
  struct Group {
    std::size_t count = 0;
    std::string told;
  };
  std::vector<std::vector<std::pair<std::string, Group>>> wrong;
  for (const auto& id : problem_ids) {
    std::size_t count[check::kVerdictCount] = {};  // indexed by Verdict
    std::map<std::string, Group> groups;
    for (const auto& report : reports) {
      if (!report.unreadable.empty()) continue;  // listed above, not counted per problem
      const CheckResult* r = find_result(report, id);
      // A student without a result for the problem did not answer it.
      const Verdict v = r != nullptr ? r->verdict : Verdict::missing;
      // Code that did not compile or run right counts as failed; its message says how.
      ++count[static_cast<int>(check::is_code_failure(v) ? Verdict::fail : v)];
      if (r == nullptr || v == Verdict::pass || v == Verdict::missing) continue;
      // Code answers all read "file: ...": what they were told tells them apart.
      Group& g = groups[answer_group(*r) + '\x1f' + told(*r)];
      if (g.count++ == 0) g.told = told(*r);
    }
    out += fmt::format(
        "| {} | {} | {} | {} | {} | {} |\n", md_line(id), count[static_cast<int>(Verdict::pass)],
        count[static_cast<int>(Verdict::fail)], count[static_cast<int>(Verdict::invalid)],
        count[static_cast<int>(Verdict::missing)], count[static_cast<int>(Verdict::error)]);
    std::vector<std::pair<std::string, Group>> top(groups.begin(), groups.end());
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.second.count != b.second.count ? a.second.count > b.second.count : a.first < b.first;
    });
    if (top.size() > 5) top.resize(5);
    wrong.push_back(std::move(top));
  }
  out += "\n## Most common wrong answers\n";
  bool any = false;
  for (std::size_t i = 0; i < problem_ids.size(); ++i) {
    if (wrong[i].empty()) continue;
    any = true;
    out += "\n### " + md_line(problem_ids[i], true) + "\n\n";
    for (const auto& [key, g] : wrong[i]) {
      const std::string answer = key.substr(0, key.find('\x1f'));
      out += fmt::format("- {} × {}: {}\n", g.count, md_code_span(answer), md_line(g.told));
    }
  }
  if (!any) out += "\nNone: every answer passed or was missing.\n";
  return out;
}

}  // namespace grader::report
