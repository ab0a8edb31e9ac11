#!/usr/bin/env bash
# Records samples/tarantool_replica.pcap and samples/tarantool_replica.truth.jsonl: a real Tarantool 2.6
# master (127.0.0.1:3301) and a read-only replica (a second tarantool process) that joins it, plus a
# net.box client (a third process) writing on the master; dumpcap on loopback, filter tcp port 3301.
# The replica connection carries AUTH, VOTE, JOIN (initial snapshot rows), SUBSCRIBE, the row stream of the
# client's writes, heartbeats from the master and vclock acks from the replica (replication_timeout 0.1 s).
# The truth file has one JSON line per fact the processes know:
#   {"who":"replica","instance_uuid":..,"replicaset_uuid":..,"id":N,"master_uuid":..,"master_id":N}
#   {"who":"client","sync":N,"request":"insert","space":512,"tuple":[...]}   a write on the master
#   {"who":"client","sync":N,"request":"eval","expression":"return box.info.lsn, box.info.id"} after each write
#   {"who":"client","sync":N,"response":"ok","data":[...],"lsn":L,"replica_id":R}  the write's row id, from that eval
#   {"who":"replica","seen":[...],"tuple":[...]}                         a row the replica applied
#   {"who":"client","heartbeat_window_s":S}                               idle time left for heartbeats
# Needs root (capture) and: apt-get install tarantool tshark.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/tarantool_replica.pcap}"
log="${out%.pcap}.truth.jsonl"
port=3301
rport=3302
tmp="$(mktemp -d /tmp/dissect-tarantool.XXXXXX)"
pids=()
dump_pid=""
cleanup() {
    [ -n "$dump_pid" ] && kill -INT "$dump_pid" 2>/dev/null && wait "$dump_pid" 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
for cmd in tarantool dumpcap; do
    command -v "$cmd" >/dev/null || { echo "$cmd not found: apt-get install tarantool tshark" >&2; exit 2; }
done
mkdir -p "$tmp/master" "$tmp/replica"

cat > "$tmp/master.lua" <<LUA
box.cfg{listen = '127.0.0.1:$port', work_dir = '$tmp/master', log = '$tmp/master.log',
        memtx_memory = 64 * 1024 * 1024, replication_timeout = 0.1}
box.schema.user.create('repl', {password = 'repl-secret'})
box.schema.user.grant('repl', 'replication')
box.schema.user.create('app', {password = 'app-secret'})
local s = box.schema.space.create('tspace')
s:create_index('primary', {parts = {1, 'unsigned'}})
box.schema.user.grant('app', 'read,write,execute', 'universe')
LUA

cat > "$tmp/replica.lua" <<'LUA'
local json = require('json')
local fiber = require('fiber')
local port, rport, dir, logpath, done = arg[1], arg[2], arg[3], arg[4], arg[5]
box.cfg{listen = '127.0.0.1:' .. rport, work_dir = dir, log = dir .. '/../replica.log', read_only = true,
        memtx_memory = 64 * 1024 * 1024, replication_timeout = 0.1,
        replication = 'repl:repl-secret@127.0.0.1:' .. port}
local logf = io.open(logpath, 'a')
local function emit(t) t.who = 'replica' logf:write(json.encode(t), '\n') logf:flush() end
local master
for id, r in pairs(box.info.replication) do if r.uuid ~= box.info.uuid then master = r end end
emit({instance_uuid = box.info.uuid, replicaset_uuid = box.info.cluster.uuid, id = box.info.id,
      master_uuid = master.uuid, master_id = master.id})
box.space.tspace:on_replace(function(old, new)
    if new ~= nil then emit({seen = 'replace', tuple = new:totable()}) end
end)
while io.open(done) == nil do fiber.sleep(0.05) end
emit({vclock = box.info.vclock})
os.exit(0)
LUA

cat > "$tmp/client.lua" <<'LUA'
local net = require('net.box')
local json = require('json')
local fiber = require('fiber')
local port, logpath = arg[1], arg[2]
local logf = io.open(logpath, 'a')
local function emit(t) t.who = 'client' logf:write(json.encode(t), '\n') logf:flush() end
local A = {is_async = true}
local c = net.connect('app:app-secret@127.0.0.1:' .. port)
local s = c.space.tspace
local function write(f, entry)
    local sync = f.id
    entry.sync = sync
    emit(entry)
    local res = f:wait_result(10)
    -- The master's LSN right after the write is the row's LSN in the replication stream.
    local q = 'return box.info.lsn, box.info.id'
    local e = c:eval(q, {}, A)
    local esync = e.id
    emit({request = 'eval', sync = esync, expression = q, tuple = setmetatable({}, {__serialize = 'array'})})
    local info = e:wait_result(10)
    emit({sync = esync, response = 'ok', data = info})
    emit({sync = sync, response = 'ok', data = {res:totable()}, lsn = info[1], replica_id = info[2]})
end
for i = 1, 5 do
    write(s:insert({i, 'row ' .. i}, A), {request = 'insert', space = s.id, tuple = {i, 'row ' .. i}})
end
write(s:replace({3, 'row 3 again'}, A), {request = 'replace', space = s.id, tuple = {3, 'row 3 again'}})
emit({heartbeat_window_s = 1.0})
fiber.sleep(1.0)
c:close()
os.exit(0)
LUA

tarantool "$tmp/master.lua" &
pids+=($!)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
: > "$log"
dumpcap -q -i lo -P -s 0 -f "tcp port $port" -w "$tmp/capture.pcap" 2>"$tmp/dumpcap.log" &
dump_pid=$!
for _ in $(seq 50); do grep -q "Capturing on" "$tmp/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
tarantool "$tmp/replica.lua" "$port" "$rport" "$tmp/replica" "$log" "$tmp/done" &
pids+=($!)
for _ in $(seq 100); do grep -q '"who":"replica"' "$log" 2>/dev/null && break; sleep 0.1; done
tarantool "$tmp/client.lua" "$port" "$log"
touch "$tmp/done"
wait "${pids[1]}" 2>/dev/null || true
sleep 0.3
kill -INT "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=""
cp "$tmp/capture.pcap" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes) and $log ($(wc -l < "$log") lines)" >&2
