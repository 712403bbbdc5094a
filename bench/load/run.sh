#!/usr/bin/env bash
# Gateway overhead: the same load sent to a constant loopback upstream (nginx) directly, and through
# LLMux in front of it, at 1 and at 10 connections. Prints a table and writes it, with the raw wrk
# lines, to bench/results/. Everything runs on 127.0.0.1; each run is bounded by DURATION.
#   bench/load/run.sh                 # 20 s per run
#   DURATION=30s ROUNDS=3 bench/load/run.sh
#   REDIS=1 bench/load/run.sh        # the same with Redis on: rate limits and the response cache
# With REDIS=1 a redis-server on a free loopback port backs the rate limiter and the cache, the
# development tenant gets request and token limits (high enough never to refuse) and the cache,
# and every request sends Cache-Control: no-store, so each one pays a limiter check (one EVALSHA,
# plus an exact prompt-token count for the token limit) and a cache read that misses, then goes
# to the upstream: the full cost of those stages, never a cheap hit.
# Beside throughput and latency, each gateway run reports the gateway JVM's CPU time per request
# (utime+stime from /proc, so other work on the machine does not count) and how many of its
# threads were busy (over 5% of one core), the figures that hold on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-1}
UP_PORT=${UP_PORT:-18181}
GW_PORT=${GW_PORT:-18180}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk nginx-light; }
[ -f server/target/llmux-server.jar ] || mvn -B -q -DskipTests -pl server -am package

work=$(mktemp -d)
cleanup() {
  [ -n "${gw_pid:-}" ] && kill "$gw_pid" 2>/dev/null
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null
  nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

body=$(cat bench/load/upstream.json)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$UP_PORT;
    location / { default_type application/json; return 200 '$body'; }
  }
}
CONF
nginx -p "$work" -c "$work/nginx.conf"

redis_env=()
label=""
if [ "${REDIS:-0}" = 1 ]; then
  REDIS_PORT=${REDIS_PORT:-18182}
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
  redis_pid=$!
  redis_env=(LLMUX_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" LLMUX_ADMIN_TOKEN=bench-admin-token)
  export LLMUX_BENCH_CACHE_CONTROL=no-store
  label="-redis"
fi

# The development tenant's key authenticates the load (chat.lua sends it).
env "${redis_env[@]}" LLMUX_DEV_KEY=llmux-sk-bench-load-key OPENAI_API_KEY=bench-upstream-key OPENAI_BASE_URL="http://127.0.0.1:$UP_PORT/v1" MICRONAUT_SERVER_PORT=$GW_PORT \
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xms512m -Xmx512m -jar server/target/llmux-server.jar > "$work/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$GW_PORT/health" >/dev/null && break; sleep 0.2; done
if [ "${REDIS:-0}" = 1 ]; then
  curl -sf -X PATCH "http://127.0.0.1:$GW_PORT/api/tenants/ten_development" -H 'Authorization: Bearer bench-admin-token' \
    -H 'Content-Type: application/json' \
    -d '{"settings":{"limits":{"requests_per_minute":1000000000,"tokens_per_minute":1000000000},"cache":{"enabled":true,"ttl_seconds":3600}}}' >/dev/null
  curl -s "http://127.0.0.1:$GW_PORT/health"; echo
fi

ticks=$(getconf CLK_TCK)
# utime + stime (fields 14 and 15) of a /proc/.../stat; the name field before them may hold spaces.
cpu_ticks() { sed 's/.*) //' "$1" | awk '{print $12 + $13}'; }
thread_ticks() { for t in /proc/"$gw_pid"/task/*; do echo "${t##*/} $(cpu_ticks "$t/stat" 2>/dev/null || echo 0)"; done; }
run() { # target connections
  local before threads_before result after busy requests started seconds
  before=$(cpu_ticks /proc/"$gw_pid"/stat); threads_before=$(thread_ticks); started=$(date +%s)
  result=$(wrk -t1 -c"$2" -d"$DURATION" --timeout 5s -s bench/load/chat.lua "$1" | grep '^RESULT')
  if [[ $1 == *":$GW_PORT/"* ]]; then
    after=$(cpu_ticks /proc/"$gw_pid"/stat); seconds=$(( $(date +%s) - started ))
    requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
    # A thread is busy when it used over 5% of one core during the run.
    busy=$(join <(sort <<<"$threads_before") <(thread_ticks | sort) | awk -v min="$(( seconds * ticks / 20 ))" '$3 - $2 > min' | wc -l)
    result="$result cpu_us=$(( (after - before) * 1000000 / ticks / (requests > 0 ? requests : 1) )) busy_threads=$busy"
  fi
  echo "$result"
}
# Warm the JIT (and check the path works) before measuring.
curl -sf "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H 'Content-Type: application/json' -H 'Authorization: Bearer llmux-sk-bench-load-key' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' >/dev/null
wrk -t1 -c10 -d15s -s bench/load/chat.lua "http://127.0.0.1:$GW_PORT/v1/chat/completions" >/dev/null

mkdir -p bench/results
out="bench/results/load$label-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) $(nproc) cores, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), duration $DURATION"
  for round in $(seq 1 "$ROUNDS"); do
    for c in 1 10; do
      echo "direct c=$c $(run "http://127.0.0.1:$UP_PORT/v1/chat/completions" "$c")"
      echo "gateway c=$c $(run "http://127.0.0.1:$GW_PORT/v1/chat/completions" "$c")"
    done
  done
} | tee "$out"

python3 bench/load/summarise.py "$out"

if command -v gnuplot >/dev/null; then
  mkdir -p docs/img
  gnuplot -e "data='${out%.txt}.dat'; out='docs/img/overhead$label.png'" bench/load/plot.gp && echo "chart: docs/img/overhead$label.png"
fi
