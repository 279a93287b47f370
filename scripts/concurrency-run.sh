#!/usr/bin/env bash
# The large concurrency run of issue 8: 50 parallel writers issue N labels (default 10,000) on
# DynamoDB + S3 (moto server), revoke every second one (each revocation sent twice, racing), resend
# every fifth application at once; then every label, its history, its verification and its entry in
# the signed status list are checked (ConcurrencyAndFaultsMotoTest). Prints progress every tenth.
#
# Usage: scripts/concurrency-run.sh [N]
# Uses scripts/moto_server.py (moto with its O(table) transaction snapshot replaced by an undo log of
# the items a transaction touches; see that file): stock moto needs ~10 s per transaction at this size.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
pick_java
LABELS=${1:-10000}
PY=$(find_moto_python) || { echo "error: no Python with moto (pip install 'moto[server]')" >&2; exit 1; }
PORT=$(free_port "$PY")
LOG=$(mktemp -t moto-load.XXXXXX.log)
"$PY" scripts/moto_server.py -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true; wait $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/moto-api/" && break
  kill -0 $MOTO_PID 2>/dev/null || { echo "error: moto server did not start:"; cat "$LOG"; exit 1; }
  sleep 0.1
done
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=ap-northeast-1 \
       AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true
echo "moto (scripts/moto_server.py) on 127.0.0.1:$PORT; $LABELS labels, 50 writers"
mvn -B -ntp -o -q -pl shared install -DskipTests
mvn -B -ntp -o -pl functions test -Dsurefire.failIfNoSpecifiedTests=false -Djcstar.concurrency.labels="$LABELS" \
    -Dtest='ConcurrencyAndFaultsMotoTest#fiftyWritersIssueAndRevokeWithoutLosingOrDuplicatingAnything' \
  | grep --line-buffered -E 'ConcurrencyAndFaultsMotoTest|applications done|Tests run|FAIL|ERROR|BUILD'
