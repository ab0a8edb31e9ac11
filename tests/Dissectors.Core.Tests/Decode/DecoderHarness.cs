using System.Text;
using Dissectors.Core.Capture;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;

namespace Dissectors.Core.Tests.Decode;

/// <summary>Dissects single frames and reads field values back as tshark's -T fields text.</summary>
internal sealed class DecoderHarness
{
    private uint _n;

    public DecoderHarness()
    {
        Engine = DissectionEngine.Create([]);
        Pipeline = new FramePipeline(Engine);
    }

    public DissectionEngine Engine { get; }

    public FramePipeline Pipeline { get; }

    public FieldTree Tree => Pipeline.Tree;

    public DecoderHarness Run(LinkType link, byte[] frame, long timeNs = 1_000_000_000, int? originalLength = null)
    {
        var rec = new CaptureRecord(timeNs, frame.Length, originalLength ?? frame.Length, 0, link, frame);
        Pipeline.Process(rec, ++_n);
        return this;
    }

    /// <summary>All occurrences of a field joined with ',' (like <c>-E occurrence=a</c>), "" when absent.</summary>
    public string Field(string abbrev)
    {
        Assert.True(Engine.Registry.TryGet(abbrev, out FieldId id), $"unknown field {abbrev}");
        var sb = new Dissectors.Core.Buffers.Utf8Builder();
        bool first = true;
        for (int n = Tree.First(id); n >= 0; n = Tree.Next(n))
        {
            if (!first)
            {
                sb.Append((byte)',');
            }

            first = false;
            FieldFormatter.AppendFieldValue(Tree, n, sb);
        }

        return Encoding.UTF8.GetString(sb.Span);
    }

    public string Info => Pipeline.Columns.Info.ToString();
}
