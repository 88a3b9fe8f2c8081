#!/usr/bin/env bash
# Credential field encryption and decryption (format v2, the SDK's FieldCipher) next to the raw
# JDK AES-GCM cipher on the same sizes, in one JMH run: one fork, one thread (= one core).
# Prints a Markdown table of the per-iteration medians (and the bytes allocated per operation,
# JMH's gc profiler) on stdout; progress on stderr. Then the same operations timed by the thread's
# CPU time (FieldCipherCpuTime), which a machine shared with other work does not inflate the way it
# inflates wall-clock figures: a second table, medians of alternating batches.
# Usage: bench/run-credential-bench.sh            (REBUILD=1 forces a build; QUICK=1 shortens runs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || ! -f "$root/bench/target/classes/META-INF/BenchmarkList" ]] \
    || ! grep -q FieldCipherBenchmarks "$root/bench/target/classes/META-INF/BenchmarkList"; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp -DskipTests -pl bench -am package) >&2
fi
cp="$root/bench/target/classes:$root/bench/target/lib/*"
out=$(mktemp -d)
if [[ "${QUICK:-0}" = 1 ]]; then runs=(-wi 2 -w 1s -i 5 -r 1s); else runs=(-wi 3 -w 2s -i 10 -r 2s); fi
echo "JMH: FieldCipherBenchmarks (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'FieldCipherBenchmarks' -f 1 -t 1 "${runs[@]}" \
  -jvmArgs "-Xms512m -Xmx512m" -prof gc -rf json -rff "$out/cipher.json" >&2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$out/cipher.json" <<'PY'
import json, statistics, sys
med, alloc = {}, {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    size = int(r["params"]["size"])
    raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    med[(name, size)] = statistics.median(raw)
    norm = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
    if norm:
        alloc[(name, size)] = norm["score"]
print("| operation | field size | FieldCipher (v2) | raw JDK AES-GCM | FieldCipher / raw | FieldCipher allocates |")
print("|---|---:|---:|---:|---:|---:|")
for op in ("encrypt", "decrypt"):
    for size in sorted({s for (_, s) in med}):
        ours, raw = med.get((op, size)), med.get(("raw" + op.capitalize(), size))
        if ours is None or raw is None:
            continue
        if size >= 4096:
            fmt = lambda ops: f"{ops * size / 1e9:.2f} GB/s"
        else:
            fmt = lambda ops: f"{ops:,.0f} fields/s"
        a = alloc.get((op, size))
        print(f"| {op} | {size:,} B | {fmt(ours)} | {fmt(raw)} | {ours / raw:.0%} | {'' if a is None else f'{a:,.0f} B/op'} |")
for size in sorted({s for (_, s) in med}):
    for name in ("jdkHexEncode", "jdkHexDecode"):
        if (name, size) in med:
            print(f"| JDK HexFormat alone: {name[6:].lower()} | {size:,} B | {med[(name, size)]:,.0f} ops/s | | | |")
PY
echo
echo "CPU time of the benchmark thread (FieldCipherCpuTime), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [[ "${QUICK:-0}" = 1 ]]; then cpu=(5 200); else cpu=(15 300); fi
"$JAVA" -Xms512m -Xmx512m -cp "$cp" org.flowvault.bench.credential.FieldCipherCpuTime "${cpu[@]}"
rm -rf "$out"
