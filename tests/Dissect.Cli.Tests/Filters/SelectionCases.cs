using Dissectors.Testing;

namespace Dissect.Cli.Tests.Filters;

/// <summary>
/// The selection suite's data: <c>Data/selection-cases.tshark.tsv</c> (tshark 4.0's verdict for every
/// filter of <c>Data/selection-filters.txt</c> on every sample capture, written by
/// <c>Data/make_selection_cases.py</c>) and <c>Data/selection-exceptions.tsv</c> (where dissect
/// deliberately differs, with the reason).
/// </summary>
internal static class SelectionCases
{
    public static string DataDir => Path.Combine(Paths.Root, "tests", "Dissect.Cli.Tests", "Filters", "Data");

    /// <summary>tshark's result for one filter on one capture.</summary>
    public sealed record Oracle(string Capture, string Filter, int ExitCode, IReadOnlyList<uint> Frames, string Message);

    /// <summary>A deliberate difference: dissect selects what tshark selects for <see cref="Like"/>, or rejects the filter.</summary>
    public sealed record Exception(string Filter, string? Like, string Reason)
    {
        public bool Rejected => Like is null;
    }

    /// <summary>
    /// A frame selection that differs from tshark's because dissect's dissection (not the filter) lacks or
    /// misdecodes a field: listed per capture with the cause, and asserted to still differ so that the
    /// line goes once the dissector is fixed.
    /// </summary>
    public sealed record Gap(string Capture, string Filter, string Reason);

    private static readonly Lazy<Dictionary<(string, string), Oracle>> s_oracles = new(LoadOracles);
    private static readonly Lazy<Dictionary<(string, string), Gap>> s_gaps = new(LoadGaps);
    private static readonly Lazy<Dictionary<string, Exception>> s_exceptions = new(LoadExceptions);
    private static readonly Lazy<List<string>> s_filters = new(LoadFilters);

    public static IReadOnlyDictionary<(string Capture, string Filter), Oracle> Oracles => s_oracles.Value;

    public static IReadOnlyDictionary<string, Exception> Exceptions => s_exceptions.Value;

    public static IReadOnlyDictionary<(string Capture, string Filter), Gap> Gaps => s_gaps.Value;

    /// <summary>The filters of selection-filters.txt, in file order.</summary>
    public static IReadOnlyList<string> Filters => s_filters.Value;

    public static readonly string[] Captures =
        ["tcp_edge_cases.pcap", "tarantool_session.pcap", "mariadb_session.pcap", "mariadb_any_ipv6.pcap"];

    private static List<string> LoadFilters()
    {
        var list = new List<string>();
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "selection-filters.txt")))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                list.Add(line);
            }
        }

        return list;
    }

    private static Dictionary<(string, string), Oracle> LoadOracles()
    {
        var map = new Dictionary<(string, string), Oracle>();
        bool header = false;
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "selection-cases.tshark.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!header)
            {
                Assert.Equal("capture\tfilter\trc\tframes\tmessage", line);
                header = true;
                continue;
            }

            string[] c = line.Split('\t');
            Assert.True(c.Length == 5, "bad oracle line: " + line);
            var frames = c[3] == "-" ? [] : c[3].Split(',').Select(uint.Parse).ToList();
            map.Add((c[0], c[1]), new Oracle(c[0], c[1], int.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture), frames, c[4]));
        }

        return map;
    }

    private static Dictionary<(string, string), Gap> LoadGaps()
    {
        var map = new Dictionary<(string, string), Gap>();
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "selection-gaps.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] c = line.Split('\t');
            Assert.True(c.Length == 3 && c[2].Trim().Length > 0, "a gap needs a capture, a filter and a reason: " + line);
            map.Add((c[0], c[1]), new Gap(c[0], c[1], c[2]));
        }

        return map;
    }

    private static Dictionary<string, Exception> LoadExceptions()
    {
        var map = new Dictionary<string, Exception>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "selection-exceptions.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] c = line.Split('\t');
            Assert.True(c.Length == 3 && c[2].Trim().Length > 0, "an exception needs a filter, an expectation and a reason: " + line);
            string? like = c[1] switch
            {
                "rejected" => null,
                _ when c[1].StartsWith("like ", StringComparison.Ordinal) => c[1]["like ".Length..],
                _ => throw new InvalidDataException("expectation must be 'rejected' or 'like FILTER': " + line),
            };
            map.Add(c[0], new Exception(c[0], like, c[2]));
        }

        return map;
    }
}
