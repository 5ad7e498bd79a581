#include "grader/grade/outputs.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "grader/core/digest.hpp"
#include "grader/core/error.hpp"
#include "grader/core/files.hpp"
#include "grader/grade/computes.hpp"
#include "grader/report/analytics.hpp"
#include "grader/report/formats.hpp"
#include "grader/report/html_summary.hpp"

namespace grader::grade {

namespace fs = std::filesystem;

namespace {

// A short name of its own for a temporary next to `path` (the target's name may already be
// near the 255-byte limit); remove_temporaries() knows the pattern.
fs::path temporary_next_to(const fs::path& path) {
  static std::atomic<std::uint64_t> counter{0};
  return path.parent_path() / fmt::format(".tmp-{}-{}", ::getpid(), counter++);
}

// Opens `file` for writing; throws InputError "<what>: <the system's reason>" when it cannot.
std::ofstream open_for_writing(const fs::path& file, const std::string& what) {
  errno = 0;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  const int error = errno;
  if (!out) {
    throw InputError(
        fmt::format("{}: {}", what, error != 0 ? std::strerror(error) : "cannot create a file"));
  }
  return out;
}

}  // namespace

void prepare_output_folder(const fs::path& out) {
  std::error_code ec;
  fs::create_directories(out / "students", ec);
  if (ec) {
    throw InputError(
        fmt::format("{}: cannot create the output folder: {}", out.string(), ec.message()));
  }
  for (const fs::path& dir : {out, out / "students"}) {
    const fs::path probe = temporary_next_to(dir / "probe");
    open_for_writing(probe, fmt::format("{}: cannot write into the output folder", dir.string()))
        .close();
    fs::remove(probe, ec);
  }
}

void write_atomically(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = temporary_next_to(path);
  {
    std::ofstream out = open_for_writing(tmp, fmt::format("{}: cannot write", path.string()));
    out << text;
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      throw InputError(fmt::format("{}: write failed (is the disk full?)", path.string()));
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
  }
}

namespace {

// FNV-1a, 64 bits: change detection, not security (a student can only fool it into keeping
// their own earlier result).
// FNV-1a over fields and files.
class Digest : public Fnv1a {
 public:
  // A file's bytes (an unreadable file contributes its error).
  void file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      field("unreadable");
      return;
    }
    char buffer[1 << 16];
    while (in) {
      in.read(buffer, sizeof buffer);
      add(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
    }
  }
};

// What grader reads back of its own outputs (batch.json, a student's report, a stamp) is far
// smaller; the bound only keeps a wrong file from exhausting memory.
constexpr std::size_t kMaxOutputFileBytes = std::size_t{256} << 20;

// "hw3: Matrix derivatives (due 2026-12-10)", or "" for every problem of the set.
std::string assignment_line(const Manifest& m) {
  if (m.assignment.empty()) return {};
  std::string line = m.assignment;
  if (!m.assignment_title.empty()) line += ": " + m.assignment_title;
  if (!m.due.empty()) line += " (due " + m.due + ")";
  return line;
}

fs::path student_json(const fs::path& out, const std::string& id) {
  return out / "students" / (id + ".json");
}
fs::path stamp_path(const fs::path& out, const std::string& id) {
  return out / ".resume" / id;
}

}  // namespace

