using Dissectors.Core.Buffers;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Core.Reassembly;
using Dissectors.Protocols.Cql;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>One dissected frame as tests look at it: Info text and every field's -T fields value.</summary>
internal sealed class DissectedFrame
{
    public required uint Number { get; init; }

    public required string Info { get; init; }

    public required string Protocols { get; init; }

    public required List<(string Field, string Value, string Label)> Fields { get; init; }

    public string[] Values(string field) => Fields.Where(f => f.Field == field).Select(f => f.Value).ToArray();

    public string? Value(string field) => Fields.Where(f => f.Field == field).Select(f => f.Value).FirstOrDefault();

    public bool Has(string field) => Fields.Any(f => f.Field == field);

    public string[] Labels(string field) => Fields.Where(f => f.Field == field).Select(f => f.Label).ToArray();

    public override string ToString() => $"#{Number} {Info}";
}

/// <summary>Runs Ethernet frames through a pipeline with the CQL module and snapshots each frame.</summary>
internal sealed class CqlHarness
{
    private long _timeNs = 1_700_000_000_000_000_000;

    public CqlHarness(bool buildAll = true, string? decodeAs = null, ReassemblyLimits? limits = null, bool columns = true,
        int closedKept = Dissectors.Core.Conversations.ConversationTable.DefaultMaxClosedKept,
        int pooled = Dissectors.Core.Conversations.ConversationTable.DefaultMaxPooled)
    {
        Module = new CqlModule();
        Engine = DissectionEngine.Create([Module]);
        if (decodeAs is not null && !Engine.TryAddDecodeAs(decodeAs, out string error))
        {
            throw new ArgumentException(error);
        }

        _options = new PipelineOptions
        {
            BuildAll = buildAll,
            Labels = buildAll,
            Columns = columns,
            Limits = limits ?? new ReassemblyLimits(),
            ClosedConversationsKept = closedKept,
            PooledConversations = pooled,
        };
        Pipeline = new FramePipeline(Engine, _options);
    }

    private readonly PipelineOptions _options;

    /// <summary>Starts a second pass over the same capture (tshark's -2): a fresh pipeline, the same module state.</summary>
    public void BeginSecondPass()
    {
        Pipeline = new FramePipeline(Engine, _options);
        Pipeline.Frame.SecondPass = true;
        Number = 0;
        _timeNs = 1_700_000_000_000_000_000;
    }

    public CqlModule Module { get; }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; private set; }

    public uint Number { get; private set; }

    /// <summary>Forget closed conversations after every frame (the pipeline does it every 256).</summary>
    public bool RetireEachFrame { get; set; }

    /// <summary>Capture time step between frames.</summary>
    public long StepNs { get; set; } = 1_000_000;

    public long MalformedCount => Pipeline.Context.MalformedCount + Pipeline.Damage.Malformed;

    public long DissectorBugs => Pipeline.Damage.DissectorBugs;

    public void SetInterest(string field)
    {
        Assert.True(Engine.Registry.TryGet(field, out var id), field);
        Pipeline.SetInterest(id);
    }

    public List<DissectedFrame> Run(IEnumerable<byte[]> frames, bool snapshot = true)
    {
        var result = new List<DissectedFrame>();
        foreach (var f in frames)
        {
            _timeNs += StepNs;
            Number++;
            var rec = new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f);
            Pipeline.Process(rec, Number);
            if (RetireEachFrame)
            {
                Pipeline.Conversations.Retire(_timeNs);
            }

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
            string label = System.Text.Encoding.UTF8.GetString(tree.LabelOf(i));
            fields.Add((tree.DefOf(i).Abbrev, sb.ToString(), label));
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
