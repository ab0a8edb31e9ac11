using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Core.Reassembly;
using Dissectors.Protocols.Cql;
using Dissectors.Protocols.Tarantool;
using Dissectors.Protocols.Tests.Cql;
using Dissectors.Testing;

namespace Dissectors.Protocols.Tests.Tarantool;

/// <summary>Runs Ethernet frames through a pipeline with the Tarantool module (and CQL, for heuristic order) and snapshots each frame.</summary>
internal sealed class TarantoolHarness
{
    public const ushort Port = 3301;

    private long _timeNs = 1_700_000_000_000_000_000;

    public TarantoolHarness(bool buildAll = true, string? decodeAs = null, ReassemblyLimits? limits = null, bool columns = true)
    {
        Module = new TarantoolModule();
        Engine = DissectionEngine.Create([new CqlModule(), Module]);
        if (decodeAs is not null && !Engine.TryAddDecodeAs(decodeAs, out string error))
        {
            throw new ArgumentException(error);
        }

        Pipeline = new FramePipeline(Engine, new PipelineOptions
        {
            BuildAll = buildAll,
            Labels = buildAll,
            Columns = columns,
            Limits = limits ?? new ReassemblyLimits(),
        });
    }

    public TarantoolModule Module { get; }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; }

    public long DissectorBugs => Pipeline.Damage.DissectorBugs;

    public long MalformedCount => Pipeline.Context.MalformedCount + Pipeline.Damage.Malformed;

    public void SetInterest(string field)
    {
        Assert.True(Engine.Registry.TryGet(field, out var id), field);
        Pipeline.SetInterest(id);
    }

    public List<DissectedFrame> Run(IEnumerable<byte[]> frames, bool snapshot = true)
    {
        var result = new List<DissectedFrame>();
        uint number = 0;
        foreach (var f in frames)
        {
            _timeNs += 1_000_000;
            number++;
            Pipeline.Process(new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f), number);
            if (snapshot)
            {
                result.Add(Snapshot(number));
            }
        }

        return result;
    }

    private DissectedFrame Snapshot(uint number)
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
            Number = number,
            Info = Pipeline.Columns.Info.ToString(),
            Protocols = p >= 0 ? System.Text.Encoding.UTF8.GetString(tree.BytesOf(p)) : "",
            Fields = fields,
        };
    }

    public static byte[] H(string hex) => Hex.Parse(hex);

    /// <summary>A message with Tarantool's usual 0xce length prefix around header + body bytes.</summary>
    public static byte[] Msg(byte[] headerAndBody)
    {
        int n = headerAndBody.Length;
        return [0xce, (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n, .. headerAndBody];
    }

    public static TcpFlowBuilder Flow(ushort serverPort = Port) => new TcpFlowBuilder(clientPort: 40000, serverPort: serverPort).Handshake();

    /// <summary>A 128-byte greeting as Tarantool 2.6 writes it.</summary>
    public static byte[] Greeting()
    {
        var g = new byte[128];
        g.AsSpan().Fill((byte)' ');
        var l1 = "Tarantool 2.6.0 (Binary) 55cca405-bc6a-4b8b-8d70-c70b79bd02af"u8;
        var l2 = "URm44rnTuOe5K6lb3xBmAQ+fg4E8CKxvOxTFLCkU5FU="u8;
        l1.CopyTo(g);
        g[63] = (byte)'\n';
        l2.CopyTo(g.AsSpan(64));
        g[127] = (byte)'\n';
        return g;
    }
}
