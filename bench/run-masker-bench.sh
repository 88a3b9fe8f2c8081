#!/usr/bin/env bash
# The run masker (JMH, one fork, one thread): mask a 200-character log line with and without a
# secret, a 64 KiB output, and register 20 secrets, with 1, 20 and 200 registered secrets; the
# allocation per operation from JMH's gc profiler. Prints a Markdown table on stdout.
# Usage: bench/run-masker-bench.sh            (REBUILD=1 forces a build; QUICK=1 shortens runs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || ! -f "$root/bench/target/classes/META-INF/BenchmarkList" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp -DskipTests -pl bench -am package) >&2
fi
cp="$root/bench/target/classes:$root/bench/target/lib/*"
out=$(mktemp -d)
if [[ "${QUICK:-0}" = 1 ]]; then runs=(-wi 2 -w 1s -i 3 -r 1s); else runs=(-wi 3 -w 2s -i 5 -r 2s); fi
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'MaskerBench' -f 1 -t 1 "${runs[@]}" -prof gc \
  -jvmArgs "-Xms512m -Xmx512m" -rf json -rff "$out/masker.json" >&2
python3 - "$out/masker.json" <<'PY'
import json, sys
print("| benchmark | secrets | time | allocated per op |")
print("|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    print(f'| {r["benchmark"].rsplit(".", 1)[1]} | {r["params"]["secrets"]} | {m["score"]:,.1f} {m["scoreUnit"]} | '
          + (f'{alloc:,.0f} B' if alloc is not None else "-") + " |")
PY
