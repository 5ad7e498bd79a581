#!/usr/bin/env bash
# Acceptance of `grader validate` for authors (issue 18): it checks the points grading draws
# and names the property a spec is missing (the SPD case, then a right answer passing
# `grader check` on 100 seeds once the property is declared); it reports every error of a
# file with file:line:column; a wrong reference is one line at the reference's file:line;
# it takes a problem id; duplicate mistakes, a tab and a backslash in double quotes get
# messages that lead to the fix. About 20 s on 2 cores.
# Usage: validate_acceptance.sh GRADER SOURCE_DIR
set -euo pipefail
grader=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/validate-acceptance.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "validate_acceptance: FAIL: $*" >&2
  exit 1
}
problems=$tmp/problems
mkdir -p "$problems/lecture09"

# Runs grader, keeping its output in $out and its exit status in $status.
run() {
  status=0
  out=$("$grader" "$@" 2>&1) || status=$?
}
expect() {  # expect STATUS TEXT WHAT: the last run exited STATUS and printed TEXT
  ((status == $1)) || fail "$3: expected exit status $1, got $status: $out"
  grep -qF -- "$2" <<<"$out" || fail "$3: no '$2' in: $out"
}

# --- The SPD case: logdet(S) needs det S > 0. -------------------------------------------
spd() {  # spd PROPERTIES
  cat >"$problems/lecture09/spd.yaml" <<EOF
id: lecture09/spd
lecture: 9
title: Gradient of log det S + x'S⁻¹x
dims: {n: [2, 4]}
variables:
  S: {shape: [n, n], properties: [$1]}
  x: {shape: [n], constant: true}
function: logdet(S) + x'*inv(S)*x
answer:
  kind: gradient
  wrt: [S]
  reference: inv(S) - inv(S)*x*x'*inv(S)
EOF
}
spd symmetric
run validate --problems "$problems" lecture09/spd
expect 1 "log det needs det(S) > 0 at every point: declare S positive-definite" "SPD undeclared"
grep -qE "^FAIL  lecture09/spd" <<<"$out" || fail "SPD undeclared: not a FAIL line: $out"
grep -qE "F is undefined there \(logdet of a matrix with a negative determinant: det\(S\) < 0\), at [0-9]+ of [0-9]+ draws of seed 1 \(grading redraws them\)" <<<"$out" ||
  fail "SPD undeclared: the reason and the count of draws are missing: $out"
cat >"$tmp/answers.yaml" <<'EOF'
answers:
  lecture09/spd: inv(S) - inv(S)*x*x'*inv(S)
EOF
# Grading never judges an answer where F is undefined: it redraws there, so even the spec
# without the property passes a right answer (validate is what tells the author).
for seed in 1 2 3; do
  run check "$tmp/answers.yaml" --problems "$problems" --seed "$seed"
  expect 0 "pass" "SPD undeclared, right answer at seed $seed"
done
spd "symmetric, positive-definite"
run validate --problems "$problems" lecture09/spd --seeds 5
expect 0 "ok    lecture09/spd" "SPD declared"
for seed in $(seq 1 100); do
  run check "$tmp/answers.yaml" --problems "$problems" --seed "$seed"
  ((status == 0)) || fail "SPD declared: the right answer fails at seed $seed: $out"
done
rm "$problems/lecture09/spd.yaml"

# --- Every error of a file, each with file:line:column. ----------------------------------
cat >"$problems/lecture09/errors.yaml" <<'EOF'
id: lecture09/errors
tittle: Three mistakes
lecture: nine
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n], properties: [postive-definite]}
function: tr(X)
answer:
  kind: differential
  reference: tr(dX)
EOF
run validate --problems "$problems" lecture09/errors
expect 1 "errors.yaml:2:1: unknown field 'tittle'; did you mean 'title'?" "every error"
expect 1 "errors.yaml:3:10: lecture must be a whole number from 0 to 1000, not 'nine'" "every error"
expect 1 "errors.yaml:6:35: unknown property 'postive-definite'; did you mean 'positive-definite'?" "every error"
[[ $(grep -c "errors.yaml:[0-9]*:[0-9]*: " <<<"$out") -eq 3 ]] ||
  fail "every error: expected 3 errors, each with file:line:column: $out"
rm "$problems/lecture09/errors.yaml"

# --- A wrong reference: one line, at the reference's file:line:column. -------------------
cat >"$problems/lecture09/wrong.yaml" <<'EOF'
id: lecture09/wrong
title: A wrong reference
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
  A: {shape: [n, n], constant: true}
function: X*A*X
answer:
  kind: differential
  reference: dX*A*X + X*A*dX'
EOF
run validate --problems "$problems" lecture09/wrong --seeds 5
expect 1 "wrong.yaml:10:14: the reference disagrees with the numerical derivatives of F at 25 of 25 points (seeds 1..5): high-precision difference" "wrong reference"
[[ $(grep -c "disagrees" <<<"$out") -eq 1 ]] || fail "wrong reference: not one line: $out"
(($(wc -l <<<"$out") <= 4)) || fail "wrong reference: more than 4 lines: $out"
rm "$problems/lecture09/wrong.yaml"

# --- A problem id. -----------------------------------------------------------------------
run validate --problems "$src/problems" lecture02/inverse
expect 0 "ok    lecture02/inverse" "validate ID"
run validate --problems "$src/problems" lecture02/inverze
expect 2 "lecture02/inverze: neither a spec file or folder nor a problem id in" "validate a wrong ID"

# --- Duplicate mistakes, by their positions. ---------------------------------------------
cat >"$problems/lecture09/dup.yaml" <<'EOF'
id: lecture09/dup
title: Duplicate mistakes
dims: {n: [2, 4]}
variables:
  X: {shape: [n, n]}
function: X*X
answer:
  kind: differential
  reference: dX*X + X*dX
mistakes:
  - {answer: 2*X*dX, feedback: "Matrices do not commute."}
  - {answer: X*dX, feedback: "A term is missing."}
  - {answer: "2 * X*dX", feedback: "Again."}
EOF
run validate --problems "$problems" lecture09/dup
expect 1 "dup.yaml:13:15: mistakes[3] is a duplicate of mistakes[1] (line 11)" "duplicate mistakes"

# --- A tab, and a backslash in double quotes. ---------------------------------------------
printf 'id: lecture09/tab\ntitle: Tab\nvariables:\n\tX: {shape: [2, 2]}\nfunction: X\nanswer: {kind: differential, reference: dX}\n' \
  >"$problems/lecture09/tab.yaml"
run validate --problems "$problems" lecture09/tab
expect 1 "line 4 is indented with a tab: YAML indents with spaces only" "tab"
cat >"$problems/lecture09/escape.yaml" <<'EOF'
id: lecture09/escape
title: Backslash
variables:
  A: {shape: [2, 2], properties: [invertible]}
function: logdet(A)
answer:
  kind: differential
  reference: "tr(A\dA)"
EOF
run validate --problems "$problems" lecture09/escape
expect 1 "write the formula in single quotes, which keep backslashes: 'tr(A\\dA)'" "backslash"
sed -i 's/tr(A\\dA)/tr(A\\bA)/' "$problems/lecture09/escape.yaml"  # \b is an escape: backspace
run validate --problems "$problems" lecture09/escape
expect 1 "answer.reference is in double quotes, where YAML reads a backslash as an escape" "backslash escape"
expect 1 "write it in single quotes, which keep backslashes: 'tr(A\\bA)'" "backslash escape"

echo "validate_acceptance: all passed"
