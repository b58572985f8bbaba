#!/usr/bin/env bash
# Benchmarks of the packaged bridge on this machine (loopback only, every load bounded in count and time).
#
#   bench/run.sh                 # the full set (about 60 minutes): ratios to the direct anchor, open loop,
#                                #   overload, payments at 0/20/100 ms, one hot card, card sync 10k/100k, start-up
#   bench/run.sh ratios          # the three bridge-vs-anchor ratio scenarios (about 10 minutes)
#   bench/run.sh payments-20ms   # one scenario (names below); extra key=value pairs go to the harness
#   BENCH_SKIP_BUILD=1 bench/run.sh ...   # reuse target/quarkus-app as it is
#
# Scenarios: ratio-20ms-1t ratio-20ms-32t ratio-0ms-32t open-20ms-200 open-20ms-400 overload-20ms
#   payments-20ms hot-card-20ms payments-0ms payments-100ms card-sync-10k card-sync-100k startup
# Harness commands with options: payments latency=.. rate=.. seconds=.. [jfr=true] [p99-target=..],
#   ratio latency=.. threads=.. seconds=.. warmup=.., overload latency=.. factor=.. seconds=..,
#   cardsync cards=.., jfr-top file=bench/target/work/<scenario>.jfr, table (rewrites latest.md from the JSON files)
# Every command: jar=<path to an older quarkus-run.jar>, keep-db=true, results=<folder> (smoke runs: elsewhere),
#   card-pool=10000 zipf-s=1.0 card-seed=1 hot-card=false, bridge.*=.. and quarkus.*=.. (passed to the bridge).
# Results: bench/results/<date>-<scenario>.json and bench/results/latest.md (see bench/README.md).
# Each run starts its own PostgreSQL 15 cluster (initdb in a temporary directory, a free port, autovacuum on,
# otherwise PostgreSQL's defaults) and removes it afterwards; the machine's shared PostgreSQL is not used.
set -euo pipefail
cd "$(dirname "$0")/.."

build() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q package -DskipTests
  fi
  ./mvnw -B -q -f bench/pom.xml package
}

harness() {
  # --add-opens: lets the stand-in send a real TCP reset for the RESET fault (it reaches into the JDK server)
  java --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED -Dbench.root="$PWD" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.erpbridge.bench.Main "$@"
}

scenario() {
  local name=$1; shift
  case "$name" in
    ratio-20ms-1t)  harness ratio latency=20 threads=1 "$@" ;;
    ratio-20ms-32t) harness ratio latency=20 threads=32 "$@" ;;
    ratio-0ms-32t)  harness ratio latency=0 threads=32 "$@" ;;
    ratios)         for r in ratio-20ms-1t ratio-20ms-32t ratio-0ms-32t; do scenario "$r" "$@"; done ;;
    open-20ms-200)  harness payments latency=20 rate=200 seconds=60 p99-target=80 scenario=open-20ms-200 "$@" ;;
    open-20ms-400)  harness payments latency=20 rate=400 seconds=60 p99-target=150 scenario=open-20ms-400 "$@" ;;
    overload-20ms)  harness overload latency=20 factor=3 seconds=60 "$@" ;;
    hot-card-20ms)  harness payments latency=20 rate=100 seconds=60 hot-card=true scenario=hot-card-20ms "$@" ;;
    payments-0ms)   harness payments latency=0 rate=300 seconds=60 "$@" ;;
    payments-20ms)  harness payments latency=20 rate=100 seconds=60 "$@" ;;
    payments-100ms) harness payments latency=100 rate=100 seconds=60 "$@" ;;
    card-sync-10k)  harness cardsync cards=10000 "$@" ;;
    card-sync-100k) harness cardsync cards=100000 "$@" ;;
    startup)        harness startup runs=3 "$@" ;;
    *)              harness "$name" "$@" ;;   # payments|cardsync|startup|jfr-top|table with key=value options
  esac
}

[[ -x /usr/lib/postgresql/15/bin/initdb ]] || { echo "PostgreSQL 15 is not installed (postgresql-15)" >&2; exit 1; }
build
if [[ $# -gt 0 ]]; then
  scenario "$@"
else
  for s in ratios open-20ms-200 open-20ms-400 overload-20ms payments-20ms hot-card-20ms payments-0ms payments-100ms \
      card-sync-10k card-sync-100k startup; do
    scenario "$s"
  done
fi
echo "Results: bench/results/latest.md"
