# Sourced by the JMH scripts: builds the bench module when it has not been built (or REBUILD=1)
# and sets JAVA, cp (the benchmark class path), out (a temporary folder for results) and runs
# (JMH warmup/measurement options; QUICK=1 shortens them).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ "${REBUILD:-0}" = 1 || ! -f "$root/bench/target/classes/META-INF/BenchmarkList" ]]; then
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp -DskipTests -pl bench -am package) >&2
fi
cp="$root/bench/target/classes:$root/bench/target/lib/*"
out=$(mktemp -d)
if [[ "${QUICK:-0}" = 1 ]]; then runs=(-wi 2 -w 1s -i 3 -r 1s); else runs=(-wi 3 -w 3s -i 5 -r 3s); fi
