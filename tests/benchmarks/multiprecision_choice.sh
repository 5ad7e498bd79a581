#!/usr/bin/env bash
# Builds and runs the cpp_bin_float_50 vs mpfr_float_50 benchmark.
# Exits non-zero if compilation (or the benchmark itself) fails.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_file="${script_dir}/multiprecision_choice.cpp"
cxx="${CXX:-g++}"

build_dir="$(mktemp -d)"
trap 'rm -rf "${build_dir}"' EXIT

# -Wno-ignored-attributes: Eigen's vectorisation headers trigger it with g++ 12;
# it is noise, not a problem in this code.
if ! "${cxx}" -std=c++20 -O2 -Wall -Wextra -Wno-ignored-attributes \
        -I/usr/include/eigen3 \
        "${source_file}" -o "${build_dir}/multiprecision_choice" \
        -lmpfr -lgmp; then
    echo "multiprecision_choice: compilation failed" >&2
    exit 1
fi

"${build_dir}/multiprecision_choice"
