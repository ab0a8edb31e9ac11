using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// CQL expert items. The first two are tshark's (same abbreviation, group and severity); the rest are
/// dissect's own, named <c>cql.&lt;what&gt;</c>.
/// </summary>
internal sealed class CqlExpert
{
    public CqlExpert(FieldRegistry r)
    {
        DataNotDissected = r.AddExpert("cql.ie_data_not_dissected_yet", "IE data not dissected yet", ExpertGroup.Undecoded, ExpertSeverity.Warning);
        UnexpectedNegative = r.AddExpert("cql.unexpected_negative_value", "Unexpected negative value", ExpertGroup.Undecoded, ExpertSeverity.Error);
        Truncated = r.AddExpert("cql.truncated", "Message body ends before this field", ExpertGroup.Malformed, ExpertSeverity.Error);
        TrailingBytes = r.AddExpert("cql.trailing_bytes", "Bytes after the end of the message", ExpertGroup.Protocol, ExpertSeverity.Note);
        CountTooLarge = r.AddExpert("cql.count_too_large", "Element count larger than the bytes left can hold", ExpertGroup.Malformed, ExpertSeverity.Error);
        BadValueLength = r.AddExpert("cql.bad_value_length", "Value length does not fit its type", ExpertGroup.Protocol, ExpertSeverity.Warning);
        DepthExceeded = r.AddExpert("cql.type_too_deep", "Type nesting deeper than dissect follows", ExpertGroup.Undecoded, ExpertSeverity.Warning);
        UnknownType = r.AddExpert("cql.unknown_type", "Unknown CQL data type: the rest of the value cannot be decoded", ExpertGroup.Undecoded, ExpertSeverity.Warning);
        DecompressFailed = r.AddExpert("cql.decompression_failed", "The compressed body could not be decompressed", ExpertGroup.Malformed, ExpertSeverity.Error);
        DecompressBomb = r.AddExpert("cql.decompression_refused", "Declared decompressed size is above the limit or impossible for the input size", ExpertGroup.Malformed, ExpertSeverity.Error);
        HeaderCrcBad = r.AddExpert("cql.segment.header_crc24.bad", "Bad v5 segment header CRC24", ExpertGroup.Checksum, ExpertSeverity.Error);
        PayloadCrcBad = r.AddExpert("cql.segment.payload_crc32.bad", "Bad v5 segment payload CRC32", ExpertGroup.Checksum, ExpertSeverity.Error);
        EnvelopeStartMissing = r.AddExpert("cql.envelope.start_missing", "Continuation of a v5 envelope whose start was not captured", ExpertGroup.Reassemble, ExpertSeverity.Warning);
        EnvelopeCut = r.AddExpert("cql.envelope.cut", "v5 envelope cut short: a segment of it is missing", ExpertGroup.Reassemble, ExpertSeverity.Warning);
        EnvelopeTooLarge = r.AddExpert("cql.envelope.too_large", "Envelope length is above the 256 MiB protocol limit", ExpertGroup.Malformed, ExpertSeverity.Error);
        EnvelopeInSegment = r.AddExpert("cql.envelope.truncated", "A self-contained v5 segment ends inside an envelope", ExpertGroup.Malformed, ExpertSeverity.Error);
        PreparedUnknown = r.AddExpert("cql.prepared.unknown", "The PREPARE of this statement id was not captured: values are shown raw", ExpertGroup.Sequence, ExpertSeverity.Note);
        ReservedFlags = r.AddExpert("cql.flags.reserved_set", "Reserved header flags are set", ExpertGroup.Protocol, ExpertSeverity.Note);
    }

    public ExpertDef DataNotDissected { get; }
    public ExpertDef UnexpectedNegative { get; }
    public ExpertDef Truncated { get; }
    public ExpertDef TrailingBytes { get; }
    public ExpertDef CountTooLarge { get; }
    public ExpertDef BadValueLength { get; }
    public ExpertDef DepthExceeded { get; }
    public ExpertDef UnknownType { get; }
    public ExpertDef DecompressFailed { get; }
    public ExpertDef DecompressBomb { get; }
    public ExpertDef HeaderCrcBad { get; }
    public ExpertDef PayloadCrcBad { get; }
    public ExpertDef EnvelopeStartMissing { get; }
    public ExpertDef EnvelopeCut { get; }
    public ExpertDef EnvelopeTooLarge { get; }
    public ExpertDef EnvelopeInSegment { get; }
    public ExpertDef PreparedUnknown { get; }
    public ExpertDef ReservedFlags { get; }
}
