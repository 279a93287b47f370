#!/usr/bin/env bash
# Runs every test of the project, as CI does: starts the AWS emulator (moto server) and installs
# headless Chromium if needed, runs the Maven build with all tests, the site's unit tests and the
# template linter, then stops what it started. Usage: ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh
pick_java

trap stop_moto EXIT
start_moto "$(mktemp -t moto.XXXXXX.log)"
PY=$(find_moto_python)
export SAM_PYTHON=${SAM_PYTHON:-$PY} # the template tests run its SAM translator (cfn-lint ships it)

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium and chromium-driver for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null
  else
    echo "error: the browser tests need Debian's chromium and chromium-driver: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi

# the official Standard Webhooks library the webhook tests check signatures with (pinned, package-lock.json)
npm ci --prefix registry-site/webhook-check --no-audit --no-fund >/dev/null

mvn -B -ntp verify "$@"

if command -v node >/dev/null && [ -d registry-site/test ]; then
  node --test registry-site/test/
fi

CFN_LINT=$(dirname "$PY")/cfn-lint
[ -x "$CFN_LINT" ] || CFN_LINT=$(command -v cfn-lint || true)
if [ -z "$CFN_LINT" ]; then echo "error: cfn-lint not found next to $PY or on PATH" >&2; exit 1; fi
"$CFN_LINT" template.yaml && echo "cfn-lint: template.yaml has no errors"
