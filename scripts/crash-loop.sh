#!/usr/bin/env bash
# The large crash loop of issue 13: `jcstar serve` runs in a child JVM while four clients issue and
# revoke labels; it is killed with SIGKILL at a random moment, restarted, and every acknowledged label,
# revocation and status-list entry is checked; N times (default 200). CI runs the same test with 3.
#
# Usage: scripts/crash-loop.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
pick_java
ROUNDS=${1:-200}
SEED=${2:-$RANDOM$RANDOM}
echo "$ROUNDS kills, seed $SEED"
mvn -B -ntp -pl cli -am test -Dsurefire.failIfNoSpecifiedTests=false -Djcstar.crash.rounds="$ROUNDS" -Djcstar.crash.seed="$SEED" \
    -Dtest='CrashLoopTest' \
  | grep --line-buffered -E 'crash loop|CrashLoopTest|Tests run:|FAIL|BUILD'
