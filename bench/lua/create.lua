-- CreateDataDeletionJob with a name of its own for every request: per-thread prefix, per-request counter.
local threads = 0
local counter = 0


function setup(thread)
  threads = threads + 1
  thread:set("prefix", string.format("bench-%d-%d-", os.time(), threads))
end

function init(args)
  counter = 0
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"jobName":"%s%d","datasetGroupArn":"arn:aws:personalize:us-east-1:000000000000:dataset-group/bench-create",'
      .. '"dataSource":{"dataLocation":"s3://bench/users.csv"},"roleArn":"arn:aws:iam::000000000000:role/Bench"}',
    prefix, counter)
  return wrk.format("POST", "/", {["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Target"] = "AmazonPersonalize.CreateDataDeletionJob"}, body)
end

done = dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
