#!/usr/bin/env bash
# End-to-end acceptance test of code submissions (issue 6): a class of students answering a
# code problem (t/apply: return A*b) with well-behaved and hostile C++ files and a Python
# command, plus one formula problem (lecture01/xax), graded with `grader grade --jobs 2
# --code-time-limit 2`, and
#   - each student's t/apply verdict is the expected one: right answers pass, a wrong one
#     fails (naming the relative difference and --seed), an infinite loop is a timeout, a fork
#     bomb, a memory hog are not passes (and the bomb leaves no process behind), a syntax
#     error is a compile-error naming apply.cpp and the line, a null pointer write a crash
#     (SIGSEGV), a Python command speaking the protocol passes;
#   - the sandbox holds: a program that writes outside its folder creates no file on the host;
#     one that reads another student's file, or connects to a listener on 127.0.0.1 (started
#     here) or to 1.1.1.1:53, cannot (each gives a wrong result if it could, so pass = held);
#   - every student's lecture01/xax verdict is pass (a hostile code answer costs nothing else);
#   - a class of only the well-behaved students, graded with a fresh cache, writes
#     byte-identical students/<id>.json for them;
#   - the grade run ends well within 120 s, and afterwards /tmp is still root 1777, no
#     process of the sandbox's uids (or running a binary of this test's cache) remains, and
#     the escape files do not exist.
#
# The isolation checks hold at the bubblewrap level and, with GRADER_BWRAP=none, at the
# namespaces level too, where grade hides the class and problem folders behind an empty
# tmpfs (docs/code-submissions.md); at the rlimits level a world-readable file of another
# student stays readable, and the reader's check fails.
#
# Usage: code_acceptance.sh GRADER_BINARY SOURCE_DIR
# Environment (optional): CODE_KEEP=1 keeps the temporary folder (its path is printed);
# CODE_ACCEPTANCE_BOUND_S replaces the 120-s bound of a grade run.
# Needs python3 (standard library), g++ and Eigen (ci/setup). Runtime on 2 cores: about 35 s
# (two classes, each compiling its students' programs; the first compile of each cache also
# builds the precompiled header).
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 GRADER_BINARY SOURCE_DIR" >&2
  exit 2
fi
grader=$1
src=$2
# The longest the full class's grade run may take: a hang, not a speed, is what it catches;
# ci/sanitize raises it (CODE_ACCEPTANCE_BOUND_S), where the grader itself runs 2-3 times
# slower.
bound_s=${CODE_ACCEPTANCE_BOUND_S:-120}

fail() {
  echo "code_acceptance: FAIL: $*" >&2
  exit 1
}
command -v python3 >/dev/null || fail "python3 is needed (Debian package python3)"
[[ -x $grader ]] || fail "no grader binary at $grader"
[[ -f $src/problems/lecture01/xax.yaml ]] || fail "no $src/problems/lecture01/xax.yaml"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/code-acceptance.XXXXXX")
tmp=$(cd "$tmp" && pwd -P)
# The sandbox's uid must be able to enter the caches (their own folders are set up by grader).
chmod 711 "$tmp"
listener=
cleanup() {
  if [[ -n $listener ]]; then
    kill "$listener" 2>/dev/null || true
    wait "$listener" 2>/dev/null || true
  fi
  if [[ ${CODE_KEEP:-0} == 1 ]]; then
    echo "code_acceptance: kept $tmp"
    return
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

tmp_stat_before=$(stat -c '%U %a' /tmp)
vartmp_stat_before=$(stat -c '%U %a' /var/tmp 2>/dev/null || echo none)
[[ $tmp_stat_before == "root 1777" ]] ||
  fail "/tmp is '$tmp_stat_before' before the test (expected 'root 1777'); not running"

# --- The problems: one code problem, one formula problem. -----------------------------------
problems=$tmp/problems
mkdir -p "$problems/t" "$problems/lecture01"
cp "$src/tests/data/code/problems/t/apply.yaml" "$problems/t/apply.yaml"
cp "$src/problems/lecture01/xax.yaml" "$problems/lecture01/xax.yaml"

# --- A listener on 127.0.0.1, for the student who tries the network. --------------------------
# Its command line does not name $tmp (the leftover check looks for processes that do).
python3 -u -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
s.settimeout(1.0)
end = time.time() + 900
while time.time() < end:
    try:
        c, _ = s.accept()
        c.close()
    except OSError:
        pass
' >"$tmp/listener.port" 2>/dev/null &
listener=$!
for _ in $(seq 100); do
  [[ -s $tmp/listener.port ]] && break
  sleep 0.05
done
port=$(head -1 "$tmp/listener.port")
[[ $port =~ ^[0-9]+$ ]] || fail "the 127.0.0.1 listener did not start"
# The listener must be reachable from here, or the network student proves nothing.
python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2).close()' \
  "$port" || fail "cannot connect to the test's own listener on 127.0.0.1:$port"

