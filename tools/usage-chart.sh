#!/usr/bin/env bash
# Draws one month of a tenant's usage, day by day, from a running LLMux (the admin API's usage
# report with group_by=day): tokens per day, and requests and cost per day. docs/usage-reports.md.
#
#   tools/usage-chart.sh [--seed] [TENANT] [YYYY-MM] [OUT.png]
#
# TENANT defaults to the local server's development tenant (ten_development), the month to the
# current one (UTC), OUT to docs/img/usage-month.png. --seed first sends mock chat calls with the
# development key (LLMUX_DEV_KEY, default llmux-sk-local-dev) so a fresh local server has usage to
# show. LLMUX_URL (default http://localhost:8080) and LLMUX_ADMIN_TOKEN (default the local
# server's llmux-admin-local-dev) say where and as whom. Needs curl and jq; gnuplot for the chart.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${LLMUX_URL:-http://localhost:8080}
token=${LLMUX_ADMIN_TOKEN:-llmux-admin-local-dev}

if [[ "${1:-}" == "--seed" ]]; then
  shift
  key=${LLMUX_DEV_KEY:-llmux-sk-local-dev}
  for i in $(seq 1 "${SEED_CALLS:-200}"); do
    # Prompts of varied length, so tokens and cost vary per call.
    words=$(( (i * 7) % 40 + 1 ))
    prompt=$(printf 'word%.0s ' $(seq 1 "$words"))
    curl -sf "$url/v1/chat/completions" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"$prompt\"}]}" > /dev/null
  done
  echo "seeded ${SEED_CALLS:-200} calls"
fi

tenant=${1:-ten_development}
month=${2:-$(date -u +%Y-%m)}
out=${3:-docs/img/usage-month.png}
data=$(mktemp --suffix=.dat)
trap 'rm -f "$data"' EXIT

report=$(curl -sS "$url/api/tenants/$tenant/usage?period=monthly&at=$month-01&group_by=day" -H "Authorization: Bearer $token")
if [[ "$(jq -r 'has("groups")' <<<"$report")" != "true" ]]; then
  echo "The usage report failed: $report" >&2
  exit 1
fi
jq -r '.groups[] | [.date, .usage.requests, .usage.input_tokens, .usage.output_tokens, .usage.cost_usd] | @tsv' <<<"$report" > "$data"
jq -r '"\(.tenant_id) \(.period_key) (\(.time_zone)): \(.totals.requests) requests, \(.totals.total_tokens) tokens, $\(.totals.cost_usd)"' <<<"$report"

if ! command -v gnuplot > /dev/null; then
  cp "$data" "${out%.png}.dat"
  echo "gnuplot is not installed: the data is in ${out%.png}.dat (date requests input_tokens output_tokens cost_usd)"
  exit 0
fi
mkdir -p "$(dirname "$out")"
gnuplot -e "data='$data'; out='$out'; label='$tenant $month'" tools/usage-chart.gp
echo "chart: $out"
