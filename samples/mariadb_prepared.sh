#!/usr/bin/env bash
# Records samples/mariadb_prepared.pcap and mariadb_prepared.log.jsonl: mariadb_client.py's "prepared" scenario against a
# real MariaDB server (see mariadb_client_session.sh and the scenario in mariadb_client.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/mariadb_client_session.sh" prepared "${1:-$here/mariadb_prepared.pcap}"
