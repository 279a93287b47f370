#!/usr/bin/env bash
# Runs the whole registry on this machine: API, registry site and demo data, no AWS account needed.
# Builds first when needed. Usage: ./run.sh [--port 8080] [--empty] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/env.sh
pick_java
JAR=cli/target/jcstar.jar
if [ ! -f "$JAR" ] || [ -n "$(find shared functions registry-site cli pom.xml -newer "$JAR" -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  echo "building (first run takes a minute)..."
  mvn -B -q -ntp -DskipTests -pl cli -am package
fi
exec "$JAVA_HOME/bin/java" -jar "$JAR" serve "$@"
