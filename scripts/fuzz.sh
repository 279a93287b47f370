#!/usr/bin/env bash
# The big property-based run (issue 8): 100,000 generated inputs per property of the label verifier
# (VerifierFuzzTest) and of every API handler (HandlerFuzzTest). Needs no emulator. CI runs it after
# ./test.sh. A failure prints its seed; replay with: scripts/fuzz.sh -Dfuzz.seed=S
# Usage: scripts/fuzz.sh [extra Maven arguments, e.g. -Dfuzz.tries=N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
pick_java
mvn -B -ntp -pl shared/core,functions -am test -Pfuzz -Dtest='HandlerFuzzTest,VerifierFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
