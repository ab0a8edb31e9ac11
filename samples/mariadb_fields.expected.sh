#!/usr/bin/env bash
# Writes NAME.tshark.tsv for the MariaDB samples recorded by mariadb_client.py (not mariadb_compressed: tshark
# 4.0 reads its zlib bodies as packets, so nearly every line would be a divergence): tshark 4.0's MySQL fields of
# every MySQL frame (the golden tests run dissect with the same options and compare byte for byte, except
# the lines NAME.divergences lists). Run after make_expected.sh.
set -euo pipefail
cd "$(dirname "$0")"
fields=(frame.number mysql.packet_number mysql.command mysql.query mysql.stmt_id mysql.response_code mysql.error_code
  mysql.error.message mysql.sqlstate mysql.num_fields mysql.num_params mysql.affected_rows mysql.insert_id mysql.warnings
  mysql.server_status mysql.field.name mysql.field.type mysql.field.charsetnr mysql.field.flags mysql.row.text
  mysql.exec_flags mysql.exec_iter mysql.new_parameter_bound_flag mysql.num_rows mysql.param mysql.version
  mysql.user mysql.schema mysql.caps.server mysql.caps.client mysql.unused mariadb.extcaps.server mariadb.extcaps.client
  mariadb.server_language mariadb.charset mariadb.bulk.flags mariadb.bulk.row_nr mariadb.bulk.indicators
  mysql.compressed_packet_length mysql.compressed_packet_number mysql.compressed_packet_length_uncompressed)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
version="$(tshark --version 2>/dev/null | head -1 | sed 's/.*TShark (Wireshark) //')"
for name in mariadb_prepared mariadb_shutdown_idle mariadb_bulk; do
    {
        echo "# made by: tshark $version -r $name.pcap -Y mysql -T fields -E header=y -E separator=/t -E occurrence=a"
        tshark -r "$name.pcap" -Y mysql -T fields -E header=y -E separator=/t -E occurrence=a "${args[@]}" 2>/dev/null
    } > "$name.tshark.tsv"
done
echo "wrote the MariaDB samples' .tshark.tsv files with tshark $version" >&2
