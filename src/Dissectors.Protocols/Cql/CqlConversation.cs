using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// What one CQL connection remembers between PDUs: the protocol version and compression the STARTUP
/// negotiated (or that the bytes revealed), whether each direction has switched to v5 segment framing,
/// the envelope being reassembled from v5 segments, and the open requests by stream id.
/// </summary>
internal sealed class CqlConversation
{
    /// <summary>
    /// The latest request on each stream id. tshark binds a response to the latest request on its stream
    /// (even one already answered), so entries are replaced, never removed; stream ids are shorts, so the
    /// table is bounded by the id space (Core's TransactionTable queues every request for eviction, which
    /// grows without need here). Rented from the module on the first request and given back when the
    /// connection ends, so a capture of many short connections does not grow a new table for each.
    /// </summary>
    public CqlStreamTable? Streams { get; set; }

    /// <summary>Protocol version of the connection (from STARTUP/OPTIONS or the first frame), 0 while unknown.</summary>
    public int Version { get; set; }

    /// <summary>The client sent a STARTUP asking for protocol v5 (segments follow READY/AUTHENTICATE).</summary>
    public bool StartupV5 { get; set; }

    public CqlCompression Compression { get; set; } = CqlCompression.Unknown;

    public DirectionState ToServer { get; } = new();

    public DirectionState ToClient { get; } = new();

    public DirectionState Of(Direction d) => d == Direction.ToServer ? ToServer : ToClient;

    /// <summary>Back to the state of a new connection (pooling); the stream table must have been given back.</summary>
    public void Reset()
    {
        Streams = null;
        Version = 0;
        StartupV5 = false;
        Compression = CqlCompression.Unknown;
        ToServer.Reset();
        ToClient.Reset();
    }

    /// <summary>Per-direction framing state.</summary>
    internal sealed class DirectionState
    {
        /// <summary>This direction carries v5 segments (after the STARTUP handshake).</summary>
        public bool Segments;

        /// <summary>Segments use the 8-byte LZ4 header (COMPRESSION=lz4 on a v5 connection).</summary>
        public bool SegmentsCompressed;

        /// <summary>Segments' format was learnt from a valid CRC, not from a STARTUP.</summary>
        public bool SegmentFormatKnown;

        /// <summary>The PDU GetPduLength just sized is a header to show on its own (impossible length or bad CRC).</summary>
        public bool HeaderOnly;

        /// <summary>The next GetPduLength must report a desync so the stream resynchronises.</summary>
        public bool ResyncPending;

        /// <summary>An envelope spanning segments: bytes so far.</summary>
        public byte[] Envelope = [];
        public int EnvelopeHave;

        /// <summary>Total length of that envelope (header + body), or -1 while fewer than 9 bytes are in.</summary>
        public long EnvelopeTotal = -1;

        public int EnvelopeSegments;

        /// <summary>A gap or a bad start: skip non-self-contained segments until an envelope start is seen.</summary>
        public bool EnvelopeBroken;

        /// <summary>Back to the state of a new direction, keeping no envelope buffer.</summary>
        public void Reset()
        {
            Segments = false;
            SegmentsCompressed = false;
            SegmentFormatKnown = false;
            HeaderOnly = false;
            ResyncPending = false;
            Envelope = [];
            EnvelopeHave = 0;
            EnvelopeTotal = -1;
            EnvelopeSegments = 0;
            EnvelopeBroken = false;
        }

        public void ClearEnvelope()
        {
            EnvelopeHave = 0;
            EnvelopeTotal = -1;
            EnvelopeSegments = 0;
            if (Envelope.Length > 1024 * 1024)
            {
                // Do not keep a big buffer after a big envelope.
                Envelope = [];
            }
        }
    }
}