# --- The class. --------------------------------------------------------------------------------
class=$tmp/class
rand=$RANDOM$RANDOM$RANDOM
escape_files=("$tmp/escaped-$rand" "$class/escaped-$rand" "$class/right/escaped-$rand"
  "/tmp/grader-escape-$rand" "/var/tmp/grader-escape-$rand")

# student ID: answers.yaml with the code answer $2 (default {file: apply.cpp}); the C++ (or
# other) source on stdin goes to $3 (default apply.cpp).
student() {
  local id=$1 answer=${2:-"{file: apply.cpp}"} file=${3:-apply.cpp}
  mkdir -p "$class/$id"
  cat >"$class/$id/$file"
  printf 'answers:\n  t/apply: %s\n  lecture01/xax: "dX*A*X + X*A*dX"\n' "$answer" \
    >"$class/$id/answers.yaml"
}

student right <<'EOF'
Eigen::VectorXd mul(const Eigen::MatrixXd& M, const Eigen::VectorXd& v) { return M * v; }

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return mul(A, b); }
EOF

student right2 <<'EOF'
// The same answer with its own helper, and a loop instead of Eigen's product.
Eigen::VectorXd times(const Eigen::MatrixXd& M, const Eigen::VectorXd& v) {
  Eigen::VectorXd r = Eigen::VectorXd::Zero(M.rows());
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j) r(i) += M(i, j) * v(j);
  return r;
}

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) { return times(A, b); }
EOF

student wrong <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  return A.transpose() * b;
}
EOF

student loop <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  volatile unsigned long spin = 0;
  for (;;) spin = spin + 1;
  return A * b;
}
EOF

student forkbomb <<'EOF'
#include <unistd.h>

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  for (;;) fork();
  return A * b;
}
EOF

student memhog <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  std::vector<char> big(std::size_t{4} << 30);
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = 1;
  volatile char sink = big[big.size() / 2];
  (void)sink;
  return A * b;
}
EOF

# Writes outside its folder (absolute paths on the host, the shared /tmp and /var/tmp, and
# up from its work folder), says on stderr which ones it could create, then answers right.
{
  echo '#include <fcntl.h>'
  echo '#include <unistd.h>'
  echo 'static const char* kTargets[] = {'
  for f in "${escape_files[@]}" "../../escaped-$rand" "../escaped-$rand"; do
    echo "  \"$f\","
  done
  echo '};'
  cat <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  for (const char* path : kTargets) {
    const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd >= 0) {
      (void)!write(fd, "escaped\n", 8);
      close(fd);
      std::fprintf(stderr, "created %s\n", path);
    } else {
      std::fprintf(stderr, "could not create %s\n", path);
    }
  }
  return A * b;
}
EOF
} | student escape

# Reads another student's answer: a wrong result if it could.
{
  echo '#include <fstream>'
  echo "static const char* kOthers[] = {\"$class/right/apply.cpp\", \"$class/right/answers.yaml\","
  echo '  "../right/apply.cpp", "../../right/apply.cpp"};'
  cat <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  for (const char* path : kOthers) {
    std::ifstream in(path);
    std::string line;
    if (in && std::getline(in, line)) {
      std::fprintf(stderr, "read %s\n", path);
      return 2 * A * b;
    }
  }
  return A * b;
}
EOF
} | student reader

# Connects to the test's listener on 127.0.0.1 and to 1.1.1.1:53: a wrong result if it could.
{
  echo '#include <arpa/inet.h>'
  echo '#include <fcntl.h>'
  echo '#include <netinet/in.h>'
  echo '#include <poll.h>'
  echo '#include <sys/socket.h>'
  echo '#include <unistd.h>'
  echo "static const int kPort = $port;"
  cat <<'EOF'
// Non-blocking, at most 1 s: true when the connection was made.
static bool reach(const char* ip, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  fcntl(fd, F_SETFL, O_NONBLOCK);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (!ok && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t len = sizeof error;
    ok = poll(&p, 1, 1000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 &&
         error == 0;
  }
  close(fd);
  return ok;
}

Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  if (reach("127.0.0.1", kPort) || reach("1.1.1.1", 53)) {
    std::fprintf(stderr, "connected\n");
    return 2 * A * b;
  }
  return A * b;
}
EOF
} | student network

# A syntax error on line 3.
student compile <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  Eigen::VectorXd r = A * b;
  return r +* ;
}
EOF

