#define BOOST_TEST_MODULE grade_outputs
#include "grader/grade/outputs.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "../support/specs.hpp"
#include "../support/temp_dir.hpp"
#include "grader/core/error.hpp"

using namespace grader;
using grader_test::read_file;
using grader_test::TempDir;
using grader_test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string& kXax = grader_test::kXaxSpec;

// Every regular file under `dir`, relative path -> bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_file(e.path());
  }
  return out;
}

// A small batch: problems, students and a manifest, graded the way `grader grade` does.
struct Batch {
  TempDir dir;
  std::vector<spec::Problem> problems;
  std::vector<grade::StudentInput> students;
  grade::Manifest manifest;

  Batch() {
    write_file(dir / "problems/t/xax.yaml", kXax);
    problems = {spec::load_problem(dir / "problems/t/xax.yaml", dir / "problems")};
    for (int i = 0; i < 5; ++i) {
      write_file(
          dir / ("class/s" + std::to_string(i) + ".yaml"),
          i % 2 == 0 ? "answers:\n  t/xax: dX*A*X + X*A*dX\n" : "answers:\n  t/xax: 2*X*A*dX\n");
    }
    students = grade::discover_students(dir / "class");
    manifest.grader_version = "test";
    manifest.seed = 5;
    manifest.time_limit = 5;
    manifest.problems_fingerprint = grade::problems_fingerprint(problems);
    manifest.problems = {{"t/xax", 1.0}};
  }

