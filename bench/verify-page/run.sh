#!/usr/bin/env bash
# Phone benchmark of the verify page (docs/benchmarks.md): starts the local registry with demo data on a
# free port in a temporary folder, runs VerifyPageBench (headless Chromium, cold cache, CPU 4x, Fast 4G,
# median of N runs, requests and bytes; then warm), stops the server.
# Usage: bench/verify-page/run.sh [RUNS]   (default 11)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
pick_java
JAR=cli/target/jcstar.jar
if [ ! -f "$JAR" ] || [ -n "$(find shared functions registry-site cli pom.xml -newer "$JAR" -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  mvn -B -q -ntp -DskipTests -pl cli -am package
fi
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$JAVA_HOME/bin/java" -jar "$JAR" serve --port "$PORT" --data "$DATA" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/v1/status-lists/1" > /dev/null 2>&1 && break; sleep 0.2; done
"$JAVA_HOME/bin/java" bench/verify-page/VerifyPageBench.java "http://127.0.0.1:$PORT" "${1:-11}"
