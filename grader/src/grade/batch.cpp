#include "grader/grade/batch.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "grader/check/answers.hpp"
#include "grader/check/checker.hpp"
#include "grader/core/error.hpp"

namespace grader::grade {

namespace fs = std::filesystem;

std::vector<StudentInput> discover_students(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("{}: no such folder of submissions", dir.string()));
  std::vector<StudentInput> students;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (entry.is_directory(ec)) {
      students.push_back({name, entry.path()});
    } else if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") {
      students.push_back({entry.path().stem().string(), entry.path()});
    }
  }
  if (ec) throw InputError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  std::sort(students.begin(), students.end(),
            [](const StudentInput& a, const StudentInput& b) { return a.id < b.id; });
  return students;
}

namespace {

report::SubmissionReport grade_one(const std::vector<spec::Problem>& problems,
                                   const StudentInput& student, std::uint64_t seed) {
  report::SubmissionReport rep;
  rep.student = student.id;
  rep.seed = seed;
  rep.file = student.path.string();
  check::Submission sub;
  try {
    sub = check::load_submission(student.path);
  } catch (const Error& e) {
    // The submission cannot be read: every problem says why, and the class goes on.
    for (const auto& p : problems) {
      check::CheckResult r = check::missing_answer(p, seed);
      r.verdict = check::Verdict::invalid;
      r.message = fmt::format("the submission could not be read: {}", e.what());
      rep.problems.push_back(std::move(r));
    }
    return rep;
  }
  rep.file = sub.file;
  for (const auto& p : problems) {
    const auto it = sub.answers.find(p.id);
    rep.problems.push_back(it == sub.answers.end() ? check::missing_answer(p, seed)
                                                   : check::check_answer(p, it->second, seed));
  }
  return rep;
}

}  // namespace

std::vector<report::SubmissionReport> grade_all(const std::vector<spec::Problem>& problems,
                                                const std::vector<StudentInput>& students,
                                                const BatchOptions& options,
                                                const Progress& progress) {
  std::vector<report::SubmissionReport> reports(students.size());
  unsigned jobs =
      options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, students.size())));
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t done = 0;
  std::size_t failures = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < students.size(); i = next++) {
      report::SubmissionReport rep = grade_one(problems, students[i], options.seed);
      const bool failed = !rep.all_answered_pass();
      std::lock_guard<std::mutex> lock(mutex);
      reports[i] = std::move(rep);
      ++done;
      if (failed) ++failures;
      if (progress) progress(done, students.size(), failures);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned k = 1; k < jobs; ++k) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return reports;
}

void write_atomically(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path tmp =
      path.parent_path() / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(fmt::format("{}: cannot write", tmp.string()));
    out << text;
    out.flush();
    if (!out) throw InputError(fmt::format("{}: write failed", tmp.string()));
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(fmt::format("{}: cannot write: {}", path.string(), ec.message()));
  }
}

}  // namespace grader::grade
