#!/usr/bin/env bash
# SDK create+get round trips per second (org.flowvault.bench.credential.SdkRoundTrips): the typed SDK
# encrypts an entry's user name and password (format v2), creates it over the REST API and reads it
# back decrypted, against the REST API started in the same JVM (H2 in memory, loopback HTTP).
# Prints a Markdown table of the medians over the rounds on stdout; each round's figures on stderr.
# Usage: bench/run-sdk-bench.sh [seconds per cell] [rounds] [callers...]   (default: 10 3 1 4 16;
#        REBUILD=1 forces a build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || ! -f "$root/bench/target/classes/org/flowvault/bench/credential/SdkRoundTrips.class" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp -DskipTests -pl bench -am package) >&2
fi
seconds=${1:-10}
rounds=${2:-3}
shift $(( $# < 2 ? $# : 2 ))
callers=("${@:-1 4 16}")
echo "SdkRoundTrips: ${seconds}s x ${rounds} rounds, callers ${callers[*]} (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# shellcheck disable=SC2068
"$JAVA" -Xms512m -Xmx1g --sun-misc-unsafe-memory-access=allow -cp "$root/bench/target/classes:$root/bench/target/lib/*" \
  org.flowvault.bench.credential.SdkRoundTrips "$seconds" "$rounds" ${callers[@]}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
