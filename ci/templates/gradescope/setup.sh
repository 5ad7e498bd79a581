#!/usr/bin/env bash
# Gradescope autograder set-up: installs and builds grader once, when Gradescope builds the
# autograder image (as root, on Ubuntu or Debian). make-bundle puts this file, run_autograder
# and the grader's source (as grader/) into the autograder zip, which Gradescope unpacks
# into /autograder/source.
#
# Every path can be overridden by an environment variable (tests/templates/ runs this
# against a temporary folder):
#   AUTOGRADER_ROOT    /autograder
#   GRADER_HOME        the grader's source tree ($AUTOGRADER_ROOT/source/grader); when it is
#                      absent, GRADER_REPOSITORY (a git URL) is cloned there at GRADER_REF
#   GRADER_BIN         an already-built grader: skips installing and building
#   GRADER_PROBLEMS    the problems folder ($GRADER_HOME/problems)
# The build needs CMake >= 3.25 and the Debian 12 package names of grader's ci/setup:
# choose a Debian 12 or Ubuntu 24.04 base image (Ubuntu 22.04's CMake is too old).
set -euo pipefail

AUTOGRADER_ROOT=${AUTOGRADER_ROOT:-/autograder}
GRADER_HOME=${GRADER_HOME:-$AUTOGRADER_ROOT/source/grader}
GRADER_REF=${GRADER_REF:-main}

if [[ ! -f $GRADER_HOME/ci/setup ]]; then
  if [[ -z ${GRADER_REPOSITORY:-} ]]; then
    echo "setup.sh: no grader source at $GRADER_HOME: build the zip with make-bundle," \
      "or set GRADER_REPOSITORY to a git URL to clone" >&2
    exit 1
  fi
  if ! command -v git >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      git ca-certificates >/dev/null
  fi
  git clone --quiet --depth 1 --branch "$GRADER_REF" "$GRADER_REPOSITORY" "$GRADER_HOME"
fi

if [[ -n ${GRADER_BIN:-} ]]; then
  echo "setup.sh: using the grader at $GRADER_BIN"
else
  # git archive and zip keep the executable bits, but an upload through another tool may not.
  chmod +x "$GRADER_HOME"/ci/*
  "$GRADER_HOME/ci/setup" --no-web  # grader alone: not the web page's tools
  GRADER_BUILD_DIR="$GRADER_HOME/build" "$GRADER_HOME/ci/build" grader
  GRADER_BIN=$GRADER_HOME/build/grader/grader
fi

# Fail the image build now, rather than every submission later, if the grader cannot run
# or sees no problem.
problems=${GRADER_PROBLEMS:-$GRADER_HOME/problems}
"$GRADER_BIN" --version
count=$("$GRADER_BIN" list --problems "$problems" | grep -c .) || true
if ((count == 0)); then
  echo "setup.sh: $GRADER_BIN lists no problem in $problems" >&2
  exit 1
fi

# Problems whose function or reference is C++ ({cpp: FILE} in the spec) run a program the
# grader compiles once into its cache (GRADER_CACHE, default /var/tmp/grader-cache-UID):
# compile them now, into the image, so that no student's run pays for it (Gradescope starts
# every submission from the image). grader validate compiles each of them, and refuses a
# reference that disagrees with the oracles before any student meets it.
mapfile -t cpp < <(grep -rlE '\{ *cpp *:' "$problems" --include='*.yaml' | sort)
if ((${#cpp[@]} > 0)); then
  log=$(mktemp)
  if ! "$GRADER_BIN" validate --problems "$problems" --seeds 1 "${cpp[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup.sh: grader validate fails on the problems with C++ references" >&2
    exit 1
  fi
  rm -f "$log"
  echo "setup.sh: compiled the C++ references of ${#cpp[@]} problems into the grader's cache"
fi
echo "setup.sh: the grader is ready ($count problems in $problems)"
