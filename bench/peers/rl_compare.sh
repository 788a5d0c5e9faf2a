#!/usr/bin/env bash
# Environment steps per second, updates included, of stackel's STAC on
# CartPole-v1 and DDPG / STDDPG-AL on Pendulum-v1 against the PyTorch peers
# (rl_stac.py, rl_stddpg.py), single-threaded, alternating Go and Python
# ROUNDS times and reporting the median of each with the ratio Go/PyTorch,
# both in DTYPE (float32 by default, or float64).
#
#   bench/peers/rl_compare.sh                # from the repository root
#   ROUNDS=5 TAGS=openblas DTYPE=float64 bench/peers/rl_compare.sh
#   PY_STEPS=300 bench/peers/rl_compare.sh   # timed Pendulum steps a side
#
# Go runs with GOMAXPROCS=1 (go test -cpu 1), PyTorch with
# torch.set_num_threads(1); both with OPENBLAS_NUM_THREADS=1,
# OMP_NUM_THREADS=1, MKL_NUM_THREADS=1. The machine should be otherwise idle.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DTYPE=${DTYPE:-float32}
# Timed Pendulum steps on each side: the peer's --steps and the Go
# benchmark's 50-step ops (-benchtime EPOCHS x), the same count, so that
# both time the same updates (51 to 50 + PY_STEPS; the CG iteration count
# grows over them). Before 2026-12-05 the Go side timed 150 steps and the
# peer 300.
PY_STEPS=${PY_STEPS:-150}
if ! [[ $PY_STEPS =~ ^[0-9]+$ ]] || ((10#$PY_STEPS == 0 || 10#$PY_STEPS % 50 != 0)); then
	echo "rl_compare.sh: PY_STEPS=$PY_STEPS; want a positive multiple of 50 (the Go benchmark's epoch)" >&2
	exit 2
fi
EPOCHS=$((10#$PY_STEPS / 50))
TAGS=${TAGS:-}
PYTHON=${PYTHON:-/usr/bin/python3}
. bench/peers/peer_env.sh # the peers keep freed memory: see there
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go test ${TAGS:+-tags $TAGS} -c -o "$out/agent.test" ./rl/agent
for r in $(seq "$ROUNDS"); do
	{
		"$out/agent.test" -test.run '^$' -test.bench "BenchmarkSTACCartPoleEpoch/unroll[0-9]*/$DTYPE\$" -test.benchtime 3x -test.cpu 1
		"$out/agent.test" -test.run '^$' -test.bench "BenchmarkOffPolicyUpdateSteps/(ddpg|stddpg)/$DTYPE\$" -test.benchtime "${EPOCHS}x" -test.cpu 1
	} |
		awk '/^Benchmark/ { for (i = 1; i <= NF; i++) if ($(i+1) == "steps/s") print $1, $i }' |
		sed -e "s|/$DTYPE||" -e 's|BenchmarkSTACCartPoleEpoch/unroll|stac_cartpole_m|' -e 's|BenchmarkOffPolicyUpdateSteps/\([a-z]*\)|\1_pendulum|' >>"$out/go.txt"
	(cd bench/peers && "$PYTHON" rl_stac.py --epochs 3 --dtype "$DTYPE" && "$PYTHON" rl_stddpg.py --steps "$PY_STEPS" --dtype "$DTYPE") >>"$out/py.txt"
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-22s %14s %14s %8s\n' workload "go steps/s" "torch steps/s" ratio
for w in stac_cartpole_m1 stac_cartpole_m80 ddpg_pendulum stddpg_pendulum; do
	g=$(awk -v w="$w" '$1 == w { print $2 }' "$out/go.txt" | median)
	p=$(awk -v w="$w" '$1 == w { print $2 }' "$out/py.txt" | median)
	printf '%-22s %14.1f %14.1f %8.2f\n' "$w" "$g" "$p" "$(echo "$g / $p" | bc -l)"
done
