using System.Buffers.Binary;

namespace Dissectors.Testing;

/// <summary>
/// Builds Ethernet/IPv4/TCP frames for one connection, tracking sequence numbers the way a real sender
/// would, so tests can say "client sends these bytes" and get wire-correct frames (checksums included).
/// Use <see cref="Segment"/> for hand-made seq/ack values (reordering, retransmission, gaps).
/// </summary>
public sealed class TcpFlowBuilder
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    private readonly byte[] _client;
    private readonly byte[] _server;
    private ushort _ipId = 1;

    public TcpFlowBuilder(ushort clientPort = 40000, ushort serverPort = 9999, uint clientIsn = 1000, uint serverIsn = 5000,
        byte[]? clientIp = null, byte[]? serverIp = null)
    {
        ClientPort = clientPort;
        ServerPort = serverPort;
        ClientSeq = clientIsn;
        ServerSeq = serverIsn;
        _client = clientIp ?? [10, 0, 0, 1];
        _server = serverIp ?? [10, 0, 0, 2];
    }

    public ushort ClientPort { get; }

    public ushort ServerPort { get; }

    /// <summary>The client's next sequence number.</summary>
    public uint ClientSeq { get; set; }

    /// <summary>The server's next sequence number.</summary>
    public uint ServerSeq { get; set; }

    /// <summary>Frames built so far, in order.</summary>
    public List<byte[]> Frames { get; } = [];

    /// <summary>SYN, SYN-ACK, ACK.</summary>
    public TcpFlowBuilder Handshake()
    {
        Segment(true, ClientSeq, 0, Syn, []);
        ClientSeq++;
        Segment(false, ServerSeq, ClientSeq, Syn | Ack, []);
        ServerSeq++;
        Segment(true, ClientSeq, ServerSeq, Ack, []);
        return this;
    }

    /// <summary>Data from one side at its current sequence number (advances it).</summary>
    public byte[] Send(bool fromClient, ReadOnlySpan<byte> payload)
    {
        byte[] frame;
        if (fromClient)
        {
            frame = Segment(true, ClientSeq, ServerSeq, Psh | Ack, payload);
            ClientSeq += (uint)payload.Length;
        }
        else
        {
            frame = Segment(false, ServerSeq, ClientSeq, Psh | Ack, payload);
            ServerSeq += (uint)payload.Length;
        }

        return frame;
    }

    /// <summary>Builds (and records) one segment with explicit numbers.</summary>
    public byte[] Segment(bool fromClient, uint seq, uint ack, byte flags, ReadOnlySpan<byte> payload, ushort window = 512)
    {
        var src = fromClient ? _client : _server;
        var dst = fromClient ? _server : _client;
        ushort sport = fromClient ? ClientPort : ServerPort;
        ushort dport = fromClient ? ServerPort : ClientPort;
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sport);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), ack);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), window);
        payload.CopyTo(tcp.AsSpan(20));
        var pseudo = new byte[12 + tcp.Length];
        src.CopyTo(pseudo, 0);
        dst.CopyTo(pseudo, 4);
        pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)tcp.Length);
        tcp.CopyTo(pseudo, 12);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), Checksum(pseudo));

        var ip = new byte[20 + tcp.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), _ipId++);
        ip[6] = 0x40;
        ip[8] = 64;
        ip[9] = 6;
        src.CopyTo(ip, 12);
        dst.CopyTo(ip, 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Checksum(ip.AsSpan(0, 20)));
        tcp.CopyTo(ip, 20);

        var frame = new byte[14 + ip.Length];
        frame[11] = fromClient ? (byte)1 : (byte)2;
        frame[5] = fromClient ? (byte)2 : (byte)1;
        frame[12] = 0x08;
        ip.CopyTo(frame, 14);
        Frames.Add(frame);
        return frame;
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
