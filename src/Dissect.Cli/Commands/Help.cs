namespace Dissect.Cli.Commands;

/// <summary>The description and examples shown by <c>dissect --help</c>.</summary>
internal static class Help
{
    public const string Description = """
        dissect: a fast, Wireshark-compatible dissector for database wire protocols (CQL, ScyllaDB RPC,
        MySQL/MariaDB, Tarantool). Reads pcap/pcapng captures, reassembles TCP, filters with Wireshark's
        display-filter language.

        Examples:
          dissect capture.pcap                                   one summary line per frame
          dissect capture.pcap -Y "cql.opcode == QUERY" -V       full trees of the CQL queries
          dissect capture.pcap -Y 'mysql.query contains "orders"' -T fields -e frame.number -e mysql.query
          dissect capture.pcap -T fields -E header=y -E separator=, -e frame.number -e tcp.stream -e tcp.len
          dissect capture.pcap -Y tcp.analysis.retransmission --count
          dissect capture.pcap -T jsonl -Y "tcp.port == 3306" | jq .
          dissect capture.pcap -d tcp.port==19042,cql -Y cql          decode a non-standard port
          dissect capture.pcap -Y "tcp.flags.reset == 1" -w resets.pcapng
          dissect fields cql                                      the fields dissect knows, like tshark -G fields

        Exit codes: 0 done (with -Y: something matched), 1 the filter matched nothing, 2 usage or filter
        error, 3 input missing or not a capture, 4 damaged input with --strict.
        """;
}
