using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// Scylla RPC expert items. The first is tshark's (same abbreviation, group and severity); the rest are
/// dissect's own, named <c>scylla.&lt;what&gt;</c>.
/// </summary>
internal sealed class ScyllaExpert
{
    public ScyllaExpert(FieldRegistry r)
    {
        ResponseMissing = r.AddExpert("scylla.ei_scylla_response_missing", "Response has not arrived yet", ExpertGroup.Comment, ExpertSeverity.Note);
        Truncated = r.AddExpert("scylla.truncated", "Message ends before this field", ExpertGroup.Malformed, ExpertSeverity.Error);
        UnknownFeature = r.AddExpert("scylla.negotiation.unknown_feature", "Unknown negotiation feature number", ExpertGroup.Protocol, ExpertSeverity.Warning);
        HeaderInferred = r.AddExpert("scylla.header_inferred", "Negotiation not captured: the header layout was inferred from the bytes", ExpertGroup.Sequence, ExpertSeverity.Note);
        UnknownVerb = r.AddExpert("scylla.verb.unknown", "Verb id beyond ScyllaDB's verb table", ExpertGroup.Protocol, ExpertSeverity.Warning);
        ResponseUnmatched = r.AddExpert("scylla.response.unmatched", "Response to a request that was not captured", ExpertGroup.Sequence, ExpertSeverity.Note);
        DecompressFailed = r.AddExpert("scylla.decompression_failed", "The compressed frame could not be decompressed", ExpertGroup.Malformed, ExpertSeverity.Error);
        DecompressBomb = r.AddExpert("scylla.decompression_refused", "Declared decompressed size is above the limit or impossible for the input size", ExpertGroup.Malformed, ExpertSeverity.Error);
        NotDecompressed = r.AddExpert("scylla.compressed.not_decoded", "Compressed with an algorithm dissect cannot undo (zstd with a trained dictionary)", ExpertGroup.Undecoded, ExpertSeverity.Note);
        NotIdl = r.AddExpert("scylla.body.not_idl", "Body does not follow ScyllaDB's IDL layout for this verb: shown as bytes", ExpertGroup.Undecoded, ExpertSeverity.Note);
        Tls = r.AddExpert("scylla.tls", "ScyllaDB's encrypted inter-node port: TLS, not decrypted", ExpertGroup.Comment, ExpertSeverity.Chat);
        TooLarge = r.AddExpert("scylla.length_too_large", "Declared length is above dissect's limit: resynchronising", ExpertGroup.Malformed, ExpertSeverity.Error);
    }

    public ExpertDef ResponseMissing { get; }
    public ExpertDef Truncated { get; }
    public ExpertDef UnknownFeature { get; }
    public ExpertDef HeaderInferred { get; }
    public ExpertDef UnknownVerb { get; }
    public ExpertDef ResponseUnmatched { get; }
    public ExpertDef DecompressFailed { get; }
    public ExpertDef DecompressBomb { get; }
    public ExpertDef NotDecompressed { get; }
    public ExpertDef TooLarge { get; }
    public ExpertDef NotIdl { get; }
    public ExpertDef Tls { get; }
}
