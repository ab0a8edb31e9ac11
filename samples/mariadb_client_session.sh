#!/usr/bin/env bash
# Records one mariadb_client.py scenario against a real MariaDB server (Debian's mariadb-server, started
# here with its own datadir and socket in a temporary directory, TCP on 127.0.0.1:3306) and captures the
# loopback with tcpdump. Writes NAME.pcap and NAME.log.jsonl (the client's record of every command and
# response). Usage: mariadb_client_session.sh SCENARIO OUT.pcap   (SCENARIO: prepared | compressed | idle | bulk)
# Needs root (tcpdump) and: apt-get install mariadb-server mariadb-client tcpdump. Leaves nothing running.
# For "idle" the client stays connected doing nothing while the script shuts the server down
# (mariadb-admin shutdown over the socket), so the capture ends with what the server sends an idle client.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario="$1"
out="$2"
log="${out%.pcap}.log.jsonl"
port=3306
host=127.0.0.1
tmp="$(mktemp -d /tmp/dissect-mariadb.XXXXXX)"
server_pid=""
dump_pid=""
client_pid=""
cleanup() {
    [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
    [ -n "$dump_pid" ] && kill -INT "$dump_pid" 2>/dev/null && wait "$dump_pid" 2>/dev/null || true
    if [ -n "$server_pid" ]; then
        mariadb-admin --socket="$tmp/sock" -uroot shutdown 2>/dev/null || kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

for cmd in mariadbd mariadb mariadb-admin mariadb-install-db tcpdump /usr/bin/python3; do
    command -v "$cmd" >/dev/null || { echo "$cmd not found: apt-get install mariadb-server mariadb-client tcpdump" >&2; exit 2; }
done
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    echo "port $port is busy; stop the other server first" >&2
    exit 2
fi

mariadb-install-db --no-defaults --datadir="$tmp/data" --user=root --auth-root-authentication-method=normal >/dev/null 2>&1
mariadbd --no-defaults --user=root --datadir="$tmp/data" --socket="$tmp/sock" --port=$port --bind-address="$host" \
    --pid-file="$tmp/pid" --skip-name-resolve --log-error="$tmp/err.log" &
server_pid=$!
for _ in $(seq 100); do [ -S "$tmp/sock" ] && break; sleep 0.1; done
mariadb --no-defaults --socket="$tmp/sock" -uroot <<'SQL'
CREATE DATABASE shop;
CREATE USER 'app'@'%' IDENTIFIED BY 'app-secret';
GRANT ALL ON shop.* TO 'app'@'%';
SQL

tcpdump -i lo --immediate-mode -U -s 0 -w "$out" "tcp port $port" 2>"$tmp/tcpdump.log" &
dump_pid=$!
sleep 1

if [ "$scenario" = idle ]; then
    /usr/bin/python3 "$here/mariadb_client.py" idle "$host" $port app app-secret shop "$log" > "$tmp/client.out" &
    client_pid=$!
    for _ in $(seq 100); do grep -q idle "$tmp/client.out" 2>/dev/null && break; sleep 0.1; done
    sleep 0.5
    mariadb-admin --no-defaults --socket="$tmp/sock" -uroot shutdown
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    wait "$client_pid"
    client_pid=""
else
    /usr/bin/python3 "$here/mariadb_client.py" "$scenario" "$host" $port app app-secret shop "$log"
fi

sleep 0.5
kill -INT "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=""
cat "$tmp/tcpdump.log" >&2
echo "wrote $out: $(tcpdump -r "$out" 2>/dev/null | wc -l) packets, $log" >&2
