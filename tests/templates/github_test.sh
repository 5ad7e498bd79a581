#!/usr/bin/env bash
# Runs the run: steps of ci/templates/github/grader.yml locally (ci_runner.py) on student
# repositories holding the example answers, and checks the job's result and its reports.
# Usage: github_test.sh GRADER_BINARY SOURCE_DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
init_test templates.github "$@"
workflow=$SRC/ci/templates/github/grader.yml

# Usage: run_job CASE ANSWERS_OR_EMPTY [--env NAME=VALUE]...: a student repository in
# $TMP/CASE/repo, the job's log in $TMP/CASE/log; sets $status.
run_job() {
  local name=$1 answers=$2
  shift 2
  mkdir -p "$TMP/$name/repo"
  if [[ -n $answers ]]; then
    cp "$answers" "$TMP/$name/repo/answers.yaml"
    # Code answers' files sit next to answers.yaml, in code/.
    if [[ -d $(dirname "$answers")/code ]]; then cp -r "$(dirname "$answers")/code" "$TMP/$name/repo/"; fi
  fi
  status=0
  "$PYTHON" "$TESTS_DIR/ci_runner.py" github "$workflow" --job check \
    --workspace "$TMP/$name/repo" --summary "$TMP/$name/summary.json" "$@" \
    >"$TMP/$name/log" 2>&1 || status=$?
  echo "--- $name: job log"
  tail -n 20 "$TMP/$name/log" | sed 's/^/    /'
  if ((status == 2)); then fail "$name: ci_runner could not run the workflow (see the log)"; fi
}

echo "== complete answers, the grader checked out and built by the workflow's own steps"
ws=$TMP/complete/repo
mkdir -p "$ws"
make_fake_grader "$ws/.grader"   # where the grader checkout step puts it (GRADER_PATH)
run_job complete "$SRC/submissions/examples/complete/answers.yaml"
check_status "complete: the job" "$status" == 0
check_built_once "$ws/.grader" "$ws/.grader/build"
check github "$TMP/complete/summary.json" --result success --workspace "$ws" \
  --junit "$ws/grader-report/junit.xml" --exported "GRADER_BIN=$ws/.grader/build/grader/grader"
check junit "$ws/grader-report/junit.xml" --tests "$PROBLEM_COUNT" --expect pass
check_contains "$TMP/complete/log" "score $PROBLEM_COUNT/$PROBLEM_COUNT"
step_summary=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["step_summary"])' \
  "$TMP/complete/summary.json")
check_contains "$step_summary" "score $PROBLEM_COUNT/$PROBLEM_COUNT"

echo "== typical mistakes, a grader already installed (GRADER_BIN, GRADER_HOME)"
ws=$TMP/mistakes/repo
run_job mistakes "$SRC/submissions/examples/typical-mistakes/answers.yaml" \
  --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC"
check_status "typical mistakes: the job" "$status" == 1
check github "$TMP/mistakes/summary.json" --result failure --workspace "$ws" \
  --failed-step "Check the answers" --junit "$ws/grader-report/junit.xml"
check junit "$ws/grader-report/junit.xml" --tests "$PROBLEM_COUNT" --expect fail
check_contains "$TMP/mistakes/log" "some answers are wrong"
check_contains "$ws/grader-report/report.txt" "FAIL"

echo "== an assignment (the workflow's GRADER_ASSIGNMENT set to hw1): its six problems only"
ws=$TMP/assignment/repo
sed 's/^  GRADER_ASSIGNMENT: ""/  GRADER_ASSIGNMENT: hw1/' "$SRC/ci/templates/github/grader.yml" \
  >"$TMP/assignment.yml"
check_contains "$TMP/assignment.yml" "GRADER_ASSIGNMENT: hw1"
workflow=$TMP/assignment.yml
run_job assignment "$SRC/submissions/examples/typical-mistakes/answers.yaml" \
  --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC"
workflow=$SRC/ci/templates/github/grader.yml
check_status "assignment hw1: the job" "$status" == 1
check junit "$ws/grader-report/junit.xml" --tests 6 --expect fail
check_contains "$ws/grader-report/report.txt" "score 0/12"

echo "== no answers.yaml in the repository"
ws=$TMP/missing/repo
run_job missing "" --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC"
check_status "missing answers: the job" "$status" == 1
check github "$TMP/missing/summary.json" --result failure --workspace "$ws" \
  --failed-step "Check the answers"
check_contains "$TMP/missing/log" "could not be checked (exit status 2)"
check_contains "$TMP/missing/log" "answers.yaml: no such file"

finish_test
