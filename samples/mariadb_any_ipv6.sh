#!/usr/bin/env bash
# Records samples/mariadb_any_ipv6.pcap: the same real MariaDB session as mariadb_session.sh, over IPv6
# loopback ([::1]:3306), captured with "tcpdump -i any" so the link layer is Linux cooked capture v2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
MARIADB_HOST=::1 CAPTURE_IFACE=any exec bash "$here/mariadb_session.sh" "${1:-$here/mariadb_any_ipv6.pcap}"
