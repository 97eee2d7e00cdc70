-- wrk script: provider commands to POST /webchat/api, one scenario per run.
--   wrk -t2 -c64 -d10s -s bench/wrk/protocol.lua http://127.0.0.1:PORT/webchat/api -- \
--       SCENARIO PROVIDER_ID TOKEN PREFIX CHATS NONCE RATE THREADS
-- SCENARIO  existing  newMessage to a random one of the CHATS stored chats (PREFIX..chat-N, N = 1..CHATS)
--           new       newMessage opening a new chat: a contact and chat id never used before
--           getTask   getTask of a random stored chat
--           mixed     80% existing, 10% getTask, 10% getContact
-- NONCE     makes the new chats of this run differ from every other run's
-- RATE      0: as fast as the connections go; otherwise requests/s over all THREADS (wrk's -t), sent on
--           a fixed schedule (see paced_delay below)
-- done() prints one line for bench/run: "BENCH requests=… duration_us=… p50_us=… p99_us=… …".

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
end

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local scenario, chats, nonce, thread_count, interval_ms, next_at, sent
local base, chat_prefix, contact_prefix, path, headers

local function escape(value)
    return (string.gsub(value, "[^%w%-%._~]", function(c)
        if c == " " then return "+" end
        return string.format("%%%02X", string.byte(c))
    end))
end

function init(args)
    scenario = args[1]
    local provider_id, token, prefix = args[2], args[3], args[4]
    chats = tonumber(args[5])
    nonce = args[6]
    local rate = tonumber(args[7])
    if scenario ~= "existing" and scenario ~= "new" and scenario ~= "getTask" and scenario ~= "mixed" then
        error("unknown scenario " .. tostring(scenario))
    end

    math.randomseed(tonumber(thread_id) * 7919 + tonumber(string.sub(nonce, -6)))
    base = "providerId=" .. escape(provider_id) .. "&planfix_token=" .. escape(token)
    chat_prefix = escape(prefix .. "chat-")
    contact_prefix = escape(prefix .. "contact-")
    path = wrk.path
    headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
    sent = 0
    thread_count = tonumber(args[8])
    if rate > 0 then
        interval_ms = 1000 * thread_count / rate
        -- wrk asks delay() before each request only when the script defines it (it checks after init).
        delay = paced_delay
    end
end

-- Fixed-rate pacing, wrk2-like: each request of the thread takes the next slot of a fixed schedule,
-- whichever connection is free to send it, and waits for that slot. Behind schedule (every connection
-- busy), it sends at once, so the offered rate stays the asked one. wrk times a request from the moment
-- it is written, so only a wait for a free connection would go unmeasured: 32 connections per thread at
-- a few hundred requests/s leave plenty free.
function paced_delay()
    local now = now_ms()
    if next_at == nil then
        -- Stagger the threads' schedules so they do not fire together.
        next_at = now + (tonumber(thread_id) - 1) * interval_ms / thread_count
    end

    local slot = next_at
    next_at = next_at + interval_ms
    local wait = slot - now
    if wait <= 0 then
        return 0
    end

    return math.floor(wait + 0.5)
end

-- A typical contact's message: the fields a messenger bridge sends with every message.
local function new_message(chat, contact)
    return base .. "&cmd=newMessage&chatId=" .. chat .. "&contactId=" .. contact
        .. "&contactName=Ivan&contactLastName=Petrov&contactIco=https%3A%2F%2Fexample.com%2Favatars%2F" .. contact .. ".png"
        .. "&channel=telegram&message=Hello%2C+I+ordered+a+sofa+last+week+and+would+like+to+know+when+it+will+be+delivered.+Order+number+" .. sent
end

function request()
    sent = sent + 1
    local kind = scenario
    if kind == "mixed" then
        local dice = math.random(100)
        kind = dice <= 80 and "existing" or (dice <= 90 and "getTask" or "getContact")
    end

    local body
    if kind == "new" then
        local id = "new-" .. nonce .. "-" .. thread_id .. "-" .. sent
        body = new_message(id, id)
    else
        local n = math.random(chats)
        if kind == "existing" then
            body = new_message(chat_prefix .. n, contact_prefix .. n)
        elseif kind == "getTask" then
            body = base .. "&cmd=getTask&chatId=" .. chat_prefix .. n
        else
            body = base .. "&cmd=getContact&contactId=" .. contact_prefix .. n
        end
    end

    return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
