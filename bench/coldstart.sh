#!/usr/bin/env bash
# Cold start of the verify function: a fresh JVM per run, started with the flags the Lambda java25
# runtime uses, runs init (VerifyHandler + read-only wiring + DynamoDB client + the public keys from the
# key directory) and answers one real API Gateway v2 POST /v1/verify event against moto server.
# Reports min / median / max wall time from process launch to the response, per variant, variants
# interleaved run by run. Before measuring, every handler of the public artifact answers once from that
# jar alone (ColdStart smoke), so a class missing from it fails the script.
#
# Usage: bench/coldstart.sh [-n RUNS] [--jar PATH[=VARIANTS]]... [--variants "plain explicit crt primed"]
#   -n RUNS       measured runs per variant (default 15; one unmeasured warm-up run per variant first)
#   --jar PATH    function jar to measure (repeatable; default: the public functions' jar
#                 functions/target/jcstar-functions-public.jar with the default variants, and the full
#                 functions/target/jcstar-functions-lambda.jar plain and primed);
#                 PATH=VARIANTS measures that jar with its own variants, e.g. --jar old.jar="plain aot"
#   --variants    plain:  Lambda's flags, the handler's Lambda constructor (as deployed)
#                 explicit: the benchmark builds the DynamoDB client itself (region and environment
#                         credentials set) and the wiring on it on the main thread: the sequential init
#                         of before issue 15, for comparison with plain (which overlaps it)
#                 crt / crt-explicit: plain (/ explicit) with the AWS CRT HTTP client instead of the
#                         URL-connection one (its jars from ~/.m2, fetched with mvn dependency:get if missing)
#                 aot:    Lambda's flags + a JDK 25 AOT cache (JEP 483/514/515) trained on one verify
#                 primed: Lambda's flags under SnapStart (full tiering), every registered priming hook run
#                         after init (no CRaC here, so the invoke column is the first invoke after a restore,
#                         not the restore itself)
# Builds the functions module first when the jar is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
pick_java

RUNS=15
JARS=()
VARIANTS="plain explicit crt primed"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    --jar) JARS+=("$2"); shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    *) echo "usage: $0 [-n RUNS] [--jar PATH[=VARIANTS]]... [--variants \"plain explicit crt crt-explicit primed aot\"]" >&2; exit 2 ;;
  esac
