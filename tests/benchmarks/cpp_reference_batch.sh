#!/usr/bin/env bash
# C++ references in a batch (issue 20): does compiling them slow a class down? A class of
# STUDENTS copies of submissions/examples/complete is graded by `grader grade`, in one run of
# this script:
#   - without: the shipped problems minus those whose F or reference is C++ (a problems
#     folder of their own, the reference folder beside it), the students' code already cached;
#   - cold: the shipped problems, C++ references not yet compiled (a fresh reference part
#     of the cache): what the first class graded after a change to a reference pays;
#   - warm: the same again, every reference program from the cache (after `grader validate`,
#     or any earlier run, compiled it).
# It prints the three times, the compilation (cold - warm, paid once per class, not per
# student: it does not grow with STUDENTS), the slowdown of each against `without`, and checks
# that the students' grades on the problems both sets share are the same.
# A benchmark, not a timed test: it exits 0 whatever the times (1 when grades differ).
#
# Usage: tests/benchmarks/cpp_reference_batch.sh [--keep]
# Environment: GRADER (default build/grader/grader), STUDENTS (default 20), JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
students=${STUDENTS:-20}
jobs=${JOBS:-2}
keep=0
[[ ${1:-} == --keep ]] && keep=1
[[ -x $grader ]] || { echo "cpp_reference_batch.sh: no grader binary at $grader" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cpp-batch.XXXXXX")
chmod 755 "$tmp"
cleanup() { if ((keep)); then echo "kept: $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The class: the complete example, each student's code made unique by a comment.
complete=$root/submissions/examples/complete
for ((k = 1; k <= students; ++k)); do
  dir=$tmp/class/s$(printf %04d "$k")
  mkdir -p "$dir/code"
  cp "$complete/answers.yaml" "$dir/"
  for f in "$complete"/code/*; do
    c='//'; [[ $f == *.py ]] && c='#'
    { cat "$f"; printf '\n%s student %s\n' "$c" "$k"; } >"$dir/code/$(basename "$f")"
  done
done
# The problem set without its C++ references.
mkdir -p "$tmp/without"
cp -r "$root/problems" "$tmp/without/problems"
cp -r "$root/reference" "$tmp/without/reference"
cpp=$(grep -rlE '\{ *cpp *:' "$tmp/without/problems" --include=*.yaml || true)
n_cpp=$(echo "$cpp" | grep -c . || true)
[[ -n $cpp ]] && rm $cpp
echo "class: $students students; $n_cpp problems with C++ references; --jobs $jobs"
echo "grader: $("$grader" --version), $(nproc) cores, $(g++ --version | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"

export GRADER_CACHE=$tmp/cache
run() {  # run NAME PROBLEMS
  local t0 t1
  t0=$(now)
  # Exit 1 (some answer is wrong) is fine, and 4 where the set without C++ references leaves
  # the class's answers to those problems under unknown ids.
  local rc=0
  "$grader" grade "$tmp/class" --out "$tmp/out-$1" --problems "$2" --jobs "$jobs" >/dev/null \
    2>&1 || rc=$?
  [[ $rc == 0 || $rc == 1 || $rc == 4 ]] || { echo "grade failed with $rc" >&2; exit 1; }
  t1=$(now)
  elapsed "$t0" "$t1"
}
run warmup "$tmp/without/problems" >/dev/null  # compiles the students' code once
without=$(run without "$tmp/without/problems")
cold=$(run cold "$root/problems")
warm=$(run warm "$root/problems")
awk -v w="$without" -v c="$cold" -v m="$warm" -v n="$students" 'BEGIN {
  printf "without C++ references: %.2f s\n", w
  printf "cold (compiling them):  %.2f s (%+.1f%%)\n", c, 100 * (c - w) / w
  printf "warm (cached):          %.2f s (%+.1f%%)\n", m, 100 * (m - w) / w
  printf "compilation, once per class: %.2f s (%.3f s per student at %d students)\n", c - m, (c - m) / n, n
}'
# The grades of the problems both sets share must not change.
python3 - "$tmp/out-without/report.json" "$tmp/out-warm/report.json" <<'PY'
import json, sys
def grades(path):
    return {(s["student"], p["id"]): (p["verdict"], p.get("score"))
            for s in json.load(open(path)) for p in s["problems"]}
a, b = grades(sys.argv[1]), grades(sys.argv[2])
diff = [k for k in a if a[k] != b.get(k)]
print(f"grades: {len(a)} shared answers, {len(diff)} differ")
sys.exit(1 if diff else 0)
PY
