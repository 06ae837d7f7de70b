-- GET /healthz: the framework's ceiling (routing, middleware, a small JSON body; no store).
dofile((debug.getinfo(1, "S").source:match("^@(.*)/") or ".") .. "/report.lua")
wrk.method = "GET"
function done(summary, latency, requests) report(summary, latency) end
