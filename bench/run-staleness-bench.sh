#!/usr/bin/env bash
# Vault requests and staleness of 10,000 resolutions over 10 simulated minutes while an outside
# writer changes 1% of the paths per minute: blind TTL vs revalidation vs events (the cache's clock
# is injected; nothing waits). Prints a Markdown table on stdout.
# Usage: bench/run-staleness-bench.sh [RESOLUTIONS] [PATHS]   (REBUILD=1 forces a build)
set -euo pipefail
source "$(dirname "$0")/jmh-env.sh"
"$JAVA" -Xmx512m --sun-misc-unsafe-memory-access=allow -cp "$cp" org.flowvault.bench.resolution.StalenessBench "${1:-10000}" "${2:-500}"
rm -rf "$out"
