-- Shared by the wrk scripts: one machine-readable line at the end of a run.
-- RESULT requests=N duration_s=S rps=R p50_ms=A p99_ms=B non2xx=N socket_errors=N
function report(summary, latency)
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status,
        e.connect + e.read + e.write + e.timeout))
end
