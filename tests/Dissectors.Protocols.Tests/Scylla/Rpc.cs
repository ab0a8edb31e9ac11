using System.Buffers.Binary;
using System.Text;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Builders for Seastar RPC bytes in tests (doc/rpc.md; all integers little-endian).</summary>
internal static class Rpc
{
    public const ushort Port = 7000;

    public static byte[] H(string hex) => Hex.Parse(hex);

    public static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    public static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    /// <summary>Feature record: number, length, data.</summary>
    public static byte[] Feature(uint number, ReadOnlySpan<byte> data) => [.. U32(number), .. U32((uint)data.Length), .. data];

    public static byte[] Negotiation(params byte[][] features)
    {
        var body = features.SelectMany(f => f).ToArray();
        return [.. "SSTARRPC"u8, .. U32((uint)body.Length), .. body];
    }

    public static byte[] Request(ulong verb, long msgId, ReadOnlySpan<byte> body, ulong? timeout = 1000)
    {
        var h = timeout is { } t ? U64(t) : [];
        return [.. h, .. U64(verb), .. U64((ulong)msgId), .. U32((uint)body.Length), .. body];
    }

    public static byte[] Response(long msgId, ReadOnlySpan<byte> body, uint? handlerDuration = null)
    {
        var d = handlerDuration is { } v ? U32(v) : [];
        return [.. U64((ulong)msgId), .. U32((uint)body.Length), .. d, .. body];
    }

    public static byte[] Str(string s) => Encoding.UTF8.GetBytes(s);

    public static Dissectors.Testing.TcpFlowBuilder Flow(ushort serverPort = Port, ushort clientPort = 40000) =>
        new Dissectors.Testing.TcpFlowBuilder(clientPort: clientPort, serverPort: serverPort).Handshake();

    /// <summary>A connection whose start (SYN and negotiation) was not captured.</summary>
    public static Dissectors.Testing.TcpFlowBuilder MidConnection(ushort serverPort = Port, ushort clientPort = 40000) =>
        new(clientPort: clientPort, serverPort: serverPort);

    /// <summary>Client offers TIMEOUT; server accepts it and assigns a connection id.</summary>
    public static (byte[] Client, byte[] Server) TimeoutNegotiation() =>
        (Negotiation(Feature(1, [])), Negotiation(Feature(1, []), Feature(2, U64(7))));
}