  // Grades shard k/n into `out` (1/1: the whole class).
  void run(const fs::path& out, int k = 1, int n = 1) {
    grade::Manifest m = manifest;
    m.shard = k;
    m.shards = n;
    const auto mine = grade::select_shard(students, k, n);
    for (const auto& s : mine) m.students.push_back(s.id);
    grade::BatchOptions options;
    options.seed = m.seed;
    options.jobs = 2;
    const auto reports =
        grade::grade_all(grade::prepare_trials(problems, options), mine, options,
                         [&](std::size_t i, const report::SubmissionReport& r) {
                           grade::write_student(out, r, grade::student_fingerprint(mine[i], m));
                         });
    grade::write_class(out, reports, m);
  }
};

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(atomic_writes_leave_a_complete_file_and_no_temporary) {
  TempDir dir;
  grade::write_atomically(dir / "a/b/c.txt", "hello");
  BOOST_TEST(read_file(dir / "a/b/c.txt") == "hello");
  grade::write_atomically(dir / "a/b/c.txt", "again");
  BOOST_TEST(read_file(dir / "a/b/c.txt") == "again");
  BOOST_TEST(tree(dir.path()).size() == 1u);
  // A folder where the file should go: the error names the file, nothing is left behind.
  fs::create_directories(dir / "a/taken/x");
  const std::string e = error_of([&] { grade::write_atomically(dir / "a/taken", "x"); });
  BOOST_TEST(e.find((dir / "a/taken").string() + ": cannot write") == 0, e);
  BOOST_TEST(tree(dir.path()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_write_error_in_a_grading_thread_reaches_the_caller) {
  Batch b;
  write_file(b.dir / "out", "a file where the output folder should be");
  grade::BatchOptions options;
  options.jobs = 2;
  const std::string e = error_of([&] {
    grade::grade_all(grade::prepare_trials(b.problems, options), b.students, options,
                     [&](std::size_t, const report::SubmissionReport& r) {
                       grade::write_student(b.dir / "out", r, "x");
                     });
  });
  BOOST_TEST(e.find((b.dir / "out").string()) == 0, e);
  BOOST_TEST(e.find("cannot write") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(temporaries_of_an_interrupted_run_are_removed) {
  TempDir dir;
  write_file(dir / ".tmp-123-0", "half");
  write_file(dir / "students/.tmp-9-17", "half");
  write_file(dir / "students/s1.json", "{}");
  grade::remove_temporaries(dir.path());
  BOOST_TEST(tree(dir.path()).size() == 1u);
  BOOST_TEST(fs::exists(dir / "students/s1.json"));
}

BOOST_AUTO_TEST_CASE(a_fingerprint_changes_with_the_submission_and_the_context) {
  TempDir dir;
  write_file(dir / "s/answers.yaml", "answers:\n  a: x\n");
  const grade::StudentInput s{"s", dir / "s"};
  grade::Manifest m;
  m.grader_version = "1";
  const std::string base = grade::student_fingerprint(s, m);
  BOOST_TEST(base.size() == 16u);
  BOOST_TEST(grade::student_fingerprint(s, m) == base);
  write_file(dir / "s/answers.yaml", "answers:\n  a: y\n");
  const std::string edited = grade::student_fingerprint(s, m);
  BOOST_TEST(edited != base);
  write_file(dir / "s/extra.cpp", "int main() {}\n");
  const std::string extra = grade::student_fingerprint(s, m);
  BOOST_TEST(extra != edited);
  fs::create_symlink("/etc/passwd", dir / "s/link");
  const std::string linked = grade::student_fingerprint(s, m);
  BOOST_TEST(linked != extra);
  for (auto change :
       {+[](grade::Manifest& x) { x.seed = 2; }, +[](grade::Manifest& x) { x.time_limit = 1; },
        +[](grade::Manifest& x) { x.grader_version = "2"; },
        +[](grade::Manifest& x) { x.problems_fingerprint = "0"; }}) {
    grade::Manifest other = m;
    change(other);
    BOOST_TEST(grade::student_fingerprint(s, other) != linked);
  }
}

BOOST_AUTO_TEST_CASE(a_student_resumes_only_with_the_same_fingerprint_and_a_readable_report) {
  TempDir dir;
  report::SubmissionReport r;
  r.student = "s1";
  r.seed = 3;
  grade::write_student(dir.path(), r, "abc");
  BOOST_TEST(fs::exists(dir / "students/s1.json"));
  BOOST_TEST(fs::exists(dir / "students/s1.md"));
  BOOST_TEST(fs::exists(dir / "students/s1/results.json"));
  const auto back = grade::resume_student(dir.path(), "s1", "abc");
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(report::to_json(*back) == report::to_json(r));
  BOOST_TEST(!grade::resume_student(dir.path(), "s1", "abd").has_value());
  BOOST_TEST(!grade::resume_student(dir.path(), "s2", "abc").has_value());
  write_file(dir / "students/s1.json", "{ truncated");
  BOOST_TEST(!grade::resume_student(dir.path(), "s1", "abc").has_value());
}

BOOST_AUTO_TEST_CASE(the_manifest_reads_back) {
  TempDir dir;
  grade::Manifest m;
  m.grader_version = "0.1";
  m.seed = 99;
  m.time_limit = 2.5;
  m.problems_fingerprint = "ff";
  m.problems = {{"a/b", 1.0}, {"c/d", 0.5}};
  m.students = {"x", "y"};
  m.shard = 2;
  m.shards = 3;
  grade::write_atomically(dir / "batch.json", grade::to_json(m));
  const grade::Manifest back = grade::read_manifest(dir.path());
  BOOST_TEST(grade::to_json(back) == grade::to_json(m));
  BOOST_TEST(back.shard == 2);
  BOOST_TEST(back.problems[1].second == 0.5);
  BOOST_TEST(error_of([&] {
               grade::read_manifest(dir / "nope");
             }).find("batch.json: not found: ") != std::string::npos);
  write_file(dir / "batch.json", "[]");
  BOOST_TEST(error_of([&] {
               grade::read_manifest(dir.path());
             }).find("batch.json: not a batch manifest: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(merged_shards_equal_one_run_byte_for_byte) {
  Batch b;
  b.run(b.dir / "one");
  const auto one = tree(b.dir / "one");
  BOOST_TEST(one.count("grades.csv") == 1u);
  BOOST_TEST(one.count(".resume/s3") == 1u);
  BOOST_TEST(one.count("analytics.json") == 1u);
  BOOST_TEST(one.count("summary.html") == 1u);
  // 7 class files, the manifest, 4 files per student
  BOOST_TEST(one.size() == 8u + 4u * 5u);
  for (int n : {2, 3, 5, 7}) {
    BOOST_TEST_CONTEXT(n << " shards") {
      std::vector<fs::path> shards;
      for (int k = 1; k <= n; ++k) {
        shards.push_back(b.dir / ("shards" + std::to_string(n) + "/" + std::to_string(k)));
        b.run(shards.back(), k, n);
      }
      const fs::path merged = b.dir / ("merged" + std::to_string(n));
      const grade::Manifest m = grade::merge_outputs(shards, merged);
      BOOST_TEST(m.students.size() == 5u);
      BOOST_TEST((tree(merged) == one));
    }
  }
}

BOOST_AUTO_TEST_CASE(merge_refuses_an_incomplete_or_inconsistent_set_of_shards) {
  Batch b;
  for (int k = 1; k <= 3; ++k) b.run(b.dir / std::to_string(k), k, 3);
  const fs::path s1 = b.dir / "1", s2 = b.dir / "2", s3 = b.dir / "3";
  BOOST_TEST(error_of([&] {
               grade::merge_outputs({s1, s3}, b.dir / "m");
             }) == "merge: shard 2/3 missing: merge every shard of the batch");
  BOOST_TEST(error_of([&] {
               grade::merge_outputs({s1, s2, s2, s3}, b.dir / "m");
             }) == "merge: " + s2.string() + " and " + s2.string() + " are both shard 2/3");
  BOOST_TEST(error_of([&] { grade::merge_outputs({}, b.dir / "m"); }) ==
             "merge: no shard outputs given");
  // A shard graded with another seed.
  b.manifest.seed = 6;
  b.run(b.dir / "other", 2, 3);
  BOOST_TEST(error_of([&] {
               grade::merge_outputs({s1, b.dir / "other", s3}, b.dir / "m");
             }).find("merge: " + (b.dir / "other").string() + " was graded with seed 6") == 0);
  // A shard whose student file went missing.
  fs::remove(s3 / "students/s2.json");
  BOOST_TEST(error_of([&] {
               grade::merge_outputs({s1, s2, s3}, b.dir / "m");
             }).find("merge: " + s3.string() + ": student s2 is incomplete") == 0);
  BOOST_TEST(!fs::exists(b.dir / "m/grades.csv"));
}

BOOST_AUTO_TEST_CASE(students_no_longer_in_the_batch_lose_their_files) {
  Batch b;
  b.run(b.dir / "out");
  fs::remove(b.dir / "class/s4.yaml");
  b.students = grade::discover_students(b.dir / "class");
  b.run(b.dir / "out");
  const auto files = tree(b.dir / "out");
  BOOST_TEST(files.count("students/s4.json") == 0u);
  BOOST_TEST(files.count("students/s4/results.json") == 0u);
  BOOST_TEST(files.count(".resume/s4") == 0u);
  BOOST_TEST(files.count("students/s3.json") == 1u);
  BOOST_TEST(files.at("grades.csv").find("s4") == std::string::npos);
}
