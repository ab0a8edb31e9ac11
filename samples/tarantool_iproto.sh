#!/usr/bin/env bash
# Records samples/tarantool_iproto.pcap and samples/tarantool_iproto.truth.jsonl: a real Tarantool server
# (Debian's tarantool 2.6) and a real net.box client (a second tarantool process) on 127.0.0.1:3301,
# captured with dumpcap on loopback (filter: tcp port 3301).
# Every request goes through net.box with is_async, so the client knows the sync (future.id) of each one;
# the client writes one JSON line per request it sent and per response or push it received:
#   {"sync":N,"request":"insert","space":512,"tuple":[...]}          what net.box was asked to send
#   {"sync":N,"response":"ok","data":[...]}                           IPROTO_DATA as the client decoded it
#   {"sync":N,"response":"error","code":C,"message":"..."}            the error net.box raised
#   {"sync":N,"push":[...]}                                           a box.session.push (IPROTO_CHUNK)
# A string longer than 1 KiB is written as {"strlen":N,"char":"x"} (the 200 KiB tuple) instead of its text.
# Covered: AUTH, CRUD (select with iterator/limit/offset, insert, replace, update with several operations,
# delete, upsert), call, eval, SQL (execute, prepare then execute by statement id, unprepare), pushes,
# errors, 20 pipelined calls answered out of order, a 200 KiB tuple written and read back.
# Needs root (capture) and: apt-get install tarantool tshark.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/tarantool_iproto.pcap}"
log="${out%.pcap}.truth.jsonl"
port=3301
tmp="$(mktemp -d /tmp/dissect-tarantool.XXXXXX)"
server_pid=""
dump_pid=""
cleanup() {
    [ -n "$dump_pid" ] && kill -INT "$dump_pid" 2>/dev/null && wait "$dump_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
for cmd in tarantool dumpcap; do
    command -v "$cmd" >/dev/null || { echo "$cmd not found: apt-get install tarantool tshark" >&2; exit 2; }
done

cat > "$tmp/server.lua" <<LUA
local fiber = require('fiber')
box.cfg{listen = '127.0.0.1:$port', work_dir = '$tmp', log = '$tmp/server.log', memtx_memory = 64 * 1024 * 1024}
box.schema.user.create('app', {password = 'app-secret'})
local s = box.schema.space.create('tspace')
s:create_index('primary', {parts = {1, 'unsigned'}})
s:create_index('by_name', {parts = {2, 'string'}, unique = false})
box.schema.user.grant('app', 'read,write', 'space', 'tspace')
function multi(a, b) return a + b, a * b, 'done' end
function pusher(n) for i = 1, n do box.session.push({'step', i}) end return 'pushed', n end
function slow(i, delay) fiber.sleep(delay) return i end
function fail(msg) error(msg) end
box.schema.user.grant('app', 'read,write,execute,create,drop', 'universe')
LUA

cat > "$tmp/client.lua" <<'LUA'
local net = require('net.box')
local json = require('json')
local port, logpath = arg[1], arg[2]
local logf = io.open(logpath, 'w')

-- Tuples become plain tables; strings over 1 KiB become {strlen, char} (the log stays small).
local function plain(v)
    if box.tuple.is(v) then v = v:totable() end
    if type(v) == 'string' and #v > 1024 then return {strlen = #v, char = v:sub(1, 1)} end
    if type(v) ~= 'table' then return v end
    local t = {}
    for k, x in pairs(v) do t[k] = plain(x) end
    return setmetatable(t, getmetatable(v))
end
local function arr(t) return setmetatable(t or {}, {__serialize = 'array'}) end
local function emit(t) logf:write(json.encode(t), '\n') logf:flush() end

-- net.box clears future.id once the response is in: keep each future's sync.
local syncs = {}
local function request(f, entry) syncs[f] = f.id entry.sync = f.id emit(entry) return f end

-- data: what IPROTO_DATA held, as net.box decoded it (space ops return the tuple itself, or nil).
local function wait(f, rows_of)
    local res, err = f:wait_result(10)
    if err ~= nil then
        local u = err:unpack()
        emit({sync = syncs[f], response = 'error', code = u.code, type = u.type, message = u.message})
        return nil
    end
    local data = res
    if rows_of == 'tuple' then data = arr(res ~= nil and {plain(res)} or {})
    elseif rows_of == 'sql' then data = nil end
    local e = {sync = syncs[f], response = 'ok'}
    if data ~= nil then e.data = arr(plain(data)) end
    if rows_of == 'sql' and type(res) == 'table' then
        if res.rows then e.rows = arr(plain(res.rows)) end
        if res.row_count then e.row_count = res.row_count end
        if res.stmt_id then e.stmt_id = res.stmt_id end
        if res.metadata then
            local names = arr()
            for _, m in ipairs(res.metadata) do table.insert(names, m.name) end
            e.columns = names
        end
    end
    emit(e)
    return res
end

local A = {is_async = true}
local c = net.connect('app:app-secret@127.0.0.1:' .. port)
assert(c:is_connected())
local s = c.space.tspace
local sp = s.id

wait(request(c:_request('ping', A), {request = 'ping'}))
wait(request(s:insert({1, 'Berlin', 100}, A), {request = 'insert', space = sp, tuple = {1, 'Berlin', 100}}), 'tuple')
wait(request(s:insert({2, 'Paris', 200}, A), {request = 'insert', space = sp, tuple = {2, 'Paris', 200}}), 'tuple')
wait(request(s:replace({3, 'Rome', 300}, A), {request = 'replace', space = sp, tuple = {3, 'Rome', 300}}), 'tuple')
wait(request(s:replace({5, 'Lima', 500}, A), {request = 'replace', space = sp, tuple = {5, 'Lima', 500}}), 'tuple')
local ops = {{'+', 3, 5}, {'=', 2, 'Bonn'}}
wait(request(s:update(1, ops, A), {request = 'update', space = sp, key = {1}, tuple = ops}), 'tuple')
local uops = {{'=', 3, 401}}
wait(request(s:upsert({4, 'Oslo', 400}, uops, A), {request = 'upsert', space = sp, tuple = {4, 'Oslo', 400}, ops = uops}), 'tuple')
wait(request(s:upsert({4, 'Oslo', 400}, uops, A), {request = 'upsert', space = sp, tuple = {4, 'Oslo', 400}, ops = uops}), 'tuple')
wait(request(s:delete(2, A), {request = 'delete', space = sp, key = {2}}), 'tuple')
wait(request(s:select({}, {iterator = 'GE', limit = 10, is_async = true}), {request = 'select', space = sp, index = 0, key = arr(), limit = 10, iterator = 'GE'}))
wait(request(s:select({2}, {iterator = 'GT', offset = 1, limit = 2, is_async = true}), {request = 'select', space = sp, index = 0, key = {2}, limit = 2, offset = 1, iterator = 'GT'}))
wait(request(s.index.by_name:select('Rome', A), {request = 'select', space = sp, index = 1, key = {'Rome'}}))
wait(request(c:call('multi', {6, 7}, A), {request = 'call', ['function'] = 'multi', tuple = {6, 7}}))
wait(request(c:eval('return 1 + 2, ...', {'x'}, A), {request = 'eval', expression = 'return 1 + 2, ...', tuple = {'x'}}))

-- errors
wait(request(s:insert({1, 'duplicate', 0}, A), {request = 'insert', space = sp, tuple = {1, 'duplicate', 0}}), 'tuple')
wait(request(c:call('no_such_function', {}, A), {request = 'call', ['function'] = 'no_such_function', tuple = arr()}))
wait(request(c:call('fail', {'boom'}, A), {request = 'call', ['function'] = 'fail', tuple = {'boom'}}))
wait(request(c:eval('box.error(box.error.NO_SUCH_SPACE, 999)', {}, A), {request = 'eval', expression = 'box.error(box.error.NO_SUCH_SPACE, 999)', tuple = arr()}))

-- pushes: IPROTO_CHUNK messages with the CALL's sync, then its OK
local f = request(c:call('pusher', {3}, A), {request = 'call', ['function'] = 'pusher', tuple = {3}})
for i, msg in f:pairs(10) do
    if i > 3 then break end
    emit({sync = syncs[f], push = arr(plain({msg}))})
end
wait(f)

-- SQL
local function sql(q, bind) return wait(request(c:execute(q, bind, nil, A), {request = 'execute', sql = q, bind = arr(bind)}), 'sql') end
sql('CREATE TABLE city (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, pop INTEGER)')
sql('INSERT INTO city (name, pop) VALUES (?, ?), (?, ?)', {'Turin', 870, 'Genoa', 580})
sql('SELECT id, name, pop FROM city WHERE pop > ? ORDER BY id', {100})
sql('SELEC nonsense')
local p = wait(request(c:prepare('SELECT name FROM city WHERE id = ?', nil, nil, A), {request = 'prepare', sql = 'SELECT name FROM city WHERE id = ?'}), 'sql')
wait(request(c:execute(p.stmt_id, {1}, nil, A), {request = 'execute', stmt_id = p.stmt_id, bind = {1}}), 'sql')
wait(request(c:execute(p.stmt_id, {2}, nil, A), {request = 'execute', stmt_id = p.stmt_id, bind = {2}}), 'sql')
wait(request(c:unprepare(p.stmt_id, nil, nil, A), {request = 'unprepare', stmt_id = p.stmt_id}), 'sql')

-- pipelined: 20 calls in flight, the later ones sleep less, so responses come back out of order
local futures = {}
for i = 1, 20 do
    futures[i] = request(c:call('slow', {i, (21 - i) * 0.002}, A), {request = 'call', ['function'] = 'slow', tuple = {i, (21 - i) * 0.002}})
end
for i = 1, 20 do wait(futures[i]) end

-- a 200 KiB tuple, written and read back: each message spans several TCP segments
local big = string.rep('x', 200 * 1024)
wait(request(s:insert({100, big}, A), {request = 'insert', space = sp, tuple = plain({100, big})}), 'tuple')
wait(request(s:select({100}, A), {request = 'select', space = sp, index = 0, key = {100}}))
wait(request(c:_request('ping', A), {request = 'ping'}))
c:close()
logf:close()
os.exit(0)
LUA

tarantool "$tmp/server.lua" &
server_pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

dumpcap -q -i lo -P -s 0 -f "tcp port $port" -w "$tmp/capture.pcap" 2>"$tmp/dumpcap.log" &
dump_pid=$!
for _ in $(seq 50); do grep -q "Capturing on" "$tmp/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
tarantool "$tmp/client.lua" "$port" "$log"
sleep 0.5
kill -INT "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=""
cp "$tmp/capture.pcap" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes) and $log ($(wc -l < "$log") lines)" >&2
