#!/usr/bin/env bash
# Records samples/mariadb_shutdown_idle.pcap and mariadb_shutdown_idle.log.jsonl: mariadb_client.py's "idle" scenario against a
# real MariaDB server (see mariadb_client_session.sh and the scenario in mariadb_client.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/mariadb_client_session.sh" idle "${1:-$here/mariadb_shutdown_idle.pcap}"
