using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.MySql;

/// <summary>
/// MySQL expert items. The first block is tshark 4.0's (same abbreviation; group and severity as in
/// packet-mysql.c); the rest are dissect's own, named <c>mysql.&lt;what&gt;</c>.
/// </summary>
internal sealed class MySqlExpert
{
    public MySqlExpert(FieldRegistry r)
    {
        DissectorIncomplete = r.AddExpert("mysql.dissector_incomplete", "FIXME - dissector is incomplete", ExpertGroup.Undecoded, ExpertSeverity.Warning);
        StreamedParam = r.AddExpert("mysql.streamed_param", "This parameter was streamed, its value can be found in Send BLOB packets", ExpertGroup.Protocol, ExpertSeverity.Chat);
        PrepareResponseNeeded = r.AddExpert("mysql.prepare_response_needed", "PREPARE Response packet is needed to dissect the payload", ExpertGroup.Sequence, ExpertSeverity.Warning);
        CommandInvalid = r.AddExpert("mysql.command.invalid", "Unknown/invalid command code", ExpertGroup.Protocol, ExpertSeverity.Warning);
        UnknownResponse = r.AddExpert("mysql.unknown_response", "unknown/invalid response", ExpertGroup.Protocol, ExpertSeverity.Warning);
        InvalidLength = r.AddExpert("mysql.invalid_length", "Invalid length", ExpertGroup.Malformed, ExpertSeverity.Error);
        UncompressFailure = r.AddExpert("mysql.uncompress_failure", "Uncompression faled", ExpertGroup.Malformed, ExpertSeverity.Error);

        Truncated = r.AddExpert("mysql.truncated", "Packet ends before this field", ExpertGroup.Malformed, ExpertSeverity.Error);
        TrailingBytes = r.AddExpert("mysql.trailing_bytes", "Bytes after the end of the message", ExpertGroup.Protocol, ExpertSeverity.Note);
        DecompressRefused = r.AddExpert("mysql.decompression_refused", "Declared uncompressed size is above the limit or impossible for the compressed size", ExpertGroup.Malformed, ExpertSeverity.Error);
        Encrypted = r.AddExpert("mysql.tls", "SSL request: the rest of the connection is TLS", ExpertGroup.Comment, ExpertSeverity.Chat);
        Continuation = r.AddExpert("mysql.continuation", "Part of a payload of 16 MiB or more (0xFFFFFF packet): joined with the next packets", ExpertGroup.Reassemble, ExpertSeverity.Chat);
        TooLarge = r.AddExpert("mysql.payload_too_large", "Joined payload above dissect's limit: not reassembled", ExpertGroup.Malformed, ExpertSeverity.Warning);
        Resync = r.AddExpert("mysql.resync", "Not a plausible MySQL packet: skipped to the next plausible header", ExpertGroup.Sequence, ExpertSeverity.Warning);
        CountTooLarge = r.AddExpert("mysql.count_too_large", "Count larger than the bytes left can hold", ExpertGroup.Malformed, ExpertSeverity.Error);
    }

    public ExpertDef DissectorIncomplete { get; }
    public ExpertDef StreamedParam { get; }
    public ExpertDef PrepareResponseNeeded { get; }
    public ExpertDef CommandInvalid { get; }
    public ExpertDef UnknownResponse { get; }
    public ExpertDef InvalidLength { get; }
    public ExpertDef UncompressFailure { get; }
    public ExpertDef Truncated { get; }
    public ExpertDef TrailingBytes { get; }
    public ExpertDef DecompressRefused { get; }
    public ExpertDef Encrypted { get; }
    public ExpertDef Continuation { get; }
    public ExpertDef TooLarge { get; }
    public ExpertDef Resync { get; }
    public ExpertDef CountTooLarge { get; }
}