std::string to_json(const Manifest& m) {
  nlohmann::ordered_json j;
  j["grader"] = m.grader_version;
  j["seed"] = m.seed;
  j["time_limit"] = m.time_limit;
  j["code_time_limit"] = m.code_time_limit;
  j["compile_time_limit"] = m.compile_time_limit;
  j["problems_fingerprint"] = m.problems_fingerprint;
  if (m.shards > 1) j["shard"] = fmt::format("{}/{}", m.shard, m.shards);
  if (!m.assignment.empty()) {
    j["assignment"] = {{"id", m.assignment}, {"title", m.assignment_title}, {"due", m.due}};
  }
  if (!m.skipped_specs.empty()) j["skipped_specs"] = m.skipped_specs;
  j["problems"] = nlohmann::ordered_json::array();
  for (const auto& [id, points] : m.problems)
    j["problems"].push_back({{"id", id}, {"points", points}});
  j["students"] = m.students;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Manifest read_manifest(const fs::path& out) {
  const fs::path file = out / "batch.json";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw InputError(fmt::format("{}: not found: {} is not the output of grader grade",
                                 file.string(), out.string()));
  try {
    const auto j = nlohmann::ordered_json::parse(read_file(file, kMaxOutputFileBytes));
    Manifest m;
    m.grader_version = j.at("grader").get<std::string>();
    m.seed = j.at("seed").get<std::uint64_t>();
    m.time_limit = j.at("time_limit").get<double>();
    m.code_time_limit = j.value("code_time_limit", 5.0);
    m.compile_time_limit = j.value("compile_time_limit", 120.0);
    m.problems_fingerprint = j.at("problems_fingerprint").get<std::string>();
    if (j.contains("shard")) {
      const auto [k, n] = parse_shard(j.at("shard").get<std::string>());
      m.shard = k;
      m.shards = n;
    }
    if (const auto it = j.find("assignment"); it != j.end()) {
      m.assignment = it->at("id").get<std::string>();
      m.assignment_title = it->at("title").get<std::string>();
      m.due = it->at("due").get<std::string>();
    }
    if (const auto it = j.find("skipped_specs"); it != j.end())
      m.skipped_specs = it->get<std::vector<std::string>>();
    for (const auto& p : j.at("problems"))
      m.problems.emplace_back(p.at("id").get<std::string>(), p.at("points").get<double>());
    m.students = j.at("students").get<std::vector<std::string>>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a batch manifest: {}", file.string(), e.what()));
  }
}

std::string problems_fingerprint(const std::vector<spec::Problem>& problems) {
  Digest d;
  for (const auto& p : problems) {
    d.field(p.id);
    d.file(p.file);
  }
  return d.hex();
}

std::string student_fingerprint(const StudentInput& student, const Manifest& m) {
  Digest d;
  d.field(m.grader_version);
  d.field(std::to_string(m.seed));
  d.field(fmt::format("{}", m.time_limit));
  d.field(fmt::format("{}", m.code_time_limit));
  d.field(fmt::format("{}", m.compile_time_limit));
  d.field(m.problems_fingerprint);
  d.field(m.assignment);  // which problems, and for how many points
  for (const auto& [id, points] : m.problems) d.field(fmt::format("{} {}", id, points));
  for (const auto& skipped : m.skipped_specs) d.field(skipped);
  std::error_code ec;
  const auto add_entry = [&](const fs::path& path, const std::string& name) {
    d.field(name);
    const auto status = fs::symlink_status(path, ec);
    if (fs::is_symlink(status)) {
      d.field("symlink:" + fs::read_symlink(path, ec).string());
    } else if (fs::is_regular_file(status)) {
      d.field("file");
      d.file(path);
    } else {
      d.field("other");
    }
  };
  if (fs::is_directory(fs::symlink_status(student.path, ec))) {
    std::vector<fs::path> entries;
    for (fs::recursive_directory_iterator it(student.path, ec), end; !ec && it != end;
         it.increment(ec))
      entries.push_back(it->path());
    std::sort(entries.begin(), entries.end());
    // Lexically: fs::relative resolves symbolic links (a link to /proc/self would name
    // grader's own pid, and the stamp would change every run).
    for (const auto& e : entries) add_entry(e, e.lexically_relative(student.path).string());
  } else {
    add_entry(student.path, student.path.filename().string());
  }
  return d.hex();
}

void remove_temporaries(const fs::path& out) {
  std::error_code ec;
  if (!fs::is_directory(out, ec)) return;
  std::vector<fs::path> stale;
  for (fs::recursive_directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(".tmp-", 0) == 0 && it->is_regular_file(ec)) stale.push_back(it->path());
  }
  for (const auto& p : stale) fs::remove(p, ec);
}

void write_student(const fs::path& out, const report::SubmissionReport& r,
                   const std::string& fingerprint) {
  write_atomically(student_json(out, r.student), report::to_json(r));
  write_atomically(out / "students" / (r.student + ".md"), report::to_markdown(r));
  write_atomically(out / "students" / r.student / "results.json", report::to_gradescope(r));
  write_atomically(stamp_path(out, r.student), fingerprint + "\n");
}

std::optional<report::SubmissionReport> resume_student(const fs::path& out, const std::string& id,
                                                       const std::string& fingerprint) {
  try {
    if (read_file(stamp_path(out, id), kMaxOutputFileBytes) != fingerprint + "\n")
      return std::nullopt;
    report::SubmissionReport r =
        report::from_json(read_file(student_json(out, id), kMaxOutputFileBytes));
    if (r.student != id) return std::nullopt;
    return r;
  } catch (const InternalError&) {
    throw;  // a bug in grader is reported, never taken for a stale result
  } catch (const Error&) {
    return std::nullopt;  // missing, unreadable or not grader's JSON: grade the student again
  }
}

