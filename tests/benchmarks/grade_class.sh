#!/usr/bin/env bash
# Class benchmark (issue 5, part 5): generates a synthetic class with make_class.py and times
# `grader grade` on it with --jobs 1 and --jobs 2. Prints students, answers graded, total
# time, time per student and per answer, and students/s per setting, then compares --jobs 2
# with the target: 1,000 students x every formula and choice problem in under 60 s.
# A benchmark, not a timed test: it exits 0 whatever the times (1 on a grading failure).
#
# Usage: tests/benchmarks/grade_class.sh [--hostile] [--seed S] [--jobs "1 2"] [--keep]
# Environment:
#   GRADER    the binary (default: build/grader/grader under the repository root)
#   STUDENTS  class size (default 1000)
#   GRADER_PROBLEMS  the problems folder (default: problems/ under the repository root)
#   CODE_STUDENTS  students of the code-submission part at the end (default 10; 0: none):
#             compile time per student, from tests/benchmarks/grade_code_class.sh
# --hostile adds make_class.py's broken and hostile students (one of them, a right answer
# that is slow to evaluate on purpose, costs ~1.6 s on its own). --keep leaves the class
# and the outputs in the temporary folder and prints its path.
# Needs python3 (standard library only).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
students=${STUDENTS:-1000}
seed=1
jobs_list="1 2"
hostile=()
keep=0
while (($#)); do
  case $1 in
    --hostile) hostile=(--hostile) ;;
    --seed) seed=$2; shift ;;
    --jobs) jobs_list=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "grade_class.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $grader ]] || { echo "grade_class.sh: no grader binary at $grader (set GRADER)" >&2; exit 2; }
export GRADER_PROBLEMS=${GRADER_PROBLEMS:-$root/problems}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/grade-class.XXXXXX")
cleanup() {
  if ((keep)); then echo "kept: $tmp"; return; fi
  chmod -R u+rwX "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

t0=$(now)
python3 "$root/tests/benchmarks/make_class.py" "$tmp/class" --students "$students" \
  --seed "$seed" "${hostile[@]}" --manifest "$tmp/manifest.json"
t1=$(now)
n=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["students"])' \
  "$tmp/manifest.json")
problems=$("$grader" list --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
answers=$((n * problems))
echo "class: $n students x $problems problems = $answers answers per run" \
  "(generated in $(elapsed "$t0" "$t1") s, seed $seed${hostile:+, hostile})"
echo "grader: $grader ($("$grader" --version)), $(nproc) cores," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A seconds
for jobs in $jobs_list; do
  out=$tmp/out-j$jobs
  start=$(now)
  status=0
  TIMEFORMAT='%U %S'
  { time { "$grader" grade "$tmp/class" --out "$out" --jobs "$jobs" >"$tmp/stdout-j$jobs" \
    2>"$tmp/stderr-j$jobs" || status=$?; }; } 2>"$tmp/cpu-j$jobs"
  if ((status != 0)); then
    echo "grade --jobs $jobs: FAILED with exit status $status" >&2
    tail -5 "$tmp/stderr-j$jobs" >&2
    exit 1
  fi
  end=$(now)
  s=$(elapsed "$start" "$end")
  seconds[$jobs]=$s
  read -r user sys <"$tmp/cpu-j$jobs"
  awk -v s="$s" -v n="$n" -v a="$answers" -v j="$jobs" -v u="$user" -v y="$sys" 'BEGIN {
    printf "--jobs %s: %8.2f s total  %7.2f ms/student  %6.3f ms/answer  %7.1f students/s" \
      "  (cpu %.2f s, %.0f%% of one core)\n",
      j, s, 1000 * s / n, 1000 * s / a, n / s, u + y, 100 * (u + y) / s }'
done

if [[ -n ${seconds[1]:-} && -n ${seconds[2]:-} ]]; then
  awk -v a="${seconds[1]}" -v b="${seconds[2]}" \
    'BEGIN { printf "speed-up --jobs 2 over --jobs 1: %.2fx\n", a / b }'
fi
last=$(for j in $jobs_list; do echo "$j"; done | tail -1)
python3 - "$tmp/out-j$last/report.json" <<'PY'
import collections, json, sys
verdicts = collections.Counter(p["verdict"] for r in json.load(open(sys.argv[1]))
                               for p in r["problems"])
total = sum(verdicts.values())
print(f"verdicts: {total - verdicts['missing']} of {total} answers given ("
      + ", ".join(f"{v} {n}" for v, n in verdicts.most_common()) + ")")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine" \
  "slow the runs down and hide the speed-up)"
if [[ -n ${seconds[2]:-} ]]; then
  # The target is for 1,000 students; a smaller class is scaled linearly.
  awk -v s="${seconds[2]}" -v n="$n" 'BEGIN {
    projected = s * 1000 / n
    verdict = projected < 60 ? "meets" : "MISSES"
    printf "target: 1000 students in < 60 s with --jobs 2; %s 1000 students: %.1f s -> %s the target\n",
      (n == 1000 ? "measured for" : "projected to"), projected, verdict }'
fi

# Code submissions: compile time per student (CODE_STUDENTS students, each answering every
# code problem; 0 skips it). tests/benchmarks/grade_code_class.sh does the measuring.
code_students=${CODE_STUDENTS:-10}
if ((code_students > 0)); then
  echo "== code submissions"
  STUDENTS=$code_students GRADER=$grader bash "$root/tests/benchmarks/grade_code_class.sh" \
    --jobs "$jobs_list"
fi
