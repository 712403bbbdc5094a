-- wrk script: posts a typical non-streaming chat completion and reports latency in microseconds.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer llmux-sk-bench-load-key"
local cache_control = os.getenv("LLMUX_BENCH_CACHE_CONTROL")
if cache_control then
  wrk.headers["Cache-Control"] = cache_control
end
wrk.body = '{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":256,"messages":[' ..
  '{"role":"system","content":"You are a concise assistant for an internal developer portal."},' ..
  '{"role":"user","content":"How do I rotate the database credentials for the billing service in staging?"}]}'

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50=%d p90=%d p99=%d max=%d errors=%d non2xx=%d requests=%d\n",
    summary.requests / seconds, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests))
end
