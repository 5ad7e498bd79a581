#!/usr/bin/env bash
# End-to-end acceptance test of batch grading (issue 5, "Acceptance"): a generated class of a
# few hundred students, with broken and hostile files, is graded twice with --jobs 2, and
#   - grader exits 4 (graded; it never stops for one broken submission, never hangs, and
#     says that some submissions could not be read);
#   - every student has exactly one row in grades.csv, students/<id>.json, .md and
#     <id>/results.json, and one entry in report.json;
#   - junit.xml is well-formed XML with one testsuite per student, one testcase per problem,
#     failures and errors matching the verdicts in report.json;
#   - every Gradescope results.json has score and tests[] (name, score, max_score, status)
#     whose scores add up to score;
#   - the two runs' output folders are byte-identical.
# The checks of the output folder are in check_grade_outputs.py (Python 3 standard library).
#
# Usage: class_acceptance.sh GRADER_BINARY SOURCE_DIR
# Environment (optional):
#   CLASS_STUDENTS  class size (default 200)    CLASS_SEED  make_class.py seed (default 5)
#   CLASS_EDGE      1 (default): also the inputs on which grader 0.1.0 breaks: the --edge
#                   entries of make_class.py (file names that are not UTF-8, invalid UTF-8
#                   in error messages, a 245-byte id) and classes whose only entry is a
#                   dangling symlink, a symlink loop or a FIFO; 0: leave them out
#   CLASS_TIMEOUT   seconds one grading run may take before it counts as a hang (default 300)
#   CLASS_KEEP=1    keep the temporary folder (its path is printed)
# Runtime on 2 cores: about 12 s in all (two runs of ~5 s for 200 students) on an idle
# machine.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 GRADER_BINARY SOURCE_DIR" >&2
  exit 2
fi
grader=$1
src=$2
students=${CLASS_STUDENTS:-200}
seed=${CLASS_SEED:-5}
timeout_s=${CLASS_TIMEOUT:-300}
export GRADER_PROBLEMS=$src/problems

