#!/usr/bin/env bash
# Diagnoses and class analytics benchmark (issue 21): the throughput of `grader grade` on a
# generated class (default 300 students x every formula and choice problem) with the generic
# diagnoses and the class analytics on (what computes each wrong answer, analytics.json,
# summary.html) and off (GRADER_BENCH_NO_DIAGNOSES=1 and GRADER_BENCH_NO_ANALYTICS=1, which
# only this benchmark sets: a spec's own mistakes still match), in one run: the runs alternate
# (off, on, off, on, ...) so that the machine's load hits both alike, and the best of each is
# compared. Checks that the run with them wrote analytics.json and summary.html, that the two
# runs give every answer the same verdict and score (a diagnosis never changes a verdict), and
# that the diagnoses named something (else nothing was measured). Prints both figures, the
# number of answers diagnosed, then the cost against the issue's bound (throughput down by at
# most 20 %).
# A benchmark, not a timed test: it exits 0 whatever the times (1 on a grading failure).
#
# Usage: tests/benchmarks/analytics_batch.sh [--students N] [--runs R] [--jobs J] [--keep]
# Environment: GRADER (default build/grader/grader), GRADER_PROBLEMS (default problems/).
# Needs python3 (standard library only).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
students=300
runs=3
jobs=2
keep=0
while (($#)); do
  case $1 in
    --students) students=$2; shift ;;
    --runs) runs=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "analytics_batch.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $grader ]] || { echo "analytics_batch.sh: no grader binary at $grader (set GRADER)" >&2; exit 2; }
export GRADER_PROBLEMS=${GRADER_PROBLEMS:-$root/problems}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/analytics-batch.XXXXXX")
cleanup() {
  if ((keep)); then echo "kept: $tmp"; return; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

python3 "$root/tests/benchmarks/make_class.py" "$tmp/class" --students "$students" --seed 1 \
  >/dev/null
problems=$("$grader" list --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
echo "class: $students students x $problems problems, --jobs $jobs, best of $runs runs each" \
  "(load average before: $(cut -d' ' -f1-3 /proc/loadavg))"

best_off=
best_on=
for ((r = 1; r <= runs; ++r)); do
  for mode in off on; do
    out=$tmp/out-$mode
    rm -rf "$out"
    status=0
    start=$(now)
    if [[ $mode == off ]]; then
      GRADER_BENCH_NO_ANALYTICS=1 GRADER_BENCH_NO_DIAGNOSES=1 "$grader" grade "$tmp/class" --out "$out" --jobs "$jobs" \
        >/dev/null 2>"$tmp/stderr" || status=$?
    else
      "$grader" grade "$tmp/class" --out "$out" --jobs "$jobs" >/dev/null 2>"$tmp/stderr" ||
        status=$?
    fi
    end=$(now)
    if ((status != 0 && status != 4)); then
      echo "grade ($mode): FAILED with exit status $status" >&2
      tail -5 "$tmp/stderr" >&2
      exit 1
    fi
    s=$(elapsed "$start" "$end")
    printf "run %d, diagnoses+analytics %-3s: %7.2f s  %7.1f students/s\n" "$r" "$mode" "$s" \
      "$(awk -v s="$s" -v n="$students" 'BEGIN { print n / s }')"
    if [[ $mode == off ]]; then
      best_off=$(awk -v a="${best_off:-1e99}" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
    else
      best_on=$(awk -v a="${best_on:-1e99}" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
    fi
  done
done

[[ -f $tmp/out-on/analytics.json && -f $tmp/out-on/summary.html ]] ||
  { echo "analytics_batch.sh: the run with analytics wrote no analytics.json/summary.html" >&2; exit 1; }
[[ ! -e $tmp/out-off/analytics.json ]] ||
  { echo "analytics_batch.sh: GRADER_BENCH_NO_ANALYTICS=1 still wrote analytics.json" >&2; exit 1; }
cmp -s "$tmp/out-on/grades.csv" "$tmp/out-off/grades.csv" ||
  { echo "analytics_batch.sh: the diagnoses or analytics changed the grades" >&2; exit 1; }
# Every answer's verdict and score alike; the diagnoses each run gave (spec mistakes aside).
python3 - "$tmp/out-off/students" "$tmp/out-on/students" <<'PY' || exit 1
import glob, json, os, sys
def read(folder):
    verdicts, diagnoses = {}, {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        student = json.load(open(path, encoding="utf-8"))
        for p in student.get("problems", []):
            key = (os.path.basename(path), p["id"])
            verdicts[key] = (p.get("verdict"), p.get("score"))
            diagnoses[key] = p.get("diagnosis")
    return verdicts, diagnoses
off, off_diagnoses = read(sys.argv[1])
on, on_diagnoses = read(sys.argv[2])
changed = [key for key in on if off.get(key) != on[key]]
if changed or len(off) != len(on):
    print(f"analytics_batch.sh: {len(changed)} verdicts differ with diagnoses, e.g. {changed[:3]}",
          file=sys.stderr)
    sys.exit(1)
# The checks that decide a verdict (nonlinear, not-tangent) and a spec's mistakes name their
# key in both runs; what only the run with diagnoses names is theirs.
named = sum(on_diagnoses[key] != off_diagnoses.get(key) for key in on)
if named == 0:
    print("analytics_batch.sh: no answer got a diagnosis: nothing was measured", file=sys.stderr)
    sys.exit(1)
print(f"{len(on)} answers, same verdicts and scores; {named} diagnosed by the generic diagnoses")
PY
echo "analytics.json $(wc -c <"$tmp/out-on/analytics.json") bytes, summary.html" \
  "$(wc -c <"$tmp/out-on/summary.html") bytes"
awk -v off="$best_off" -v on="$best_on" -v n="$students" 'BEGIN {
  printf "throughput without diagnoses and analytics: %.1f students/s (%.2f s)\n", n / off, off
  printf "throughput with diagnoses and analytics:    %.1f students/s (%.2f s)\n", n / on, on
  drop = 100 * (1 - off / on)
  printf "throughput change: %+.1f %% -> %s the bound (a drop of at most 20 %%)\n", -drop,
    (drop <= 20 ? "within" : "OUTSIDE") }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
