using Dissect.Cli.Tests.Golden;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// dissect against tshark 4.0's recorded outputs (samples/*.tshark.*, made by samples/make_expected.sh and
/// samples/*.expected.sh): every sample, every mode that has an expected file, byte for byte, except the
/// lines a sample's .divergences file lists with a reason. The expected files are never regenerated here.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenCase.All())
        {
            data.Add(c.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_MatchesTshark(string id)
    {
        var c = GoldenCase.Find(id);
        string[] args = c.Arguments();
        var run = CliRunner.Run(args);

        string shown = string.Join(' ', args.Select(a => a == c.CapturePath ? Path.GetFileName(a) : a));
        Assert.True(run.ExitCode == 0, $"dissect {shown} exited {run.ExitCode}: {run.Stderr}");
        string? diff = TextDiff.Compare(c.ExpectedBytes(), run.Stdout, Divergences.For(c.Sample).LinesOf(c.ExpectedFile));
        Assert.True(diff is null, $"{c.ExpectedFile} vs dissect {shown}\n{diff}");
    }

    [Fact]
    public void EverySample_HasItsCaptureAndSummary_AndEveryTsharkFileIsCompared()
    {
        Assert.Empty(GoldenCase.Unclassified());
        var cases = GoldenCase.All();
        foreach (string cap in Directory.EnumerateFiles(Paths.Samples, "*.pcap*"))
        {
            string sample = Path.GetFileName(cap).Split('.')[0];
            Assert.Contains(cases, c => c.Sample == sample && c.Mode == "summary");
        }

        // The discovery must at least find what the repository held when these tests were written.
        Assert.Contains(cases, c => c.Id == "tcp_edge_cases made-by");
        Assert.Contains(cases, c => c.Id == "tarantool_session json");
        Assert.True(cases.Count >= 19, $"only {cases.Count} golden cases found");
    }

    [Fact]
    public void EveryDivergencesEntry_NamesAnExpectedFileOfItsSample()
    {
        var cases = GoldenCase.All();
        foreach (string path in Directory.EnumerateFiles(Paths.Samples, "*.divergences"))
        {
            string sample = Path.GetFileNameWithoutExtension(path);
            foreach (string file in Divergences.For(sample).Files)
            {
                Assert.Contains(cases, c => c.Sample == sample && c.ExpectedFile == file);
            }
        }
    }
}
