using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// The Scylla RPC fields. The first block is tshark 4.0.17's 24 <c>scylla.*</c> fields with their exact
/// abbreviations, names and types (<c>tshark -G fields</c>); the second adds what tshark 4.0 has no field
/// for, using Wireshark 4.6's names where they exist (<c>scylla.connection_id</c>,
/// <c>scylla.negotiation.feature.*</c>, <c>scylla.isolation_cookie</c>, <c>scylla.streaming.length</c>).
/// </summary>
internal sealed class ScyllaFields
{
    public ScyllaFields(FieldRegistry r)
    {
        Protocol = r.AddProtocol("scylla", "Scylla RPC protocol", "Scylla");

        // ---- tshark 4.0.17 ----
        Request = r.Add("scylla.request", "request", FieldType.String);
        RequestResponse = r.Add("scylla.request.response", "Response frame", FieldType.FrameNum);
        Timeout = r.Add("scylla.timeout", "RPC timeout", FieldType.UInt64, FieldBase.Dec);
        Verb = r.Add("scylla.verb", "verb", FieldType.UInt64, FieldBase.Dec, ScyllaValues.Verb);
        MsgId = r.Add("scylla.msg_id", "msg id", FieldType.UInt64, FieldBase.Dec);
        Len = r.Add("scylla.len", "packet length", FieldType.UInt32, FieldBase.Dec);
        Payload = r.Add("scylla.payload", "payload", FieldType.Bytes);
        Response = r.Add("scylla.response", "response", FieldType.String);
        ResponseSize = r.Add("scylla.response.size", "response size", FieldType.UInt32, FieldBase.Dec);
        ResponseRequest = r.Add("scylla.response.request", "Request frame", FieldType.FrameNum);
        NegotiationMagic = r.Add("scylla.negotiation.magic", "negotiation magic sequence", FieldType.String);
        NegotiationSize = r.Add("scylla.negotiation.size", "negotiation size", FieldType.UInt32, FieldBase.Dec);
        MutSize1 = r.Add("scylla.mut.size1", "mutation size 1", FieldType.UInt32, FieldBase.Dec);
        MutSize2 = r.Add("scylla.mut.size2", "mutation size 2", FieldType.UInt32, FieldBase.Dec);
        MutTableId = r.Add("scylla.mut.table_id", "mutation table id", FieldType.Bytes);
        MutSchemaId = r.Add("scylla.mut.schema_id", "mutation schema id", FieldType.Bytes);
        MutLenPkeys = r.Add("scylla.mut.len_pkeys", "size of partition keys payload", FieldType.UInt32, FieldBase.Dec);
        MutNumPkeys = r.Add("scylla.mut.num_pkeys", "number of partition keys", FieldType.UInt32, FieldBase.Dec);
        MutLenPkey = r.Add("scylla.mut.len_pkey", "length of a partition key", FieldType.UInt32, FieldBase.Dec);
        MutPkey = r.Add("scylla.mut.pkey", "partition key", FieldType.Bytes);
        ReadDataTimeout = r.Add("scylla.read_data.timeout", "timeout", FieldType.UInt32, FieldBase.Dec);
        ReadDataTableId = r.Add("scylla.read_data.table_id", "table ID", FieldType.Bytes);
        ReadDataSchemaVersion = r.Add("scylla.read_data.schema_version", "Schema version", FieldType.Bytes);

        // ---- dissect's own (Wireshark 4.6 names where it has them) ----
        ResponseTime = r.Add("scylla.response_time", "Response time", FieldType.RelativeTime,
            blurb: "The time between the request and its response");
        Feature = r.Add("scylla.negotiation.feature", "Feature", FieldType.None);
        FeatureNumber = r.Add("scylla.negotiation.feature.number", "Feature number", FieldType.UInt32, FieldBase.Dec, ScyllaValues.Feature);
        FeatureLen = r.Add("scylla.negotiation.feature.len", "Feature length", FieldType.UInt32, FieldBase.Dec);
        FeatureData = r.Add("scylla.negotiation.feature.data", "Feature data", FieldType.Bytes);
        Compression = r.Add("scylla.negotiation.compression", "Compression algorithms", FieldType.String,
            blurb: "The client's comma-separated offer, or the server's choice");
        ConnectionId = r.Add("scylla.connection_id", "Connection ID", FieldType.UInt64, FieldBase.Dec);
        StreamParent = r.Add("scylla.stream_parent", "Stream parent connection ID", FieldType.UInt64, FieldBase.Dec,
            blurb: "This connection is a stream of the connection with this ID");
        IsolationCookieLen = r.Add("scylla.isolation_cookie.len", "Isolation cookie length", FieldType.UInt32, FieldBase.Dec);
        IsolationCookie = r.Add("scylla.isolation_cookie", "Isolation cookie", FieldType.String);
        HandlerDuration = r.Add("scylla.handler_duration", "Handler duration (us)", FieldType.UInt32, FieldBase.Dec,
            blurb: "Time the server spent in the handler, in microseconds (4294967295: not measured)");
        Exception = r.Add("scylla.exception", "Exception", FieldType.None);
        ExceptionType = r.Add("scylla.exception.type", "Exception type", FieldType.UInt32, FieldBase.Dec, ScyllaValues.ExceptionType);
        ExceptionLen = r.Add("scylla.exception.len", "Exception length", FieldType.UInt32, FieldBase.Dec);
        ExceptionMessage = r.Add("scylla.exception.message", "Exception message", FieldType.String);
        ExceptionVerb = r.Add("scylla.exception.verb", "Unknown verb", FieldType.UInt64, FieldBase.Dec, ScyllaValues.Verb);
        StreamingLength = r.Add("scylla.streaming.length", "Stream frame length", FieldType.UInt32, FieldBase.Dec);
        StreamingEnd = r.Add("scylla.streaming.end", "End of stream", FieldType.None);
        StreamingData = r.Add("scylla.streaming.data", "Stream frame data", FieldType.Bytes);
        CompressedLength = r.Add("scylla.compressed.length", "Compressed frame length", FieldType.UInt32, FieldBase.Dec);
        CompressedAlgorithm = r.Add("scylla.compressed.algorithm", "Compression algorithm", FieldType.String);
        CompressedSize = r.Add("scylla.compressed.uncompressed_size", "Uncompressed size", FieldType.UInt32, FieldBase.Dec);
        CompressedChunk = r.Add("scylla.compressed.chunk_header", "Chunk header", FieldType.UInt32, FieldBase.Hex);
        V3Algorithm = r.Add("scylla.compressed.v3_algorithm", "SCYLLA_V3 algorithm", FieldType.UInt8, FieldBase.Dec, ScyllaValues.V3Algorithm);
        CompressedData = r.Add("scylla.compressed.data", "Compressed data", FieldType.Bytes);

        // ---- verb bodies beyond tshark's (ScyllaDB's IDL) ----
        GossipClusterId = r.Add("scylla.gossip.cluster_id", "Cluster name", FieldType.String);
        GossipPartitioner = r.Add("scylla.gossip.partitioner", "Partitioner", FieldType.String);
        GossipDigestCount = r.Add("scylla.gossip.digests", "Number of digests", FieldType.UInt32, FieldBase.Dec);
        GossipDigest = r.Add("scylla.gossip.digest", "Gossip digest", FieldType.None);
        GossipEndpoint = r.Add("scylla.gossip.endpoint", "Endpoint", FieldType.IPv4);
        GossipEndpointIPv6 = r.Add("scylla.gossip.endpoint_ipv6", "Endpoint (IPv6)", FieldType.IPv6);
        GossipGeneration = r.Add("scylla.gossip.generation", "Generation", FieldType.Int32, FieldBase.Dec);
        GossipMaxVersion = r.Add("scylla.gossip.version", "Max version", FieldType.Int32, FieldBase.Dec);
        GossipGroup0Id = r.Add("scylla.gossip.group0_id", "Group 0 id", FieldType.Bytes,
            blurb: "utils::UUID as two little-endian int64 (most, then least significant bits)");
        GossipEndpointStateCount = r.Add("scylla.gossip.endpoint_states", "Number of endpoint states", FieldType.UInt32, FieldBase.Dec);
        GossipEndpointState = r.Add("scylla.gossip.endpoint_state", "Endpoint state", FieldType.None);
        GossipHeartBeat = r.Add("scylla.gossip.heart_beat", "Heart beat state", FieldType.None);
        GossipHeartBeatGeneration = r.Add("scylla.gossip.heart_beat.generation", "Heart beat generation", FieldType.Int32, FieldBase.Dec);
        GossipHeartBeatVersion = r.Add("scylla.gossip.heart_beat.version", "Heart beat version", FieldType.Int32, FieldBase.Dec);
        GossipAppState = r.Add("scylla.gossip.app_state", "Application state", FieldType.None);
        GossipAppStateId = r.Add("scylla.gossip.app_state.id", "Application state", FieldType.UInt32, FieldBase.Dec, ScyllaValues.ApplicationState);
        GossipAppValue = r.Add("scylla.gossip.app_state.value", "Value", FieldType.String);
        GossipAppVersion = r.Add("scylla.gossip.app_state.version", "Version", FieldType.Int32, FieldBase.Dec);
        ReadCommandSize = r.Add("scylla.read_command.size", "read_command size", FieldType.UInt32, FieldBase.Dec,
            blurb: "The read_command frame size (what tshark shows as scylla.read_data.timeout for READ_DATA)");
        ReadCommandTableId = r.Add("scylla.read_command.table_id", "Table ID", FieldType.Bytes);
        ReadCommandSchemaVersion = r.Add("scylla.read_command.schema_version", "Schema version", FieldType.Bytes);
        Shard = r.Add("scylla.shard", "Shard", FieldType.UInt32, FieldBase.Dec);
        ResponseId = r.Add("scylla.response_id", "Write response id", FieldType.UInt64, FieldBase.Dec,
            blurb: "The coordinator's id of the write this acknowledges");
        NumFailed = r.Add("scylla.num_failed", "Number of failed mutations", FieldType.UInt64, FieldBase.Dec);
        MutationCount = r.Add("scylla.counter_mutation.count", "Number of mutations", FieldType.UInt32, FieldBase.Dec);
    }

