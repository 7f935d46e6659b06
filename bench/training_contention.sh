#!/usr/bin/env bash
# Teacher training throughput alone and beside other work, with libtorch's OpenMP threads spinning
# (OpenMP's default) or sleeping (OMP_WAIT_POLICY=PASSIVE): BENCHMARKS.md, "Training beside other work".
# Trains the README example's teacher on 10 days of 2024-01 for 4 epochs through the CLI (which trains
# in its own JVM, so the variable is set on it directly, as the plugin sets it on its child JVM).
# usage: bench/training_contention.sh [repeats]   (run on an otherwise idle machine; ~10 min)
set -euo pipefail
repeats=${1:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$root" && ./mvnw -B -q -o -pl veriregime-runtime compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime)
cp="$root/veriregime-runtime/target/classes:$(cat "$work/cp.txt")"
cat > "$work/experiment.yaml" <<YAML
name: contention-bench
seed: 7
data:
  source: csv
  files: ["$root/example-project/data/BTCUSDT-1m-2024-01.csv.gz"]
  start: 2024-01-01
  end: 2024-01-10
teacher:
  epochs: 4
  patience: 4
YAML
cli() { java -cp "$cp" io.veriregime.runtime.cli.VeriRegimeCli "$@" --experiment "$work/experiment.yaml" --offline; }
cli fetch-data --output "$work/a" >/dev/null 2>&1; cp -r "$work/a" "$work/b"
# mean samples/s over the epochs of one training run into output $1, with extra environment "${@:2}"
train() {
  local out=$1; shift
  env "$@" java -cp "$cp" io.veriregime.runtime.cli.VeriRegimeCli train-teacher --experiment "$work/experiment.yaml" \
    --output "$out" --offline --force 2>&1 | grep -o '([0-9]* samples/s)' | tr -dc '0-9\n' \
    | awk '{s+=$1} END {printf "%d", s/NR}'
}
row() { echo "| $(date -u +%F) | $1 | $2 | $3 | $(cut -d' ' -f1-3 /proc/loadavg) |"; }
echo "| date | beside | policy | samples/s | load before (1/5/15 min) |"
echo "|---|---|---|---|---|"
for r in $(seq "$repeats"); do
  for policy in spin passive; do
    env=(); [ $policy = passive ] && env=(OMP_WAIT_POLICY=PASSIVE)
    row nothing $policy "$(train "$work/a" "${env[@]}")"
    python3 -c 'while True: pass' & busy=$!; sleep 1
    row "one busy loop (python)" $policy "$(train "$work/a" "${env[@]}")"
    kill $busy
    train "$work/b" "${env[@]}" >/dev/null & rival=$!; sleep 3
    row "a second teacher training" "$policy (both)" "$(train "$work/a" "${env[@]}")"
    wait $rival
  done
done
