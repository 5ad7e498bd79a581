#pragma once
// The files of a graded batch in OUT_DIR, and what --resume and merge read back:
//
//   grades.csv, gradebook.csv, report.json,          the class (report/formats.hpp)
//   junit.xml, summary.md
//   batch.json                                        the manifest: seed, problems, students
//   students/<id>.json, students/<id>.md,             one student's report, feedback and
//   students/<id>/results.json                        Gradescope results
//   .resume/<id>                                      the student's fingerprint, written last
//
// Every file is written atomically (a temporary in the same folder, then a rename), so an
// interrupted run leaves complete files or none. A student's fingerprint covers their
// submission's bytes, the problem set's, the seed, the time limit and the grader's version:
// --resume reuses a student's report only when all of these are unchanged.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grader/grade/batch.hpp"
#include "grader/report/report.hpp"

namespace grader::grade {

// Creates OUT and OUT/students and makes sure a file can be written in each, before any
// student is graded; throws InputError naming the folder and the system's reason (read-only
// file system, permission denied, a file in the way) otherwise.
void prepare_output_folder(const std::filesystem::path& out);

// Writes `text` to `path` atomically: a complete file or none.
void write_atomically(const std::filesystem::path& path, const std::string& text);

struct Manifest {
  std::string grader_version;
  std::uint64_t seed = 1;
  double time_limit = 0;
  double code_time_limit = 5;       // CPU seconds of one run of a code answer
  double compile_time_limit = 120;  // CPU seconds of compiling one student's C++ answers
  std::string problems_fingerprint;
  std::vector<std::pair<std::string, double>> problems;  // id, points; in grading order
  std::vector<std::string> students;                     // sorted ids
  int shard = 1;                                         // this output is shard `shard` ...
  int shards = 1;                                        // ... of `shards` (1/1: the whole class)
  std::string assignment;        // the assignment's id ("" for every problem of the set) ...
  std::string assignment_title;  // ... its title and due date, as the spec gives them
  std::string due;
  std::vector<std::string> skipped_specs;  // specs that did not load ("file: why")
};

std::string to_json(const Manifest& manifest);
// Reads OUT/batch.json; throws InputError naming the file when it is absent or malformed.
Manifest read_manifest(const std::filesystem::path& out);

// A hex digest of the problems' ids and spec files (a change to any spec changes it).
std::string problems_fingerprint(const std::vector<spec::Problem>& problems);
// A hex digest of everything a student's result depends on: the bytes of their submission
// (every file of a folder, symlinks by target) and the batch's context from `manifest`.
std::string student_fingerprint(const StudentInput& student, const Manifest& manifest);

// Removes temporaries an interrupted run left behind (".tmp-<pid>-<n>").
void remove_temporaries(const std::filesystem::path& out);

// Writes one student's three files, then their fingerprint.
void write_student(const std::filesystem::path& out, const report::SubmissionReport& report,
                   const std::string& fingerprint);

// The student's report from an earlier run into `out`, when its fingerprint equals
// `fingerprint` and the report reads back; otherwise nothing.
std::optional<report::SubmissionReport> resume_student(const std::filesystem::path& out,
                                                       const std::string& id,
                                                       const std::string& fingerprint);

// Writes the class files and the manifest from `reports` (in manifest.students order), and
// removes the per-student files of students no longer in the batch. Returns how many
// students' stale files were removed.
std::size_t write_class(const std::filesystem::path& out,
                        const std::vector<report::SubmissionReport>& reports,
                        const Manifest& manifest);

// Combines the outputs of the shards 1/N..N/N of one batch into `out`: the same files, byte
// for byte, as one run over the whole class. Throws InputError when the inputs are not the
// complete, consistent set of shards of one batch (naming what is wrong).
Manifest merge_outputs(const std::vector<std::filesystem::path>& inputs,
                       const std::filesystem::path& out);

}  // namespace grader::grade
