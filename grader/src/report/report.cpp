#include "grader/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "grader/core/error.hpp"

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
  return unreadable.empty() && unknown.empty() &&
         std::all_of(problems.begin(), problems.end(), [](const check::CheckResult& p) {
           return p.verdict == check::Verdict::pass || p.verdict == check::Verdict::missing;
         });
}

const char* SubmissionReport::status() const {
  return unreadable.empty() ? "graded" : "unreadable";
}

std::vector<const check::CheckResult*> SubmissionReport::results() const {
  std::vector<const check::CheckResult*> out;
  for (const auto& p : problems) out.push_back(&p);
  for (const auto& p : unknown) out.push_back(&p);
  return out;
}

std::string answer_text(const check::CheckResult& r) {
  if (r.answer_parts.empty()) return r.answer;
  std::string out;
  for (const auto& [name, formula] : r.answer_parts)
    out += (out.empty() ? "" : "; ") + name + ": " + formula;
  return out;
}

namespace {

nlohmann::ordered_json problem_json(const check::CheckResult& r) {
  nlohmann::ordered_json j;
  j["id"] = r.problem_id;
  if (!r.title.empty()) j["title"] = r.title;
  if (!r.tags.empty()) j["tags"] = r.tags;
  j["verdict"] = check::to_string(r.verdict);
  j["score"] = r.score;
  j["max_score"] = r.max_score;
  if (!r.answer_parts.empty()) {
    auto& parts = j["answer"] = nlohmann::ordered_json::object();
    for (const auto& [name, formula] : r.answer_parts) parts[name] = formula;
  } else if (!r.answer.empty()) {
    j["answer"] = r.answer;
  }
  j["message"] = r.message;
  if (!r.read_as.empty()) j["read_as"] = r.read_as;
  if (r.max_rel_error >= 0 && std::isfinite(r.max_rel_error)) {
    j["max_rel_error"] = r.max_rel_error;
  } else {
    j["max_rel_error"] = nullptr;
  }
  j["oracle"] = r.oracle;
  j["trials"] = r.trials;
  j["seed"] = r.seed;
  if (!r.feedback.empty()) j["feedback"] = r.feedback;
  if (r.diagnosis) j["diagnosis"] = std::string(spec::to_string(*r.diagnosis));
  if (!r.also.empty()) {
    auto& also = j["also"] = nlohmann::ordered_json::array();
    for (const auto key : r.also) also.push_back(std::string(spec::to_string(key)));
  }
  if (r.failed_trial > 0) j["failed_trial"] = r.failed_trial;
  if (!r.worst_entries.empty()) {
    auto& entries = j["worst_entries"] = nlohmann::ordered_json::array();
    for (const auto& e : r.worst_entries) {
      entries.push_back({{"row", e.row + 1},
                         {"col", e.col + 1},
                         {"expected", e.expected},
                         {"received", e.received}});
    }
  }
  if (!r.inputs.empty()) {
    auto& inputs = j["inputs"] = nlohmann::ordered_json::object();
    for (const auto& [name, value] : r.inputs) inputs[name] = value;
  }
  if (!r.option_feedback.empty()) {
    auto& options = j["option_feedback"] = nlohmann::ordered_json::object();
    for (const auto& [letter, text] : r.option_feedback) options[letter] = text;
  }
  if (!r.reference.empty()) j["reference"] = r.reference;
  if (!r.diagnostic.empty()) j["diagnostic"] = r.diagnostic;
  if (r.trials > 0 && r.oracle == "reference") j["condition"] = r.condition;
  if (r.eigen_gap > 0) j["eigen_gap"] = r.eigen_gap;
  if (!r.computes.empty()) j["computes"] = r.computes;
  return j;
}

std::string points(double x) {
  return format_points(x);
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

// Text that is not valid UTF-8 (a student's bytes quoted in a message) is written with
// U+FFFD in place of the invalid bytes rather than failing the whole report.
std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

check::Verdict verdict_from(const std::string& text) {
  for (int k = 0; k < check::kVerdictCount; ++k) {
    const auto v = static_cast<check::Verdict>(k);
    if (text == check::to_string(v)) return v;
  }
  throw InputError(fmt::format("unknown verdict '{}'", text));
}

spec::DiagnosisKey diagnosis_from(const std::string& text) {
  if (const auto key = spec::parse_diagnosis_key(text)) return *key;
  throw InputError(fmt::format("unknown diagnosis '{}'", text));
}

check::CheckResult problem_from(const nlohmann::ordered_json& j) {
  check::CheckResult r;
  r.problem_id = j.at("id").get<std::string>();
  r.title = j.value("title", std::string());
  if (const auto it = j.find("tags"); it != j.end()) r.tags = it->get<std::vector<std::string>>();
  if (const auto it = j.find("answer"); it != j.end()) {
    if (it->is_object()) {
      for (const auto& [name, formula] : it->items())
        r.answer_parts.emplace_back(name, formula.get<std::string>());
    } else {
      r.answer = it->get<std::string>();
    }
  }
  r.verdict = verdict_from(j.at("verdict").get<std::string>());
  r.score = j.at("score").get<double>();
  r.max_score = j.at("max_score").get<double>();
  r.message = j.at("message").get<std::string>();
  r.read_as = j.value("read_as", std::string());
  r.computes = j.value("computes", std::string());
  r.max_rel_error = j.at("max_rel_error").is_null() ? -1.0 : j.at("max_rel_error").get<double>();
  r.oracle = j.at("oracle").get<std::string>();
  r.trials = j.at("trials").get<int>();
  r.seed = j.at("seed").get<std::uint64_t>();
  r.feedback = j.value("feedback", std::string());
  if (const auto it = j.find("diagnosis"); it != j.end())
    r.diagnosis = diagnosis_from(it->get<std::string>());
  if (const auto it = j.find("also"); it != j.end()) {
    for (const auto& key : *it) r.also.push_back(diagnosis_from(key.get<std::string>()));
  }
  r.failed_trial = j.value("failed_trial", 0);
  if (const auto it = j.find("worst_entries"); it != j.end()) {
    for (const auto& e : *it) {
      r.worst_entries.push_back({e.at("row").get<long>() - 1, e.at("col").get<long>() - 1,
                                 e.at("expected").get<double>(), e.at("received").get<double>()});
    }
  }
  if (const auto it = j.find("inputs"); it != j.end()) {
    for (const auto& [name, value] : it->items())
      r.inputs.emplace_back(name, value.get<std::string>());
  }
  if (const auto it = j.find("option_feedback"); it != j.end()) {
    for (const auto& [letter, text] : it->items())
      r.option_feedback.emplace_back(letter, text.get<std::string>());
  }
  r.reference = j.value("reference", std::string());
  r.diagnostic = j.value("diagnostic", std::string());
  r.condition = j.value("condition", 1.0);
  r.eigen_gap = j.value("eigen_gap", 0.0);
  return r;
}

}  // namespace

std::string format_points(double x) {
  return fmt::format("{:.12g}", x);
}

std::string format_mean(double x) {
  return format_points(std::round(x * 100) / 100);
}

std::pair<std::string, std::string> entry_values(const check::EntryDifference& entry) {
  for (int digits = 10;; ++digits) {
    std::string expected = fmt::format("{:.{}g}", entry.expected, digits);
    std::string received = fmt::format("{:.{}g}", entry.received, digits);
    if (expected != received || entry.expected == entry.received || digits == 17)
      return {std::move(expected), std::move(received)};
  }
}

std::string read_as_text(const check::CheckResult& r) {
  return r.read_as.empty() ? std::string() : fmt::format("read as: {}\n", r.read_as);
}

std::string evidence_text(const check::CheckResult& r) {
  std::string out;
  if (!r.worst_entries.empty()) {
    out += "worst entries (row, column: right value, yours):\n";
    for (const auto& e : r.worst_entries) {
      const auto [expected, received] = entry_values(e);
      out += fmt::format("  ({}, {}): {}, {}\n", e.row + 1, e.col + 1, expected, received);
    }
  }
  if (!r.inputs.empty()) {
    out += fmt::format("inputs at random point {} (seed {}):\n", r.failed_trial, r.seed);
    for (const auto& [name, value] : r.inputs) out += fmt::format("  {} = {}\n", name, value);
  }
  for (const auto& [letter, text] : r.option_feedback) {
    out += fmt::format("option {}: {}\n", letter,
                       std::string_view(text).substr(0, text.find_last_not_of('\n') + 1));
  }
  if (!r.reference.empty()) out += fmt::format("the right answer: {}\n", r.reference);
  return out;
}

std::string to_json(const check::CheckResult& result) {
  return dump(problem_json(result));
}

std::string to_json(const SubmissionReport& report) {
  nlohmann::ordered_json j;
  j["student"] = report.student;
  j["file"] = report.file;
  j["seed"] = report.seed;
  if (!report.assignment.empty()) j["assignment"] = report.assignment;
  j["status"] = report.status();
  if (!report.unreadable.empty()) j["unreadable"] = report.unreadable;
  j["score"] = report.score();
  j["max_score"] = report.max_score();
  j["problems"] = nlohmann::ordered_json::array();
  for (const auto& p : report.problems) j["problems"].push_back(problem_json(p));
  if (!report.unknown.empty()) {
    j["unknown_answers"] = nlohmann::ordered_json::array();
    for (const auto& p : report.unknown) j["unknown_answers"].push_back(problem_json(p));
  }
  if (!report.outside.empty()) j["not_in_assignment"] = report.outside;
  if (!report.skipped_specs.empty()) j["skipped_specs"] = report.skipped_specs;
  return dump(j);
}

SubmissionReport from_json(const std::string& text) {
  try {
    const auto j = nlohmann::ordered_json::parse(text);
    SubmissionReport report;
    report.student = j.at("student").get<std::string>();
    report.file = j.value("file", std::string());
    report.seed = j.at("seed").get<std::uint64_t>();
    report.assignment = j.value("assignment", std::string());
    report.unreadable = j.value("unreadable", std::string());
    for (const auto& p : j.at("problems")) report.problems.push_back(problem_from(p));
    if (const auto it = j.find("unknown_answers"); it != j.end())
      for (const auto& p : *it) report.unknown.push_back(problem_from(p));
    if (const auto it = j.find("not_in_assignment"); it != j.end())
      report.outside = it->get<std::vector<std::string>>();
    if (const auto it = j.find("skipped_specs"); it != j.end())
      report.skipped_specs = it->get<std::vector<std::string>>();
    return report;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("not a report written by grader: {}", e.what()));
  }
}

