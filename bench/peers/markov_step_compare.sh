#!/usr/bin/env bash
# Measures markov.BenchmarkStackelbergPGStep (Go, structured and dense
# solves, on 2 cores and on 1) and the numpy peer markov_step.py in one run,
# alternating them ROUNDS times so that machine load affects both alike,
# and prints the medians and the ratios numpy/Go.
# Usage: [TAGS=openblas] bench/peers/markov_step_compare.sh [ROUNDS]
set -euo pipefail
rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
. "$root/bench/peers/peer_env.sh" # the peer keeps freed memory: see there
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go test -c ${TAGS:+-tags "$TAGS"} -o "$tmp/markov.test" ./markov)
export OPENBLAS_NUM_THREADS=1
for _ in $(seq "$rounds"); do
  "$tmp/markov.test" -test.run XXX -test.bench 'StackelbergPGStep' -test.benchtime 2s -test.cpu 2,1 \
    | awk '/^Benchmark/ {print $1, $3}' >>"$tmp/go.txt"
  "$py" "$root/bench/peers/markov_step.py" | awk '{print $(NF-1)}' >>"$tmp/np.txt"
  "$py" "$root/bench/peers/markov_step.py" --solver structured | awk '{print $(NF-1)}' >>"$tmp/nps.txt"
done
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
np_us=$(median <"$tmp/np.txt")
nps_us=$(median <"$tmp/nps.txt")
echo "numpy peer, dense solver      (1 BLAS thread): ${np_us} us/step (median of $rounds)"
echo "numpy peer, structured solver (1 BLAS thread): ${nps_us} us/step (median of $rounds)"
printf "%-36s %10s   %-18s %s\n" "Go benchmark" "us/step" "numpy-dense/Go" "numpy-structured/Go"
for b in BenchmarkStackelbergPGStep-2 BenchmarkStackelbergPGStep BenchmarkStackelbergPGStepDense-2 BenchmarkStackelbergPGStepDense; do
  go_us=$(grep "^$b " "$tmp/go.txt" | awk '{print $2/1000}' | median)
  awk -v b="$b" -v g="$go_us" -v p="$np_us" -v q="$nps_us" 'BEGIN {printf "%-36s %10.1f   %-18s %s\n", b, g, sprintf("%.2fx", p/g), sprintf("%.2fx", q/g)}'
done
echo "(-2: GOMAXPROCS=2, gonum Dgemm may use both cores; no suffix: one core)"
