-- Like send-sms.lua (area codes from 203 on, so its numbers never meet send-sms.lua's 201/202
-- with a small offset), and writes every request_id to FILE.<thread> (wrk ... -- OFFSET FILE),
-- for verify-sms.lua.
local AREAS = { "203", "205", "206", "207", "208", "209" }
local next_thread = 0

function setup(thread)
    thread:set("thread_id", next_thread)
    next_thread = next_thread + 1
end

local area, n, out

function init(args)
    area = AREAS[(thread_id % #AREAS) + 1]
    n = 200 + tonumber(args[1] or "0")
    out = assert(io.open(args[2] .. "." .. thread_id, "w"))
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94"
end

function request()
    local number = string.format("+1%s%03d%04d", area, 555 + math.floor(n / 10000), n % 10000)
    n = n + 1
    return wrk.format(nil, nil, nil, '{"phone_number":"' .. number .. '"}')
end

function response(status, headers, body)
    local id = body:match('"request_id":"(%x+)"')
    if status == 200 and id then
        out:write(id, "\n")
        out:flush()
    end
end
