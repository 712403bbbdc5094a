#!/usr/bin/env bash
# Cold start of each Lambda function: milliseconds from JVM start to the first handled event, for
# the JVM options the function is deployed with and for the same JVM with a JDK 25 AOT cache, in
# interleaved rounds so that a noisy neighbour hurts every variant alike. The functions:
#   chat    the buffered handler template.yaml names, with its JAVA_TOOL_OPTIONS;
#   stream  the chat function as the CDK stack deploys it (infra-cdk's run.sh: the Netty server
#           behind the Lambda Web Adapter), from JVM start to /health answering and then to the
#           first chat answer over HTTP;
#   admin   the admin function's handler from template.yaml.
# Prints the medians of the wall clock and of the process CPU time, and the classes each variant
# loads (a count a busy machine cannot sway).
#
#   bench/cold-start/run.sh [ROUNDS]     (default 5)
#   JAVA=/path/to/java      another JDK 25
#   JVM_FLAGS='...'         replaces the template's options (JVM_FLAGS= for the JVM's defaults)
#   JAVA_OPTS='...'         adds options to every variant
#   FUNCTIONS='chat'        measures only these (default: chat stream admin)
#   CPUS=1                  pins every JVM to this many cores (taskset): a 2 GB Lambda has about
#                           1.16 vCPU, so one core is nearer Lambda than this machine's two
#   BASELINE=/path/to/llmux-function-chat.jar
#                           adds "baseline": another build of the chat function's Lambda jar (say
#                           main's, or an older commit's) run exactly as "chat" is, in the same
#                           rounds, and prints chat's time as a share of it. On a shared machine
#                           whose speed drifts by a third within the hour, that ratio is what stays
#                           comparable between runs; the milliseconds are not.
#   BASELINE=floor          the same, named "floor", with the framework alone: bench/cold-start/floor,
#                           a Micronaut function on the chat function's stack and build (handler,
#                           Netty, Jackson, logback, Micronaut AOT, the jar rewrite) whose one
#                           controller answers a constant. Built here when stale. chat/floor is
#                           what LLMux's own code costs on top of what no chat function on this
#                           stack can start faster than.
#
# Builds the functions' jars if they are missing or older than the sources (never installs),
# compiles the probe beside them, and makes each AOT cache with one training run when it is stale.
set -euo pipefail

rounds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jdk_bin=$(dirname "$java")
work=$here/target
probe_jar=$work/cold-start-probe.jar
functions=(${FUNCTIONS:-chat stream admin})
run_sh=$root/infra-cdk/src/main/resources/io/llmux/infra/run.sh

# function -> jar, sample event, probe (and, for the template's functions, the template resource)
chat_jar=$root/functions/chat/target/llmux-function-chat.jar
declare -A resource=([chat]=ChatFunction [admin]=AdminFunction)
declare -A module=([chat]=chat [stream]=chat [admin]=admin)
declare -A jar=([chat]=$chat_jar [stream]=$chat_jar [admin]=$root/functions/admin/target/llmux-function-admin.jar)
declare -A event=([chat]=$root/events/chat-completion.json [stream]=$root/events/chat-completion.json
                  [admin]=$root/events/admin-list-tenants.json)
declare -A probe=([chat]=ColdStartProbe [stream]=ServerColdStartProbe [admin]=ColdStartProbe)
stale() { # stale TARGET SOURCES...: TARGET is missing or older than any file under SOURCES
  local target=$1; shift
  [ ! -f "$target" ] || [ -n "$(find "$@" -newer "$target" -type f -print -quit)" ]
}

floor_dir=$here/floor
base=baseline
if [ "${BASELINE:-}" = floor ]; then
  base=floor
  BASELINE=$floor_dir/target/llmux-cold-start-floor.jar
  # Its aot.properties links to the chat function's, which find(1) does not follow.
  if stale "$BASELINE" "$root/pom.xml" "$root/build" "$floor_dir/pom.xml" "$floor_dir/src" "$root/functions/chat/src/main/aot"; then
    echo "building $BASELINE" >&2
    (cd "$root" && JAVA_HOME=$(dirname "$jdk_bin") mvn -B -q -f "$floor_dir/pom.xml" package -DskipTests)
  fi
fi
if [ -n "${BASELINE:-}" ]; then
  [ -f "$BASELINE" ] || { echo "BASELINE: no such jar: $BASELINE" >&2; exit 2; }
  functions+=("$base")
  resource[$base]=ChatFunction jar[$base]=$(cd "$(dirname "$BASELINE")" && pwd)/$(basename "$BASELINE")
  event[$base]=${event[chat]} probe[$base]=ColdStartProbe
fi

mkdir -p "$work"
pin=()
[ -n "${CPUS:-}" ] && pin=(taskset -c "0-$((CPUS - 1))")

template_value() { # template_value RESOURCE KEY: the first "KEY: value" inside RESOURCE in template.yaml
  awk -v res="  $1:" -v key="$2:" '$0 == res {f=1; next} f && /^  [A-Za-z]/ {exit} f && $1 == key {sub(/^[^:]*: */, ""); print; exit}' "$root/template.yaml"
}

sources=("$root/pom.xml" "$root/build" "$root/shared/pom.xml" "$root/shared/src/main")
for f in "${functions[@]}"; do
  m=${module[$f]:-}
  [ -n "$m" ] || continue # the baseline jar is built elsewhere
  if stale "${jar[$f]}" "${sources[@]}" "$root/functions/$m/pom.xml" "$root/functions/$m/src/main"; then
    echo "building ${jar[$f]}" >&2
    (cd "$root" && JAVA_HOME=$(dirname "$jdk_bin") mvn -B -q package -pl "functions/$m" -am -DskipTests)
  fi
