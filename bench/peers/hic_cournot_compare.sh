#!/usr/bin/env bash
# Measures uncoupled.BenchmarkHiCCournot (Go, built-in and formula Cournot
# games, one seed of 10^6 stages) and the plain-Python peer hic_cournot.py
# in one run, alternating them ROUNDS times so that machine load affects
# both alike, and prints the medians and the ratios Python/Go.
# Usage: bench/peers/hic_cournot_compare.sh [ROUNDS]   (from the repo root)
set -euo pipefail
rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go test -c -o "$tmp/uncoupled.test" ./learn/uncoupled)
for _ in $(seq "$rounds"); do
  "$tmp/uncoupled.test" -test.run XXX -test.bench 'HiCCournot' -test.benchtime 20x -test.cpu 1 \
    | awk '/^Benchmark/ {print $1, $3}' >>"$tmp/go.txt"
  "$py" "$root/bench/peers/hic_cournot.py" --repeat 1 | sed 's/.*: \([0-9.]*\) ms\/run.*/\1/' >>"$tmp/py.txt"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
py_ms=$(median <"$tmp/py.txt")
echo "python peer: ${py_ms} ms/run (median of $rounds)"
for b in BenchmarkHiCCournot BenchmarkHiCCournotFormula; do
  go_ms=$(grep "^$b " "$tmp/go.txt" | awk '{print $2/1e6}' | median)
  awk -v b="$b" -v g="$go_ms" -v p="$py_ms" 'BEGIN {printf "%-28s %8.1f ms/run   python/Go = %.2fx\n", b, g, p/g}'
done
