-- One POST, the same for every request: the scenario's body, target and content type come from the environment.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or "{}"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/x-amz-json-1.1"
local target = os.getenv("BENCH_TARGET")
if target and target ~= "" then
  wrk.headers["X-Amz-Target"] = target
end

done = dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
