#!/usr/bin/env bash
# Cold start of the chat function's Lambda handler: milliseconds from JVM start to the first
# handled chat event (events/chat-completion.json), for a plain JVM and for a JVM with a JDK 25
# AOT cache, in interleaved rounds so that a noisy neighbour hurts both alike. Prints the medians.
#
#   bench/cold-start/run.sh [ROUNDS]     (default 5; JAVA=/path/to/java to use another JDK 25)
#
# Builds the function's shaded jar if it is missing or older than the sources (never installs),
# compiles the probe beside it, and makes the AOT cache with one training run when it is stale.
set -euo pipefail

rounds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jdk_bin=$(dirname "$java")
work=$here/target
jar=$root/functions/chat/target/llmux-function-chat.jar
probe_jar=$work/cold-start-probe.jar
aot=$work/chat.aot
event=$root/events/chat-completion.json
# The handler the template deploys, so the bench follows template.yaml if it changes.
handler=$(awk '/^  ChatFunction:/ {f=1} f && /Handler:/ {print $2; exit}' "$root/template.yaml")

mkdir -p "$work"

stale() { # stale TARGET SOURCES...: TARGET is missing or older than any file under SOURCES
  local target=$1; shift
  [ ! -f "$target" ] || [ -n "$(find "$@" -newer "$target" -type f -print -quit)" ]
}

if stale "$jar" "$root/pom.xml" "$root/shared/pom.xml" "$root/shared/src/main" \
    "$root/functions/chat/pom.xml" "$root/functions/chat/src/main"; then
  echo "building $jar" >&2
  (cd "$root" && JAVA_HOME=$(dirname "$jdk_bin") mvn -B -q package -pl functions/chat -am -DskipTests)
fi

if stale "$probe_jar" "$here/src" "$jar"; then
  rm -rf "$work/classes"
  "$jdk_bin/javac" --release 25 -cp "$jar" -d "$work/classes" $(find "$here/src" -name '*.java')
  "$jdk_bin/jar" --create --file "$probe_jar" -C "$work/classes" .
fi

# The sample events authenticate as the development tenant that LLMUX_DEV_KEY seeds (as
# `sam local invoke --parameter-overrides DevKey=...` does); the mock provider answers.
export LLMUX_DEV_KEY=llmux-sk-sam-local-dev LLMUX_MOCK_CHUNK_DELAY=0ms

# An AOT cache only serves the exact class path (jars only, same order) and JVM build it was made with.
cp="$probe_jar:$jar"
probe=(io.llmux.bench.coldstart.ColdStartProbe "$handler" "$event")

if stale "$aot" "$probe_jar" "$jar" "$java"; then
  echo "training run for the AOT cache" >&2
  rm -f "$aot"
  "$java" -XX:AOTCacheOutput="$aot" -cp "$cp" "${probe[@]}" >"$work/training.log" 2>&1 \
    || { cat "$work/training.log" >&2; exit 1; }
fi

measure() { # measure [JVM OPTIONS...]: one cold start, prints "WALL_MS CPU_MS"
  local out
  out=$("$java" ${JAVA_OPTS:-} "$@" -cp "$cp" "${probe[@]}" 2>"$work/last-stderr.log") \
    || { echo "$out" >&2; cat "$work/last-stderr.log" >&2; exit 1; }
  awk '$1 == "cold-start-ms" {wall = $2} $1 == "cold-start-cpu-ms" {cpu = $2} END {print wall, cpu}' <<<"$out"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

plain=() plain_cpu=() with_aot=() with_aot_cpu=()
for ((i = 1; i <= rounds; i++)); do
  result=$(measure)
  read -r wall cpu <<<"$result"
  plain+=("$wall") plain_cpu+=("$cpu")
  # AOTMode=on: fail instead of silently running without the cache if it does not match.
  result=$(measure -XX:AOTCache="$aot" -XX:AOTMode=on)
  read -r wall cpu <<<"$result"
  with_aot+=("$wall") with_aot_cpu+=("$cpu")
  echo "round $i/$rounds: plain ${plain[-1]} ms (cpu ${plain_cpu[-1]}), AOT cache ${with_aot[-1]} ms (cpu ${with_aot_cpu[-1]})" >&2
done

echo "handler: $handler"
echo "java: $("$java" -version 2>&1 | head -1)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}"
echo "cold start, median of $rounds interleaved rounds (ms from JVM start to the first handled chat event):"
echo "  plain JVM: $(echo "${plain[*]}" | median) ms   (runs: ${plain[*]}; process CPU median $(echo "${plain_cpu[*]}" | median) ms)"
echo "  AOT cache: $(echo "${with_aot[*]}" | median) ms   (runs: ${with_aot[*]}; process CPU median $(echo "${with_aot_cpu[*]}" | median) ms)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