std::size_t write_class(const fs::path& out, const std::vector<report::SubmissionReport>& reports,
                        const Manifest& manifest) {
  std::vector<std::string> ids;
  for (const auto& [id, points] : manifest.problems) ids.push_back(id);
  std::string all = "[\n";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const std::string json = report::to_json(reports[i]);
    all += json.substr(0, json.size() - 1) + (i + 1 < reports.size() ? ",\n" : "\n");
  }
  all += "]\n";
  write_atomically(out / "report.json", all);
  double points_possible = 0;
  for (const auto& [id, points] : manifest.problems) points_possible += points;
  write_atomically(out / "grades.csv", report::to_grades_csv(reports, ids));
  write_atomically(
      out / "gradebook.csv",
      report::to_gradebook_csv(
          reports, manifest.assignment.empty() ? std::string("grader") : manifest.assignment_title,
          points_possible));
  write_atomically(out / "junit.xml", report::to_junit(reports, manifest.skipped_specs));
  std::string summary = report::to_summary_markdown(
      reports, {ids, assignment_line(manifest), manifest.skipped_specs});
  if (!analytics_disabled()) {
    const report::ClassAnalytics analytics = report::class_analytics(reports, manifest.problems);
    summary += report::analytics_markdown(analytics);
    write_atomically(out / "analytics.json", report::to_analytics_json(analytics));
    write_atomically(out / "summary.html",
                     report::to_summary_html(analytics, assignment_line(manifest)));
  }
  write_atomically(out / "summary.md", summary);
  write_atomically(out / "batch.json", to_json(manifest));

  // Students of an earlier run who are not in this batch: their files would contradict the
  // gradebook.
  const std::set<std::string> current(manifest.students.begin(), manifest.students.end());
  std::set<std::string> stale;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out / "students", ec)) {
    const fs::path& p = entry.path();
    std::string id = p.filename().string();
    if (entry.is_directory(ec)) {
      // students/<id>/
    } else if (p.extension() == ".json" || p.extension() == ".md") {
      id = p.stem().string();
    } else {
      continue;
    }
    if (!id.empty() && id[0] != '.' && current.count(id) == 0) stale.insert(id);
  }
  for (const auto& id : stale) {
    fs::remove(student_json(out, id), ec);
    fs::remove(out / "students" / (id + ".md"), ec);
    fs::remove_all(out / "students" / id, ec);
    fs::remove(stamp_path(out, id), ec);
  }
  return stale.size();
}

Manifest merge_outputs(const std::vector<fs::path>& inputs, const fs::path& out) {
  if (inputs.empty()) throw InputError("merge: no shard outputs given");
  std::vector<Manifest> manifests;
  for (const auto& in : inputs) manifests.push_back(read_manifest(in));
  const Manifest& first = manifests.front();
  const int n = first.shards;
  std::map<int, fs::path> shards;
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    const std::string where = inputs[i].string();
    if (m.shards != n)
      throw InputError(fmt::format("merge: {} is shard {}/{}, but {} is shard {}/{}", where,
                                   m.shard, m.shards, inputs[0].string(), first.shard, n));
    if (m.seed != first.seed || m.time_limit != first.time_limit ||
        m.code_time_limit != first.code_time_limit || m.grader_version != first.grader_version)
      throw InputError(fmt::format(
          "merge: {} was graded with seed {}, time limits {:g} s and {:g} s (code) and grader {}, "
          "but {} with seed {}, time limits {:g} s and {:g} s (code) and grader {}",
          where, m.seed, m.time_limit, m.code_time_limit, m.grader_version, inputs[0].string(),
          first.seed, first.time_limit, first.code_time_limit, first.grader_version));
    if (m.problems_fingerprint != first.problems_fingerprint || m.problems != first.problems ||
        m.skipped_specs != first.skipped_specs)
      throw InputError(fmt::format("merge: {} and {} were graded against different problem sets",
                                   where, inputs[0].string()));
    if (m.assignment != first.assignment || m.assignment_title != first.assignment_title ||
        m.due != first.due)
      throw InputError(fmt::format("merge: {} graded assignment '{}', but {} assignment '{}'",
                                   where, m.assignment, inputs[0].string(), first.assignment));
    if (!shards.emplace(m.shard, inputs[i]).second)
      throw InputError(fmt::format("merge: {} and {} are both shard {}/{}",
                                   shards[m.shard].string(), where, m.shard, n));
  }
  std::string missing;
  for (int k = 1; k <= n; ++k) {
    if (shards.count(k) == 0) missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", k, n);
  }
  if (!missing.empty())
    throw InputError(
        fmt::format("merge: shard {} missing: merge every shard of the batch", missing));

  struct Entry {
    report::SubmissionReport report;
    std::string fingerprint;
  };
  std::map<std::string, Entry> students;
  prepare_output_folder(out);
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    for (const auto& id : manifests[i].students) {
      Entry e;
      try {
        e.report = report::from_json(read_file(student_json(inputs[i], id), kMaxOutputFileBytes));
        e.fingerprint = read_file(stamp_path(inputs[i], id), kMaxOutputFileBytes);
      } catch (const Error& err) {
        throw InputError(
            fmt::format("merge: {}: student {} is incomplete ({}); rerun that shard "
                        "with --resume",
                        inputs[i].string(), id, err.what()));
      }
      if (!e.fingerprint.empty() && e.fingerprint.back() == '\n') e.fingerprint.pop_back();
      if (!students.emplace(id, std::move(e)).second)
        throw InputError(fmt::format("merge: student {} appears in more than one shard", id));
    }
  }
  Manifest merged = first;
  merged.shard = 1;
  merged.shards = 1;
  merged.students.clear();
  std::vector<report::SubmissionReport> reports;
  remove_temporaries(out);
  for (auto& [id, e] : students) {
    merged.students.push_back(id);
    write_student(out, e.report, e.fingerprint);
    reports.push_back(std::move(e.report));
  }
  write_class(out, reports, merged);
  return merged;
}

}  // namespace grader::grade
