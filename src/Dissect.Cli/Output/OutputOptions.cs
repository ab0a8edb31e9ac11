namespace Dissect.Cli.Output;

/// <summary>Output formats (<c>-T</c>).</summary>
public enum OutputFormat
{
    /// <summary>Summary lines, or trees with <c>-V</c>/<c>-O</c>.</summary>
    Text,
    Fields,
    Json,
    Jsonl,
}

/// <summary>Which occurrence(s) <c>-T fields</c> prints for a field (<c>-E occurrence=f|l|a</c>).</summary>
public enum Occurrence
{
    All,
    First,
    Last,
}

/// <summary>Quoting of <c>-T fields</c> values (<c>-E quote=d|s|n</c>).</summary>
public enum QuoteMode
{
    None,
    Double,
    Single,
}

/// <summary>Everything the writers need from the command line.</summary>
public sealed record OutputOptions
{
    public OutputFormat Format { get; init; } = OutputFormat.Text;

    /// <summary><c>-V</c>: full tree for every protocol.</summary>
    public bool Verbose { get; init; }

    /// <summary><c>-O a,b</c>: trees only for these protocols (others as one summary line each).</summary>
    public IReadOnlyList<string> TreeProtocols { get; init; } = [];

    /// <summary><c>-e</c> fields in order (for <c>-T fields</c>, and to limit <c>-T json</c>/<c>jsonl</c>).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public bool Header { get; init; }

    public string Separator { get; init; } = "\t";

    public QuoteMode Quote { get; init; } = QuoteMode.None;

    public Occurrence Occurrence { get; init; } = Occurrence.All;

    public string Aggregator { get; init; } = ",";

    /// <summary><c>-x</c>: hex and ASCII dump of every data source after the frame.</summary>
    public bool Hex { get; init; }

    /// <summary>
    /// <c>-P</c>: print the summary line of each frame even when <c>-w</c>, <c>-V</c>/<c>-O</c> or <c>-x</c>
    /// would leave it out (tshark 4.0 prints summary lines only when none of those is given, or with -P).
    /// </summary>
    public bool PrintSummary { get; init; }
}
