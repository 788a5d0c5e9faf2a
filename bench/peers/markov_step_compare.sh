#!/usr/bin/env bash
# Measures markov.BenchmarkStackelbergPGStep (Go, structured and dense
# solves, on 2 cores and on 1) and the numpy peer markov_step.py in one run,
# alternating them ROUNDS times so that machine load affects both alike,
# and prints the medians and the ratios numpy/Go.
# Usage: bench/peers/markov_step_compare.sh [ROUNDS]   (from the repo root)
set -euo pipefail
rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go test -c -o "$tmp/markov.test" ./markov)
for _ in $(seq "$rounds"); do
  "$tmp/markov.test" -test.run XXX -test.bench 'StackelbergPGStep' -test.benchtime 2s -test.cpu 2,1 \
    | awk '/^Benchmark/ {print $1, $3}' >>"$tmp/go.txt"
  "$py" "$root/bench/peers/markov_step.py" | awk '{print $(NF-1)}' >>"$tmp/np.txt"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
np_us=$(median <"$tmp/np.txt")
echo "numpy peer (1 BLAS thread): ${np_us} us/step (median of $rounds)"
for b in BenchmarkStackelbergPGStep-2 BenchmarkStackelbergPGStep BenchmarkStackelbergPGStepDense-2 BenchmarkStackelbergPGStepDense; do
  go_us=$(grep "^$b " "$tmp/go.txt" | awk '{print $2/1000}' | median)
  awk -v b="$b" -v g="$go_us" -v p="$np_us" 'BEGIN {printf "%-36s %8.1f us/step   numpy/Go = %.2fx\n", b, g, p/g}'
done