done
DEFAULT_JAR=$PWD/functions/target/jcstar-functions-lambda.jar
PUBLIC_JAR=$PWD/functions/target/jcstar-functions-public.jar
[ ${#JARS[@]} -eq 0 ] && JARS=("$PUBLIC_JAR" "$DEFAULT_JAR=plain primed")

if [ ! -f "$DEFAULT_JAR" ] || [ ! -f "$PUBLIC_JAR" ] || [ ! -d functions/target/test-classes ] || [ ! -d shared/core/target/test-classes ] \
   || [ -n "$(find shared functions/src pom.xml functions/pom.xml -newer "$DEFAULT_JAR" -type f -not -path "*/target/*" 2>/dev/null | head -1)" ]; then
  echo "building functions (mvn -pl functions -am package -DskipTests)..."
  mvn -B -q -ntp -o -pl functions -am package -DskipTests || mvn -B -q -ntp -pl functions -am package -DskipTests
fi

# What the Lambda runtime puts next to the function: its own event serializer (the runtime carries
# aws-lambda-java-core too; the function jar has it already).
SER=$(find "$HOME/.m2/repository/com/amazonaws/aws-lambda-java-serialization" -name 'aws-lambda-java-serialization-*.jar' | sort -V | tail -1)
[ -n "$SER" ] || { echo "error: aws-lambda-java-serialization not in ~/.m2 (run the build once without -o)" >&2; exit 1; }
# The AWS CRT HTTP client, for the crt variants only (the function jars may not hold it: functions/pom.xml,
# lambda-jar-guard): the SDK BOM's aws-crt-client with aws-crt (the native library, every platform) and crt-core.
# Each of the three artifacts is fetched on its own with -Dtransitive=false: resolving aws-crt-client with
# its transitive dependencies fails on test-scoped artifacts of its POM, and the SDK modules it needs
# besides these three are in the function jars already.
crt_class_path() {
  local v=2.57.8 crt=0.49.0 m2=$HOME/.m2/repository/software/amazon/awssdk a jar jars=()
  for a in "aws-crt-client:$v:$m2/aws-crt-client/$v/aws-crt-client-$v.jar" \
           "crt-core:$v:$m2/crt-core/$v/crt-core-$v.jar" \
           "crt:aws-crt:$crt:$m2/crt/aws-crt/$crt/aws-crt-$crt.jar"; do
    jar=${a##*:}
    if [ ! -f "$jar" ]; then
      case "$a" in
        crt:*) mvn -B -q -ntp dependency:get -Dtransitive=false -Dartifact=software.amazon.awssdk.crt:aws-crt:$crt >&2 || true ;;
        *) mvn -B -q -ntp dependency:get -Dtransitive=false -Dartifact=software.amazon.awssdk:${a%%:*}:$v >&2 || true ;;
      esac
    fi
    [ -f "$jar" ] || { echo "error: $jar missing and could not be fetched (mvn dependency:get)" >&2; exit 1; }
    jars+=("$jar")
  done
  (IFS=:; echo "${jars[*]}")
}

# The benchmark's own main (ColdStart, TestApi, event fixtures) comes from the test classes, copied
# into a jar of its own so the class path is jars only, as on Lambda (and as AOT caches require).
# The setup step builds its application with the core test fixture (jp.jcstar.label.Fixtures), so
# that one class comes along from core's test classes; nothing else of them does.
WORK=$(mktemp -d -t coldstart.XXXXXX)
jar --create --file "$WORK/bench-main.jar" -C functions/target/test-classes . \
    -C shared/core/target/test-classes jp/jcstar/label/Fixtures.class

# Flags of the java25 managed runtime for a function without SnapStart (tiered compilation stops at C1;
# serial GC; the JDK's CDS archive), heap as for a 1024 MB function. See docs/benchmarks.md.
LAMBDA_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto
              -XX:MaxHeapSize=870m -Djava.net.preferIPv4Stack=true)
# Under SnapStart the java25 runtime leaves the JVM's defaults (full tiering: C1 and C2) and the function
# primes before the snapshot; the primed variant runs with these.
SNAPSTART_FLAGS=()
for f in "${LAMBDA_FLAGS[@]}"; do case "$f" in -XX:+TieredCompilation|-XX:TieredStopAtLevel=1) ;; *) SNAPSTART_FLAGS+=("$f") ;; esac; done
AOT_FLAGS=()
for f in "${LAMBDA_FLAGS[@]}"; do [ "$f" = -Xshare:auto ] || AOT_FLAGS+=("$f"); done

trap 'stop_moto; rm -rf "$WORK"' EXIT
start_moto "$WORK/moto.log"
export JCSTAR_STORE=aws TABLE_NAME=coldstart-labels BUCKET_NAME=coldstart-files \
       SITE_BASE_URL=https://registry.example.jp
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS

EVENT=$WORK/verify-event.json
SETUP_OUT=$(java -cp "$DEFAULT_JAR:$SER:$WORK/bench-main.jar" jp.jcstar.functions.ColdStart setup "$EVENT" 2>"$WORK/setup.err") || { cat "$WORK/setup.err" >&2; exit 1; }
export KMS_KEY_ID=${SETUP_OUT#KMS_KEY_ID=}
echo "moto on ${AWS_ENDPOINT_URL#http://}; table, bucket, KMS key $KMS_KEY_ID, published key set and one issued label ready"
java -cp "$PUBLIC_JAR:$SER:$WORK/bench-main.jar" jp.jcstar.functions.ColdStart smoke "$EVENT" >"$WORK/smoke.out" 2>&1 \
  || { echo "error: a handler of $(basename "$PUBLIC_JAR") failed on that jar alone:" >&2; cat "$WORK/smoke.out" >&2; exit 1; }
echo "public jar: $(grep -c '^ok' "$WORK/smoke.out") handlers answered from $(basename "$PUBLIC_JAR") alone"

# One variant = one jar x one mode. AOT caches are trained once per jar with the same flags and class path.
declare -a NAMES CMDS
i=0
for spec in "${JARS[@]}"; do
  jar=$(realpath "${spec%%=*}")
  variants=$VARIANTS
  [ "$spec" != "${spec#*=}" ] && variants=${spec#*=}
  cp="$jar:$SER:$WORK/bench-main.jar"
  label=$(basename "$jar" .jar); label=${label#jcstar-functions-}
  for v in $variants; do
    case "$v" in
      plain)  NAMES[i]="$label plain";  CMDS[i]="java ${LAMBDA_FLAGS[*]} -cp $cp jp.jcstar.functions.ColdStart run $EVENT" ;;
      explicit) NAMES[i]="$label plain, region+credentials set"
              CMDS[i]="java ${LAMBDA_FLAGS[*]} -Dcoldstart.client=url-explicit -cp $cp jp.jcstar.functions.ColdStart run $EVENT" ;;
      crt|crt-explicit)
              [ -n "${CRT_CP:-}" ] || CRT_CP=$(crt_class_path)
              NAMES[i]="$label plain, CRT client$([ "$v" = crt ] || echo ", region+cred.")"
              CMDS[i]="java ${LAMBDA_FLAGS[*]} -Dcoldstart.client=$v -cp $cp:$CRT_CP jp.jcstar.functions.ColdStart run $EVENT" ;;
      primed) NAMES[i]="$label primed"; CMDS[i]="java ${SNAPSTART_FLAGS[*]} -cp $cp jp.jcstar.functions.ColdStart primed $EVENT" ;;
      aot)
        aot="$WORK/verify-$i.aot"
        # -Xshare:* may not be combined with the AOT flags (the AOT cache replaces the CDS archive)
        java "${AOT_FLAGS[@]}" -XX:AOTCacheOutput="$aot" -Xlog:aot=error -cp "$cp" jp.jcstar.functions.ColdStart run "$EVENT" \
          >/dev/null 2>"$WORK/train.err" || { echo "error: AOT training run failed:" >&2; cat "$WORK/train.err" >&2; exit 1; }
        NAMES[i]="$label aot ($(( $(stat -c %s "$aot") / 1000000 )) MB cache)"
        CMDS[i]="java ${AOT_FLAGS[*]} -XX:AOTCache=$aot -cp $cp jp.jcstar.functions.ColdStart run $EVENT" ;;
      *) echo "unknown variant $v" >&2; exit 2 ;;
    esac
    i=$((i + 1))
  done
done

# Wall time from just before exec of the JVM (bash's EPOCHREALTIME, no fork) to the response; also
# JVM start to main and init / invoke split, from the timestamps the process prints.
# CPU time (user + sys, all threads) is reported too: on a busy machine it is the steadier figure; and
# inv.CPU, the invoking thread's own CPU time during the invoke (not JIT or GC threads).
# init.CPU: the main thread's own CPU time during init (work the wiring does on other threads is not in it).
one_run() { # $1 = variant index; prints "total main init invoke cpu invoke-cpu init-cpu" in ms
  local t0 out
  t0=${EPOCHREALTIME/./}
  out=$(${CMDS[$1]} 2>"$WORK/stderr") || { echo "error: run failed: ${CMDS[$1]}" >&2; cat "$WORK/stderr" >&2; exit 1; }
  read -r tm ti td cpu icpu incpu <<<"$out"
  echo "$(( (td - t0) / 1000 )) $(( (tm - t0) / 1000 )) $(( (ti - tm) / 1000 )) $(( (td - ti) / 1000 )) $cpu $(( icpu / 1000 )) $(( ${incpu:-0} / 1000 ))"
}
for k in "${!CMDS[@]}"; do one_run "$k" >/dev/null; done   # warm-up: page cache, moto
declare -A RESULTS
for r in $(seq 1 "$RUNS"); do
  for k in "${!CMDS[@]}"; do RESULTS[$k]+="$(one_run "$k")"$'\n'; done
done

# Classes loaded per variant, from one more run each with -Xlog:class+load (deterministic, unlike time):
# all, from the JDK's CDS archive, and of the runtime serializer's shaded Jackson.
declare -A CLASSES
for k in "${!CMDS[@]}"; do
  f="$WORK/classes-$k.txt"
  ${CMDS[$k]/java /java -Xlog:class+load:file=$f } >/dev/null 2>&1 || { echo "error: class-count run failed: ${CMDS[$k]}" >&2; exit 1; }
  CLASSES[$k]="$(grep -c 'source:' "$f" || true)/$(grep -c 'source: shared objects file' "$f" || true)/$(grep -c ' com\.amazonaws\.lambda\.thirdparty\.' "$f" || true)"
done

stats() { sort -n | awk '{a[NR]=$1} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%5d %7.0f %5d", a[1], m, a[NR]}'; }
median() { sort -n | awk '{a[NR]=$1} END{printf "%6.0f", (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "verify cold start, $RUNS runs per variant, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(java -version 2>&1 | head -1)"
echo "flags: ${LAMBDA_FLAGS[*]}"
echo "primed (SnapStart, full tiering): ${SNAPSTART_FLAGS[*]}"
printf '%-44s %6s %5s %7s %5s %8s %6s %6s %6s %8s %9s  %s\n' "variant (ms; splits and CPU are medians)" "jar MB" "min" "median" "max" "→main" "init" "invoke" "CPU" "inv.CPU" "init.CPU" "classes (all/CDS/runtime's Jackson)"
for k in "${!CMDS[@]}"; do
  jar=${CMDS[$k]#*-cp }; jar=${jar%%:*}
  printf '%-44s %6.1f %s %8s %6s %6s %6s %8s %9s  %s\n' "${NAMES[$k]}" "$(echo "$(stat -c %s "$jar") / 1000000" | bc -l)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $1}' | stats)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $2}' | median)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $3}' | median)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $4}' | median)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $5}' | median)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $6}' | median)" \
    "$(printf '%s' "${RESULTS[$k]}" | awk 'NF{print $7}' | median)" "${CLASSES[$k]}"
done
