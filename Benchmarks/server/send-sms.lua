-- POST /fraud/send-sms, every request to a number not used before in the run: the per-number
-- throttle (5 sends per 10 minutes) never speaks. Thread t sends to area code AREAS[t + 1] and
-- walks +1 AAA EEE LLLL from exchange 555, line 0200 (the sandbox's magic numbers are
-- +1 201 555 0100-0129), plus `offset` (wrk ... -- OFFSET) so that runs on one server differ.
dofile((debug.getinfo(1, "S").source:match("^@(.*)/") or ".") .. "/report.lua")
local AREAS = { "201", "202", "203", "205", "206", "207", "208", "209" }
local next_thread = 0

function setup(thread)
    thread:set("thread_id", next_thread)
    next_thread = next_thread + 1
end

local area, n

function init(args)
    area = AREAS[(thread_id % #AREAS) + 1]
    n = 200 + tonumber(args[1] or "0")
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94" -- sandbox:sandbox
end

function request()
    local number = string.format("+1%s%03d%04d", area, 555 + math.floor(n / 10000), n % 10000)
    n = n + 1
    return wrk.format(nil, nil, nil, '{"phone_number":"' .. number .. '"}')
end

function done(summary, latency, requests) report(summary, latency) end
