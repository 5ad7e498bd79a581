#!/usr/bin/env bash
# Runs ci/templates/gradescope/setup.sh and run_autograder against a temporary
# /autograder-like folder (AUTOGRADER_ROOT), on good, wrong, missing and broken submissions
# and a grader that crashes or hangs, and checks every results.json; then checks the zip
# that make-bundle makes.
# Usage: gradescope_test.sh GRADER_BINARY SOURCE_DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
init_test templates.gradescope "$@"
templates=$SRC/ci/templates/gradescope
root=$TMP/autograder
results=$root/results/results.json

# Usage: grade CASE [NAME=VALUE]...: runs run_autograder with AUTOGRADER_ROOT=$root and the
# given environment, its log in $TMP/CASE.log; sets $status.
grade() {
  local name=$1
  shift
  status=0
  env AUTOGRADER_ROOT="$root" "$@" bash "$root/run_autograder" >"$TMP/$name.log" 2>&1 || status=$?
  echo "--- $name: run_autograder log"
  sed -n 1,10p "$TMP/$name.log" | sed 's/^/    /'
  check_status "$name: run_autograder" "$status" == 0
  if [[ ! -f $results ]]; then
    echo "FAIL: $name: no $results"
    failures=$((failures + 1))
  fi
}

# Usage: submit FILE [PATH_IN_SUBMISSION]: a fresh submission folder holding FILE.
submit() {
  rm -rf "$root/submission"
  mkdir -p "$root/submission"
  if [[ $# -gt 0 ]]; then
    mkdir -p "$(dirname "$root/submission/${2:-answers.yaml}")"
    cp "$1" "$root/submission/${2:-answers.yaml}"
    # Code answers' files sit next to answers.yaml, in code/.
    if [[ -d $(dirname "$1")/code ]]; then
      cp -r "$(dirname "$1")/code" "$(dirname "$root/submission/${2:-answers.yaml}")/"
    fi
  fi
}

echo "== setup.sh, as Gradescope runs it: the bundle's grader source in source/grader"
mkdir -p "$root/source"
make_fake_grader "$root/source/grader"
cp "$templates/setup.sh" "$templates/run_autograder" "$root/source/"
cp "$templates/run_autograder" "$root/run_autograder"   # Gradescope copies it there
status=0
AUTOGRADER_ROOT=$root bash "$root/source/setup.sh" >"$TMP/setup.log" 2>&1 || status=$?
sed 's/^/    /' "$TMP/setup.log"
check_status "setup.sh" "$status" == 0
check_built_once "$root/source/grader" "$root/source/grader/build"
check_contains "$TMP/setup.log" "the grader is ready ($PROBLEM_COUNT problems"
# The shipped problems with C++ references are compiled in the image, not per submission.
cpp_count=$(grep -rlE '\{ *cpp *:' "$SRC/problems" --include='*.yaml' | grep -c .)
check_contains "$TMP/setup.log" "compiled the C++ references of $cpp_count problems into the grader's cache"

echo "== setup.sh without a grader source or a repository to clone"
status=0
AUTOGRADER_ROOT=$TMP/empty bash "$templates/setup.sh" >"$TMP/setup-empty.log" 2>&1 || status=$?
check_status "setup.sh without a grader" "$status" != 0
check_contains "$TMP/setup-empty.log" "no grader source at $TMP/empty/source/grader"

# From here on, run_autograder finds everything at its defaults under AUTOGRADER_ROOT,
# where setup.sh built it.
echo "== complete answers"
submit "$SRC/submissions/examples/complete/answers.yaml"
grade complete
check gradescope "$results" --tests "$PROBLEM_COUNT" --max "$TOTAL_POINTS" --expect full
stray=$(find "$root/results" -mindepth 1 -not -name results.json)
if [[ -n $stray ]]; then
  echo "FAIL: run_autograder left files in results/: $stray"
  failures=$((failures + 1))
fi

echo "== typical mistakes"
submit "$SRC/submissions/examples/typical-mistakes/answers.yaml"
grade mistakes
check gradescope "$results" --tests "$PROBLEM_COUNT" --max "$TOTAL_POINTS" --expect zero

echo "== an assignment: GRADER_ASSIGNMENT=hw1, then the one make-bundle packs (source/assignment)"
grade assignment-env GRADER_ASSIGNMENT=hw1
check gradescope "$results" --tests 6 --max 12 --expect zero
submit "$SRC/submissions/examples/complete/answers.yaml"
echo hw1 >"$root/source/assignment"
grade assignment-file
rm -f "$root/source/assignment"
check gradescope "$results" --tests 6 --max 12 --expect full
check_contains "$TMP/assignment-file.log" "assignment hw1"

echo "== a mix: the complete answers with one replaced by a typical mistake"
"$PYTHON" - "$SRC/submissions/examples/complete/answers.yaml" \
  "$SRC/submissions/examples/typical-mistakes/answers.yaml" "$TMP/mixed.yaml" <<'EOF'
import sys, yaml
good = yaml.safe_load(open(sys.argv[1]))
bad = yaml.safe_load(open(sys.argv[2]))
first = sorted(bad["answers"])[0]
good["answers"][first] = bad["answers"][first]
yaml.safe_dump(good, open(sys.argv[3], "w"), allow_unicode=True)
EOF
submit "$TMP/mixed.yaml"
grade mixed
check gradescope "$results" --tests "$PROBLEM_COUNT" --max "$TOTAL_POINTS" --expect partial

echo "== answers.yaml inside an uploaded repository folder"
submit "$SRC/submissions/examples/complete/answers.yaml" my-repo/answers.yaml
grade nested
check gradescope "$results" --tests "$PROBLEM_COUNT" --max "$TOTAL_POINTS" --expect full

echo "== an answers file renamed by the browser"
submit "$SRC/submissions/examples/complete/answers.yaml" "answers (1).yaml"
grade renamed
check gradescope "$results" --tests "$PROBLEM_COUNT" --max "$TOTAL_POINTS" --expect full

echo "== no answers file"
echo "my notes" >"$TMP/notes.md"
submit "$TMP/notes.md" notes.md
grade missing
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "no answers.yaml" --output-contains "notes.md"

echo "== no submission folder at all"
rm -rf "$root/submission"
grade no-folder
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "No submission"

echo "== unreadable answers (not YAML)"
printf 'student: x\nanswers: [\xff\x01 bad\n' >"$TMP/broken.yaml"
submit "$TMP/broken.yaml"
grade broken
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "could not be read" --output-contains "answers.yaml:3:1:" \
  --output-lacks "$root"   # the student's file by its name, not the autograder's path

echo "== a grader that crashes"
cat >"$TMP/crashing-grader" <<'EOF'
#!/usr/bin/env bash
printf '{"score": 57.0, "tests": ['
# Quotes, a backslash, a tab, a control character and bytes that are not UTF-8: the
# explanation must still be a valid JSON string.
printf 'internal error: something "broke" \\ here\t\x01\xff\xfe\n' >&2
exit 3
EOF
chmod +x "$TMP/crashing-grader"
submit "$SRC/submissions/examples/complete/answers.yaml"
grade crash GRADER_BIN="$TMP/crashing-grader"
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "internal error" --output-contains 'something "broke" \ here'

echo "== a grader that is not there"
grade no-grader GRADER_BIN="$TMP/no-such-grader"
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "could not be started"

echo "== a grader that hangs (GRADER_TIMEOUT=1)"
cat >"$TMP/hanging-grader" <<'EOF'
#!/usr/bin/env bash
exec sleep 60
EOF
chmod +x "$TMP/hanging-grader"
start=$SECONDS
grade hang GRADER_BIN="$TMP/hanging-grader" GRADER_TIMEOUT=1
elapsed=$((SECONDS - start))
if ((elapsed < 15)); then
  echo "ok: the time limit stopped the grader ($elapsed s)"
else
  echo "FAIL: the time limit did not stop the grader: run_autograder took $elapsed s"
  failures=$((failures + 1))
fi
check gradescope "$results" --tests 0 --max "$TOTAL_POINTS" --expect zero \
  --output-contains "did not finish within 1 seconds"

echo "== every path overridden (GRADER_BIN, GRADER_PROBLEMS, SUBMISSION_DIR, RESULTS_DIR)"
mkdir -p "$TMP/elsewhere/in"
cp -r "$SRC/submissions/examples/complete/." "$TMP/elsewhere/in/"
status=0
env AUTOGRADER_ROOT="$TMP/nowhere" GRADER_BIN="$GRADER" GRADER_PROBLEMS="$SRC/problems" \
  SUBMISSION_DIR="$TMP/elsewhere/in" RESULTS_DIR="$TMP/elsewhere/out" \
  bash "$templates/run_autograder" >"$TMP/overrides.log" 2>&1 || status=$?
check_status "run_autograder with every path overridden" "$status" == 0
check gradescope "$TMP/elsewhere/out/results.json" --tests "$PROBLEM_COUNT" \
  --max "$TOTAL_POINTS" --expect full

echo "== make-bundle"
# On a clone of the checkout's HEAD, validated with the grader under test.
# Usage: bundle CASE [NAME=VALUE]...: runs make-bundle into $TMP/CASE.zip; sets $status.
bundle() {
  local name=$1
  shift
  status=0
  env GRADER_SOURCE="$TMP/src" GRADER_BIN="$GRADER" "$@" \
    bash "$templates/make-bundle" "$TMP/$name.zip" >"$TMP/$name.log" 2>&1 || status=$?
  echo "--- make-bundle $name"
  sed 's/^/    /' "$TMP/$name.log" | head -20
}
# Usage: zip_has ZIP NAME [CONTENT]: asserts the entry NAME (holding CONTENT) is in ZIP.
zip_has() {
  if ! "$PYTHON" "$TESTS_DIR/zip_has.py" "$@"; then failures=$((failures + 1)); fi
}
if git -C "$SRC" rev-parse --verify --quiet HEAD >/dev/null; then
  git clone -q "$SRC" "$TMP/src"
  bundle clean GRADER_ASSIGNMENT=hw1
  check_status "make-bundle" "$status" == 0
  check_contains "$TMP/clean.log" "problems, 0 failed"
  for name in setup.sh run_autograder grader/ci/setup grader/ci/build grader/CMakeLists.txt \
    grader/grader/CMakeLists.txt grader/problems/lecture01/xax.yaml grader/assignments/hw1.yaml; do
    zip_has "$TMP/clean.zip" "$name"
  done
  zip_has "$TMP/clean.zip" --executable setup.sh
  zip_has "$TMP/clean.zip" --executable run_autograder
  zip_has "$TMP/clean.zip" --executable grader/ci/setup
  zip_has "$TMP/clean.zip" assignment $'hw1\n'

  bundle unknown-assignment GRADER_ASSIGNMENT=hw9
  check_status "make-bundle with an unknown assignment" "$status" == 2
  check_contains "$TMP/unknown-assignment.log" "no assignment 'hw9'"

  # An uncommitted change and an untracked file: refused, or packed on request.
  printf '\n# edited\n' >>"$TMP/src/problems/lecture01/xax.yaml"
  echo "a note" >"$TMP/src/problems/lecture01/NOTE.txt"
  bundle dirty
  check_status "make-bundle of a dirty checkout" "$status" == 2
  check_contains "$TMP/dirty.log" "has uncommitted changes or untracked files"
  check_contains "$TMP/dirty.log" "problems/lecture01/NOTE.txt"
  bundle worktree GRADER_BUNDLE_WORKTREE=1
  check_status "make-bundle GRADER_BUNDLE_WORKTREE=1" "$status" == 0
  check_contains "$TMP/worktree.log" "uncommitted changes included"
  zip_has "$TMP/worktree.zip" grader/problems/lecture01/NOTE.txt $'a note\n'

  # A spec that fails validate: no bundle.
  printf 'id: lecture01/broken\ntitle: [\n' >"$TMP/src/problems/lecture01/broken.yaml"
  bundle broken GRADER_BUNDLE_WORKTREE=1
  check_status "make-bundle with a broken spec" "$status" == 2
  check_contains "$TMP/broken.log" "grader validate fails on the problems to pack"
  check_contains "$TMP/broken.log" "broken.yaml"
else
  echo "skipped: $SRC is not a git checkout (make-bundle archives a commit)"
fi
status=0
GRADER_SOURCE=$TMP bash "$templates/make-bundle" "$TMP/no-bundle.zip" >"$TMP/no-bundle.log" 2>&1 ||
  status=$?
check_status "make-bundle outside a grader checkout" "$status" == 2
check_contains "$TMP/no-bundle.log" "is not in a git checkout of the grader"

finish_test
