#!/usr/bin/env bash
# Connection resolution benchmarks (JMH, one fork, one thread = one core) and the Vault request
# count of 10,000 warm resolutions. Prints a Markdown table on stdout; progress on stderr.
# Usage: bench/run-resolution-bench.sh            (REBUILD=1 forces a build; QUICK=1 shortens runs)
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
jvm=(-jvmArgs "-Xms512m -Xmx512m --sun-misc-unsafe-memory-access=allow")
echo "JMH: warm resolution (4 paths), sample time and throughput, without and with the audit trail" >&2
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'ResolutionBenchmarks.warm4Paths' -f 1 -t 1 "${runs[@]}" "${jvm[@]}" \
  -rf json -rff "$out/warm.json" >&2
echo "JMH: warm resolution with and without the Prometheus metrics registry (one run, param metrics)" >&2
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'ResolutionBenchmarks.warm4PathsMetered' -f 1 -t 1 "${runs[@]}" "${jvm[@]}" \
  -rf json -rff "$out/metered.json" >&2
echo "JMH: cold resolution, 1 vs 8 paths" >&2
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'ResolutionBenchmarks.cold' -f 1 -t 1 "${runs[@]}" "${jvm[@]}" \
  -rf json -rff "$out/cold.json" >&2
echo "Vault requests of 10,000 warm resolutions" >&2
count=$("$JAVA" -Xmx256m -cp "$cp" org.flowvault.bench.resolution.RequestCount 10000)

python3 - "$out/warm.json" "$out/cold.json" "$out/metered.json" <<'PY'
import json, sys
rows = []
for f in sys.argv[1:]:
    for r in json.load(open(f)):
        name = r["benchmark"].rsplit(".", 1)[1]
        params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
        m = r["primaryMetric"]
        if r["mode"] == "sample":
            p = m["scorePercentiles"]
            rows.append((name + (f" ({params})" if params else ""), "p50 / p99 / mean", f'{p["50.0"]:.2f} / {p["99.0"]:.2f} / {m["score"]:.2f} us'))
        elif r["mode"] == "thrpt":
            rows.append((name + (f" ({params})" if params else ""), "throughput, 1 thread (per core)", f'{m["score"] * 1e6:,.0f} ops/s'))
print("| benchmark | metric | result |")
print("|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
thr = {r["params"]["audit"]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1])) if r["mode"] == "thrpt" and r.get("params")}
if "off" in thr and "on" in thr:
    print(f'| warm4Paths audit on vs off | throughput overhead (target <= 10%) | {(1 - thr["on"] / thr["off"]) * 100:.1f}% |')
cold = {}
for r in json.load(open(sys.argv[2])):
    cold[(r["params"]["paths"], r["params"].get("latencyMicros", "0"))] = r["primaryMetric"]["scorePercentiles"]["50.0"]
for lat in sorted({l for (_, l) in cold}, key=int):
    if ("1", lat) in cold and ("8", lat) in cold:
        print(f'| cold 8 paths / 1 path, {lat} us latency | p50 ratio (target <= 1.5) | {cold[("8", lat)] / cold[("1", lat)]:.2f}x |')
metered = {r["params"]["metrics"]: r["primaryMetric"]["score"] * 1e6 for r in json.load(open(sys.argv[3])) if r["mode"] == "thrpt"}
if "none" in metered and "prometheus" in metered:
    print(f'| warm, metrics overhead | throughput loss with metrics (target <= 10%) | {(1 - metered["prometheus"] / metered["none"]) * 100:.1f}% |')
PY
echo "CPU time per resolution without and with the audit trail (resolving thread; whole process incl. the writer)" >&2
"$JAVA" -Xms2g -Xmx2g -cp "$cp" org.flowvault.bench.resolution.AuditCpuCost "${CPU_RESOLUTIONS:-20000}"
echo
echo "$count"
rm -rf "$out"
