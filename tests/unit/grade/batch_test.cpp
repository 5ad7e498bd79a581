#define BOOST_TEST_MODULE grade_batch
#include "grader/grade/batch.hpp"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "../support/specs.hpp"
#include "../support/temp_dir.hpp"
#include "grader/core/error.hpp"

using namespace grader;
using grader_test::TempDir;
using grader_test::write_file;

namespace {

std::vector<std::string> ids(const std::vector<grade::StudentInput>& students) {
  std::vector<std::string> out;
  for (const auto& s : students) out.push_back(s.id);
  return out;
}

const std::string& kXax = grader_test::kXaxSpec;

const std::string kChoice = R"(id: t/choice
title: pick
statement: Which?
answer:
  kind: choice
  options: {a: yes, b: no}
  correct: a
)";

}  // namespace

BOOST_AUTO_TEST_CASE(students_are_folders_and_yaml_files_with_safe_unique_ids) {
  TempDir dir;
  write_file(dir / "bob/answers.yaml", "answers: {}\n");
  write_file(dir / "alice.yaml", "answers: {}\n");
  write_file(dir / "carol.yml", "answers: {}\n");
  write_file(dir / "bob.yaml", "answers: {}\n");  // bob is a folder already
  write_file(dir / ".hidden/answers.yaml", "answers: {}\n");
  write_file(dir / "notes.txt", "not a submission\n");
  write_file(dir /
                 "bad\xff"
                 "name/answers.yaml",
             "answers: {}\n");
  write_file(dir / "two\nlines.yaml", "answers: {}\n");
  const auto students = grade::discover_students(dir.path());
  BOOST_TEST(ids(students) == (std::vector<std::string>{"alice", "bad%FFname", "bob", "bob.yaml",
                                                        "carol", "two%0Alines"}),
             boost::test_tools::per_element());
  BOOST_TEST(students[2].path == dir / "bob");
  BOOST_TEST(students[3].path == dir / "bob.yaml");
}

BOOST_AUTO_TEST_CASE(ids_never_share_an_output_name_and_long_ids_are_shortened) {
  TempDir dir;
  write_file(dir / "dup/answers.yaml", "answers: {}\n");
  write_file(dir / "dup.yaml", "answers: {}\n");
  write_file(dir / "dup.yml", "answers: {}\n");
  write_file(dir / "x.json/answers.yaml", "answers: {}\n");  // students/x.json is x's report
  write_file(dir / "x.yaml", "answers: {}\n");
  const std::string long_name(200, 'a');
  write_file(dir / (long_name + ".yaml"), "answers: {}\n");
  const auto students = grade::discover_students(dir.path());
  const auto got = ids(students);
  BOOST_REQUIRE(got.size() == 6u);
  BOOST_TEST(got[0].size() == 147u);  // 130 bytes, "~" and a 16-digit digest
  BOOST_TEST(got[0].substr(0, 131) == std::string(130, 'a') + "~");
  BOOST_TEST((std::vector<std::string>(got.begin() + 1, got.end()) ==
              std::vector<std::string>{"dup", "dup.yaml", "dup.yml", "x.json", "x~2"}));
}

BOOST_AUTO_TEST_CASE(a_missing_folder_of_submissions_is_an_input_error) {
  TempDir dir;
  try {
    grade::discover_students(dir / "nope");
    BOOST_TEST(false, "no error");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()) ==
               (dir / "nope").string() + ": no such folder of submissions");
  }
}

