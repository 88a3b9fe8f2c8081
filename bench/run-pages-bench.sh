#!/usr/bin/env bash
# Web UI page render: p50/p99 of GET on every page with a project of N connections, F flows using
# them and R runs (started through the run engine), over loopback.
# Prints a Markdown table (stdout). Usage: bench/run-pages-bench.sh [connections] [flows] [requests] [runs]
# REBUILD=1 rebuilds the benchmark jar first (always do so after changing the server).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || -z "$(ls "$root"/bench/target/bench-*.jar 2>/dev/null)" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -ntp -DskipTests -pl bench -am package) >&2
fi
jar=$(ls "$root"/bench/target/bench-*.jar | head -n 1)
"$JAVA" -Xms512m -Xmx512m -cp "$jar:$root/bench/target/lib/*" org.flowvault.bench.web.PagesBench "${1:-1000}" "${2:-50}" "${3:-500}" "${4:-10000}" \
  2> >(grep -v ' DEBUG \| INFO ' >&2)
