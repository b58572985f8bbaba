#!/usr/bin/env bash
# The reliability figures of shared/research/reliability.md against the packaged bridge (loopback only, bounded):
#
#   bench/reliability.sh            # R1 R2 R3 R3-db-down R5 R10 R11 (about 20 minutes)
#   bench/reliability.sh r2 runs=3  # one figure, with harness options (db-down: the database outage)
#   BENCH_SKIP_BUILD=1 bench/reliability.sh ...
#
# R1 duplicate storm, R2 kill -9 at crash points + restart + convergence, R3 fault matrix, R3 database outage
# (PostgreSQL stopped for 30 s under load), R5 sustained load, R10 replicas on one database, R11 graceful stop
# under load. Results go to bench/results/ like the benchmarks. Each run starts its own PostgreSQL cluster (see
# run.sh), so stopping the database touches nothing else on the machine.
# The CI-sized subset of R1-R3 runs in the bridge's own test suite (./mvnw verify); -Preliability adds the heavy tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q -f bench/pom.xml package
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || { echo "PostgreSQL 15 is not installed (postgresql-15)" >&2; exit 1; }

harness() {
  # --add-opens: lets the stand-in send a real TCP reset for the RESET fault (it reaches into the JDK server)
  java --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED -Dbench.root="$PWD" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.erpbridge.bench.Main "$@"
}

if [[ $# -gt 0 ]]; then
  harness "$@"
else
  harness r1
  harness r2
  harness r3
  harness db-down
  harness r5 latency=20 rate=100 seconds=60
  harness r10
  harness r11
fi
echo "Results: bench/results/latest.md"
