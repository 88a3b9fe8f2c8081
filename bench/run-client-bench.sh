#!/usr/bin/env bash
# KV v2 reads through Flowvault's VaultClient, Spring Vault's VaultTemplate and jopenlibs
# vault-java-driver against one embedded server (its own JVM), 1 and 16 callers, same run.
# Prints Markdown tables (stdout); progress on stderr.
# Usage: bench/run-client-bench.sh [rounds] [seconds-per-cell] [client-name-prefixes, e.g. Flowvault,Spring]
# REBUILD=1 rebuilds the benchmark jar first (always do so after changing vault-client).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || -z "$(ls "$root"/bench/target/bench-*.jar 2>/dev/null)" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -q -ntp -DskipTests -pl bench -am package) >&2
fi
jar=$(ls "$root"/bench/target/bench-*.jar | head -n 1)
exec "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$jar:$root/bench/target/lib/*" org.flowvault.bench.ClientBench "$@"
