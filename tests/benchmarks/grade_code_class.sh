#!/usr/bin/env bash
# Code-submission benchmark (issue 6): a class of STUDENTS synthetic students, each answering
# every code problem of the shipped set with the C++ and Python files of
# submissions/examples/complete (each student's files made unique by a comment, so that no
# student hits the binary cache of another), graded by `grader grade` into a fresh code
# cache. Prints, per --jobs setting:
#   - cold: the first run, which compiles every student once (plus the precompiled header,
#     timed separately by a one-student run first);
#   - warm: the same class again, every binary from the cache: running and comparing only;
#   - compile time per student = (cold - warm) / students.
# A benchmark, not a timed test: it exits 0 whatever the times (1 when a verdict is wrong).
#
# Usage: tests/benchmarks/grade_code_class.sh [--jobs "1 2"] [--keep]
# Environment: GRADER (default build/grader/grader), STUDENTS (default 20).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
students=${STUDENTS:-20}
jobs_list="1 2"
keep=0
while (($#)); do
  case $1 in
    --jobs) jobs_list=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "grade_code_class.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $grader ]] || { echo "grade_code_class.sh: no grader binary at $grader" >&2; exit 2; }
export GRADER_PROBLEMS=$root/problems
# A private folder (never /tmp itself: the sandbox hands its work folders to another uid),
# enterable by the sandbox's uid.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/grade-code.XXXXXX")
chmod 755 "$tmp"
cleanup() { if ((keep)); then echo "kept: $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

complete=$root/submissions/examples/complete
make_student() {  # make_student DIR K
  mkdir -p "$1/code"
  python3 - "$complete/answers.yaml" "$1/answers.yaml" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
keep = [l for l in lines if l.startswith("answers:") or "-code:" in l]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(keep) + "\n")
PY
  for f in "$complete"/code/*; do
    local comment='//'
    [[ $f == *.py ]] && comment='#'
    { cat "$f"; printf '\n%s student %s\n' "$comment" "$2"; } >"$1/code/$(basename "$f")"
  done
}
for ((k = 1; k <= students; ++k)); do make_student "$tmp/class/s$(printf %04d "$k")" "$k"; done
mkdir -p "$tmp/one"; make_student "$tmp/one/s0" 0
codes=$(grep -c -- "-code:" "$tmp/class/s0001/answers.yaml")
echo "class: $students students x $codes code problems (C++ and one Python command each)"
echo "grader: $("$grader" --version), $(nproc) cores, $(g++ --version | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

check_verdicts() {  # every code answer must pass
  python3 - "$1/report.json" <<'PY'
import json, sys
bad = [(s["student"], p["id"], p["verdict"]) for s in json.load(open(sys.argv[1]))
       for p in s["problems"] if p["id"].endswith("-code") and p["verdict"] != "pass"]
if bad:
    print("grade_code_class.sh: wrong verdicts:", bad[:5]); sys.exit(1)
PY
}

status=0
for jobs in $jobs_list; do
  export GRADER_CACHE=$tmp/cache-$jobs
  t0=$(now)
  "$grader" grade "$tmp/one" --out "$tmp/out-one-$jobs" --jobs 1 >/dev/null
  t1=$(now)
  "$grader" grade "$tmp/class" --out "$tmp/out-cold-$jobs" --jobs "$jobs" >/dev/null
  t2=$(now)
  "$grader" grade "$tmp/class" --out "$tmp/out-warm-$jobs" --jobs "$jobs" >/dev/null
  t3=$(now)
  check_verdicts "$tmp/out-cold-$jobs" || status=1
  check_verdicts "$tmp/out-warm-$jobs" || status=1
  cold=$(elapsed "$t1" "$t2")
  warm=$(elapsed "$t2" "$t3")
  awk -v j="$jobs" -v first="$(elapsed "$t0" "$t1")" -v cold="$cold" -v warm="$warm" -v n="$students" -v cpp="$(ls "$complete"/code/*.cpp | wc -l)" \
    'BEGIN {
       printf "--jobs %s: first student (precompiled header + one build) %.2f s\n", j, first
       printf "  cold: %.2f s, %.2f s per student; warm (cached): %.2f s, %.2f s per student\n", cold, cold / n, warm, warm / n
       printf "  compile time per student: %.2f s (all %s C++ answers in one build)\n", (cold - warm) / n, cpp
     }'
done
exit $status
