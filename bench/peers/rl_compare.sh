#!/usr/bin/env bash
# Environment steps per second, updates included, of stackel's STAC on
# CartPole-v1 and DDPG / STDDPG-AL on Pendulum-v1 against the PyTorch peers
# (rl_stac.py, rl_stddpg.py), single-threaded, alternating Go and Python
# ROUNDS times and reporting the median of each with the ratio Go/PyTorch,
# both in DTYPE (float32 by default, or float64).
#
#   bench/peers/rl_compare.sh                # from the repository root
#   ROUNDS=5 TAGS=openblas DTYPE=float64 bench/peers/rl_compare.sh
#
# Go runs with GOMAXPROCS=1 (go test -cpu 1), PyTorch with
# torch.set_num_threads(1); both with OPENBLAS_NUM_THREADS=1,
# OMP_NUM_THREADS=1, MKL_NUM_THREADS=1. The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DTYPE=${DTYPE:-float32}
TAGS=${TAGS:-}
PYTHON=${PYTHON:-/usr/bin/python3}
. bench/peers/peer_env.sh # the peers keep freed memory: see there
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go test ${TAGS:+-tags $TAGS} -c -o "$out/agent.test" ./rl/agent
for r in $(seq "$ROUNDS"); do
	for b in "BenchmarkSTACCartPoleEpoch/unroll[0-9]*/$DTYPE\$" "BenchmarkOffPolicyUpdateSteps/(ddpg|stddpg)/$DTYPE\$"; do
		"$out/agent.test" -test.run '^$' -test.bench "$b" -test.benchtime 3x -test.cpu 1
	done |
		awk '/^Benchmark/ { for (i = 1; i <= NF; i++) if ($(i+1) == "steps/s") print $1, $i }' |
		sed -e "s|/$DTYPE||" -e 's|BenchmarkSTACCartPoleEpoch/unroll|stac_cartpole_m|' -e 's|BenchmarkOffPolicyUpdateSteps/\([a-z]*\)|\1_pendulum|' >>"$out/go.txt"
	(cd bench/peers && "$PYTHON" rl_stac.py --epochs 3 --dtype "$DTYPE" && "$PYTHON" rl_stddpg.py --steps 300 --dtype "$DTYPE") >>"$out/py.txt"
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-22s %14s %14s %8s\n' workload "go steps/s" "torch steps/s" ratio
for w in stac_cartpole_m1 stac_cartpole_m80 ddpg_pendulum stddpg_pendulum; do
	g=$(awk -v w="$w" '$1 == w { print $2 }' "$out/go.txt" | median)
	p=$(awk -v w="$w" '$1 == w { print $2 }' "$out/py.txt" | median)
	printf '%-22s %14.1f %14.1f %8.2f\n' "$w" "$g" "$p" "$(echo "$g / $p" | bc -l)"
done
