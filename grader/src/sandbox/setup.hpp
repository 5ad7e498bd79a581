#pragma once
// Setting a run up before its child is forked: who the program is on the host (Identity) and
// its work folder handed to that uid, what it must not see (hidden paths), the host's mounts
// to make read-only (level namespaces), and what the child executes (bwrap and its command
// line, or the program itself found in its PATH).

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "child.hpp"
#include "config.hpp"

namespace grader::sandbox::detail {

// Who the program is on the host, and whether its process limit can hold.
struct Identity {
  bool drop = false;  // runs as `uid`/`gid` instead of grader's own
  uid_t uid = 0;
  gid_t gid = 0;
  bool processes_enforced = false;
  std::string processes_note;  // replaces "N processes" in the limits when not enforced
  // "uid 65534 inside, a uid of its own on the host", ...: never the run's uid itself, which
  // depends on grader's pid and the order of runs, so that a report is the same every run.
  std::string text;
};

Identity identity_for(const Config& config, const Limits& limits);

// Hands the work folder and everything in it to the run's uid (id.drop; permissions
// unchanged); the system's reason when it cannot. Throws SandboxError for a folder others
// share, which must never be handed over.
std::string hand_over_work_dir(const std::filesystem::path& work_dir, const Identity& id);

// A path a program must not see: a folder (covered by an empty tmpfs) or a file (by
// /dev/null).
struct HiddenPath {
  std::string path;
  bool folder = true;
};

// The request's hidden paths that exist and hold neither the work folder nor a read-only path
// (all canonical). Under bubblewrap only those inside what it shows need covering (/usr, the
// read-only paths); at the namespaces level every one does.
std::vector<HiddenPath> hidden_paths(const std::vector<std::filesystem::path>& requested,
                                     const std::filesystem::path& work_dir,
                                     const std::vector<std::filesystem::path>& read_only,
                                     bool bubblewrap);

// The host's mount points to make read-only (level namespaces), with the flags each keeps.
// /proc and /sys are left alone (a fresh /proc replaces the first), and so is anything mounted
// inside the work folder.
struct MountList {
  std::vector<std::string> paths;
  std::vector<MountPoint> points;  // pointing into `paths`
};

MountList read_only_mounts(const std::filesystem::path& work_dir);

// What the child executes: `path` with `argv`, and `envp` (empty under bubblewrap, whose
// command line sets the program's environment).
struct Command {
  std::string path;
  std::vector<std::string> argv;
  std::vector<std::string> envp;
};

// bwrap and its command line at level bubblewrap; else the program itself, looked up in the
// PATH of its environment (nullopt: not found).
std::optional<Command> command_for(const Config& config, const Request& request,
                                   const std::filesystem::path& work_dir,
                                   const std::vector<std::filesystem::path>& read_only,
                                   const std::vector<HiddenPath>& hidden);

}  // namespace grader::sandbox::detail
