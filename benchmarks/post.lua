-- wrk: POST the body file named by BODY, with the content type named by TYPE.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("TYPE") or "text/plain; charset=utf-8"
