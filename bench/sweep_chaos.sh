#!/bin/bash
# Fault measurement of distributed sweeps (README, "Sweeps and clusters"):
# 30 CartPole jobs on the embedded NATS server with three worker processes;
# every 4 s one worker is killed with SIGKILL and replaced (at most 8
# kills). Then the same jobs run uninterrupted through the Slurm path, and
# the script reports jobs lost, jobs completed twice, resumptions from
# stored checkpoints, and metrics.csv files that differ (wall-clock column
# aside). Usage: bench/sweep_chaos.sh [STACKEL_BINARY] [WORK_DIR]
set -euo pipefail
B=$(realpath "${1:-./stackel}")
W=${2:-/tmp/stackel-chaos}
rm -rf "$W"; mkdir -p "$W/logs"; cd "$W"
cat > spec.yaml <<'SPEC'
name: chaos
config:
  name: cp
  rl: {env: CartPole-v1, algo: ac, steps: 60000, steps_per_epoch: 1000, hidden: [16, 16], unroll: 1, options: {test_episodes: 1, lanczos_iters: 2}}
grid:
  rl.options.actor_lr: [0.01, 0.02, 0.03]
seeds: {count: 10}
SPEC
"$B" sweep spec.yaml --out out --workers 0 --listen 127.0.0.1:0 --ack-wait 3s > logs/sweep.log 2>&1 &
SW=$!
until grep -q "listening at" logs/sweep.log; do sleep 0.2; done
URL=$(grep -o 'nats://127.0.0.1:[0-9]*' logs/sweep.log | head -1)
declare -a P
n=0
start() { "$B" worker --nats "$URL" > "logs/w$n.log" 2>&1 & P[$1]=$!; n=$((n+1)); }
start 0; start 1; start 2
kills=0
while kill -0 $SW 2>/dev/null && [ $kills -lt 8 ]; do
  sleep 4
  i=$((kills % 3))
  if kill -9 "${P[$i]}" 2>/dev/null; then kills=$((kills+1)); fi
  start $i
done
wait $SW
for i in 0 1 2; do kill "${P[$i]}" 2>/dev/null || true; done
"$B" sweep spec.yaml --emit slurm --out sl > /dev/null
for i in $(seq 0 29); do "$B" run --manifest sl/manifest.json --index "$i" --quiet > /dev/null; done
total=$(grep -c '"status"' out/sweep.json); done_=$(grep -c '"status": "done"' out/sweep.json)
twice=$(cat logs/w*.log | grep -o 'completed chaos [0-9a-f]*' | sort | uniq -d | wc -l)
resumed=$(cat logs/w*.log | grep -c 'from its stored checkpoint' || true)
differ=0
for d in out/runs/*; do
  id=$(basename "$d")
  cmp -s <(cut -d, -f1-18 "$d/metrics.csv") <(cut -d, -f1-18 "sl/runs/$id/metrics.csv") || differ=$((differ+1))
done
echo "jobs $total, workers killed $kills, done $done_, lost $((total-done_)), completed twice $twice, resumed from checkpoints $resumed, metrics differing $differ"
