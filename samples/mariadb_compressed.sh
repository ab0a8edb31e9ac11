#!/usr/bin/env bash
# Records samples/mariadb_compressed.pcap and mariadb_compressed.log.jsonl: mariadb_client.py's "compressed" scenario against a
# real MariaDB server (see mariadb_client_session.sh and the scenario in mariadb_client.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/mariadb_client_session.sh" compressed "${1:-$here/mariadb_compressed.pcap}"
