#!/usr/bin/env bash
# Runs the ad package's benchmarks in three builds and the PyTorch peer
# (bench/peers/mlp_torch.py) side by side, single-threaded, and prints a
# table of times and ratios.
#
#   bench/peers/run_ad.sh            # from the repository root
#   COUNT=5 BENCHTIME=2s bench/peers/run_ad.sh
#
# Builds:
#   go        default build: ad's packed product with its AVX2/FMA assembly kernel, vector tanh (no cgo)
#   purego    -tags purego: the same in plain Go (no assembly of ad's own), math.Tanh
#   openblas  -tags openblas: products with m·n·k ≥ 32768 through OpenBLAS (cgo, -lopenblas)
#
# Single-threaded: Go benchmarks run with -cpu 1 (GOMAXPROCS=1), OpenBLAS and PyTorch with OPENBLAS_NUM_THREADS=1,
# OMP_NUM_THREADS=1 and torch.set_num_threads(1).
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT=${COUNT:-3}
BENCHTIME=${BENCHTIME:-1s}
PYTHON=${PYTHON:-/usr/bin/python3}
. bench/peers/peer_env.sh # the peers keep freed memory: see there
BENCH='^(BenchmarkGameGradHVP|BenchmarkMLPGrad|BenchmarkMLPHVP|BenchmarkSmallMLPGrad)$'
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run_go() { # name, extra flags...
	local name=$1
	shift
	go test "$@" -run '^$' -bench "$BENCH" -benchtime "$BENCHTIME" -count 1 -cpu 1 ./ad/ >>"$out/$name.txt"
}
have_torch=0
if "$PYTHON" -c 'import torch' 2>/dev/null; then
	have_torch=1
else
	echo "# torch not importable by $PYTHON: peer column left empty" >&2
fi
: >"$out/torch.txt"
# Interleave the builds and the peer round by round, so that load from
# other processes on the machine falls on all of them alike; the table
# reports per-benchmark medians over the rounds.
for ((round = 1; round <= COUNT; round++)); do
	echo "# round $round/$COUNT" >&2
	run_go go
	run_go purego -tags purego
	run_go openblas -tags openblas
	if ((have_torch)); then
		"$PYTHON" bench/peers/mlp_torch.py >>"$out/torch.txt"
	fi
done
torch=$(sed -n 's/^# //p' "$out/torch.txt" | head -1)
torch=${torch:-none}

echo "ad benchmarks, single thread; $(go version | cut -d' ' -f3); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); torch: $torch"
echo "times are medians of $COUNT runs; ratio = Go time / PyTorch time (< 1: Go faster)"
echo
# Median ns/op per benchmark over the rounds, then the table.
awk -v builds="go purego openblas" '
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
FNR == 1 { file = FILENAME; sub(/.*\//, "", file); sub(/\.txt$/, "", file) }
file == "torch" && NF == 2 && $1 !~ /^#/ { peer[$1] = peer[$1] " " $2; next }
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 2; i < NF; i++) if ($(i + 1) == "ns/op") v = $i
	t[file, name] = t[file, name] " " v
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
}
END {
	nb = split(builds, b, " ")
	printf "%-28s %12s", "benchmark", "torch"
	for (k = 1; k <= nb; k++) printf " %12s %8s", b[k], "ratio"
	printf "\n"
	for (i = 1; i <= n; i++) {
		name = order[i]
		p = (name in peer) ? median(peer[name]) : 0
		printf "%-28s %12s", name, p ? sprintf("%.1fµs", p / 1000) : "-"
		for (k = 1; k <= nb; k++) {
			s = t[b[k], name]
			if (s == "") { printf " %12s %8s", "-", "-"; continue }
			m = median(s)
			printf " %12s %8s", sprintf("%.2fµs", m / 1000), p ? sprintf("%.2f", m / p) : "-"
		}
		printf "\n"
	}
}' "$out"/go.txt "$out"/purego.txt "$out"/openblas.txt "$out"/torch.txt
