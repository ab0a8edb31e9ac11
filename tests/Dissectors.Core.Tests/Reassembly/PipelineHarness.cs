using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Pipeline;
using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Tests.Reassembly;

/// <summary>Runs frames through a <see cref="FramePipeline"/> with the <see cref="TlvModule"/> registered.</summary>
internal sealed class PipelineHarness
{
    private long _timeNs = 1_700_000_000_000_000_000;

    public PipelineHarness(ReassemblyLimits? limits = null, bool buildAll = true)
    {
        Module = new TlvModule();
        Engine = DissectionEngine.Create([Module]);
        Pipeline = new FramePipeline(Engine, new PipelineOptions { Limits = limits ?? new ReassemblyLimits(), BuildAll = buildAll });
    }

    public TlvModule Module { get; }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; }

    public uint Number { get; private set; }

    /// <summary>Protocol abbreviations of each processed frame (<c>frame.protocols</c>).</summary>
    public List<string> Protocols { get; } = [];

    /// <summary>Record <see cref="Protocols"/> (off for allocation measurements).</summary>
    public bool RecordProtocols { get; set; } = true;

    public void Run(IEnumerable<byte[]> frames, long stepNs = 100_000)
    {
        foreach (var f in frames)
        {
            _timeNs += stepNs;
            Number++;
            var rec = new CaptureRecord(_timeNs, f.Length, f.Length, 0, LinkType.Ethernet, f);
            Pipeline.Process(rec, Number);
            if (RecordProtocols)
            {
                var tree = Pipeline.Tree;
                int n = tree.First(Engine.Core.Frame.Protocols);
                Protocols.Add(n >= 0 ? System.Text.Encoding.UTF8.GetString(tree.BytesOf(n)) : "");
            }
        }
    }
}
