#!/usr/bin/env bash
# Peer benchmark (issue 9): grader side by side with what users would otherwise pick,
# PyTorch's torch.autograd.gradcheck (slow and fast mode) and a NumPy random-point
# central-difference check (5 points, rtol 1e-3, as WeBWorK-style graders do), on the same
# functions (XAX, A³, det, inverse, logdet, ‖Ax − b‖², and λmax for eigenvalue gaps),
# sizes, points and directions, in one run. Measures cost per check (and the ratios),
# resolution (the smallest perturbation of a correct derivative each checker rejects), false
# rejects on ill-conditioned inputs, and batch throughput (tests/benchmarks/grade_class.sh),
# and records the machine. Prints Markdown tables and writes OUT/peers.md and OUT/peers.csv.
# A benchmark, not a timed test (not in ctest): it exits 0 whatever the numbers, and
# non-zero only when something breaks (grader errors, a step fails).
#
# Installs python3-torch and python3-numpy with apt-get when missing (as root or through
# sudo), and builds grader with `ci/build grader` (after ci/setup) when the binary is
# missing. Takes about 6 minutes on the 2-core machine (--full about 9, --quick 1.5).
#
# Usage: tests/benchmarks/peers.sh [--out DIR] [--quick] [--full] [--seed S] [--keep]
#   --out DIR  where peers.md and peers.csv go (default build/bench-peers)
#   --quick    smoke run: 3 repeats instead of 5, 3 seeds instead of 10 for the false
#              rejects, no slow-mode gradcheck at n = 32, 100 students, no code submissions
#   --full     the batch part as grade_class.sh's own defaults: 1000 students, 10 code
#              students (default: 300 and 3)
#   --keep     keep the generated problem specs (their folder is printed)
# Environment:
#   GRADER     the binary (default: build/grader/grader under the repository root)
#   PYTHON     the interpreter (default /usr/bin/python3: Debian's python3-torch and
#              python3-numpy are installed for it, not for a pyenv or venv python3 on PATH)
#   STUDENTS, CODE_STUDENTS  override the batch part's class sizes
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/grader/grader}
python=${PYTHON:-/usr/bin/python3}
args=()
while (($#)); do
  case $1 in
    --out|--seed) args+=("$1" "$2"); shift ;;
    --quick|--full|--keep) args+=("$1") ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "peers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi

# The peers, from Debian packages.
missing=()
for pkg in python3-torch python3-numpy; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "peers.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
if ! "$python" -c 'import numpy, torch' 2>/dev/null; then
  echo "peers.sh: $python cannot import numpy and torch (set PYTHON to the interpreter" \
    "Debian's python3-torch is installed for)" >&2
  exit 2
fi

# grader itself.
if [[ ! -x $grader ]]; then
  if [[ -n ${GRADER:-} ]]; then
    echo "peers.sh: no grader binary at $grader (GRADER)" >&2
    exit 2
  fi
  echo "peers.sh: building grader (ci/setup, then ci/build grader)" >&2
  "$root/ci/setup"
  "$root/ci/build" grader
fi

PYTHONDONTWRITEBYTECODE=1 exec "$python" "$root/tests/benchmarks/peers.py" --grader "$grader" \
  "${args[@]}"
