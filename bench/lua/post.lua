-- One POST, the same for every request: the scenario's body, target and content type come from the environment.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/x-amz-json-1.1"
local target = os.getenv("BENCH_TARGET")
if target and target ~= "" then
  wrk.headers["X-Amz-Target"] = target
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"errors":%d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
