#!/usr/bin/env bash
# What the audit trail costs a warm resolution (issue 12): JMH warm4Paths with audit=off and
# audit=on in the same run, one thread, each fork warmed for 60 s (the writer's database code is
# compiled late: with a short warmup the JIT still competes for the second core). The trail is
# stored in an H2 file as `flowvault dev` keeps it (-Dbench.auditDb=mem|postgres to compare).
# Prints each fork's median and the median over all measured iterations, and the overhead.
# Usage: bench/run-audit-bench.sh        (FORKS=3 by default; QUICK=1: one fork, 10 s warmup)
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
forks=${FORKS:-3}
warmups=30
if [[ "${QUICK:-0}" = 1 ]]; then forks=1; warmups=5; fi
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'ResolutionBenchmarks.warm4Paths$' -f "$forks" -t 1 -wi "$warmups" -w 2s -i 8 -r 2s \
  -bm thrpt -tu s -jvmArgs "-Xms2g -Xmx2g --sun-misc-unsafe-memory-access=allow ${BENCH_JVM_OPTS:-}" \
  -rf json -rff "$out/audit.json" >&2
python3 - "$out/audit.json" <<'PY'
import json, statistics, sys
runs = {r["params"]["audit"]: r["primaryMetric"]["rawData"] for r in json.load(open(sys.argv[1]))}
print("| audit | median per fork (ops/s) | median of all iterations |")
print("|---|---|---:|")
med = {}
for mode in ("off", "on"):
    forks = runs[mode]
    med[mode] = statistics.median([x for f in forks for x in f])
    print(f'| {mode} | {" / ".join(f"{statistics.median(f):,.0f}" for f in forks)} | {med[mode]:,.0f} |')
print(f'\noverhead of the audit trail: {(1 - med["on"] / med["off"]) * 100:.1f}% (target <= 10%); '
      f'audit on: {med["on"]:,.0f} resolutions/s on one thread (target >= 100,000)')
PY
