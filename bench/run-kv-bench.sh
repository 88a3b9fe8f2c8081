#!/usr/bin/env bash
# KV v2 read/write throughput and p50/p99 latency over loopback, next to a no-op endpoint on the
# same HTTP stack (the ceiling), with 1, 8 and 32 concurrent clients. Prints a Markdown table of
# the median of ROUNDS rounds per cell. See bench/README.md.
#
# Knobs (environment): ROUNDS=3 DURATION=5s WARMUP=10s CONNS="1 8 32" PORT=0 (free port)
#   ENDPOINTS="noop read write"   scripts under lua/ to run (also: read-with-body)
#   JVM_OPTS="-Xms512m -Xmx512m -XX:+UseZGC"   flags of the server JVM (the collector the launcher
#                    gives `flowvault dev|server`)
#   JFR=<file.jfr>   record a JFR profile of the server for the whole run
#   REBUILD=1        force the Maven build
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-"1 8 32"}
PORT=${PORT:-0}
JVM_OPTS=${JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseZGC"}
# shellcheck disable=SC2206
ENDPOINTS=(${ENDPOINTS:-noop read write})

if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
jver=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /,"",$2); print $2}')
if (( ${jver%%.*} < 21 )); then
  echo "need a JDK >= 21 (found $jver at $JAVA); set JAVA_HOME" >&2; exit 1
fi

if ! command -v wrk >/dev/null; then
  echo "installing wrk..." >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

shopt -s nullglob
jars=("$here"/target/bench-*.jar)
if [[ ${REBUILD:-0} == 1 || ${#jars[@]} -eq 0 || ! -d "$here/target/lib" ]]; then
  echo "building bench (mvn -q -DskipTests -pl bench -am package)..." >&2
  (cd "$root" && mvn -q -DskipTests -pl bench -am package)
  jars=("$here"/target/bench-*.jar)
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jfr_opt=()
if [[ -n "${JFR:-}" ]]; then
  jfr_opt=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
fi
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS "${jfr_opt[@]}" -cp "${jars[0]}:$here/target/lib/*" \
  org.flowvault.bench.KvBenchServer "$PORT" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

# Readiness: the READY line (printed after the benchmark secret is written), then sys/health.
for _ in $(seq 1 300); do
  if grep -q '^READY ' "$work/server.out" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "server exited:" >&2; cat "$work/server.err" >&2; exit 1
  fi
  sleep 0.1
done
read -r _ ADDR TOKEN < <(grep '^READY ' "$work/server.out") || { echo "server not ready after 30s" >&2; exit 1; }
until curl -fsS -o /dev/null "$ADDR/v1/sys/health"; do sleep 0.1; done
export TOKEN
curl -fsS -H "X-Vault-Token: $TOKEN" "$ADDR/v1/secret/data/bench/key" >/dev/null
curl -fsS -o /dev/null "$ADDR/bench/noop"

clk_tck=$(getconf CLK_TCK)
# CPU time (user + system, clock ticks) the server process has used so far, all threads.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

# One wrk run; prints "req_per_s p50_ms p99_ms errors server_cpu_us_per_request".
# The CPU cost per request is measured on the server process alone, so it holds up on a shared
# machine where throughput swings with the neighbours' load.
run_wrk() { # endpoint conns duration
  local threads=$(( $2 < 2 ? $2 : 2 ))
  local out t0 t1
  t0=$(server_ticks)
  out=$(wrk -t"$threads" -c"$2" -d"$3" --latency -s "$here/lua/$1.lua" "$ADDR")
  t1=$(server_ticks)
  awk -v ticks=$(( t1 - t0 )) -v hz="$clk_tck" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { n = $1 }
    /Non-2xx or 3xx responses:/ { err += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) err += $i }
    END { printf "%s %.3f %.3f %d %.1f\n", rps, p50, p99, err, (n > 0 ? ticks * 1e6 / hz / n : 0) }' <<<"$out"
}

echo "server: $("$JAVA" -version 2>&1 | head -1), JVM_OPTS=$JVM_OPTS; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $(nproc) cores" >&2
echo "warmup ($WARMUP per endpoint at 32 connections)..." >&2
for e in "${ENDPOINTS[@]}"; do run_wrk "$e" 32 "$WARMUP" >/dev/null; done

# Rounds are interleaved (round r runs every cell once) so that noise of the shared machine hits
# every endpoint alike, and the ratio compares runs seconds apart.
for r in $(seq 1 "$ROUNDS"); do
  for c in $CONNS; do
    for e in "${ENDPOINTS[@]}"; do
      res=$(run_wrk "$e" "$c" "$DURATION")
      echo "$e $c $r $res" >>"$work/results"
      echo "round $r: $e c=$c -> $res" >&2
    done
  done
done

# Median per cell (ROUNDS odd gives an actual sample); ratios are medians of per-round ratios, so
# each compares runs taken seconds apart.
python3 - "$work/results" "$CONNS" "$ROUNDS" "$DURATION" "${ENDPOINTS[*]}" <<'PY'
import sys, statistics as st
path, conns, rounds, dur = sys.argv[1], [int(c) for c in sys.argv[2].split()], sys.argv[3], sys.argv[4]
endpoints = sys.argv[5].split()
rows = {}
for line in open(path):
    e, c, r, rps, p50, p99, err, cpu = line.split()
    rows.setdefault((e, int(c)), {})[int(r)] = (float(rps), float(p50), float(p99), int(err), float(cpu))
med = st.median
print(f"\n{rounds} rounds x {dur} per cell; median of the rounds. server CPU = CPU time of the server process per request.\n")
print("| endpoint | clients | req/s | p50 ms | p99 ms | server CPU µs/req | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for e in endpoints:
    for c in conns:
        v = list(rows.get((e, c), {}).values())
        if v:
            print(f"| {e} | {c} | {med([x[0] for x in v]):,.0f} | {med([x[1] for x in v]):.2f} | "
                  f"{med([x[2] for x in v]):.2f} | {med([x[4] for x in v]):.0f} | {sum(x[3] for x in v)} |")
def ratio(e, c, i, invert=False):
    a, b = rows.get((e, c), {}), rows.get(("noop", c), {})
    rs = [(b[r][i] / a[r][i]) if invert else (a[r][i] / b[r][i]) for r in a if r in b and a[r][i] > 0 and b[r][i] > 0]
    return f"{med(rs):.0%}" if rs else "-"
print("\n| clients | read / no-op req/s | write / no-op req/s | no-op / read CPU per req | no-op / write CPU per req |")
print("|---:|---:|---:|---:|---:|")
for c in conns:
    print(f"| {c} | {ratio('read', c, 0)} | {ratio('write', c, 0)} | {ratio('read', c, 4, True)} | {ratio('write', c, 4, True)} |")
def p99_ratio(a, b, c):
    x, y = rows.get((a, c), {}), rows.get((b, c), {})
    rs = [x[r][2] / y[r][2] for r in x if r in y and y[r][2] > 0]
    return f"{med(rs):.1f}x" if rs else "-"
print("\n| clients | write p99 / read p99 (median of the rounds' ratios) |")
print("|---:|---:|")
for c in conns:
    print(f"| {c} | {p99_ratio('write', 'read', c)} |")
PY