student crash <<'EOF'
Eigen::VectorXd apply(const Eigen::MatrixXd& A, const Eigen::VectorXd& b) {
  volatile int* nowhere = nullptr;
  *nowhere = 42;
  return A * b;
}
EOF

# A command speaking the protocol (grader/include/grader/code/protocol.hpp).
student python "{command: python3 apply.py}" apply.py <"$src/tests/data/code/apply.py"

# The same students alone, graded later from the same path (reports name the answers' files).
well_behaved=(right right2 wrong python compile)
staged=$tmp/well-behaved
mkdir -p "$staged"
for id in "${well_behaved[@]}"; do cp -R "$class/$id" "$staged/$id"; done

# --- Processes of the sandbox's uids: 1,800,000,000 + (grader pid mod 65536) * 4096 + run. ----
sandbox_uid_procs() {  # [LOW HIGH): "pid uid command" of each such process
  ps -e -o pid=,uid=,args= | awk -v lo="$1" -v hi="$2" '$2 >= lo && $2 < hi'
}
all_lo=1800000000
all_hi=$((1800000000 + 65536 * 4096))
others_before=$(sandbox_uid_procs "$all_lo" "$all_hi" | wc -l)

# grade CLASS OUT CACHE: runs grader grade, with a watchdog at $bound_s; sets grade_pid and
# grade_seconds.
grade() {
  local cls=$1 out=$2 cache=$3 start status=0 watchdog
  start=$(now)
  GRADER_CACHE=$cache "$grader" grade "$cls" --out "$out" --jobs 2 --problems "$problems" \
    --code-time-limit 2 >"$out.stdout" 2>"$out.stderr" &
  grade_pid=$!
  (
    deadline=$((SECONDS + bound_s))
    while kill -0 "$grade_pid" 2>/dev/null; do
      if ((SECONDS >= deadline)); then
        kill -KILL "$grade_pid" 2>/dev/null && echo killed >"$out.hung"
        break
      fi
      sleep 0.2
    done
  ) >/dev/null 2>&1 &
  watchdog=$!
  wait "$grade_pid" || status=$?
  wait "$watchdog" 2>/dev/null || true
  grade_seconds=$(elapsed "$start" "$(now)")
  [[ ! -e $out.hung ]] || fail "grader grade $(basename "$cls") hung: killed after $bound_s s"
  if ((status != 0)); then
    echo "--- stderr (last 20 lines):" >&2
    tail -20 "$out.stderr" >&2
    fail "grader grade $(basename "$cls") exited with status $status (expected 0)"
  fi
  echo "code_acceptance: graded $(basename "$cls") into $(basename "$out") in $grade_seconds s: $(tail -1 "$out.stdout")"
}

grade "$class" "$tmp/out" "$tmp/cache"
full_pid=$grade_pid
awk -v s="$grade_seconds" -v b="$bound_s" 'BEGIN { exit !(s < b) }' ||
  fail "grading the class took $grade_seconds s (bound $bound_s s)"

# --- Nothing left behind. ------------------------------------------------------------------------
own_lo=$((1800000000 + (full_pid % 65536) * 4096))
own_hi=$((own_lo + 4096))
leftovers() {
  sandbox_uid_procs "$own_lo" "$own_hi"
  # Anything still running a program of this test's folder (the students' binaries are in the
  # cache), other than this script's own processes.
  pgrep -f -a -- "$tmp/" | grep -v -e "^$$ " -e "^$BASHPID " || true
}
left=$(leftovers)
if [[ -n $left ]]; then
  sleep 2  # a pid namespace's processes may take a moment to be reaped
  left=$(leftovers)
  [[ -z $left ]] || fail "processes left after grading (the fork bomb's?):"$'\n'"$left"
  echo "code_acceptance: note: processes of the run were still there just after it, gone 2 s later"
fi
others_after=$(sandbox_uid_procs "$all_lo" "$all_hi" | wc -l)
if ((others_after > others_before)); then
  # Another grader (a concurrent test run) may own them: reported, not a failure.
  echo "code_acceptance: note: $others_after processes of sandbox uids outside this run's range" \
    "(before: $others_before)"
fi

for f in "${escape_files[@]}"; do
  [[ ! -e $f ]] || fail "the escape student created $f on the host"
done
found=$(find "$tmp" /tmp /var/tmp -xdev -maxdepth 6 -name "*escape*-$rand" 2>/dev/null || true)
[[ -z $found ]] || fail "the escape student created files on the host: $found"

[[ $(stat -c '%U %a' /tmp) == "root 1777" ]] ||
  fail "/tmp is now '$(stat -c '%U %a' /tmp)' (expected 'root 1777')"
