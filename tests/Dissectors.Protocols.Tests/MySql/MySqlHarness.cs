using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Protocols.MySql;
using Dissectors.Protocols.Tests.Cql;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>Runs Ethernet frames through a pipeline with the MySQL module and snapshots each frame.</summary>
internal sealed class MySqlHarness
{
    private long _timeNs = 1_700_000_000_000_000_000;

    public MySqlHarness(bool buildAll = true)
    {
        Engine = DissectionEngine.Create([new MySqlModule()]);
        Pipeline = new FramePipeline(Engine, new PipelineOptions { BuildAll = buildAll, Labels = buildAll, Columns = buildAll });
    }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; }

    public uint Number { get; private set; }

    public long DissectorBugs => Pipeline.Damage.DissectorBugs;

    public long MalformedCount => Pipeline.Context.MalformedCount + Pipeline.Damage.Malformed;

    public void SetInterest(string field)
    {
        Assert.True(Engine.Registry.TryGet(field, out var id), field);
        Pipeline.SetInterest(id);
    }

    /// <summary>Dissects frames without snapshots (allocation tests).</summary>
    public void RunQuiet(List<byte[]> frames)
    {
        foreach (var f in frames)
        {
            _timeNs += 1_000_000;
            Number++;
            Pipeline.Process(new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f), Number);
        }
    }

    public List<DissectedFrame> Run(IEnumerable<byte[]> frames)
    {
        var result = new List<DissectedFrame>();
        foreach (var f in frames)
        {
            _timeNs += 1_000_000;
            Number++;
            Pipeline.Process(new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f), Number);
            result.Add(Snapshot());
        }

        return result;
    }

    private DissectedFrame Snapshot()
    {
        var tree = Pipeline.Tree;
        var fields = new List<(string, string, string)>();
        var sb = new Utf8Builder(64);
        for (int i = 0; i < tree.Count; i++)
        {
            sb.Clear();
            FieldFormatter.AppendFieldValue(tree, i, sb);
            fields.Add((tree.DefOf(i).Abbrev, sb.ToString(), System.Text.Encoding.UTF8.GetString(tree.LabelOf(i))));
        }

        int p = tree.First(Engine.Core.Frame.Protocols);
        return new DissectedFrame
        {
            Number = Number,
            Info = Pipeline.Columns.Info.ToString(),
            Protocols = p >= 0 ? System.Text.Encoding.UTF8.GetString(tree.BytesOf(p)) : "",
            Fields = fields,
        };
    }
}

/// <summary>Packet builders for MySQL tests.</summary>
internal static class My
{
    public const ushort Port = 3306;

    public static byte[] H(string hex) => Hex.Parse(hex);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A packet: 3-byte little-endian payload length, sequence id, payload.</summary>
    public static byte[] Packet(byte seq, byte[] payload) =>
        Concat([(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), seq], payload);

    public static TcpFlowBuilder Flow() => new TcpFlowBuilder(clientPort: 40000, serverPort: Port).Handshake();

    /// <summary>A MariaDB 10.11 greeting offering CLIENT_PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH and COMPRESS.</summary>
    public static readonly byte[] Greeting = Packet(0, H("""
        0a                                   # protocol 10
        352e352e352d31302e31312e31392d4d61726961444200  # "5.5.5-10.11.19-MariaDB" NUL
        2a000000                             # thread id 42
        3132333435363738 00                  # salt "12345678", filler
        fef7                                 # caps low: everything but LONG_PASSWORD (MariaDB)
        2d                                   # collation 45
        0200                                 # status: autocommit
        3f00                                 # caps high: multi statements/results, PLUGIN_AUTH, CONNECT_ATTRS, lenenc auth; no DEPRECATE_EOF
        15                                   # auth data length 21
        000000000000                         # reserved
        00000000                             # MariaDB extended caps
        393031323334353637383930 00          # salt part 2 (12 bytes) NUL
        6d7973716c5f6e61746976655f70617373776f726400  # "mysql_native_password"
        """));

    /// <summary>Login request with CLIENT_PROTOCOL_41 | SECURE_CONNECTION | CONNECT_WITH_DB | PLUGIN_AUTH.</summary>
    public static byte[] Login(uint caps = 0x000A_A208) => Packet(1, Concat(
        [(byte)caps, (byte)(caps >> 8), (byte)(caps >> 16), (byte)(caps >> 24)],
        H("""
        00000001                             # max packet 16 MiB
        2d                                   # collation
        00000000000000000000000000000000000000 00000000  # 19 reserved + MariaDB caps
        61707000                             # user "app"
        14 0102030405060708090a0b0c0d0e0f1011121314  # auth response, 20 bytes
        73686f7000                           # schema "shop"
        6d7973716c5f6e61746976655f70617373776f726400  # client plugin
        """)));

    public static readonly byte[] Ok = Packet(2, H("00 00 00 0200 0000"));

    public static byte[] Query(string sql, byte seq = 0) => Packet(seq, Concat([0x03], System.Text.Encoding.UTF8.GetBytes(sql)));

    /// <summary>A column definition of a VARCHAR column.</summary>
    public static byte[] Column(byte seq, string name, byte type = 253) => Packet(seq, Concat(
        H("03 646566 04 73686f70 06 6f7264657273 06 6f7264657273"),   // def, shop, orders, orders
        [(byte)name.Length], System.Text.Encoding.ASCII.GetBytes(name),
        [(byte)name.Length], System.Text.Encoding.ASCII.GetBytes(name),
        H("0c 2d00 00010000"), [type], H("0000 00 0000")));

    public static byte[] Eof(byte seq, ushort status = 0x0002) => Packet(seq, [0xfe, 0, 0, (byte)status, (byte)(status >> 8)]);

    public static byte[] Row(byte seq, params string?[] values)
    {
        var parts = new List<byte>();
        foreach (var v in values)
        {
            if (v is null)
            {
                parts.Add(0xfb);
                continue;
            }

            var b = System.Text.Encoding.UTF8.GetBytes(v);
            parts.Add((byte)b.Length);
            parts.AddRange(b);
        }

        return Packet(seq, [.. parts]);
    }

    /// <summary>A session up to the login's OK.</summary>
    public static TcpFlowBuilder LoggedIn(uint caps = 0x000A_A208)
    {
        var flow = Flow();
        flow.Send(false, Greeting);
        flow.Send(true, Login(caps));
        flow.Send(false, Ok);
        return flow;
    }
}
