-- POST /fraud/verify-sms with a wrong code ("0000"; a request's code is "0000" once in 10,000)
-- against request ids made by create-requests.lua (wrk ... -- FILE USES). Thread t reads FILE.t
-- and walks its ids round after round; each id is used at most USES times (default 4: a request
-- allows 5 wrong entries, so every verify is a counted attempt on a pending request, never a
-- refusal of a locked one). When the ids run out, the thread starts again from the first and
-- prints how many verifies went past the fresh ones.
dofile((debug.getinfo(1, "S").source:match("^@(.*)/") or ".") .. "/report.lua")
local next_thread = 0
local threads = {}

function setup(thread)
    thread:set("thread_id", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

local ids, index

function init(args)
    ids = {}
    for line in io.lines(args[1] .. "." .. thread_id) do ids[#ids + 1] = line end
    assert(#ids > 0, "no request ids in " .. args[1] .. "." .. thread_id)
    -- Globals, read by done() through thread:get.
    nids, uses, sent = #ids, tonumber(args[2] or "4"), 0
    index = 1
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94"
end

function request()
    local id = ids[index]
    index = index + 1
    if index > #ids then index = 1 end
    sent = sent + 1
    return wrk.format(nil, nil, nil, '{"request_id":"' .. id .. '","received_code":"0000"}')
end

function done(summary, latency, requests)
    local ids_total, fresh, total = 0, 0, 0
    for _, thread in ipairs(threads) do
        local count, sent_by = thread:get("nids"), thread:get("sent")
        ids_total = ids_total + count
        fresh = fresh + math.min(sent_by, count * thread:get("uses"))
        total = total + sent_by
    end
    io.write(string.format("VERIFY ids=%d verifies_sent=%d past_fresh_attempts=%d\n",
        ids_total, total, total - fresh))
    report(summary, latency)
end
