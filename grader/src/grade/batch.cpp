#include "grader/grade/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "grader/check/answers.hpp"
#include "grader/core/digest.hpp"
#include "grader/core/error.hpp"
#include "grader/core/utf8.hpp"
#include "grader/grade/computes.hpp"

namespace grader::grade {

namespace fs = std::filesystem;

namespace {

// A file name made safe for every output: invalid UTF-8 and control bytes as %XX.
std::string safe_id(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t len = utf8_length(name, i);
    const auto c = static_cast<unsigned char>(name[i]);
    if (len == 0 || c < 0x20 || c == 0x7F) {
      out += fmt::format("%{:02X}", c);
      ++i;
    } else {
      out.append(name, i, len);
      i += len;
    }
  }
  return out;
}

// At most 150 bytes (a file name may have 255, and ".json", "~2" and temporaries add to it):
// a longer id keeps its first 130 bytes (whole UTF-8 sequences) and a digest of the rest.
std::string shorten(const std::string& id) {
  constexpr std::size_t kMax = 150;
  if (id.size() <= kMax) return id;
  std::size_t cut = 0;
  while (cut < id.size()) {
    const std::size_t len = std::max<std::size_t>(1, utf8_length(id, cut));
    if (cut + len > 130) break;
    cut += len;
  }
  return fmt::format("{}~{:016x}", id.substr(0, cut), fnv1a64(id));
}

}  // namespace

std::vector<StudentInput> discover_students(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("{}: no such folder of submissions", dir.string()));
  std::vector<StudentInput> folders;
  std::vector<StudentInput> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      folders.push_back({safe_id(name), entry.path()});
    } else if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") {
      files.push_back({safe_id(entry.path().stem().string()), entry.path()});
    }
  }
  if (ec) throw InputError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  const auto by_path = [](const StudentInput& a, const StudentInput& b) { return a.path < b.path; };
  std::sort(folders.begin(), folders.end(), by_path);
  std::sort(files.begin(), files.end(), by_path);
  std::set<std::string> folder_ids;
  for (const auto& s : folders) folder_ids.insert(s.id);
  // Each id owns the names <id>, <id>.json and <id>.md in students/: no two may share one.
  std::set<std::string> used;
  const auto names_free = [&](const std::string& id) {
    return used.count(id) == 0 && used.count(id + ".json") == 0 && used.count(id + ".md") == 0;
  };
  std::vector<StudentInput> students;
  for (auto* group : {&folders, &files}) {
    for (auto& s : *group) {
      if (group == &files && folder_ids.count(s.id) != 0)
        s.id = safe_id(s.path.filename().string());
      s.id = shorten(s.id);
      const std::string base = s.id;
      for (int k = 2; !names_free(s.id); ++k) s.id = fmt::format("{}~{}", base, k);
      for (const char* suffix : {"", ".json", ".md"}) used.insert(s.id + suffix);
      students.push_back(std::move(s));
    }
  }
  std::sort(students.begin(), students.end(),
            [](const StudentInput& a, const StudentInput& b) { return a.id < b.id; });
  return students;
}

std::vector<StudentInput> select_shard(const std::vector<StudentInput>& students, int k, int n) {
  std::vector<StudentInput> out;
  for (std::size_t i = static_cast<std::size_t>(k - 1); i < students.size();
       i += static_cast<std::size_t>(n))
    out.push_back(students[i]);
  return out;
}

std::pair<int, int> parse_shard(const std::string& text) {
  int k = 0;
  int n = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto first = std::from_chars(begin, end, k);
  const bool ok = first.ec == std::errc() && first.ptr != end && *first.ptr == '/' && [&] {
    const auto second = std::from_chars(first.ptr + 1, end, n);
    return second.ec == std::errc() && second.ptr == end;
  }();
  if (!ok) throw InputError(fmt::format("--shard '{}': expected K/N, for example 2/4", text));
  if (n < 1 || n > 10000 || k < 1 || k > n)
    throw InputError(
        fmt::format("--shard '{}': K must be between 1 and N, and N between 1 and 10000", text));
  return {k, n};
}

namespace {

unsigned thread_count(unsigned jobs, std::size_t tasks) {
  unsigned n = jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
  return std::min<unsigned>(n, static_cast<unsigned>(std::max<std::size_t>(1, tasks)));
}

// Runs task(i) for i in [0, count) on `threads` threads, each index once. The first exception
// a task throws stops the others from starting new indices and is rethrown here.
template <class Task>
void parallel_for(std::size_t count, unsigned threads, const Task& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first;
  std::mutex mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < count && !failed.load(); i = next++) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!first) first = std::current_exception();
        failed.store(true);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace

std::vector<check::ProblemTrials> prepare_trials(const std::vector<spec::Problem>& problems,
                                                 const BatchOptions& options) {
  std::vector<std::optional<check::ProblemTrials>> slots(problems.size());
  parallel_for(problems.size(), thread_count(options.jobs, problems.size()),
               [&](std::size_t i) { slots[i].emplace(problems[i], options.seed); });
  std::vector<check::ProblemTrials> out;
  out.reserve(problems.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

namespace {

// A batch reads only what students handed in: a symbolic link could point at another
// student's answers or at the grader's own files.
void refuse_links(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec)))
    throw InputError(fmt::format("{}: a symbolic link, not a submission; hand in the file itself",
                                 path.string()));
  if (fs::is_directory(fs::symlink_status(path, ec)) &&
      fs::is_symlink(fs::symlink_status(path / "answers.yaml", ec)))
    throw InputError(fmt::format("{}: a symbolic link, not a submission; hand in the file itself",
                                 (path / "answers.yaml").string()));
}

