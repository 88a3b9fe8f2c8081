#!/usr/bin/env bash
# Allocation per KV v2 request in the embedded server's pipeline (JMH -prof gc, one thread, in
# process): prints bytes/op for a write and a read. See KvPipelineBenchmarks. QUICK=1 shortens.
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
"$JAVA" -cp "$cp" org.openjdk.jmh.Main 'org.flowvault.bench.kv.KvPipelineBenchmarks' -f 1 "${runs[@]}" \
  -prof gc -rf json -rff "$out/kv.json" >"$out/kv.txt"
grep -E '^Benchmark|KvPipelineBenchmarks\.(read|write)( |:gc.alloc.rate.norm)' "$out/kv.txt"
rm -rf "$out"
