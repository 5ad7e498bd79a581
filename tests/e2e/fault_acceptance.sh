#!/usr/bin/env bash
# Fault tests of batch grading (issue 8): an output folder that fills up (a file size limit,
# and a 64 KiB tmpfs when the test may mount one) gives a clear error and leaves no corrupt
# file; grading again with room finishes the job.
# Usage: fault_acceptance.sh GRADER SOURCE_DIR
set -euo pipefail
grader=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fault-acceptance.XXXXXX")
chmod 755 "$tmp"
trap 'umount "$tmp/small" 2>/dev/null || true; rm -rf "$tmp"' EXIT
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
"$grader" grade "$class" --out "$tmp/limited" --problems "$problems" --jobs 1 --resume \
  >/dev/null 2>"$tmp/again.err" || fail "grading again with room failed: $(cat "$tmp/again.err")"
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
echo "fault_acceptance: ok"
