#!/usr/bin/env bash
# Runs every test of the project, as CI does: starts the AWS emulator (moto server) and installs
# headless Chromium if needed, runs the Maven build with all tests, the site's unit tests and the
# template linter, then stops what it started. Usage: ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh
pick_java

PY=$(find_moto_python) || {
  echo "error: no Python with moto found (tried python3 on PATH and ~/.pyenv/versions/*/bin/python3)." >&2
  echo "       The AWS adapter tests need moto server 5: pip install 'moto[server]'" >&2
  exit 1
}
PORT=$(free_port "$PY")
LOG=$(mktemp -t moto.XXXXXX.log)
"$PY" -m moto.server -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true; wait $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/moto-api/" && break
  kill -0 $MOTO_PID 2>/dev/null || { echo "error: moto server did not start:"; cat "$LOG"; exit 1; }
  sleep 0.1
done
echo "moto server on 127.0.0.1:$PORT ($PY)"
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=ap-northeast-1 \
       AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium and chromium-driver for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null
  else
    echo "error: the browser tests need Debian's chromium and chromium-driver: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi

mvn -B -ntp verify "$@"

if command -v node >/dev/null && [ -d registry-site/test ]; then
  node --test registry-site/test/
fi

CFN_LINT=$(dirname "$PY")/cfn-lint
[ -x "$CFN_LINT" ] || CFN_LINT=$(command -v cfn-lint || true)
if [ -z "$CFN_LINT" ]; then echo "error: cfn-lint not found next to $PY or on PATH" >&2; exit 1; fi
"$CFN_LINT" template.yaml && echo "cfn-lint: template.yaml has no errors"
