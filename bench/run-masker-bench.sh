#!/usr/bin/env bash
# The run masker (JMH, one fork, one thread): mask a 200-character log line with and without a
# secret, a 64 KiB output, and register 20 secrets, with 1, 20 and 200 registered secrets; the
# allocation per operation from JMH's gc profiler. Prints a Markdown table on stdout.
# Usage: bench/run-masker-bench.sh            (REBUILD=1 forces a build; QUICK=1 shortens runs)
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
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
