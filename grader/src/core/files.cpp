#include "grader/core/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "grader/core/posix.hpp"
#include "grader/core/utf8.hpp"

namespace grader {

namespace {

BeneathRead refuse(std::string error) {
  BeneathRead r;
  r.error = std::move(error);
  return r;
}

enum class ReadEnd { done, failed, too_large };

// Appends what is left of `fd` to `text`, stopping once it holds more than `max_bytes`
// (too_large: the rest is never read). `failed` leaves errno as the failing read set it.
ReadEnd read_to_end(int fd, std::size_t max_bytes, std::string& text) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = retry_on_eintr([&] { return ::read(fd, buffer, sizeof buffer); });
    if (n < 0) return ReadEnd::failed;
    if (n == 0) return ReadEnd::done;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) return ReadEnd::too_large;
  }
}

// The components of `relative` ("." and empty ones dropped) into `parts`; why not when it
// names no file inside the folder.
std::optional<std::string> split_relative(const std::string& relative, const std::string& shown,
                                          std::vector<std::string>& parts) {
  if (relative.empty() || relative.find('\0') != std::string::npos) {
    return fmt::format("'{}' is not a file name", shown);
  }
  if (relative[0] == '/') {
    return fmt::format(
        "'{}' must be a file of your submission's folder, named relative "
        "to it",
        shown);
  }
  for (const auto& part : std::filesystem::path(relative)) {
    const std::string p = part.string();
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      return fmt::format(
          "'{}' leaves your submission's folder (..); name a file inside "
          "it",
          shown);
    }
    parts.push_back(p);
  }
  if (parts.empty()) return fmt::format("'{}' is not a file name", shown);
  return std::nullopt;
}

// Why the last component of the path, of status `st` (not a symbolic link), is not a file to
// read; nullopt when it is one.
std::optional<std::string> refusal_of_file(const struct stat& st, const std::string& shown,
                                           std::size_t max_bytes) {
  if (S_ISDIR(st.st_mode)) return fmt::format("{} is a folder, not a file", shown);
  if (!S_ISREG(st.st_mode)) {
    return fmt::format("{} is not a regular file (a device, a pipe or a socket)", shown);
  }
  if (st.st_nlink > 1) {
    return fmt::format(
        "{} has {} hard links (it may be another file of the machine); "
        "hand in a plain copy",
        shown, st.st_nlink);
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return fmt::format("{} is larger than {} KiB", shown, max_bytes >> 10);
  }
  return std::nullopt;
}

// Reads the file `name` of `dir`, just checked as `st`.
BeneathRead read_checked(const Fd& dir, const std::string& name, const struct stat& st,
                         const std::string& shown, std::size_t max_bytes) {
  // Reopened for reading through the same parent, still without following a link; the
  // inode must be the one just checked.
  Fd file(
      ::openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat again {};
  if (file.get() < 0 || ::fstat(file.get(), &again) != 0 || again.st_ino != st.st_ino ||
      again.st_dev != st.st_dev || !S_ISREG(again.st_mode)) {
    return refuse(fmt::format("{} changed while it was read", shown));
  }
  BeneathRead r;
  switch (read_to_end(file.get(), max_bytes, r.text)) {
    case ReadEnd::done:
      r.ok = true;
      return r;
    case ReadEnd::failed:
      return refuse(
          fmt::format("{}: cannot read: {}", shown, std::system_category().message(errno)));
    case ReadEnd::too_large:
      break;
  }
  return refuse(fmt::format("{} is larger than {} KiB", shown, max_bytes >> 10));
}

}  // namespace

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  using Reason = FileError::Reason;
  // O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused below, unread).
  Fd file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat st {};
  if (file.get() < 0 || ::fstat(file.get(), &st) != 0) {
    throw FileError(Reason::cannot_read, fmt::format("{}: cannot read", path.string()));
  }
  if (!S_ISREG(st.st_mode)) {
    throw FileError(Reason::not_regular, fmt::format("{}: not a regular file", path.string()));
  }
  std::string text;
  switch (read_to_end(file.get(), max_bytes, text)) {
    case ReadEnd::done:
      return text;
    case ReadEnd::failed:
      throw FileError(Reason::cannot_read, fmt::format("{}: cannot read", path.string()));
    case ReadEnd::too_large:
      break;
  }
  throw FileError(Reason::too_large,
                  fmt::format("{}: more than {} bytes", path.string(), max_bytes));
}

BeneathRead read_beneath(const std::filesystem::path& folder, const std::string& relative,
                         std::size_t max_bytes) {
  const std::string shown = visible(relative);
  std::vector<std::string> parts;
  if (auto error = split_relative(relative, shown, parts)) return refuse(std::move(*error));

  Fd dir(::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) {
    return refuse(fmt::format("cannot open the submission folder: {}",
                              std::system_category().message(errno)));
  }
  std::string walked;  // the components opened so far, as the student named them
  for (std::size_t i = 0; i < parts.size(); ++i) {
    walked += (i ? "/" : "") + parts[i];
    const bool last = i + 1 == parts.size();
    // O_PATH | O_NOFOLLOW opens a symbolic link itself, so that fstat can name it.
    Fd next(::openat(dir.get(), parts[i].c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) {
      if (errno == ENOENT) return refuse(fmt::format("{}: no such file in your submission", shown));
      return refuse(fmt::format("{}: cannot open {}: {}", shown, visible(walked),
                                std::system_category().message(errno)));
    }
    struct stat st {};
    if (::fstat(next.get(), &st) != 0) {
      return refuse(fmt::format("{}: cannot read {}", shown, visible(walked)));
    }
    if (S_ISLNK(st.st_mode)) {
      if (last) {
        return refuse(fmt::format("{} is a symbolic link; hand in the file itself", shown));
      }
      return refuse(
          fmt::format("{}: {} is a symbolic link, which the grader never follows; "
                      "hand in the file itself, inside your folder",
                      shown, visible(walked)));
    }
    if (!last) {
      if (!S_ISDIR(st.st_mode)) {
        return refuse(fmt::format("{}: {} is not a folder", shown, visible(walked)));
      }
      dir = std::move(next);
      continue;
    }
    if (auto error = refusal_of_file(st, shown, max_bytes)) return refuse(std::move(*error));
    return read_checked(dir, parts[i], st, shown, max_bytes);
  }
  return refuse(fmt::format("'{}' is not a file name", shown));
}

}  // namespace grader
