#!/usr/bin/env bash
# Writes the expected outputs of every sample capture with tshark (the independent oracle; Debian 12's
# tshark 4.0 made the committed files). For each NAME.pcap:
#   NAME.tcp.tshark.tsv        frame/IP/TCP fields of every TCP frame (the conformance suite's format)
#   NAME.core.summary.tshark.txt   summary lines with tshark's database dissectors switched off: what
#                              dissect's frame/link/IP/TCP layers print for payload no dissector claims
#   NAME.core.{verbose,json,hex}.tshark.txt.gz   the same as -V trees, -T json and -x dumps (only for the
#                              small captures listed in $full, to keep the repository small)
#   NAME.summary.tshark.txt    summary lines with every dissector on (MySQL: tshark's own view)
set -euo pipefail
cd "$(dirname "$0")"
off=(--disable-protocol mysql --disable-protocol mariadb --disable-protocol cql --disable-protocol scylla
     --disable-protocol gryphon --disable-protocol tarantool)
version="$(tshark --version 2>/dev/null | head -1)"
full=" tcp_edge_cases tarantool_session "
for cap in *.pcap; do
    name="${cap%.pcap}"
    {
        echo "# filter: tcp"
        tshark -r "$cap" -Y tcp -T fields -E header=y -E separator=/t -e frame.number -e frame.len -e ip.src -e ip.dst \
            -e ipv6.src -e ipv6.dst -e tcp.srcport -e tcp.dstport -e tcp.stream -e tcp.len -e tcp.seq -e tcp.ack \
            -e tcp.flags.syn -e tcp.flags.fin -e tcp.flags.reset 2>/dev/null
    } > "$name.tcp.tshark.tsv"
    tshark -r "$cap" "${off[@]}" 2>/dev/null > "$name.core.summary.tshark.txt"
    rm -f "$name".core.{verbose,json,hex}.tshark.txt*
    if [[ "$full" == *" $name "* ]]; then
        tshark -r "$cap" "${off[@]}" -V 2>/dev/null | gzip -9n > "$name.core.verbose.tshark.txt.gz"
        tshark -r "$cap" "${off[@]}" -T json 2>/dev/null | gzip -9n > "$name.core.json.tshark.txt.gz"
        tshark -r "$cap" "${off[@]}" -x 2>/dev/null | gzip -9n > "$name.core.hex.tshark.txt.gz"
    fi
    tshark -r "$cap" 2>/dev/null > "$name.summary.tshark.txt"
done
echo "$version" > tshark-version.txt
echo "expected outputs written with: $version" >&2