std::string to_text(const check::CheckResult& r) {
  std::string out = fmt::format("{}: {} ({}/{})\n", r.problem_id, check::to_string(r.verdict),
                                points(r.score), points(r.max_score));
  out += indent(read_as_text(r), "  ");
  out += indent(r.message, "  ");
  if (!r.feedback.empty()) out += indent(r.feedback, "  hint: ");
  out += indent(evidence_text(r), "  ");
  if (!r.diagnostic.empty()) out += indent(r.diagnostic, "  ");
  return out;
}

std::string to_text(const SubmissionReport& report, const TextOptions& options) {
  const auto folded = [&](const check::CheckResult& p) {
    return !options.each_missing && p.verdict == check::Verdict::missing;
  };
  std::size_t width = 0;
  std::vector<std::string> unanswered;
  for (const auto& p : report.problems) {
    if (folded(p)) {
      unanswered.push_back(p.problem_id);
    } else {
      width = std::max(width, p.problem_id.size());
    }
  }
  std::string out = fmt::format("{} ({}), seed {}\n", report.student, report.file, report.seed);
  if (!report.unreadable.empty()) {
    out += indent(fmt::format("UNREADABLE: nothing was graded: {}", report.unreadable), "  ");
    out += fmt::format("\nscore {}/{}\n", points(report.score()), points(report.max_score()));
    return out;
  }
  for (const auto& p : report.unknown) width = std::max(width, p.problem_id.size());
  for (const check::CheckResult* r : report.results()) {
    const auto& p = *r;
    if (folded(p)) continue;
    std::string verdict = check::to_string(p.verdict);
    for (auto& c : verdict) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += fmt::format("  {:<8} {:<{}}  {}/{}\n", verdict, p.problem_id, width, points(p.score),
                       points(p.max_score));
    // The others show their reading with their explanation below.
    if (p.verdict == check::Verdict::pass) out += indent(read_as_text(p), std::string(11, ' '));
  }
  if (!unanswered.empty()) {
    std::string line = fmt::format("  {} unanswered:", unanswered.size());
    bool has_id = false;  // a line takes at least one id, however long
    for (std::size_t i = 0; i < unanswered.size(); ++i) {
      const std::string item = unanswered[i] + (i + 1 < unanswered.size() ? "," : "");
      if (has_id && line.size() + 1 + item.size() > options.width) {
        out += line + "\n";
        line = "   ";
      }
      line += " " + item;
      has_id = true;
    }
    out += line + "\n";
  }
  if (!report.outside.empty()) {
    std::string ids;
    for (const auto& id : report.outside) ids += (ids.empty() ? "" : ", ") + id;
    out += indent(fmt::format("not in assignment {}, so not checked: {}", report.assignment, ids),
                  "  ");
  }
  for (const check::CheckResult* p : report.results()) {
    if (p->verdict == check::Verdict::pass || p->verdict == check::Verdict::missing) continue;
    out += "\n" + to_text(*p);
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
  return dump(list);
}

}  // namespace grader::report
