#!/usr/bin/env bash
# Sweeps many seeds over the shipped problems with `grader validate`: every reference must
# agree with every oracle and every example must be decided right on every seed (false
# accepts and rejects found only for particular seeds are what random-point graders miss).
# Prints the time taken; target: 50 seeds of the shipped problem set (57 problems) in under
# 60 s on 2 cores (measured: 20 seeds in 8 s).
# Usage: tests/benchmarks/seed_sweep.sh [SEEDS] (default 50); needs a build in build/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-50}
start=$(date +%s%N)
build/grader/grader validate --seeds "$seeds" | tail -1
end=$(date +%s%N)
elapsed_ms=$(( (end - start) / 1000000 ))
echo "seed sweep: $seeds seeds in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s"
if (( elapsed_ms > 60000 )); then
  echo "seed sweep: slower than the 60 s target" >&2
  exit 1
fi
