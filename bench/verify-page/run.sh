#!/usr/bin/env bash
# Phone benchmark of the verify page (docs/benchmarks.md): starts the local registry with demo data on a
# free port in a temporary folder, runs VerifyPageBench (headless Chromium, cold cache, CPU 4x, Fast 4G,
# median of N runs, requests and bytes; then warm), stops the server.
# Usage: bench/verify-page/run.sh [RUNS]   (default 11)
#   BENCH_CPU=1          no CPU throttle (tells the machine's load from the page's work)
#   BENCH_BASELINE=REF   also serves the site as it was at git REF (same jar otherwise) on a second server and
#                        alternates the runs of the two, so before/after compare under the same load
#   BENCH_FLOOR=1        also measures the floor (bench/verify-page/floor.py: a page that only sets the verdict,
#                        with the same service-worker pattern), alternating with the others: what Chromium costs
#   BENCH_TRACE=PREFIX   traces run 1 (PREFIX[-baseline]-cold.json, -warm.json): node bench/verify-page/trace-summary.mjs
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
pick_java
JAR=cli/target/jcstar.jar
if [ ! -f "$JAR" ] || [ -n "$(find shared functions registry-site cli pom.xml -newer "$JAR" -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  mvn -B -q -ntp -DskipTests -pl cli -am package
fi
# a phone has a Japanese font; without one every kana and kanji goes through a failing font fallback, which
# the page's text shaping then measures instead of the page (docs/benchmarks.md)
if command -v fc-list > /dev/null && [ -z "$(fc-list :lang=ja 2>/dev/null | head -1)" ]; then
  echo "warning: no Japanese font installed (fc-list :lang=ja): times include font fallback a phone does not pay; apt-get install fonts-noto-cjk" >&2
fi
DATA=$(mktemp -d)
SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$DATA"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# serve JAR NAME: starts a server with its own data folder, prints its base URL once it answers
serve() {
  local port; port=$(free_port)
  mkdir -p "$DATA/$2"
  "$JAVA_HOME/bin/java" -jar "$1" serve --port "$port" --data "$DATA/$2/data" > "$DATA/$2/server.log" 2>&1 &
  SERVERS+=($!)
  for _ in $(seq 150); do curl -fs "http://127.0.0.1:$port/v1/status-lists/1" > /dev/null 2>&1 && break; sleep 0.2; done
  echo "http://127.0.0.1:$port"
}
TARGETS=""
if [ -n "${BENCH_BASELINE:-}" ]; then
  # the same jar with registry-site/site/ as it was at REF
  mkdir -p "$DATA/baseline-site"
  git archive "$BENCH_BASELINE" registry-site/site | tar -x -C "$DATA/baseline-site"
  cp "$JAR" "$DATA/baseline.jar"
  zip -q -d "$DATA/baseline.jar" 'site/*' > /dev/null
  (cd "$DATA/baseline-site/registry-site" && "$JAVA_HOME/bin/jar" uf "$DATA/baseline.jar" site)
  serve "$DATA/baseline.jar" baseline > "$DATA/baseline.url"
  TARGETS="baseline=$(cat "$DATA/baseline.url"),"
fi
if [ -n "${BENCH_FLOOR:-}" ]; then
  port=$(free_port)
  python3 bench/verify-page/floor.py "$port" &
  SERVERS+=($!)
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v" > /dev/null 2>&1 && break; sleep 0.1; done
  TARGETS="${TARGETS}floor=http://127.0.0.1:$port,"
fi
serve "$JAR" current > "$DATA/current.url"
if [ -n "$TARGETS" ]; then TARGETS="${TARGETS}current=$(cat "$DATA/current.url")"; else TARGETS=$(cat "$DATA/current.url"); fi
"$JAVA_HOME/bin/java" bench/verify-page/VerifyPageBench.java "$TARGETS" "${1:-11}"
