#!/usr/bin/env bash
# The issue-23 distillation study (BENCHMARKS.md, "Distillation into x² students on nine months"):
# one teacher per month, then `distill` per candidate on that month's teacher, results kept under
# $STUDY/results/<candidate>/<month>/. rule.md is the rule fixed before it ran; analyse.py prints the
# tables (validation only; --test adds the test figures, to be read after the choice).
# usage: bench/distillation-study/run.sh [study-dir]   (hours on 2 cores; run alone: one libtorch at a time)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
study=${1:-$root/target/distillation-study}
data=${VERIREGIME_SHARED_DATA:-$root/../shared/data}/binance-spot-klines-1m
months="2022-01 2022-04 2022-07 2022-10 2023-01 2023-04 2023-07 2023-10 2024-01"
mkdir -p "$study/exp" "$study/results"
(cd "$root" && ./mvnw -B -q -o -pl veriregime-runtime compile dependency:build-classpath \
  -Dmdep.outputFile="$study/cp.txt" -Dmdep.includeScope=runtime)
cp="$root/veriregime-runtime/target/classes:$(cat "$study/cp.txt")"
cli() { # month, stages and options
  local m=$1; shift
  java -Xmx4g -cp "$cp" io.veriregime.runtime.cli.VeriRegimeCli "$@" --experiment "$study/exp/$m.yaml" \
    --output "$study/out/base/$m" --offline
}
candidate() { # name, overrides separated by ';', month
  local name=$1 sets=$2 m=$3 args=()
  IFS=';' read -ra kv <<< "$sets"; for o in "${kv[@]}"; do [ -n "$o" ] && args+=(--set "$o"); done
  mkdir -p "$study/results/$name/$m"
  cli "$m" distill "${args[@]}" > "$study/results/$name/$m/log.txt" 2>&1
  cp "$study/out/base/$m/distill/summary.json" "$study/results/$name/$m/"
  for s in baseline distilled; do
    cp "$study/out/base/$m/distill/$s/curves.json" "$study/results/$name/$m/$s.curves.json"
    cp "$study/out/base/$m/distill/$s/metrics.json" "$study/results/$name/$m/$s.metrics.json"
  done
}
for m in $months; do
  printf 'name: study-%s\nseed: 42\ndata:\n  source: csv\n  files: ["%s/BTCUSDT-1m-%s.csv.gz"]\n' "$m" "$data" "$m" > "$study/exp/$m.yaml"
  cli "$m" fetch-data train-teacher > "$study/teacher-$m.log" 2>&1
  candidate A "student.hidden=[128, 64, 32]" "$m"
  candidate B "student.hidden=[128]" "$m"
  candidate C "student.hidden=[128, 32]" "$m"
  candidate D "student.activation=poly;student.hidden=[128, 64, 32]" "$m"
  candidate E "student.activation=poly;student.hidden=[128]" "$m"
  echo "$m done $(date -u +%T)"
done
(cd "$study" && python3 "$root/bench/distillation-study/analyse.py")
