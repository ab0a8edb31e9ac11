using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Protocols.Scylla;
using Dissectors.Protocols.Tests.Cql;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Runs Ethernet frames through a pipeline with the Scylla module and snapshots each frame.</summary>
internal sealed class ScyllaHarness
{
    private readonly PipelineOptions _options;
    private long _timeNs = 1_700_000_000_000_000_000;

    public ScyllaHarness(bool buildAll = true, string? decodeAs = null, bool columns = true)
    {
        Module = new ScyllaModule();
        Engine = DissectionEngine.Create([Module]);
        if (decodeAs is not null && !Engine.TryAddDecodeAs(decodeAs, out string error))
        {
            throw new ArgumentException(error);
        }

        _options = new PipelineOptions { BuildAll = buildAll, Labels = buildAll, Columns = columns };
        Pipeline = new FramePipeline(Engine, _options);
    }

    public ScyllaModule Module { get; }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; private set; }

    public uint Number { get; private set; }

    public long MalformedCount => Pipeline.Context.MalformedCount + Pipeline.Damage.Malformed;

    public long DissectorBugs => Pipeline.Damage.DissectorBugs;

    public void SetInterest(string field)
    {
        Assert.True(Engine.Registry.TryGet(field, out var id), field);
        Pipeline.SetInterest(id);
    }

    /// <summary>Starts a second pass over the same capture (tshark's -2): a fresh pipeline, the same module state.</summary>
    public void BeginSecondPass()
    {
        Pipeline = new FramePipeline(Engine, _options);
        Pipeline.Frame.SecondPass = true;
        Number = 0;
        _timeNs = 1_700_000_000_000_000_000;
    }

    public List<DissectedFrame> Run(IEnumerable<byte[]> frames, bool snapshot = true)
    {
        var result = new List<DissectedFrame>();
        foreach (var f in frames)
        {
            _timeNs += 1_000_000;
            Number++;
            Pipeline.Process(new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f), Number);
            if (snapshot)
            {
                result.Add(Snapshot());
            }
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
