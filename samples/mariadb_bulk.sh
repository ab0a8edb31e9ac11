#!/usr/bin/env bash
# Records samples/mariadb_bulk.pcap and mariadb_bulk.log.jsonl: mariadb_client.py's "bulk" scenario against a
# real MariaDB server (MariaDB COM_STMT_BULK_EXECUTE with NULL/DEFAULT/IGNORE indicators; see
# mariadb_client_session.sh and the scenario in mariadb_client.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/mariadb_client_session.sh" bulk "${1:-$here/mariadb_bulk.pcap}"