BOOST_AUTO_TEST_CASE(shards_partition_the_class) {
  std::vector<grade::StudentInput> all;
  for (int i = 0; i < 11; ++i) all.push_back({"s" + std::to_string(i), {}});
  for (int n = 1; n <= 13; ++n) {
    std::multiset<std::string> seen;
    std::size_t largest = 0;
    std::size_t smallest = all.size();
    for (int k = 1; k <= n; ++k) {
      const auto shard = grade::select_shard(all, k, n);
      for (const auto& s : shard) seen.insert(s.id);
      largest = std::max(largest, shard.size());
      smallest = std::min(smallest, shard.size());
    }
    BOOST_TEST_CONTEXT("n = " << n) {
      BOOST_TEST(seen.size() == all.size());
      for (const auto& s : all) BOOST_TEST(seen.count(s.id) == 1u);
      BOOST_TEST(largest - smallest <= 1u);  // balanced
    }
  }
  BOOST_TEST(ids(grade::select_shard(all, 2, 4)) == (std::vector<std::string>{"s1", "s5", "s9"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shard_texts_are_checked_with_a_message) {
  BOOST_TEST((grade::parse_shard("2/4") == std::pair<int, int>{2, 4}));
  BOOST_TEST((grade::parse_shard("1/1") == std::pair<int, int>{1, 1}));
  for (const char* bad : {"", "3", "a/b", "1/3x", "/3", "1/", "1//3", " 1/3"}) {
    BOOST_TEST_CONTEXT(bad) {
      try {
        grade::parse_shard(bad);
        BOOST_TEST(false, "no error");
      } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "--shard '" + std::string(bad) + "': expected K/N, for example 2/4");
      }
    }
  }
  for (const char* bad : {"0/3", "4/3", "1/0", "-1/3", "1/10001"}) {
    BOOST_TEST_CONTEXT(bad) {
      try {
        grade::parse_shard(bad);
        BOOST_TEST(false, "no error");
      } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "--shard '" + std::string(bad) +
                       "': K must be between 1 and N, and N between 1 and 10000");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_class_is_graded_the_same_whatever_the_jobs_and_broken_files_stay_local) {
  TempDir dir;
  const std::vector<spec::Problem> problems = {
      spec::load_problem_text(kChoice, "problems/t/choice.yaml", "t/choice"),
      spec::load_problem_text(kXax, "problems/t/xax.yaml", "t/xax")};
  write_file(dir / "right/answers.yaml", "answers:\n  t/xax: dX*A*X + X*A*dX\n  t/choice: a\n");
  write_file(dir / "wrong.yaml", "answers:\n  t/xax: 2*X*A*dX\n  t/choice: b\n");
  write_file(dir / "garbage.yaml", std::string("\x00\x01\xff{[", 5));
  write_file(dir / "empty-folder/notes.txt", "no answers here");
  std::filesystem::create_symlink(dir / "right/answers.yaml", dir / "copycat.yaml");
  const auto students = grade::discover_students(dir.path());
  BOOST_REQUIRE(students.size() == 5u);
  grade::BatchOptions options;
  options.seed = 7;
  options.jobs = 1;
  const auto trials = grade::prepare_trials(problems, options);
  BOOST_REQUIRE(trials.size() == 2u);
  BOOST_TEST(trials[0].problem().id == "t/choice");
  std::vector<std::size_t> order;
  const auto one = grade::grade_all(trials, students, options,
                                    [&](std::size_t i, const report::SubmissionReport& r) {
                                      order.push_back(i);
                                      BOOST_TEST(r.student == students[i].id);
                                    });
  BOOST_TEST(order.size() == 5u);
  options.jobs = 3;
  const auto three = grade::grade_all(grade::prepare_trials(problems, options), students, options);
  BOOST_REQUIRE(one.size() == 5u);
  for (std::size_t i = 0; i < one.size(); ++i)
    BOOST_TEST(report::to_json(one[i]) == report::to_json(three[i]));

  // copycat, empty-folder, garbage, right, wrong (sorted by id)
  BOOST_TEST(one[0].student == "copycat");  // a link to right's answers gets no points
  BOOST_TEST(one[0].score() == 0.0);
  // An unreadable submission is one status with its reason; its problems are missing.
  BOOST_TEST(one[0].status() == std::string("unreadable"));
  BOOST_TEST(one[0].unreadable ==
             (dir / "copycat.yaml").string() +
                 ": a symbolic link, not a submission; hand in the file itself");
  BOOST_TEST(to_string(one[0].problems[1].verdict) == "missing");
  BOOST_TEST(one[1].student == "empty-folder");
  BOOST_TEST(one[1].status() == std::string("unreadable"));
  BOOST_TEST(to_string(one[1].problems[0].verdict) == "missing");
  BOOST_TEST(one[1].problems[0].message == "not graded: the submission could not be read");
  BOOST_TEST(one[2].status() == std::string("unreadable"));
  BOOST_TEST(!one[2].unreadable.empty());
  BOOST_TEST(one[3].status() == std::string("graded"));
  BOOST_TEST(one[3].score() == 2.0);
  BOOST_TEST(to_string(one[3].problems[1].verdict) == "pass");
  BOOST_TEST(one[4].score() == 0.0);
  BOOST_TEST(to_string(one[4].problems[1].verdict) == "fail");
  BOOST_TEST(one[4].problems[1].seed == 7u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_batch_starts_no_student) {
  TempDir dir;
  const std::vector<spec::Problem> problems = {
      spec::load_problem_text(kXax, "problems/t/xax.yaml", "t/xax")};
  write_file(dir / "a.yaml", "answers:\n  t/xax: dX*A*X + X*A*dX\n");
  write_file(dir / "b.yaml", "answers:\n  t/xax: dX*A*X + X*A*dX\n");
  const auto students = grade::discover_students(dir.path());
  std::atomic<bool> cancel{true};
  int graded = 0;
  const auto reports = grade::grade_all(
      grade::prepare_trials(problems, {}), students, {},
      [&](std::size_t, const report::SubmissionReport&) { ++graded; }, &cancel);
  BOOST_TEST(graded == 0);
  BOOST_REQUIRE(reports.size() == 2u);
  BOOST_TEST(reports[0].student.empty());
  BOOST_TEST(reports[1].problems.empty());
}

BOOST_AUTO_TEST_CASE(the_answer_cache_keeps_only_results_that_do_not_depend_on_the_file) {
  grade::AnswerCache cache;
  spec::AnswerText a;
  a.single = "X*A*dX";
  spec::AnswerText b = a;
  b.where = {"other/answers.yaml", 3, 7};
  BOOST_TEST(grade::AnswerCache::key("t/xax", a) == grade::AnswerCache::key("t/xax", b));
  spec::AnswerText parts;
  parts.parts = {{"x", "X*A*dX"}};
  BOOST_TEST(grade::AnswerCache::key("t/xax", a) != grade::AnswerCache::key("t/xax", parts));
  BOOST_TEST(grade::AnswerCache::key("t/xax", a) != grade::AnswerCache::key("t/other", a));
  check::CheckResult fail;
  fail.verdict = check::Verdict::fail;
  fail.message = "wrong";
  cache.store("k1", fail);
  BOOST_TEST(cache.find("k1").value().message == "wrong");
  check::CheckResult invalid;
  invalid.verdict = check::Verdict::invalid;  // its diagnostic points into the student's file
  invalid.diagnostic = "--> alice/answers.yaml:3:7";
  cache.store("k2", invalid);
  BOOST_TEST(!cache.find("k2").has_value());
  BOOST_TEST(!cache.find("k3").has_value());
}

BOOST_AUTO_TEST_CASE(a_cached_answer_gets_the_result_of_a_fresh_check) {
  TempDir dir;
  write_file(dir / "a.yaml", "answers: {t/xax: X*A*dX}\n");
  write_file(dir / "b.yaml", "answers: {t/xax: X*A*dX}\n");
  write_file(dir / "c.yaml", "answers: {t/xax: 'X*A*dX +'}\n");
  write_file(dir / "d.yaml", "answers: {t/xax: 'X*A*dX +'}\n");
  const std::vector<spec::Problem> problems = {
      spec::load_problem_text(kXax, "problems/t/xax.yaml", "t/xax")};
  grade::BatchOptions options;
  options.jobs = 2;
  const auto trials = grade::prepare_trials(problems, options);
  const auto students = grade::discover_students(dir.path());
  const auto reports = grade::grade_all(trials, students, options);
  const auto fresh = grade::grade_student(trials, students[0], options);
  BOOST_TEST(reports[0].problems[0].message == fresh.problems[0].message);
  BOOST_TEST(reports[1].problems[0].message == fresh.problems[0].message);
  BOOST_TEST((reports[1].problems[0].diagnosis == spec::DiagnosisKey::missing_term));
  // Invalid answers are not shared: each diagnostic names its own file.
  BOOST_TEST(reports[2].problems[0].diagnostic.find("c.yaml") != std::string::npos);
  BOOST_TEST(reports[3].problems[0].diagnostic.find("d.yaml") != std::string::npos);
}
