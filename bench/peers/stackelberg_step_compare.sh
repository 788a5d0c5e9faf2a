#!/usr/bin/env bash
# Measures learn.BenchmarkStackelbergStep (one exact or CG Stackelberg
# step, -cpu 1) and its PyTorch peer stackelberg_step.py (float64, one
# thread) in one run, alternating them ROUNDS times so that machine load
# affects both alike, and prints the medians and the ratios PyTorch/Go.
# Usage: bench/peers/stackelberg_step_compare.sh [ROUNDS]
set -euo pipefail
rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
. "$root/bench/peers/peer_env.sh" # the peer keeps freed memory: see there
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go test -c -o "$tmp/learn.test" ./learn)
for _ in $(seq "$rounds"); do
  "$tmp/learn.test" -test.run XXX -test.bench 'BenchmarkStackelbergStep$' -test.cpu 1 \
    | awk '/^BenchmarkStackelbergStep\// {sub("BenchmarkStackelbergStep/", "", $1); print $1, $3/1000}' >>"$tmp/go.txt"
  "$py" "$root/bench/peers/stackelberg_step.py" >>"$tmp/py.txt"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf "%-24s %12s %14s %10s\n" workload "go us/step" "torch us/step" ratio
for w in duopoly-exact quadratic-d10-exact quadratic-d100-exact quadratic-d100-cg20; do
  g=$(awk -v w="$w" '$1 == w {print $2}' "$tmp/go.txt" | median)
  p=$(awk -v w="$w" '$1 == w {print $2}' "$tmp/py.txt" | median)
  awk -v w="$w" -v g="$g" -v p="$p" 'BEGIN {printf "%-24s %12.2f %14.1f %10.2f\n", w, g, p, p/g}'
done
echo "(medians of $rounds alternated rounds; Go -cpu 1, PyTorch torch.set_num_threads(1))"