fail() {
  echo "class_acceptance: FAIL: $*" >&2
  exit 1
}
command -v python3 >/dev/null || fail "python3 is needed (Debian package python3)"
[[ -x $grader ]] || fail "no grader binary at $grader"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/class-acceptance.XXXXXX")
cleanup() {
  if [[ ${CLASS_KEEP:-0} == 1 ]]; then
    echo "class_acceptance: kept $tmp"
    return
  fi
  chmod -R u+rwX "$tmp" 2>/dev/null || true  # the chmod 000 submission
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
# Runs grader grade with the arguments; succeeds when it graded: exit 0, or 4 (graded, with
# the class's unreadable submissions and unknown ids named).
graded() {
  local status=0
  "$grader" grade "$@" || status=$?
  ((status == 0 || status == 4))
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

edge=()
[[ ${CLASS_EDGE:-1} == 1 ]] && edge=(--edge)
python3 "$src/tests/benchmarks/make_class.py" "$tmp/class" --students "$students" \
  --seed "$seed" --hostile "${edge[@]}" --manifest "$tmp/manifest.json"
"$grader" list --format json >"$tmp/problems.json" || fail "grader list --format json failed"

# One grading run of class $1 into $2; fails on a non-zero exit or a hang.
grade() {
  local class=$1 out=$2 start status=0
  start=$(now)
  timeout --kill-after=10 "$timeout_s" "$grader" grade "$class" --out "$out" --jobs 2 \
    >"$out.stdout" 2>"$out.stderr" || status=$?
  if ((status == 124 || status == 137)); then
    fail "grader grade --out $out hung: killed after ${timeout_s} s"
  elif ((status != 4)); then
    echo "--- stderr (last 20 lines):" >&2
    tail -20 "$out.stderr" >&2
    fail "grader grade --out $out exited with status $status (expected 4: graded, with" \
      "unreadable submissions named; one broken submission must not stop the class)"
  fi
  grep -q "unreadable submission" "$out.stderr" ||
    fail "grader grade --out $out: stderr does not count the unreadable submissions"
  echo "class_acceptance: graded into $(basename "$out") in $(elapsed "$start" "$(now)") s:" \
    "$(cat "$out.stdout")"
}

grade "$tmp/class" "$tmp/out1"
grade "$tmp/class" "$tmp/out2"

python3 "$src/tests/e2e/check_grade_outputs.py" "$tmp/out1" "$tmp/manifest.json" \
  "$tmp/problems.json" || fail "the outputs of the first run are wrong (see above)"

if ! diff -r "$tmp/out1" "$tmp/out2" >"$tmp/diff.txt" 2>&1; then
  head -40 "$tmp/diff.txt" >&2
  fail "two runs with the same seed wrote different outputs (diff -r above)"
fi
echo "class_acceptance: the two runs are byte-identical"

# Classes of one entry (with CLASS_EDGE=1): a broken symlink that is the last entry the
# folder lists (readdir order, which only a one-entry folder fixes) must not stop the class.
minis=()
[[ ${CLASS_EDGE:-1} == 1 ]] && minis=(symlink-dangling symlink-loop fifo)
for category in "${minis[@]}"; do
  mini=$tmp/mini-$category
  python3 "$src/tests/benchmarks/make_class.py" "$mini" --students 0 --seed "$seed" \
    --hostile --only "$category" --manifest "$mini.manifest.json" 2>/dev/null
  grade "$mini" "$mini.out"
  python3 "$src/tests/e2e/check_grade_outputs.py" "$mini.out" "$mini.manifest.json" \
    "$tmp/problems.json" >/dev/null || fail "a class of one $category: wrong outputs"
done

# --- Interrupted, then --resume: the same files as one run. ------------------------------------
# $1: the signal; the run is stopped once some students' files exist.
interrupt_then_resume() {
  local signal=$1 out=$tmp/out-$1 pid status=0 waited=0
  "$grader" grade "$tmp/class" --out "$out" --jobs 2 >"$out.stdout" 2>"$out.stderr" &
  pid=$!
  while ! compgen -G "$out/students/*.json" >/dev/null && ((waited < 600)); do
    sleep 0.05
    waited=$((waited + 1))
  done
  kill -s "$signal" "$pid" 2>/dev/null || true
  wait "$pid" || status=$?
  if [[ $signal == INT || $signal == TERM ]]; then
    ((status == 130)) || fail "SIG$signal: grader grade exited with $status, expected 130"
    grep -q "Run the same command with --resume to finish" "$out.stderr" ||
      fail "SIG$signal: no advice to resume on stderr: $(cat "$out.stderr")"
    [[ ! -e $out/grades.csv ]] || fail "SIG$signal: the class files were written anyway"
    if [[ -n $(find "$out" -name '.tmp-*') ]]; then
      fail "SIG$signal: temporaries left behind: $(find "$out" -name '.tmp-*')"
    fi
  fi
  # A student counts as written once their fingerprint is (it is written last; a SIGKILL
  # may fall between a student's report and their fingerprint).
  local before
  # (.resume/ itself may not exist yet when the signal came right after the first report.)
  before=$({ find "$out/.resume" -type f -not -name '.tmp-*' 2>/dev/null || true; } | wc -l)
  # Every file written so far is complete: every JSON parses.
  find "$out" -name '*.json' -print0 |
    xargs -0 -r python3 -c 'import json, sys
for f in sys.argv[1:]:
    json.load(open(f, "rb"))' || fail "$signal: a half-written JSON file was left behind"
  status=0
  "$grader" grade "$tmp/class" --out "$out" --jobs 2 --resume >"$out.stdout" 2>"$out.stderr" ||
    status=$?
  # 4: graded, the class's unreadable submissions named.
  ((status == 4)) || fail "--resume after SIG$signal exited with $status: $(tail -5 "$out.stderr")"
  grep -q "resumed: $before students reused" "$out.stdout" ||
    fail "--resume after SIG$signal: expected $before students reused: $(cat "$out.stdout")"
  if ! diff -r "$tmp/out1" "$out" >"$tmp/diff.txt" 2>&1; then
    head -20 "$tmp/diff.txt" >&2
    fail "--resume after SIG$signal wrote something other than one run does (diff above)"
  fi
  echo "class_acceptance: SIG$signal after $before students, then --resume: same files as one run"
}
interrupt_then_resume INT
interrupt_then_resume TERM
interrupt_then_resume KILL

# A changed submission is graded again, and only it.
changed=$(find "$tmp/class" -mindepth 1 -maxdepth 1 -name '*.yaml' -type f | sort | sed -n 1p)
if [[ -n $changed ]]; then
  printf '\n# edited\n' >>"$changed"
  graded "$tmp/class" --out "$tmp/out-INT" --jobs 2 --resume >"$tmp/resume.stdout" 2>/dev/null ||
    fail "--resume after an edit failed"
  grep -q ", 1 graded now" "$tmp/resume.stdout" ||
    fail "--resume after editing $changed: expected 1 student graded: $(cat "$tmp/resume.stdout")"
  echo "class_acceptance: --resume regrades exactly the edited submission"
fi

# --- Shards merged equal one run (the class as it was for out1: regrade it first). ----------
graded "$tmp/class" --out "$tmp/one" --jobs 2 >/dev/null 2>&1 || fail "grading for shards"
for k in 1 2 3; do
  graded "$tmp/class" --out "$tmp/shard$k" --jobs 2 --shard "$k/3" >/dev/null 2>&1 ||
    fail "grader grade --shard $k/3 failed"
done
"$grader" merge "$tmp/shard3" "$tmp/shard1" "$tmp/shard2" --out "$tmp/merged" >/dev/null ||
  fail "grader merge failed"
if ! diff -r "$tmp/one" "$tmp/merged" >"$tmp/diff.txt" 2>&1; then
  head -20 "$tmp/diff.txt" >&2
  fail "merged shards differ from one run (diff above)"
fi
status=0
"$grader" merge "$tmp/shard1" "$tmp/shard3" --out "$tmp/merged2" 2>"$tmp/merge.err" || status=$?
((status == 2)) && grep -q "shard 2/3 missing" "$tmp/merge.err" ||
  fail "merging without shard 2/3: status $status, $(cat "$tmp/merge.err")"
echo "class_acceptance: 3 shards merged (in any order) are byte-identical to one run"

count=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["students"])' \
  "$tmp/manifest.json")
echo "class_acceptance: ok ($count students)"
