using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>What a chosen output needs from the pipeline (Addresses: the frame's source and destination, which every printed form shows).</summary>
internal readonly record struct OutputNeeds(bool BuildAll, bool Labels, bool Columns, bool Addresses);

/// <summary>Builds the writer for the command-line options and tells the pipeline what to keep.</summary>
internal static class OutputFactory
{
    public static IFrameWriter Create(OutputOptions o, OutputSink sink, FieldRegistry registry) => o.Format switch
    {
        OutputFormat.Fields => new FieldsWriter(sink, o, registry),
        OutputFormat.Json => new JsonWriter(sink, o, registry),
        OutputFormat.Jsonl => new JsonlWriter(sink, o, registry),
        _ when o.Verbose || o.TreeProtocols.Count > 0 => new TreeWriter(sink, o.Verbose ? [] : o.TreeProtocols, o.Hex, o.PrintSummary),
        _ => new SummaryWriter(sink, o.Hex, summary: o.PrintSummary || !o.Hex),
    };

    /// <summary>What to build: full trees for trees and unfiltered JSON, labels for trees, columns for summaries.</summary>
    public static OutputNeeds Needs(OutputOptions o, bool printing)
    {
        if (!printing)
        {
            return new OutputNeeds(BuildAll: false, Labels: false, Columns: false, Addresses: false);
        }

        bool tree = o.Format == OutputFormat.Text && (o.Verbose || o.TreeProtocols.Count > 0);
        bool fullJson = o.Format is OutputFormat.Json or OutputFormat.Jsonl && o.Fields.Count == 0;
        bool columns = o.Format == OutputFormat.Text || o.Format == OutputFormat.Jsonl && o.Fields.Count == 0 || UsesColumns(o);
        return new OutputNeeds(BuildAll: tree || fullJson, Labels: tree || o.Format == OutputFormat.Json, Columns: columns, Addresses: true);
    }

    private static bool UsesColumns(OutputOptions o)
    {
        foreach (string f in o.Fields)
        {
            if (f.StartsWith(ColumnText.Prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fields the writer reads (for the interest mask when not building everything).</summary>
    public static IEnumerable<FieldId> InterestingFields(OutputOptions o, FieldRegistry registry)
    {
        foreach (string f in o.Fields)
        {
            if (registry.TryGet(f, out FieldId id))
            {
                yield return id;
            }
        }

        if (o.Format == OutputFormat.Jsonl && registry.TryGet("frame.protocols", out FieldId p))
        {
            yield return p;
        }
    }

    /// <summary>tshark's check of <c>-e</c> names: every one must be a field, a protocol or <c>_ws.col.*</c>.</summary>
    public static bool TryValidateFields(OutputOptions o, FieldRegistry registry, out string? error)
    {
        var bad = new List<string>();
        foreach (string f in o.Fields)
        {
            if (!f.StartsWith(ColumnText.Prefix, StringComparison.Ordinal) && !registry.TryGet(f, out _))
            {
                bad.Add(f);
            }
        }

        error = bad.Count == 0 ? null : "Some fields aren't valid:\n\t" + string.Join("\n\t", bad);
        return bad.Count == 0;
    }
}
