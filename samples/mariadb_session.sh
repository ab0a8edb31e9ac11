#!/usr/bin/env bash
# Records samples/mariadb_session.pcap: a real MariaDB server (Debian's mariadb-server) and the real
# mariadb command-line client talking over 127.0.0.1:3306, captured with tcpdump on the loopback.
# The session logs in with a password, creates a table, inserts and reads rows (one with a NULL and
# one with a 100 000-byte text, so a PDU spans several TCP segments even on loopback), updates, hits a syntax error and an
# unknown table, and switches databases. Needs root (tcpdump) and: apt-get install mariadb-server
# mariadb-client tcpdump. Leaves nothing running. (--immediate-mode: without it libpcap holds packets in
# its ring until a block fills, and an interrupted tcpdump drops them.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/mariadb_session.pcap}"
port=3306
host="${MARIADB_HOST:-127.0.0.1}"   # ::1 for the IPv6 variant (mariadb_any_ipv6.sh)
iface="${CAPTURE_IFACE:-lo}"        # any: Linux cooked capture (SLL2)
tmp="$(mktemp -d /tmp/dissect-mariadb.XXXXXX)"
server_pid=""
dump_pid=""
cleanup() {
    [ -n "$dump_pid" ] && kill -INT "$dump_pid" 2>/dev/null && wait "$dump_pid" 2>/dev/null || true
    if [ -n "$server_pid" ]; then
        mariadb-admin --socket="$tmp/sock" -uroot shutdown 2>/dev/null || kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

for cmd in mariadbd mariadb mariadb-install-db tcpdump; do
    command -v "$cmd" >/dev/null || { echo "$cmd not found: apt-get install mariadb-server mariadb-client tcpdump" >&2; exit 2; }
done
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || (exec 3<>/dev/tcp/::1/$port) 2>/dev/null; then
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
CREATE DATABASE other;
CREATE USER 'app'@'%' IDENTIFIED BY 'app-secret';
GRANT ALL ON shop.* TO 'app'@'%';
GRANT ALL ON other.* TO 'app'@'%';
SQL

tcpdump -i "$iface" --immediate-mode -U -s 0 -w "$out" "tcp port $port" 2>"$tmp/tcpdump.log" &
dump_pid=$!
sleep 1

long="$(head -c 100000 /dev/zero | tr '\0' 'x')"
mariadb --no-defaults --protocol=TCP -h "$host" -P $port -uapp -papp-secret shop --force <<SQL || true
CREATE TABLE orders (id INT PRIMARY KEY AUTO_INCREMENT, customer VARCHAR(64), total DECIMAL(10,2), note MEDIUMTEXT NULL);
INSERT INTO orders (customer, total, note) VALUES ('alice', 12.50, NULL), ('bob', 99.99, 'rush'), ('carol', 0.10, '$long');
SELECT * FROM orders WHERE total > 1;
SELECT id, customer, note FROM orders ORDER BY id;
UPDATE orders SET note = 'paid' WHERE customer = 'alice';
SELEKT broken;
SELECT * FROM missing_table;
USE other;
SELECT DATABASE(), 1 + 1;
SQL

sleep 0.5
kill -INT "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=""
cat "$tmp/tcpdump.log" >&2
echo "wrote $out: $(tcpdump -r "$out" 2>/dev/null | wc -l) packets" >&2
