# Sourced by the project's scripts: picks JDK 25 and finds the Python that has moto.
# shellcheck shell=bash
pick_java() {
  local want=25 j
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -Eq "version \"$want"; then
      export JAVA_HOME="$j"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  echo "error: JDK $want not found. Install Temurin $want and set JAVA_HOME to it." >&2
  return 1
}

find_moto_python() {
  local p
  for p in "${MOTO_PYTHON:-}" "$(command -v python3 2>/dev/null)" "$HOME"/.pyenv/versions/*/bin/python3 /usr/bin/python3; do
    if [ -n "$p" ] && [ -x "$p" ] && "$p" -c "import moto.server" >/dev/null 2>&1; then
      echo "$p"; return 0
    fi
  done
  return 1
}

free_port() {
  "${1:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts moto server on a free port and waits until it answers; exports the AWS_* variables that point
# the SDK at it. Sets MOTO_PID (the caller stops it: stop_moto in its EXIT trap). $1: log file;
# $2 (optional): a launcher script instead of `-m moto.server` (scripts/moto_server.py).
start_moto() {
  local log=$1 launcher=${2:-} py port
  py=$(find_moto_python) || {
    echo "error: no Python with moto found (tried python3 on PATH and ~/.pyenv/versions/*/bin/python3)." >&2
    echo "       The AWS adapter tests need moto server 5: pip install 'moto[server]'" >&2
    return 1
  }
  port=$(free_port "$py")
  if [ -n "$launcher" ]; then "$py" "$launcher" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  else "$py" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  fi
  MOTO_PID=$!
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
    kill -0 "$MOTO_PID" 2>/dev/null || { echo "error: moto server did not start:" >&2; cat "$log" >&2; return 1; }
    sleep 0.1
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=ap-northeast-1 \
         AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true
  echo "moto server on 127.0.0.1:$port ($py${launcher:+ $launcher})"
}

stop_moto() {
  [ -n "${MOTO_PID:-}" ] || return 0
  kill "$MOTO_PID" 2>/dev/null || true
  wait "$MOTO_PID" 2>/dev/null || true
}
