-- GET secret/data/bench/key carrying a small JSON body (which a read ignores): the read's work with
-- the HTTP layer's request-body handling, to tell the cost of reading a body apart from a write's.
wrk.method = "GET"
wrk.path = "/v1/secret/data/bench/key"
wrk.headers["X-Vault-Token"] = os.getenv("TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"data":{"username":"bench","password":"s3cr3t-0123456789abcdef"}}'
