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
