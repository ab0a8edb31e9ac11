#!/usr/bin/env bash
# Records samples/tarantool_session.pcap: a real Tarantool server (Debian's tarantool 2.6) and a real
# net.box client (a second tarantool process) on 127.0.0.1:3301, captured with tcpdump on loopback.
# The client authenticates (chap-sha1), pings, runs INSERT/REPLACE/UPDATE/UPSERT/DELETE/SELECT on a
# space, CALLs a function returning several values, EVALs, triggers a duplicate-key error, and sends
# a few pipelined (async) calls. Needs root (tcpdump) and: apt-get install tarantool tcpdump.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/tarantool_session.pcap}"
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
for cmd in tarantool tcpdump; do
    command -v "$cmd" >/dev/null || { echo "$cmd not found: apt-get install tarantool tcpdump" >&2; exit 2; }
done

cat > "$tmp/server.lua" <<LUA
box.cfg{listen = '127.0.0.1:$port', work_dir = '$tmp', log = '$tmp/server.log', memtx_memory = 64 * 1024 * 1024}
box.schema.user.create('app', {password = 'app-secret'})
local s = box.schema.space.create('tspace')
s:create_index('primary', {parts = {1, 'unsigned'}})
s:create_index('by_name', {parts = {2, 'string'}, unique = false})
box.schema.user.grant('app', 'read,write', 'space', 'tspace')
function multi(a, b) return a + b, a * b, 'done' end
box.schema.func.create('multi')
box.schema.user.grant('app', 'execute', 'function', 'multi')
box.schema.user.grant('app', 'execute', 'universe')
LUA

cat > "$tmp/client.lua" <<LUA
local net = require('net.box')
local c = net.connect('app:app-secret@127.0.0.1:$port')
assert(c:ping())
local s = c.space.tspace
s:insert({1, 'Berlin', 100})
s:insert({2, 'Paris', 200})
s:replace({3, 'Rome', 300})
s:update(1, {{'+', 3, 5}})
s:upsert({4, 'Oslo', 400}, {{'=', 3, 401}})
s:delete(2)
s:select({}, {iterator = 'GE', limit = 10})
s.index.by_name:select('Rome')
c:call('multi', {6, 7})
c:eval('return 1 + 2')
pcall(function() s:insert({1, 'duplicate', 0}) end)
local futures = {}
for i = 1, 5 do futures[i] = c:call('multi', {i, i}, {is_async = true}) end
for i = 1, 5 do futures[i]:wait_result(5) end
c:close()
os.exit(0)
LUA

tarantool "$tmp/server.lua" &
server_pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

tcpdump -i lo --immediate-mode -U -s 0 -w "$out" "tcp port $port" 2>"$tmp/tcpdump.log" &
dump_pid=$!
sleep 1
tarantool "$tmp/client.lua"
sleep 0.5
kill -INT "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=""
echo "wrote $out: $(tcpdump -r "$out" 2>/dev/null | wc -l) packets" >&2
