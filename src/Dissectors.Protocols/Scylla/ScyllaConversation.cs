using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// What one Seastar RPC connection remembers: what each side's negotiation frame offered or accepted
/// (it changes the shape of every later header), the compression chosen, whether it is a stream
/// connection, and the requests still waiting for a response, by message id.
/// </summary>
internal sealed class ScyllaConversation
{
    /// <summary>Open requests by message id; capped (the oldest is evicted) so unanswered floods stay bounded.</summary>
    public TransactionTable Requests { get; } = new(16_384);

    public ScyllaFeatures ClientFeatures { get; set; }

    public ScyllaFeatures ServerFeatures { get; set; }

    public bool ClientNegotiated { get; set; }

    public bool ServerNegotiated { get; set; }

    public ScyllaCompression Compression { get; set; }

    /// <summary>STREAM_PARENT was negotiated: both directions carry stream frames.</summary>
    public bool IsStream { get; set; }

    /// <summary>A connection on the TLS port that did not start with a Seastar negotiation: TLS, not decrypted.</summary>
    public bool Tls { get; set; }

    /// <summary>The first TLS PDU of the connection was shown (it carries the explanation once).</summary>
    public bool TlsAnnounced { get; set; }

    public HeaderShape RequestShape { get; set; }

    public HeaderShape ResponseShape { get; set; }

    /// <summary>The header shape of that direction was inferred from the bytes; the next PDU says so once.</summary>
    public bool RequestShapeInferred { get; set; }

    public bool ResponseShapeInferred { get; set; }

    public DirectionState ToServer { get; } = new();

    public DirectionState ToClient { get; } = new();

    public DirectionState Of(Direction d) => d == Direction.ToServer ? ToServer : ToClient;

    /// <summary>Back to the state of a new connection (pooling).</summary>
    public void Reset()
    {
        Requests.Clear();
        ClientFeatures = ServerFeatures = default;
        ClientNegotiated = ServerNegotiated = false;
        Compression = default;
        IsStream = Tls = TlsAnnounced = false;
        RequestShape = ResponseShape = default;
        RequestShapeInferred = ResponseShapeInferred = false;
        ToServer.Reset();
        ToClient.Reset();
    }

    /// <summary>A feature both sides agreed on (the server's reply is authoritative; the client's offer until it is seen).</summary>
    public bool Agreed(ScyllaFeatures f) => ServerNegotiated ? (ServerFeatures & f) != 0 : ClientNegotiated && (ClientFeatures & f) != 0;

    internal sealed class DirectionState
    {
        /// <summary>A negotiation frame or a gap was seen at the head of this direction (its start is settled).</summary>
        public bool Started;

        /// <summary>This direction's negotiation frame was seen.</summary>
        public bool Negotiated;

        /// <summary>The PDU just sized is a header with an impossible length, shown alone before resynchronising.</summary>
        public bool HeaderOnly;

        /// <summary>The next GetPduLength reports a desync so the stream resynchronises.</summary>
        public bool ResyncPending;

        public void Reset() => Started = Negotiated = HeaderOnly = ResyncPending = false;
    }
}
