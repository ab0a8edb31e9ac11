using System.Buffers.Binary;
using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Tests.Reassembly;

/// <summary>
/// A tiny test protocol on port 9999: <c>AB | length (u16 BE) | payload</c>. Lengths above
/// <see cref="MaxPayload"/> are impossible (a desync). Records every PDU it is handed.
/// </summary>
internal sealed class TlvModule : IProtocolModule
{
    public const byte Magic = 0xAB;
    public const int HeaderLength = 3;
    public const int MaxPayload = 1000;

    public string Name => "tlv";

    public FieldId Protocol { get; private set; }

    public FieldId Length { get; private set; }

    public FieldId Payload { get; private set; }

    public List<(uint Frame, Direction Direction, byte[] Pdu)> Pdus { get; } = [];

    /// <summary>Keep a copy of every PDU (off for allocation measurements).</summary>
    public bool Record { get; set; } = true;

    public List<(Direction Direction, long Lost)> Gaps { get; } = [];

    public int Ends { get; private set; }

    public void RegisterFields(FieldRegistry registry)
    {
        Protocol = registry.AddProtocol("tlv", "Test TLV protocol", "TLV");
        Length = registry.Add("tlv.length", "Length", FieldType.UInt16);
        Payload = registry.Add("tlv.payload", "Payload", FieldType.Bytes);
    }

    public void RegisterHandoffs(DissectorTable table) => table.AddPort(9999, this);

    public IStreamDissector CreateStreamDissector(ConversationInfo conversation) => new Dissector(this);

    private sealed class Dissector(TlvModule m) : IStreamDissector
    {
        public PduLength GetPduLength(ReadOnlySpan<byte> buffer, Direction direction)
        {
            if (buffer.Length < HeaderLength)
            {
                return PduLength.NeedMore(HeaderLength);
            }

            if (buffer[0] != Magic)
            {
                return PduLength.Invalid("bad magic");
            }

            int len = BinaryPrimitives.ReadUInt16BigEndian(buffer[1..]);
            return len > MaxPayload ? PduLength.Invalid("impossible length") : PduLength.Complete(HeaderLength + len);
        }

        public void Dissect(DissectContext context, ReadOnlySpan<byte> pdu, Direction direction)
        {
            if (m.Record)
            {
                m.Pdus.Add((context.Frame.Number, direction, pdu.ToArray()));
            }
            var t = context.Tree;
            int n = t.Open(m.Protocol, 0, pdu.Length);
            t.AddUInt(m.Length, 1, 2, BinaryPrimitives.ReadUInt16BigEndian(pdu[1..]));
            t.AddBytes(m.Payload, HeaderLength, pdu.Length - HeaderLength);
            t.Close(n);
            context.Columns.Protocol = "TLV";
        }

        public void OnGap(Direction direction, long lostBytes) => m.Gaps.Add((direction, lostBytes));

        public int Resync(ReadOnlySpan<byte> data, Direction direction) => data.IndexOf(Magic);

        public void OnEnd() => m.Ends++;
    }

    public static byte[] Pdu(int payloadLength, byte fill)
    {
        var b = new byte[HeaderLength + payloadLength];
        b[0] = Magic;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(1), (ushort)payloadLength);
        b.AsSpan(HeaderLength).Fill(fill);
        return b;
    }
}
