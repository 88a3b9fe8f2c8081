#!/usr/bin/env bash
# Execution engine load driver: start-to-first-task latency (p50, p99; one run at a time) and
# throughput of trivial one-step runs (several callers), on H2 in memory, H2 in a file (h2file) and on PostgreSQL.
# One engine node in the benchmark's JVM; PostgreSQL from FLOWVAULT_BENCH_POSTGRES_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres), a fresh schema per run.
# Prints a Markdown table (stdout); progress on stderr.
# Usage: bench/run-execution-bench.sh [latencyRuns] [throughputRuns] [callers] [dialects, e.g. "h2 h2file postgres"]
# REBUILD=1 rebuilds the benchmark jar first (always do so after changing the platform).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || -z "$(ls "$root"/bench/target/bench-*.jar 2>/dev/null)" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -ntp -DskipTests -pl bench -am package) >&2
fi
jar=$(ls "$root"/bench/target/bench-*.jar | head -n 1)
latency=${1:-2000}
throughput=${2:-10000}
callers=${3:-8}
dialects=${4:-"h2 postgres"}
echo "| database | latency runs | start-to-first-task p50 (ms) | p99 (ms) | throughput runs | runs/s |"
echo "|---|---:|---:|---:|---|---:|"
for d in $dialects; do
  echo "running $d ..." >&2
  "$JAVA" -Xms512m -Xmx512m -XX:+UseParallelGC \
    -cp "$jar:$root/bench/target/lib/*" org.flowvault.bench.execution.ExecutionBench "$d" "$latency" "$throughput" "$callers"
done