    public FieldId Protocol { get; }
    public FieldId Request { get; }
    public FieldId RequestResponse { get; }
    public FieldId Timeout { get; }
    public FieldId Verb { get; }
    public FieldId MsgId { get; }
    public FieldId Len { get; }
    public FieldId Payload { get; }
    public FieldId Response { get; }
    public FieldId ResponseSize { get; }
    public FieldId ResponseRequest { get; }
    public FieldId NegotiationMagic { get; }
    public FieldId NegotiationSize { get; }
    public FieldId MutSize1 { get; }
    public FieldId MutSize2 { get; }
    public FieldId MutTableId { get; }
    public FieldId MutSchemaId { get; }
    public FieldId MutLenPkeys { get; }
    public FieldId MutNumPkeys { get; }
    public FieldId MutLenPkey { get; }
    public FieldId MutPkey { get; }
    public FieldId ReadDataTimeout { get; }
    public FieldId ReadDataTableId { get; }
    public FieldId ReadDataSchemaVersion { get; }
    public FieldId ResponseTime { get; }
    public FieldId Feature { get; }
    public FieldId FeatureNumber { get; }
    public FieldId FeatureLen { get; }
    public FieldId FeatureData { get; }
    public FieldId Compression { get; }
    public FieldId ConnectionId { get; }
    public FieldId StreamParent { get; }
    public FieldId IsolationCookieLen { get; }
    public FieldId IsolationCookie { get; }
    public FieldId HandlerDuration { get; }
    public FieldId Exception { get; }
    public FieldId ExceptionType { get; }
    public FieldId ExceptionLen { get; }
    public FieldId ExceptionMessage { get; }
    public FieldId ExceptionVerb { get; }
    public FieldId StreamingLength { get; }
    public FieldId StreamingEnd { get; }
    public FieldId StreamingData { get; }
    public FieldId CompressedLength { get; }
    public FieldId CompressedAlgorithm { get; }
    public FieldId CompressedSize { get; }
    public FieldId CompressedChunk { get; }
    public FieldId V3Algorithm { get; }
    public FieldId CompressedData { get; }
    public FieldId GossipClusterId { get; }
    public FieldId GossipPartitioner { get; }
    public FieldId GossipDigestCount { get; }
    public FieldId GossipDigest { get; }
    public FieldId GossipEndpoint { get; }
    public FieldId GossipEndpointIPv6 { get; }
    public FieldId GossipGeneration { get; }
    public FieldId GossipMaxVersion { get; }
    public FieldId GossipGroup0Id { get; }
    public FieldId GossipEndpointStateCount { get; }
    public FieldId GossipEndpointState { get; }
    public FieldId GossipHeartBeat { get; }
    public FieldId GossipHeartBeatGeneration { get; }
    public FieldId GossipHeartBeatVersion { get; }
    public FieldId GossipAppState { get; }
    public FieldId GossipAppStateId { get; }
    public FieldId GossipAppValue { get; }
    public FieldId GossipAppVersion { get; }
    public FieldId ReadCommandSize { get; }
    public FieldId ReadCommandTableId { get; }
    public FieldId ReadCommandSchemaVersion { get; }
    public FieldId Shard { get; }
    public FieldId ResponseId { get; }
    public FieldId NumFailed { get; }
    public FieldId MutationCount { get; }
}
