#!/usr/bin/env bash
# Installs this build with `cmake --install` into a temporary prefix and checks that the
# installed grader runs, lists and checks against the installed problem set, and that the
# templates are installed beside it.
# Usage: install_test.sh BUILD_DIR CONFIG GRADER_BINARY SOURCE_DIR
set -euo pipefail

build=$1
config=$2
grader=$3
src=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
ok() {
  echo "ok: $*"
}

status=0
cmake --install "$build" --config "$config" --prefix "$prefix" >"$tmp/install.log" 2>&1 || status=$?
if ((status != 0)); then
  cat "$tmp/install.log"
  echo "FAIL: cmake --install $build --prefix $prefix exited with $status" >&2
  exit 1
fi
ok "cmake --install --prefix $prefix ($(grep -c 'Installing:' "$tmp/install.log") files)"

installed=$prefix/bin/grader
problems=$prefix/share/grader/problems
if [[ ! -x $installed ]]; then
  echo "FAIL: no executable $installed; installed:" >&2
  find "$prefix" -maxdepth 3 >&2
  exit 1
fi
version=$("$installed" --version) || fail "$installed --version exited with $?"
expected_version=$("$grader" --version)
if [[ $version == "$expected_version" ]]; then
  ok "$installed --version: $version"
else
  fail "$installed --version printed '$version', the build's grader '$expected_version'"
fi

# The installed problems, listed by the installed grader from a folder without ./problems,
# must be the source tree's.
expected=$("$grader" list --problems "$src/problems" | grep -c .) || true
((expected > 0)) || fail "the built grader lists no problem in $src/problems"
listed=$(cd "$tmp" && "$installed" list --problems "$problems" | grep -c .) || true
if ((listed == expected)); then
  ok "the installed grader lists $listed problems from $problems"
else
  fail "the installed grader lists $listed problems from $problems, expected $expected"
fi
listed=$(cd "$tmp" && GRADER_PROBLEMS=$problems "$installed" list | grep -c .) || true
if ((listed == expected)); then
  ok "GRADER_PROBLEMS=$problems: $listed problems"
else
  fail "with GRADER_PROBLEMS=$problems the installed grader lists $listed problems, expected $expected"
fi

status=0
(cd "$tmp" && "$installed" check "$src/submissions/examples/complete" --problems "$problems") \
  >"$tmp/check.log" 2>&1 || status=$?
if ((status == 0)) && grep -q "score $expected/$expected" "$tmp/check.log"; then
  ok "the installed grader checks the complete example: score $expected/$expected"
else
  fail "the installed grader's check of the complete example: exit status $status; output:"
  tail -n 5 "$tmp/check.log"
fi

for file in github/grader.yml gitlab/.gitlab-ci.yml gradescope/setup.sh \
  gradescope/run_autograder README.md; do
  path=$prefix/share/grader/templates/$file
  if [[ ! -f $path ]]; then
    fail "no $path"
  elif [[ $file == gradescope/* && ! -x $path ]]; then
    fail "$path is not executable"
  else
    ok "$path"
  fi
done

# Without --problems or GRADER_PROBLEMS, and with no ./problems, an installed grader finds
# PREFIX/share/grader/problems beside its own binary.
if (cd "$tmp" && env -u GRADER_PROBLEMS "$installed" list >"$tmp/list-default.log" 2>&1) &&
  grep -q "lecture01/xax" "$tmp/list-default.log"; then
  ok "the installed grader finds its problems without --problems"
else
  fail "the installed grader does not find $problems without --problems or GRADER_PROBLEMS:"
  tail -n 5 "$tmp/list-default.log"
fi

if ((failures > 0)); then
  echo "install.prefix: $failures check(s) failed" >&2
  exit 1
fi
echo "install.prefix: all checks passed"
