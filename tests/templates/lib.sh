# Shared by the template tests (sourced). Each test runs with: GRADER (the built binary),
# SRC (the source tree), TMP (a temporary folder removed on exit).
# shellcheck shell=bash

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Usage: init_test NAME GRADER SRC
init_test() {
  test_name=$1
  GRADER=$(realpath "$2")
  SRC=$(realpath "$3")
  [[ -x $GRADER ]] || fail "$test_name: no grader binary at $2"
  [[ -d $SRC/problems ]] || fail "$test_name: no problems folder in $SRC"
  # What the caller's shell may have set must not leak into the templates.
  unset GRADER_BIN GRADER_HOME GRADER_PROBLEMS GRADER_SEED AUTOGRADER_ROOT SUBMISSION_DIR \
    RESULTS_DIR ANSWERS GRADER_TIMEOUT GRADER_REPOSITORY GRADER_REF GITHUB_ENV GITHUB_WORKSPACE
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  export TMPDIR=$TMP   # what the templates and ci_runner.py make goes there too
  TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  # A python3 with PyYAML (Debian: python3-yaml, installed by ci/setup).
  PYTHON=""
  local candidate
  for candidate in /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
      PYTHON=$candidate
      break
    fi
  done
  [[ -n $PYTHON ]] || fail "$test_name: needs python3 with PyYAML (ci/setup installs python3-yaml)"
  # The expected counts come from the problems, not from this file.
  "$GRADER" list --format json --problems "$SRC/problems" >"$TMP/problems.json" ||
    fail "$test_name: grader list failed"
  read -r PROBLEM_COUNT TOTAL_POINTS < <("$PYTHON" "$TESTS_DIR/checks.py" problems "$TMP/problems.json")
  [[ ${PROBLEM_COUNT:-0} -gt 0 ]] || fail "$test_name: grader lists no problem"
  echo "$test_name: $PROBLEM_COUNT problems, $TOTAL_POINTS points"
  failures=0
}

# Runs checks.py; a failed check is counted, and the test goes on to report the others.
check() {
  if ! "$PYTHON" "$TESTS_DIR/checks.py" "$@"; then
    failures=$((failures + 1))
  fi
}

# Asserts that the file $1 contains the text $2.
check_contains() {
  if grep -qF -- "$2" "$1"; then
    echo "ok: $1 contains '$2'"
  else
    echo "FAIL: $1 does not contain '$2'; it holds:"
    sed -n 1,40p "$1" 2>/dev/null || echo "(no such file)"
    failures=$((failures + 1))
  fi
}

# Asserts that the exit status $2 of $1 (a description) compares by $3 (== or !=) with $4.
check_status() {
  local what=$1 status=$2 op=$3 expected=$4 holds
  case $op in
    ==) holds=$((status == expected)) ;;
    !=) holds=$((status != expected)) ;;
    *) fail "check_status: unknown comparison $op" ;;
  esac
  if ((holds)); then
    echo "ok: $what: exit status $status"
  else
    echo "FAIL: $what: exit status $status, expected $op $expected"
    failures=$((failures + 1))
  fi
}

finish_test() {
  if ((failures > 0)); then
    echo "$test_name: $failures check(s) failed" >&2
    exit 1
  fi
  echo "$test_name: all checks passed"
}

# Makes at $1 a stand-in for a grader checkout: the real problems, and ci/setup and ci/build
# stubs that log their calls to $1/calls.log and "build" by linking the real binary where
# ci/build puts it ($GRADER_BUILD_DIR/grader/grader). The templates' install-and-build
# commands run for real against it, without a 4-minute build.
make_fake_grader() {
  local dir=$1
  mkdir -p "$dir/ci"
  ln -s "$SRC/problems" "$dir/problems"
  ln -s "$SRC/assignments" "$dir/assignments"
  ln -s "$SRC/reference" "$dir/reference"
  cat >"$dir/ci/setup" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
echo "setup $*" >>"$(dirname "$0")/../calls.log"
EOF
  cat >"$dir/ci/build" <<EOF
#!/usr/bin/env bash
set -euo pipefail
cd "\$(dirname "\$0")/.."
echo "build \$* GRADER_BUILD_DIR=\${GRADER_BUILD_DIR:-}" >>calls.log
if [[ \$# -ne 1 || \$1 != grader ]]; then echo "stub ci/build: expected the one target grader, got: \$*" >&2; exit 1; fi
build_dir=\${GRADER_BUILD_DIR:-build}
mkdir -p "\$build_dir/grader"
ln -sf "$GRADER" "\$build_dir/grader/grader"
EOF
  chmod +x "$dir/ci/setup" "$dir/ci/build"
}

# Asserts that the stub checkout $1 was set up and built exactly once, into $2.
check_built_once() {
  local calls=$1/calls.log
  if [[ -f $calls ]] && [[ $(grep -c '^setup' "$calls") == 1 ]] &&
    [[ $(grep -c "^build grader GRADER_BUILD_DIR=$2\$" "$calls") == 1 ]]; then
    echo "ok: ci/setup and ci/build grader ran once, into $2"
  else
    echo "FAIL: expected one ci/setup and one 'ci/build grader' with GRADER_BUILD_DIR=$2; calls:"
    cat "$calls" 2>/dev/null || echo "(none)"
    failures=$((failures + 1))
  fi
}