[[ $(stat -c '%U %a' /var/tmp 2>/dev/null || echo none) == "$vartmp_stat_before" ]] ||
  fail "/var/tmp changed from '$vartmp_stat_before' to '$(stat -c '%U %a' /var/tmp)'"

# --- The verdicts. -------------------------------------------------------------------------------
python3 - "$tmp/out/report.json" "$class" <<'EOF' || fail "wrong verdicts (see above)"
import json, os, sys

report = json.load(open(sys.argv[1], encoding="utf-8"))
students = sorted(os.listdir(sys.argv[2]))
by_id = {s["student"]: {p["id"]: p for p in s["problems"]} for s in report}
errors = []
if sorted(by_id) != students:
    errors.append("report.json has students %s, the class %s" % (sorted(by_id), students))

NOT_PASS = {"timeout", "crash", "memory-limit", "bad-output"}
# student: (allowed verdicts, substrings of the message)
expected = {
    "right": ({"pass"}, []),
    "right2": ({"pass"}, []),
    "wrong": ({"fail"}, ["relative", "--seed"]),
    "loop": ({"timeout"}, []),
    "forkbomb": ({"timeout", "crash"}, []),
    "memhog": ({"memory-limit", "crash"}, []),
    "escape": ({"pass", "crash"}, []),
    "reader": ({"pass"}, []),
    "network": ({"pass"}, []),
    "compile": ({"compile-error"}, ["apply.cpp", ":3:"]),
    "crash": ({"crash"}, ["SIGSEGV"]),
    "python": ({"pass"}, []),
}
for student in students:
    problems = by_id.get(student, {})
    code = problems.get("t/apply")
    xax = problems.get("lecture01/xax")
    if code is None:
        errors.append("%s: no t/apply result" % student)
        continue
    verdict, message = code.get("verdict"), code.get("message", "")
    print("  %-9s t/apply %-13s lecture01/xax %s" % (student, verdict, xax and xax.get("verdict")))
    allowed, needles = expected.get(student, (set(), []))
    if verdict not in allowed:
        errors.append("%s: t/apply verdict %s, expected %s; message: %s; diagnostic: %s" % (
            student, verdict, "/".join(sorted(allowed)), message, code.get("diagnostic", "")))
    for needle in needles:
        if needle not in message:
            errors.append("%s: the message does not contain %r: %s" % (student, needle, message))
    if xax is None or xax.get("verdict") != "pass":
        errors.append("%s: lecture01/xax is %s, expected pass (%s)" % (
            student, xax and xax.get("verdict"), xax and xax.get("message")))
right = by_id.get("right", {}).get("t/apply", {}).get("message", "")
if "Protection: " in right:
    print("code_acceptance: sandbox: " + right.split("Protection: ", 1)[1].split(":", 1)[0])
for e in errors:
    print("code_acceptance: " + e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF

# --- The well-behaved students alone, with a cache of their own: the same reports. -------------
# Graded from the same path as the full class (the reports name the answers' files).
mv "$class" "$tmp/class-full"
mv "$staged" "$class"
grade "$class" "$tmp/out-alone" "$tmp/cache-alone"
differ=()
for id in "${well_behaved[@]}"; do
  if ! cmp -s "$tmp/out/students/$id.json" "$tmp/out-alone/students/$id.json"; then
    echo "--- students/$id.json: full class (<) and alone (>):" >&2
    diff "$tmp/out/students/$id.json" "$tmp/out-alone/students/$id.json" | head -20 >&2 || true
    differ+=("$id")
  fi
done
if ((${#differ[@]})); then
  # Say whether the only difference is the sandbox's host uid in the protection text (which
  # depends on grader's pid and the order of the runs).
  why=$(python3 - "$tmp/out/students" "$tmp/out-alone/students" "${differ[@]}" <<'EOF'
import re, sys
strip = lambda path: re.sub(r"uid \d+ on the host", "uid N on the host", open(path).read())
a, b = sys.argv[1], sys.argv[2]
if all(strip("%s/%s.json" % (a, i)) == strip("%s/%s.json" % (b, i)) for i in sys.argv[3:]):
    print(": they differ only in the sandbox's host uid in the message ('uid N on the host'),"
          " which depends on grader's pid and the order of the runs (a grader bug: a report"
          " must not depend on the run)")
EOF
  )
  fail "students/{$(IFS=,; echo "${differ[*]}")}.json differ between the full class and the" \
    "well-behaved students graded alone$why"
fi
echo "code_acceptance: the well-behaved students' reports are byte-identical without the others"

[[ $(stat -c '%U %a' /tmp) == "root 1777" ]] ||
  fail "/tmp is now '$(stat -c '%U %a' /tmp)' (expected 'root 1777')"
echo "code_acceptance: OK ($(elapsed "$t0" "$(now)") s)"
