using System.Buffers.Binary;

namespace Dissectors.Protocols.Scylla;

/// <summary>Which optional fields a connection's request or response headers carry.</summary>
internal enum HeaderShape : byte
{
    /// <summary>Negotiation not seen and not inferred yet.</summary>
    Unknown,
    /// <summary>Requests without the u64 timeout / responses without the u32 handler duration.</summary>
    Plain,
    /// <summary>Requests with the u64 timeout (TIMEOUT) / responses with the u32 handler duration (HANDLER_DURATION).</summary>
    Extended,
}

/// <summary>The compression a connection's negotiation chose (Seastar's COMPRESS feature).</summary>
internal enum ScyllaCompression : byte
{
    None,
    Lz4,
    Lz4Fragmented,
    ScyllaV3,
    /// <summary>An algorithm name dissect does not know: frames are shown compressed.</summary>
    Other,
}

/// <summary>Seastar's <c>protocol_features</c>, as bits.</summary>
[Flags]
internal enum ScyllaFeatures : byte
{
    None = 0,
    Compress = 1 << 0,
    Timeout = 1 << 1,
    ConnectionId = 1 << 2,
    StreamParent = 1 << 3,
    Isolation = 1 << 4,
    HandlerDuration = 1 << 5,
}

/// <summary>
/// Seastar RPC wire layout (doc/rpc.md; every integer little-endian).
/// <code>
///  negotiation: | "SSTARRPC" (8) | len u32 | { feature u32 | flen u32 | data[flen] }* |
///  request:     | [timeout u64 if TIMEOUT] | verb u64 | msg_id i64 | len u32 | data[len] |
///  response:    | msg_id i64 | len u32 | [handler_duration u32 if HANDLER_DURATION] | data[len] |
///  compressed:  | len u32 | compressed[len] |        (wraps any frame once COMPRESS is negotiated)
///  stream:      | len u32 | data[len] |              (len 0xffffffff: end of stream)
/// </code>
/// </summary>
internal static class ScyllaHeader
{
    public static ReadOnlySpan<byte> Magic => "SSTARRPC"u8;

    public const int NegotiationHeaderSize = 12;
    public const int RequestHeaderSize = 20;
    public const int RequestHeaderSizeWithTimeout = 28;
    public const int ResponseHeaderSize = 12;
    public const int ResponseHeaderSizeWithDuration = 16;
    public const int FrameLengthSize = 4;
    public const uint EndOfStream = 0xFFFF_FFFF;

    public const int FeatureCompress = 0;
    public const int FeatureTimeout = 1;
    public const int FeatureConnectionId = 2;
    public const int FeatureStreamParent = 3;
    public const int FeatureIsolation = 4;
    public const int FeatureHandlerDuration = 5;

    public const uint ExceptionUser = 0;
    public const uint ExceptionUnknownVerb = 1;

    /// <summary>
    /// Largest message dissect buffers. Seastar has no protocol limit; ScyllaDB keeps mutations far below
    /// this (tshark treats anything above 64 MiB as not a request).
    /// </summary>
    public const long MaxMessageBytes = 64L * 1024 * 1024;

    /// <summary>A negotiation frame is a handful of feature records.</summary>
    public const long MaxNegotiationBytes = 64 * 1024;

    /// <summary>Message ids count up from 1 per connection and are never reused; anything this large is not one.</summary>
    public const long MaxPlausibleMsgId = 1L << 48;

    /// <summary>Verb ids past the table (future ScyllaDB releases) are accepted up to here when resynchronising.</summary>
    public const ulong MaxPlausibleVerb = 255;

    /// <summary>Timeouts are milliseconds; a week is far beyond any RPC timeout.</summary>
    public const ulong MaxPlausibleTimeout = 7UL * 24 * 3600 * 1000;

    public const int Lz4FragmentSize = 32 * 1024;

    public static bool StartsWithMagic(ReadOnlySpan<byte> b) => b.Length >= Magic.Length && b[..Magic.Length].SequenceEqual(Magic);

    /// <summary>True when <paramref name="b"/> is a proper prefix of the magic (the rest may still come).</summary>
    public static bool IsMagicPrefix(ReadOnlySpan<byte> b) => b.Length < Magic.Length && Magic[..b.Length].SequenceEqual(b);

    public static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);

    public static ulong U64(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);

    public static long I64(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadInt64LittleEndian(b[offset..]);

    public static int RequestHeaderLength(bool timeout) => timeout ? RequestHeaderSizeWithTimeout : RequestHeaderSize;

    public static int ResponseHeaderLength(bool duration) => duration ? ResponseHeaderSizeWithDuration : ResponseHeaderSize;

    /// <summary>Plausible request header at the start of <paramref name="b"/> (needs the whole header).</summary>
    public static bool IsPlausibleRequest(ReadOnlySpan<byte> b, bool timeout)
    {
        int hl = RequestHeaderLength(timeout);
        if (b.Length < hl)
        {
            return false;
        }

        int o = timeout ? 8 : 0;
        if (timeout && U64(b, 0) > MaxPlausibleTimeout)
        {
            return false;
        }

        long id = I64(b, o + 8);
        return U64(b, o) <= MaxPlausibleVerb && id > 0 && id < MaxPlausibleMsgId && U32(b, o + 16) <= MaxMessageBytes;
    }

    /// <summary>Plausible response header at the start of <paramref name="b"/> (needs the whole header).</summary>
    public static bool IsPlausibleResponse(ReadOnlySpan<byte> b, bool duration)
    {
        if (b.Length < ResponseHeaderLength(duration))
        {
            return false;
        }

        long id = I64(b, 0);
        return id != 0 && id > -MaxPlausibleMsgId && id < MaxPlausibleMsgId && U32(b, 8) <= MaxMessageBytes;
    }

    /// <summary>Whether a request verb gets a response (tshark's list of one-way verbs: no response is expected).</summary>
    public static bool ResponseExpected(ulong verb) => verb switch
    {
        6 or 7 or 8 or 10 or 11 or 1 or 2 or 24 or 42 or 41 or 43 => false,
        _ => true,
    };
}
