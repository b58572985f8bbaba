#!/usr/bin/env bash
# Benchmarks of the packaged bridge on this machine (loopback only, every load bounded in count and time).
#
#   bench/run.sh                 # everything: payments at 0/20/100 ms, card sync 10k/100k, start-up
#   bench/run.sh payments-20ms   # one scenario (names below); extra key=value pairs go to the harness
#   BENCH_SKIP_BUILD=1 bench/run.sh ...   # reuse target/quarkus-app as it is
#
# Scenarios: payments-0ms payments-20ms payments-100ms card-sync-10k card-sync-100k startup
# Harness commands with options: payments latency=.. rate=.. seconds=.. [jfr=true], cardsync cards=..,
#   jfr-top file=bench/target/work/<scenario>.jfr, table (rewrites latest.md from the JSON files)
# Results: bench/results/<date>-<scenario>.json and bench/results/latest.md (see bench/README.md).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust on loopback), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q package -DskipTests
  fi
  ./mvnw -B -q -f bench/pom.xml package
}

harness() {
  java -Dbench.root="$PWD" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.erpbridge.bench.Main "$@"
}

scenario() {
  local name=$1; shift
  case "$name" in
    payments-0ms)   harness payments latency=0 rate=300 seconds=60 "$@" ;;
    payments-20ms)  harness payments latency=20 rate=100 seconds=60 "$@" ;;
    payments-100ms) harness payments latency=100 rate=100 seconds=60 "$@" ;;
    card-sync-10k)  harness cardsync cards=10000 "$@" ;;
    card-sync-100k) harness cardsync cards=100000 "$@" ;;
    startup)        harness startup runs=3 "$@" ;;
    *)              harness "$name" "$@" ;;   # payments|cardsync|startup|jfr-top|table with key=value options
  esac
}

pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
build
if [[ $# -gt 0 ]]; then
  scenario "$@"
else
  for s in startup payments-20ms payments-0ms payments-100ms card-sync-10k card-sync-100k; do
    scenario "$s"
  done
fi
echo "Results: bench/results/latest.md"
