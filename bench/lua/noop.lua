-- GET /bench/noop: same HTTP stack, no Vault core. Sends the token too, so requests match reads.
wrk.method = "GET"
wrk.path = "/bench/noop"
wrk.headers["X-Vault-Token"] = os.getenv("TOKEN")
