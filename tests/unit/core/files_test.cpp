#define BOOST_TEST_MODULE core_files
#include "grader/core/files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "../support/temp_dir.hpp"

using grader::read_beneath;
using grader_test::TempDir;
using grader_test::write_file;
namespace fs = std::filesystem;

namespace {

struct Folder {
  TempDir dir;
  fs::path student() const { return dir.path() / "student"; }
  Folder() {
    fs::create_directories(student() / "sub");
    write_file(student() / "sub/apply.cpp", "int x;\n");
    write_file(dir.path() / "secret.txt", "the secret\n");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_file_inside_the_folder_is_read, Folder) {
  const auto r = read_beneath(student(), "sub/apply.cpp", 1024);
  BOOST_TEST(r.ok, r.error);
  BOOST_TEST(r.text == "int x;\n");
  BOOST_TEST(read_beneath(student(), "./sub//apply.cpp", 1024).ok);
}

// Issue 16: only the last component was checked, so a folder link reached anything.
BOOST_FIXTURE_TEST_CASE(a_symbolic_link_anywhere_in_the_path_is_refused_unread, Folder) {
  fs::create_directory_symlink("/proc/self", student() / "p");
  fs::create_directory_symlink(dir.path(), student() / "up");
  fs::create_symlink(dir.path() / "secret.txt", student() / "sub/link.cpp");
  auto r = read_beneath(student(), "p/environ", 1 << 20);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.text.empty());
  BOOST_TEST(r.error ==
             "p/environ: p is a symbolic link, which the grader never follows; hand "
             "in the file itself, inside your folder");
  r = read_beneath(student(), "up/secret.txt", 1024);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.text.empty());
  BOOST_TEST(r.error.find("up is a symbolic link") != std::string::npos, r.error);
  r = read_beneath(student(), "sub/link.cpp", 1024);
  BOOST_TEST(r.error == "sub/link.cpp is a symbolic link; hand in the file itself");
}

BOOST_FIXTURE_TEST_CASE(paths_that_leave_the_folder_are_refused, Folder) {
  BOOST_TEST(read_beneath(student(), "../secret.txt", 1024).error ==
             "'../secret.txt' leaves your submission's folder (..); name a file inside it");
  BOOST_TEST(read_beneath(student(), "sub/../../secret.txt", 1024).error ==
             "'sub/../../secret.txt' leaves your submission's folder (..); name a file inside it");
  BOOST_TEST(read_beneath(student(), "/etc/passwd", 1024).error ==
             "'/etc/passwd' must be a file of your submission's folder, named relative to it");
}

BOOST_FIXTURE_TEST_CASE(only_plain_regular_files_within_the_size_are_read, Folder) {
  BOOST_TEST(read_beneath(student(), "missing.cpp", 1024).error ==
             "missing.cpp: no such file in your submission");
  BOOST_TEST(read_beneath(student(), "sub", 1024).error == "sub is a folder, not a file");
  BOOST_REQUIRE(::mkfifo((student() / "fifo").c_str(), 0600) == 0);
  BOOST_TEST(read_beneath(student(), "fifo", 1024).error ==
             "fifo is not a regular file (a device, a pipe or a socket)");
  fs::create_hard_link(dir.path() / "secret.txt", student() / "hard.cpp");
  const auto hard = read_beneath(student(), "hard.cpp", 1024);
  BOOST_TEST(hard.error ==
             "hard.cpp has 2 hard links (it may be another file of the machine); "
             "hand in a plain copy");
  BOOST_TEST(hard.text.empty());
  write_file(student() / "big.cpp", std::string(2048, 'x'));
  BOOST_TEST(read_beneath(student(), "big.cpp", 1024).error == "big.cpp is larger than 1 KiB");
  BOOST_TEST(read_beneath(student(), "sub/apply.cpp/x", 1024).error.find("is not a folder") !=
             std::string::npos);
}

// read_file: grader's own files, bounded, with one error type naming the file and the reason.
namespace {

grader::FileError::Reason reason_of(const fs::path& path, std::size_t max_bytes,
                                    std::string& message) {
  try {
    grader::read_file(path, max_bytes);
  } catch (const grader::FileError& e) {
    message = e.what();
    return e.reason();
  }
  message = "read";
  return grader::FileError::Reason::cannot_read;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(read_file_reads_a_whole_regular_file_up_to_its_bound, Folder) {
  BOOST_TEST(grader::read_file(dir.path() / "secret.txt", 11) == "the secret\n");
  fs::create_symlink(dir.path() / "secret.txt", dir.path() / "link.txt");
  BOOST_TEST(grader::read_file(dir.path() / "link.txt", 1024) == "the secret\n");
  BOOST_TEST(grader::read_file(dir.path() / "secret.txt", 1 << 20).size() == 11u);
}

BOOST_FIXTURE_TEST_CASE(read_file_says_which_file_it_could_not_read_and_why, Folder) {
  using Reason = grader::FileError::Reason;
  std::string message;
  const fs::path missing = dir.path() / "missing.txt";
  BOOST_TEST((reason_of(missing, 1024, message) == Reason::cannot_read));
  BOOST_TEST(message == missing.string() + ": cannot read");
  BOOST_TEST((reason_of(student(), 1024, message) == Reason::not_regular));
  BOOST_TEST(message == student().string() + ": not a regular file");
  // A FIFO with no writer: refused at once, never waited on.
  BOOST_REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0600) == 0);
  BOOST_TEST((reason_of(dir.path() / "fifo", 1024, message) == Reason::not_regular));
  BOOST_TEST((reason_of("/dev/zero", 1024, message) == Reason::not_regular));
  BOOST_TEST((reason_of(dir.path() / "secret.txt", 10, message) == Reason::too_large));
  BOOST_TEST(message == (dir.path() / "secret.txt").string() + ": more than 10 bytes");
  try {
    grader::read_file(missing, 1024);
    BOOST_FAIL("no error");
  } catch (const grader::InputError& e) {
    BOOST_TEST((e.exit_code() == grader::ExitCode::bad_input));
  }
}
