#!/usr/bin/env bash
# Fault tests of batch grading (issue 8): an output folder that fills up (a file size limit,
# and a 64 KiB tmpfs when the test may mount one) gives a clear error and leaves no corrupt
# file; grading again with room finishes the job. An output folder that cannot be written
# (a read-only tmpfs holding an earlier run, a folder without permission when not root, a
# file in its place) is refused before grading, with the system's reason, and loses nothing.
# Usage: fault_acceptance.sh GRADER SOURCE_DIR
set -euo pipefail
grader=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fault-acceptance.XXXXXX")
chmod 755 "$tmp"
trap 'umount "$tmp/small" 2>/dev/null || true; umount "$tmp/ro" 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() {
  echo "fault_acceptance: FAIL: $*" >&2
  exit 1
}
class=$src/tests/data/class
problems=$src/problems

# Every JSON file left in $1 parses, and no temporary is left behind.
no_corrupt_files() {
  find "$1" -name '*.json' -print0 |
    xargs -0 -r python3 -c 'import json, sys
for f in sys.argv[1:]:
    json.load(open(f, "rb"))' || fail "$2: a half-written JSON file was left behind"
  if [[ -e $1/grades.csv ]]; then
    [[ $(wc -l <"$1/grades.csv") -eq 6 ]] || fail "$2: a partial grades.csv was left behind"
  fi
}

# --- A file size limit: writes fail with EFBIG instead of killing the grader. ---------------
status=0
(ulimit -f 16 && exec "$grader" grade "$class" --out "$tmp/limited" --problems "$problems" \
  --jobs 1) >"$tmp/limited.out" 2>"$tmp/limited.err" || status=$?
((status == 2)) || fail "ulimit -f: expected exit status 2, got $status: $(cat "$tmp/limited.err")"
grep -q "write failed (is the disk full?)" "$tmp/limited.err" ||
  fail "ulimit -f: no clear message: $(cat "$tmp/limited.err")"
no_corrupt_files "$tmp/limited" "ulimit -f"
# Exit 4: graded, the class's unreadable submissions named.
status=0
"$grader" grade "$class" --out "$tmp/limited" --problems "$problems" --jobs 1 --resume \
  >/dev/null 2>"$tmp/again.err" || status=$?
((status == 4)) || fail "grading again with room failed (exit $status): $(cat "$tmp/again.err")"
[[ $(wc -l <"$tmp/limited/grades.csv") -eq 6 ]] || fail "grading again: incomplete grades.csv"
echo "fault_acceptance: a file size limit: '$(grep -o '[^ ]*: write failed (is the disk full?)' \
  "$tmp/limited.err" | head -1 | sed "s|$tmp/||")', no corrupt file, then finished with --resume"

# --- A full disk: a 64 KiB tmpfs (needs the right to mount; said when skipped). -------------
mkdir -p "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small" 2>/dev/null; then
  status=0
  "$grader" grade "$class" --out "$tmp/small/out" --problems "$problems" --jobs 2 \
    >"$tmp/full.out" 2>"$tmp/full.err" || status=$?
  ((status == 2)) || fail "full disk: expected exit status 2, got $status: $(cat "$tmp/full.err")"
  grep -Eq "write failed \(is the disk full\?\)|No space left on device" "$tmp/full.err" ||
    fail "full disk: no clear message: $(cat "$tmp/full.err")"
  no_corrupt_files "$tmp/small/out" "full disk"
  echo "fault_acceptance: a full disk (64 KiB tmpfs): exit 2, '$(head -1 "$tmp/full.err" |
    sed "s|$tmp/||")', no corrupt file"
  umount "$tmp/small"
else
  echo "fault_acceptance: the full-disk case was not run: cannot mount a tmpfs here (not root)"
fi
# --- An output folder that cannot be written: refused before any student is graded, and an
# earlier run's files in it are left exactly as they were. ---------------------------------
checksums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
mkdir -p "$tmp/ro"
if mount -t tmpfs -o size=4m tmpfs "$tmp/ro" 2>/dev/null; then
  status=0
  "$grader" grade "$class" --out "$tmp/ro/out" --problems "$problems" --jobs 2 >/dev/null \
    2>"$tmp/ro-first.err" || status=$?
  # 4: graded, the class's unreadable submissions named.
  ((status == 4)) || fail "read-only: the first run failed (exit $status): $(cat "$tmp/ro-first.err")"
  before=$(checksums "$tmp/ro/out")
  mount -o remount,ro "$tmp/ro" || fail "read-only: cannot remount the tmpfs read-only"
  for args in "" "--resume"; do
    status=0
    # shellcheck disable=SC2086  # $args is one flag or none
    "$grader" grade "$class" --out "$tmp/ro/out" --problems "$problems" $args \
      >"$tmp/ro.out" 2>"$tmp/ro.err" || status=$?
    ((status == 2)) || fail "read-only ($args): expected exit status 2, got $status: $(cat "$tmp/ro.err")"
    grep -q "out: cannot write into the output folder: Read-only file system" "$tmp/ro.err" ||
      fail "read-only ($args): no clear message: $(cat "$tmp/ro.err")"
    [[ $(checksums "$tmp/ro/out") == "$before" ]] || fail "read-only ($args): earlier files changed"
  done
  echo "fault_acceptance: a read-only output folder: exit 2, '$(head -1 "$tmp/ro.err" |
    sed "s|$tmp/||")', the earlier run's $(wc -l <<<"$before") files unchanged"
  umount "$tmp/ro"
else
  echo "fault_acceptance: the read-only case was not run: cannot mount a tmpfs here (not root)"
fi
if [[ $(id -u) -ne 0 ]]; then  # permissions stop everyone but root
  mkdir -p "$tmp/locked"
  chmod 555 "$tmp/locked"
  status=0
  "$grader" grade "$class" --out "$tmp/locked/out" --problems "$problems" \
    >/dev/null 2>"$tmp/locked.err" || status=$?
  ((status == 2)) && grep -q "cannot create the output folder: Permission denied" "$tmp/locked.err" ||
    fail "a folder without write permission: status $status, $(cat "$tmp/locked.err")"
  echo "fault_acceptance: a folder without write permission: exit 2, $(cat "$tmp/locked.err")"
fi

# --- A file where the output folder should be. ---------------------------------------------
echo "not a folder" >"$tmp/a-file"
status=0
"$grader" grade "$class" --out "$tmp/a-file" --problems "$problems" >/dev/null \
  2>"$tmp/file.err" || status=$?
((status == 2)) && grep -q "a-file: cannot create the output folder: Not a directory" \
  "$tmp/file.err" || fail "--out a file: status $status, $(cat "$tmp/file.err")"
[[ $(cat "$tmp/a-file") == "not a folder" ]] || fail "--out a file: the file was changed"
echo "fault_acceptance: --out naming a file: exit 2, '$(sed "s|$tmp/||" "$tmp/file.err")'"

echo "fault_acceptance: ok"
