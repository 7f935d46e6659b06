#!/usr/bin/env bash
# Proof farm throughput (issue 22): proofs per minute with 1 and 2 executors, and the per-task overhead,
# for Groth16 proofs of the example's student. Prints one Markdown table row per executor count, with the
# date, the load (uptime) and the machine, for BENCHMARKS.md ("Sweeps and proving farms").
#
# Run it on a quiet machine, from the repository root (it builds what it needs, offline once Maven's
# dependencies are downloaded):
#   bench/proof-farm.sh                      # cluster.engine local (threads of the build)
#   ENGINE=spark bench/proof-farm.sh         # the same shares on Spark, local[1] and local[2]
#   SAMPLES=128 SHARE_SIZE=16 bench/proof-farm.sh
#
# What it does: the example's pipeline up to zk-compile once (with zk.backend groth16 and the example's
# development powers of tau), into target/bench-proof-farm/ (reused by a second run: every stage is up to
# date); then, for each executor count, zk-prove again (--force) on SAMPLES test windows in shares of
# SHARE_SIZE. From each run's zk/prove/proving.json:
#   proofs/min   = throughput.proofsPerMinute (the farm's wall time, the first measuring proof included
#                  when zk.provers > 1)
#   overhead     = per share, its wall seconds less the witness and prove seconds of its proofs (prover
#                  process start, provisioning, the moves into the layout); mean over shares
# Figures on a machine where other builds run mean nothing: check the load column before recording a row.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENGINE="${ENGINE:-local}"
SAMPLES="${SAMPLES:-64}"
SHARE_SIZE="${SHARE_SIZE:-8}"
EXECUTORS="${EXECUTORS:-1 2}"
OUT="$ROOT/target/bench-proof-farm"
EXPERIMENT="$ROOT/example-project/experiment.yaml"
PTAU="$ROOT/test-data/zk/dev-insecure-pot12.ptau"
PTAU_SHA256=2d18c9aa746564479f51f43bf0f9e952ff3036eda4f56030ed2e08ead27fd538
mkdir -p "$OUT"

cd "$ROOT"
./mvnw -B -q install -DskipTests -Dinvoker.skip -Dmaven.javadoc.skip=true -pl veriregime-runtime,veriregime-spark -am
./mvnw -B -q -pl veriregime-spark dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime
CLASSPATH="$ROOT/veriregime-spark/target/veriregime-spark-0.1.0-SNAPSHOT.jar:$(cat "$OUT/classpath.txt")"
# what Spark's own launcher opens on Java 17 (the same list as veriregime-spark's surefire argLine)
JAVA_OPTS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)

COMMON=(--experiment "$EXPERIMENT" --output "$OUT/veriregime"
  --set zk.backend=groth16 --set zk.teacher=false --set "zk.groth16.ptau=$PTAU" --set "zk.groth16.ptauSha256=$PTAU_SHA256")

cli() {
  java "${JAVA_OPTS[@]}" -cp "$CLASSPATH" io.veriregime.runtime.cli.VeriRegimeCli "$@"
}

echo "preparing: the example up to zk-compile (Groth16), once" >&2
cli fetch-data train-teacher distill optimize zk-compile "${COMMON[@]}" >"$OUT/prepare.log" 2>&1

machine="$(uname -sm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs || echo unknown CPU)"
echo "| date | load (1/5/15 min) | machine | engine | executors | windows | share size | proofs/min | per-task overhead (s) |"
echo "|---|---|---|---|---|---|---|---|---|"
for executors in $EXECUTORS; do
  engine_settings=(--set "cluster.parallelism=$executors")
  if [ "$ENGINE" = spark ]; then
    engine_settings+=(--set cluster.engine=spark --set "cluster.master=local[$executors]")
  fi
  load="$(uptime | sed 's/.*load average: //')"
  cli zk-prove --force "${COMMON[@]}" --set "zk.samples=$SAMPLES" --set "zk.shareSize=$SHARE_SIZE" \
    --set "zk.provers=$executors" --set "compute.threads=$executors" "${engine_settings[@]}" \
    >"$OUT/prove-$ENGINE-$executors.log" 2>&1
  python3 - "$OUT/veriregime/zk/prove/proving.json" "$(date -u +%Y-%m-%dT%H:%MZ)" "$load" "$machine" "$ENGINE" \
    "$SAMPLES" "$SHARE_SIZE" <<'EOF'
import json, sys
report, date, load, machine, engine, samples, share_size = sys.argv[1:]
student = json.load(open(report))["student"]
throughput = student["throughput"]
farm = throughput["farm"]
rounds = {r["sample"]: r for r in student["rounds"]}
overheads = []
for share in farm["shares"]:
    proving = sum(rounds[s]["witnessSeconds"] + rounds[s]["proveSeconds"]
                  for s in range(share["firstSample"], share["lastSample"] + 1))
    overheads.append(share["seconds"] - proving)
overhead = sum(overheads) / len(overheads)
print(f"| {date} | {load} | {machine} | {engine} | {farm['executors']} | {samples} | {share_size} "
      f"| {throughput['proofsPerMinute']:.1f} | {overhead:.2f} |")
EOF
done
