using System.Text;
using Dissect.Cli.Commands;
using Dissectors.Core.Dissection;
using Dissectors.Testing;

namespace Dissect.Cli.Tests.Filters;

/// <summary>
/// The selection suite: every filter of <c>Data/selection-filters.txt</c>, run by dissect (in process,
/// through the real command line) on every sample capture, must select exactly the frames tshark 4.0
/// selected (<c>Data/selection-cases.tshark.tsv</c>), and a filter tshark rejects must be rejected (exit 2,
/// a positioned error, no stack trace). The only departures are the listed, reasoned exceptions.
/// </summary>
[Collection(nameof(FilterSelectionTests))]
public sealed class FilterSelectionTests
{
    static FilterSelectionTests()
    {
        // The oracle ran with TZ=UTC: absolute times without a zone must mean the same instant here.
        TimeFormat.Zone = TimeZoneInfo.Utc;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string capture in SelectionCases.Captures)
        {
            foreach (string filter in SelectionCases.Filters)
            {
                data.Add(capture, filter);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dissect_SelectsTheFramesTsharkSelects(string capture, string filter)
    {
        Assert.True(SelectionCases.Oracles.TryGetValue((capture, filter), out var oracle),
            "no tshark result for this filter: run Data/make_selection_cases.py");
        SelectionCases.Exceptions.TryGetValue(filter, out var exception);
        var (code, frames, stderr) = Run(capture, filter);

        if (exception is { Rejected: true } || (exception is null && oracle.ExitCode == 2))
        {
            Assert.True(code == ExitCodes.Usage, $"tshark: {(oracle.ExitCode == 2 ? oracle.Message : "accepted")}; dissect exited {code}, selecting {Join(frames)}\n{stderr}");
            AssertPositionedError(filter, stderr);
            return;
        }

        var expected = oracle.Frames;
        if (exception is { Like: { } like })
        {
            Assert.True(SelectionCases.Oracles.TryGetValue((capture, like), out var equivalent) && equivalent.ExitCode == 0,
                $"the exception's 4.0 equivalent \"{like}\" has no accepted tshark result");
            expected = equivalent.Frames;
        }
        else
        {
            Assert.True(oracle.ExitCode == 0, $"unexpected tshark exit status {oracle.ExitCode}: {oracle.Message}");
        }

        Assert.True(code is ExitCodes.Ok or ExitCodes.NoMatch, $"dissect exited {code}; tshark selected {Join(expected)}\n{stderr}");
        if (SelectionCases.Gaps.TryGetValue((capture, filter), out var gap))
        {
            Assert.True(Join(expected) != Join(frames),
                $"dissect now selects what tshark selects: remove the line from Data/selection-gaps.tsv ({gap.Reason})");
            return;
        }

        Assert.Equal(expected.Count == 0 ? ExitCodes.NoMatch : ExitCodes.Ok, code);
        Assert.Equal(Join(expected), Join(frames));
    }

    [Fact]
    public void TheListHasOver300Filters_AndEachHasAnOracleOnEveryCapture()
    {
        Assert.True(SelectionCases.Filters.Count >= 300, $"only {SelectionCases.Filters.Count} filters");
        Assert.Equal(SelectionCases.Filters.Count, SelectionCases.Filters.Distinct(StringComparer.Ordinal).Count());
        foreach (string capture in SelectionCases.Captures)
        {
            foreach (string filter in SelectionCases.Filters)
            {
                Assert.True(SelectionCases.Oracles.ContainsKey((capture, filter)), $"{capture}: no tshark result for {filter}");
            }
        }
    }

    [Fact]
    public void EachException_IsInTheList_AndStillDiffersFromTshark()
    {
        foreach (var e in SelectionCases.Exceptions.Values)
        {
            Assert.Contains(e.Filter, SelectionCases.Filters);
            foreach (string capture in SelectionCases.Captures)
            {
                var own = SelectionCases.Oracles[(capture, e.Filter)];
                if (e.Rejected)
                {
                    Assert.True(own.ExitCode == 0, $"{e.Filter}: tshark rejects it too, the exception is not needed");
                    continue;
                }

                var like = SelectionCases.Oracles[(capture, e.Like!)];
                Assert.True(like.ExitCode == 0, $"{e.Like}: tshark rejects the 4.0 equivalent");
                Assert.True(own.ExitCode != 0 || !own.Frames.SequenceEqual(like.Frames),
                    $"{e.Filter}: tshark 4.0 already selects the same frames, the exception is not needed");
            }
        }
    }

    [Fact]
    public void EachGap_IsAListedFilterThatTsharkAccepts_OnAKnownCapture()
    {
        Assert.True(SelectionCases.Gaps.Count <= 12, "the gap list is for a few dissector shortcomings, not a skip list");
        foreach (var g in SelectionCases.Gaps.Values)
        {
            Assert.Contains(g.Capture, SelectionCases.Captures);
            Assert.Contains(g.Filter, SelectionCases.Filters);
            Assert.False(SelectionCases.Exceptions.ContainsKey(g.Filter), g.Filter + ": both an exception and a gap");
            Assert.Equal(0, SelectionCases.Oracles[(g.Capture, g.Filter)].ExitCode);
        }
    }

    private static void AssertPositionedError(string filter, string stderr)
    {
        Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        string[] lines = stderr.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 3, "want message, filter and caret lines:\n" + stderr);
        Assert.StartsWith("dissect: filter error: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(4 + filter.Length, lines[1].Length);
        Assert.Matches(@"^ {4,}\^~*$", lines[2]);
        Assert.True(lines[2].Length <= lines[1].Length + 1, "the caret line runs past the filter:\n" + stderr);
    }

    private static (int Code, List<uint> Frames, string Stderr) Run(string capture, string filter)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        // The oracle ran tshark with the database dissectors off (make_selection_cases.py's OFF, the same list as
        // make_expected.sh's off=(...)): dissect runs with that list too, so a new dissector does not change the frames.
        int code = DissectApp.Run([Paths.Sample(capture), .. Golden.GoldenCase.DisabledByScript(), "-Y", filter, "-T", "fields", "-e", "frame.number"], stdout, stderr);
        var frames = new List<uint>();
        foreach (string line in Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            frames.Add(uint.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        }

        return (code, frames, stderr.ToString());
    }

    private static string Join(IEnumerable<uint> frames)
    {
        string s = string.Join(",", frames);
        return s.Length == 0 ? "(none)" : s;
    }
}
