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
trap stop_moto EXIT
start_moto "$(mktemp -t moto-load.XXXXXX.log)" scripts/moto_server.py
echo "$LABELS labels, 50 writers"
mvn -B -ntp -o -q -pl shared/core,shared/qr,shared/embedded,shared/aws install -DskipTests
mvn -B -ntp -o -pl functions test -Dsurefire.failIfNoSpecifiedTests=false -Djcstar.concurrency.labels="$LABELS" \
    -Dtest='ConcurrencyAndFaultsMotoTest#fiftyWritersIssueAndRevokeWithoutLosingOrDuplicatingAnything' \
  | grep --line-buffered -E 'ConcurrencyAndFaultsMotoTest|applications done|Tests run|FAIL|ERROR|BUILD'