// A formula answer's result; a wrong one with what it computes, for the class analytics.
check::CheckResult check_formula(const check::ProblemTrials& trials, const spec::AnswerText& answer,
                                 const check::CheckOptions& options) {
  check::CheckResult r = check::check_answer(trials, answer, options);
  if (r.verdict == check::Verdict::fail && !analytics_disabled())
    r.computes = computes_key(trials, answer);
  return r;
}

}  // namespace

std::optional<check::CheckResult> AnswerCache::find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

void AnswerCache::store(const std::string& key, const check::CheckResult& result) {
  const bool independent =
      (result.verdict == check::Verdict::pass || result.verdict == check::Verdict::fail) &&
      result.diagnostic.empty();
  if (!independent) return;
  std::lock_guard<std::mutex> lock(mutex_);
  results_.emplace(key, result);
}

std::string AnswerCache::key(const std::string& problem_id, const spec::AnswerText& answer) {
  std::string k = problem_id + '\x1f' + answer.single;
  for (const auto& [part, text] : answer.parts) k += '\x1e' + part + '\x1d' + text;
  return k;
}

void list_other_answers(report::SubmissionReport& rep, const check::Submission& sub,
                        const std::vector<std::string>& graded,
                        const std::vector<std::string>& known) {
  const auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const auto& [id, answer] : sub.answers) {
    if (has(graded, id)) continue;
    if (has(known, id)) {
      rep.outside.push_back(id);
    } else {
      rep.unknown.push_back(
          check::with_answer(check::unknown_problem_answer(id, known, rep.seed), answer));
    }
  }
}

report::SubmissionReport grade_student(const std::vector<check::ProblemTrials>& trials,
                                       const StudentInput& student, const BatchOptions& options,
                                       AnswerCache* cache) {
  report::SubmissionReport rep;
  rep.student = student.id;
  rep.seed = options.seed;
  rep.assignment = options.assignment;
  rep.skipped_specs = options.skipped_specs;
  rep.file = student.path.string();
  check::Submission sub;
  bool readable = true;
  std::string why;
  try {
    refuse_links(student.path);
    sub = check::load_submission(student.path);
    rep.file = sub.file;
  } catch (const Error& e) {
    readable = false;
    why = e.what();
  }
  // Code answers: compiled once for the student, from their folder (a student who is one
  // YAML file has none).
  std::error_code ec;
  check::CodeSubmission code(
      fs::is_directory(fs::symlink_status(student.path, ec)) ? student.path : fs::path(),
      options.code);
  if (readable) {
    for (const auto& t : trials) {
      const auto it = sub.answers.find(t.problem().id);
      if (it != sub.answers.end()) code.add(t.problem(), it->second);
    }
  }
  if (!readable) rep.unreadable = why;
  for (const auto& t : trials) {
    const spec::Problem& p = t.problem();
    if (!readable) {
      // The submission cannot be read: one status says why, and the class goes on.
      check::CheckResult r = check::missing_answer(p, options.seed);
      r.message = "not graded: the submission could not be read";
      rep.problems.push_back(std::move(r));
      continue;
    }
    const auto it = sub.answers.find(p.id);
    if (it == sub.answers.end()) {
      rep.problems.push_back(check::missing_answer(p, options.seed));
    } else if (p.answer.kind == spec::AnswerKind::code) {
      rep.problems.push_back(code.check(t, it->second));
    } else if (cache == nullptr) {
      rep.problems.push_back(check_formula(t, it->second, options.check));
    } else {
      const std::string key = AnswerCache::key(p.id, it->second);
      if (auto known = cache->find(key)) {
        rep.problems.push_back(std::move(*known));
      } else {
        rep.problems.push_back(check_formula(t, it->second, options.check));
        cache->store(key, rep.problems.back());
      }
    }
  }
  if (readable) {
    std::vector<std::string> graded;
    for (const auto& t : trials) graded.push_back(t.problem().id);
    list_other_answers(rep, sub, graded, options.known_ids.empty() ? graded : options.known_ids);
  }
  // What students/<id>.json holds is the report: a resumed or merged batch reads it back.
  return report::from_json(report::to_json(rep));
}

std::vector<report::SubmissionReport> grade_all(const std::vector<check::ProblemTrials>& trials,
                                                const std::vector<StudentInput>& students,
                                                const BatchOptions& options,
                                                const OnGraded& on_graded,
                                                const std::atomic<bool>* cancel) {
  std::vector<report::SubmissionReport> reports(students.size());
  AnswerCache cache;
  std::mutex mutex;
  parallel_for(students.size(), thread_count(options.jobs, students.size()), [&](std::size_t i) {
    if (cancel != nullptr && cancel->load()) return;
    report::SubmissionReport rep = grade_student(trials, students[i], options, &cache);
    std::lock_guard<std::mutex> lock(mutex);
    if (on_graded) on_graded(i, rep);
    reports[i] = std::move(rep);
  });
  return reports;
}

}  // namespace grader::grade
