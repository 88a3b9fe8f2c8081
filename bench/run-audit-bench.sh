#!/usr/bin/env bash
# What the audit trail costs a warm resolution (issue 12): JMH warm4Paths with audit=off and
# audit=on, one thread, each fork warmed for 60 s (the writer's database code is compiled late:
# with a short warmup the JIT still competes for the second core). The trail is stored in an H2
# file as `flowvault dev` keeps it (BENCH_JVM_OPTS=-Dbench.auditDb=mem|postgres to compare).
# Forks alternate in pairs (off then on, then on then off...), so a machine whose speed drifts
# hits both alike; prints each pair's medians and overhead, the median of the pairs' overheads, and
# the overhead between all forks of each mode (a fork's own speed varies too: JIT decisions).
# Usage: bench/run-audit-bench.sh        (PAIRS=3 by default; QUICK=1: one pair, 10 s warmup;
#        METRICS=1: the "on" forks also report to the server's Prometheus registry, the "off" forks
#        to none: the overhead of auditing and metrics together)
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
pairs=${PAIRS:-3}
warmups=30
if [[ "${QUICK:-0}" = 1 ]]; then pairs=1; warmups=5; fi
fork() { # mode, result file
  local metrics=none
  if [[ "${METRICS:-0}" = 1 && "$1" = on ]]; then metrics=prometheus; fi
  "$JAVA" -cp "$cp" org.openjdk.jmh.Main 'ResolutionBenchmarks.warm4Paths$' -p audit="$1" -p metrics="$metrics" -f 1 -t 1 -wi "$warmups" -w 2s -i 8 -r 2s \
    -bm thrpt -tu s -jvmArgs "-Xms2g -Xmx2g --sun-misc-unsafe-memory-access=allow ${BENCH_JVM_OPTS:-}" -rf json -rff "$2" >&2
}
for ((p = 1; p <= pairs; p++)); do
  if ((p % 2)); then order=(off on); else order=(on off); fi
  for mode in "${order[@]}"; do
    echo "pair $p: audit=$mode" >&2
    fork "$mode" "$out/$p-$mode.json"
  done
done
python3 - "$out" "$pairs" <<'PY'
import json, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
def med(f):
    return statistics.median(json.load(open(f))[0]["primaryMetric"]["rawData"][0])
print("| pair (order) | audit off, median ops/s | audit on, median ops/s | overhead |")
print("|---|---:|---:|---:|")
overheads, ons = [], []
for p in range(1, pairs + 1):
    off, on = med(f"{out}/{p}-off.json"), med(f"{out}/{p}-on.json")
    overheads.append((1 - on / off) * 100)
    ons.append(on)
    print(f'| {p} ({"off, on" if p % 2 else "on, off"}) | {off:,.0f} | {on:,.0f} | {overheads[-1]:.1f}% |')
offs = [med(f"{out}/{p}-off.json") for p in range(1, pairs + 1)]
print(f"\nmedian overhead of the pairs: {statistics.median(overheads):.1f}% (target <= 10%); "
      f"audit on: median {statistics.median(ons):,.0f} resolutions/s on one thread (target >= 100,000)")
# a fork's speed varies by itself (JIT decisions), not only with the machine's drift: also compare
# all forks of one mode with all of the other, as a single JMH run of both params would
print(f"all forks of a mode together: median off {statistics.median(offs):,.0f}, on {statistics.median(ons):,.0f}: "
      f"{(1 - statistics.median(ons) / statistics.median(offs)) * 100:.1f}%; means: "
      f"{(1 - statistics.mean(ons) / statistics.mean(offs)) * 100:.1f}%")
PY
