#!/usr/bin/env bash
# Runs the script of the grader job of ci/templates/gitlab/.gitlab-ci.yml locally
# (ci_runner.py) on student repositories holding the example answers, and checks the job's
# result, its JUnit report and its artifacts.
# Usage: gitlab_test.sh GRADER_BINARY SOURCE_DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
init_test templates.gitlab "$@"
pipeline=$SRC/ci/templates/gitlab/.gitlab-ci.yml

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
  "$PYTHON" "$TESTS_DIR/ci_runner.py" gitlab "$pipeline" --job grader \
    --workspace "$TMP/$name/repo" --summary "$TMP/$name/summary.json" "$@" \
    >"$TMP/$name/log" 2>&1 || status=$?
  echo "--- $name: job log (end)"
  tail -n 20 "$TMP/$name/log" | sed 's/^/    /'
  if ((status == 2)); then fail "$name: ci_runner could not run the job (see the log)"; fi
}

echo "== complete answers, the grader cloned by the job's own commands and built"
# A git repository standing for the grader's: the job clones it (file://, no network).
make_fake_grader "$TMP/grader-repo"
git -C "$TMP/grader-repo" init --quiet --initial-branch=course
git -C "$TMP/grader-repo" add --all
git -C "$TMP/grader-repo" -c user.name=test -c user.email=test@example.invalid -c commit.gpgsign=false \
  commit --quiet -m "grader stand-in"
ws=$TMP/complete/repo
run_job complete "$SRC/submissions/examples/complete/answers.yaml" \
  --env "GRADER_REPOSITORY=file://$TMP/grader-repo" --env GRADER_REF=course
check_status "complete: the job" "$status" == 0
check_built_once "$ws/.grader" "$ws/.grader/build"
check gitlab "$TMP/complete/summary.json" --result success --workspace "$ws" \
  --junit "$ws/grader-report/junit.xml"
check junit "$ws/grader-report/junit.xml" --tests "$PROBLEM_COUNT" --expect pass
check_contains "$TMP/complete/log" "score $PROBLEM_COUNT/$PROBLEM_COUNT"
check_contains "$TMP/complete/log" "every answered problem passes"

echo "== typical mistakes, a grader already installed (GRADER_BIN, GRADER_HOME)"
ws=$TMP/mistakes/repo
run_job mistakes "$SRC/submissions/examples/typical-mistakes/answers.yaml" \
  --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC"
check_status "typical mistakes: the job" "$status" == 1
check gitlab "$TMP/mistakes/summary.json" --result failure --workspace "$ws" \
  --junit "$ws/grader-report/junit.xml"
check junit "$ws/grader-report/junit.xml" --tests "$PROBLEM_COUNT" --expect fail
check_contains "$TMP/mistakes/log" "some answers are wrong"
check_contains "$ws/grader-report/report.txt" "FAIL"

echo "== an assignment (GRADER_ASSIGNMENT=hw1): its six problems only"
ws=$TMP/assignment/repo
run_job assignment "$SRC/submissions/examples/typical-mistakes/answers.yaml" \
  --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC" --env "GRADER_ASSIGNMENT=hw1"
check_status "assignment hw1: the job" "$status" == 1
check junit "$ws/grader-report/junit.xml" --tests 6 --expect fail
check_contains "$ws/grader-report/report.txt" "score 0/12"

echo "== no answers.yaml in the repository"
run_job missing "" --env "GRADER_BIN=$GRADER" --env "GRADER_HOME=$SRC"
check_status "missing answers: the job" "$status" == 1
check_contains "$TMP/missing/log" "could not be checked (exit status 2)"
check_contains "$TMP/missing/log" "answers.yaml: no such file"

finish_test
