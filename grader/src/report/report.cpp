#include "grader/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace grader::report {

double SubmissionReport::score() const {
  double s = 0;
  for (const auto& p : problems) s += p.score;
  return s;
}

double SubmissionReport::max_score() const {
  double s = 0;
  for (const auto& p : problems) s += p.max_score;
  return s;
}

bool SubmissionReport::all_answered_pass() const {
  return std::all_of(problems.begin(), problems.end(), [](const check::CheckResult& p) {
    return p.verdict == check::Verdict::pass || p.verdict == check::Verdict::missing;
  });
}

namespace {

nlohmann::ordered_json problem_json(const check::CheckResult& r) {
  nlohmann::ordered_json j;
  j["id"] = r.problem_id;
  j["verdict"] = check::to_string(r.verdict);
  j["score"] = r.score;
  j["max_score"] = r.max_score;
  j["message"] = r.message;
  if (r.max_rel_error >= 0 && std::isfinite(r.max_rel_error)) {
    j["max_rel_error"] = r.max_rel_error;
  } else {
    j["max_rel_error"] = nullptr;
  }
  j["oracle"] = r.oracle;
  j["trials"] = r.trials;
  j["seed"] = r.seed;
  if (!r.feedback.empty()) j["feedback"] = r.feedback;
  if (!r.diagnostic.empty()) j["diagnostic"] = r.diagnostic;
  if (r.trials > 0 && r.oracle == "reference") j["condition"] = r.condition;
  if (r.eigen_gap > 0) j["eigen_gap"] = r.eigen_gap;
  return j;
}

// "1", "0.5", "2.25": points without noise.
std::string points(double x) {
  return fmt::format("{:g}", x);
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string to_json(const check::CheckResult& result) {
  return problem_json(result).dump(2) + "\n";
}

std::string to_json(const SubmissionReport& report) {
  nlohmann::ordered_json j;
  j["student"] = report.student;
  j["seed"] = report.seed;
  j["score"] = report.score();
  j["max_score"] = report.max_score();
  j["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : report.problems) j["problems"].push_back(problem_json(p));
  return j.dump(2) + "\n";
}

std::string to_text(const check::CheckResult& r) {
  std::string out = fmt::format("{}: {} ({}/{})\n", r.problem_id, check::to_string(r.verdict),
                                points(r.score), points(r.max_score));
  out += indent(r.message, "  ");
  if (!r.feedback.empty()) out += indent(r.feedback, "  hint: ");
  if (!r.diagnostic.empty()) out += indent(r.diagnostic, "  ");
  return out;
}

std::string to_text(const SubmissionReport& report) {
  std::size_t width = 0;
  for (const auto& p : report.problems) width = std::max(width, p.problem_id.size());
  std::string out = fmt::format("{} ({}), seed {}\n", report.student, report.file, report.seed);
  for (const auto& p : report.problems) {
    std::string verdict = check::to_string(p.verdict);
    for (auto& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += fmt::format("  {:<8} {:<{}}  {}/{}\n", verdict, p.problem_id, width, points(p.score),
                       points(p.max_score));
  }
  for (const auto& p : report.problems) {
    if (p.verdict == check::Verdict::pass || p.verdict == check::Verdict::missing) continue;
    out += "\n" + to_text(p);
  }
  out += fmt::format("\nscore {}/{}\n", points(report.score()), points(report.max_score()));
  return out;
}

std::string problem_list_json(const std::vector<spec::Problem>& problems) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& p : problems) {
    nlohmann::ordered_json j;
    j["id"] = p.id;
    j["lecture"] = p.lecture;
    j["part"] = p.part;
    j["kind"] = spec::to_string(p.answer.kind);
    j["title"] = p.title;
    j["points"] = p.points;
    j["tags"] = p.tags;
    list.push_back(std::move(j));
  }
  return list.dump(2) + "\n";
}

}  // namespace grader::report
