-- POST secret/data/bench/w-<n> with a small body; each wrk thread cycles over 1,000 keys of its
-- own (w-<thread>-<0..999>), so writes spread over keys instead of piling versions on one.
wrk.method = "POST"
wrk.headers["X-Vault-Token"] = os.getenv("TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"data":{"username":"bench","password":"s3cr3t-0123456789abcdef"}}'

local counter = 0
local threads = 0
tid = 0 -- global: setup() overrides it per thread with thread:set

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function request()
  counter = (counter + 1) % 1000
  return wrk.format(nil, "/v1/secret/data/bench/w-" .. tid .. "-" .. counter)
end
