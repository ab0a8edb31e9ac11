#!/usr/bin/env bash
# Regenerates the expected outputs of tcp_edge_cases.pcap with tshark (the independent oracle).
# tshark 4.0 (Debian 12) made the committed files. DB dissectors are disabled and desegmentation off,
# so tshark shows what dissect's core shows for a port no dissector claims.
set -euo pipefail
cd "$(dirname "$0")"
fields=(frame.number frame.len frame.protocols eth.src eth.dst vlan.id ieee8021ad.id ip.src ip.dst ip.id ip.flags
  ip.flags.mf ip.frag_offset tcp.srcport tcp.dstport tcp.stream tcp.len tcp.seq tcp.ack tcp.nxtseq tcp.flags
  tcp.flags.str tcp.window_size_value tcp.window_size tcp.window_size_scalefactor tcp.completeness
  tcp.options.mss_val tcp.options.wscale.shift tcp.options.sack_le tcp.options.sack_re
  tcp.analysis.acks_frame tcp.analysis.ack_rtt tcp.analysis.initial_rtt tcp.analysis.bytes_in_flight
  tcp.analysis.push_bytes_sent tcp.analysis.flags tcp.analysis.retransmission tcp.analysis.fast_retransmission
  tcp.analysis.spurious_retransmission tcp.analysis.out_of_order tcp.analysis.lost_segment
  tcp.analysis.ack_lost_segment tcp.analysis.duplicate_ack tcp.analysis.duplicate_ack_num
  tcp.analysis.duplicate_ack_frame tcp.analysis.keep_alive tcp.analysis.keep_alive_ack tcp.analysis.window_update
  tcp.analysis.window_full tcp.analysis.zero_window tcp.analysis.reused_ports _ws.expert.message
  _ws.expert.severity _ws.expert.group tcp.time_relative tcp.time_delta data.data data.len)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
{
  echo "# made by: tshark $(tshark --version 2>/dev/null | head -1 | sed 's/.*TShark (Wireshark) //') -r tcp_edge_cases.pcap -o tcp.desegment_tcp_streams:FALSE -T fields -E header=y -E separator=/t -E occurrence=a"
  tshark -r tcp_edge_cases.pcap -o tcp.desegment_tcp_streams:FALSE -T fields -E header=y -E separator=/t -E occurrence=a "${args[@]}" 2>/dev/null
} > tcp_edge_cases.tshark.tsv
tshark -r tcp_edge_cases.pcap 2>/dev/null > tcp_edge_cases.summary.tshark.txt
echo "wrote tcp_edge_cases.tshark.tsv and tcp_edge_cases.summary.tshark.txt"
