-- GET secret/data/bench/key with the root token (TOKEN env var).
wrk.method = "GET"
wrk.path = "/v1/secret/data/bench/key"
wrk.headers["X-Vault-Token"] = os.getenv("TOKEN")