done

if stale "$probe_jar" "$here/src" "${jar[chat]}"; then
  rm -rf "$work/classes"
  "$jdk_bin/javac" --release 25 -cp "${jar[chat]}" -d "$work/classes" $(find "$here/src" -name '*.java')
  "$jdk_bin/jar" --create --file "$probe_jar" -C "$work/classes" .
fi

# The sample events authenticate as the development tenant that LLMUX_DEV_KEY seeds, and with the
# admin token, as `sam local invoke --parameter-overrides DevKey=... AdminToken=...` does; the mock
# provider answers.
export LLMUX_DEV_KEY=llmux-sk-sam-local-dev LLMUX_ADMIN_TOKEN=llmux-admin-sam-local-dev LLMUX_MOCK_CHUNK_DELAY=0ms

# run.sh's command, continuation lines joined: "exec java OPTIONS -cp JAR MAIN"
run_command=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$run_sh" | grep '^exec java')
declare -A flags handler
for f in "${functions[@]}"; do
  if [ "$f" = stream ]; then
    handler[$f]=$(awk '{print $NF}' <<<"$run_command")
    flags[$f]=${JVM_FLAGS-$(sed -e 's/^exec java *//' -e 's/ *-cp .*//' <<<"$run_command")}
  else
    handler[$f]=$(template_value "${resource[$f]}" Handler)
    flags[$f]=${JVM_FLAGS-$(template_value "${resource[$f]}" JAVA_TOOL_OPTIONS)}
  fi
done

run() { # run FUNCTION [JVM OPTIONS...]: one cold start; prints the probe's figures
  local f=$1 out; shift
  # An AOT cache only serves the exact class path (jars only, same order) and JVM build it was made with.
  out=$(${pin[@]+"${pin[@]}"} "$java" ${flags[$f]} ${JAVA_OPTS:-} "$@" -cp "$probe_jar:${jar[$f]}" \
      "io.llmux.bench.coldstart.${probe[$f]}" "${handler[$f]}" "${event[$f]}" 2>"$work/last-stderr.log") \
    || { echo "$out" >&2; cat "$work/last-stderr.log" >&2; exit 1; }
  echo "$out"
}

for f in "${functions[@]}"; do
  aot=$work/$f.aot
  if stale "$aot" "$probe_jar" "${jar[$f]}" "$java" || [ "$(cat "$aot.flags" 2>/dev/null)" != "${flags[$f]} ${JAVA_OPTS:-}" ]; then
    echo "training run for the $f AOT cache" >&2
    rm -f "$aot"
    run "$f" -XX:AOTCacheOutput="$aot" >"$work/training-$f.log"
    echo "${flags[$f]} ${JAVA_OPTS:-}" >"$aot.flags"
  fi
done

variants=()
for f in "${functions[@]}"; do variants+=("$f:default" "$f:aot"); done
options() { # options VARIANT: the extra JVM options of a variant
  case $1 in
    # AOTMode=on: fail instead of silently running without the cache if it does not match.
    *:aot) echo "-XX:AOTCache=$work/${1%%:*}.aot -XX:AOTMode=on" ;;
    *) echo "" ;;
  esac
}

declare -A wall cpu classes
for ((i = 1; i <= rounds; i++)); do
  line="round $i/$rounds:"
  for v in "${variants[@]}"; do
    read -r w c < <(run "${v%%:*}" $(options "$v") \
      | awk '$1 == "cold-start-ms" {w = $2} $1 == "cold-start-cpu-ms" {c = $2} END {print w, c}')
    wall[$v]+="$w " cpu[$v]+="$c "
    line+=" $v $w ms (cpu $c)"
  done
  echo "$line" >&2
done
for v in "${variants[@]}"; do
  run "${v%%:*}" $(options "$v") -Xlog:class+load:file="$work/classes-${v/:/-}.log" >/dev/null
  classes[$v]=$(wc -l <"$work/classes-${v/:/-}.log")
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

echo "java: $("$java" -version 2>&1 | head -1)${JAVA_OPTS:+, JAVA_OPTS=$JAVA_OPTS}"
echo "cold start, median of $rounds interleaved rounds (ms from JVM start to the first handled event):"
for f in "${functions[@]}"; do
  echo "$f: ${handler[$f]} on $(basename "${event[$f]}"), JVM options: ${flags[$f]:-(none)}"
  for v in "$f:default" "$f:aot"; do
    label=$([ "${v#*:}" = aot ] && echo "AOT cache" || echo "no cache ")
    echo "  $label: $(echo "${wall[$v]}" | median) ms   (runs: ${wall[$v]% }; process CPU median $(echo "${cpu[$v]}" | median) ms; ${classes[$v]} classes loaded)"
  done
done
if [ -n "${BASELINE:-}" ] && [[ " ${functions[*]} " == *" chat "* ]]; then
  # Round by round, so that both sides of each ratio ran under the same load.
  for kind in default aot; do
    echo "chat / $base, $kind: $(paste -d' ' <(tr ' ' '\n' <<<"${wall[chat:$kind]}" | grep .) <(tr ' ' '\n' <<<"${wall[$base:$kind]}" | grep .) \
      | awk '{printf "%d ", 1000 * $1 / $2}' | median | awk '{printf "%.3f", $1 / 1000}') (median of the rounds' ratios; $base $BASELINE)"
  done
fi
echo "machine: $(nproc) cores${CPUS:+ (each JVM pinned to $CPUS)}, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
