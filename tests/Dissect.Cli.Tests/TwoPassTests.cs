using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

public class TwoPassTests
{
    private static readonly string s_expected = Path.Combine(Paths.Root, "tests", "Dissect.Cli.Tests", "Data", "cqltrace_simple_v3.two-pass.tshark.tsv");

    [Fact]
    public void TwoPass_ShowsResponseIn_OnEveryRequest_AsTsharkDoes()
    {
        // A real Cassandra capture from the shared corpus; the expected rows are tshark 4.0's -2 output for it.
        string? corpus = Paths.Corpus;
        Assert.True(corpus is not null, "../shared/corpus is needed for this test");
        string cap = Path.Combine(corpus, "cql", "cqltrace_simple_v3.pcap");
        string[] expected = File.ReadAllLines(s_expected);
        var run = CliRunner.Run(cap, "-2", "-Y", "cql", "-T", "fields", "-E", "header=y",
            "-e", "frame.number", "-e", "cql.stream", "-e", "cql.response_in", "-e", "cql.response_to");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected[1..], Encoding.UTF8.GetString(run.Stdout).Split('\n')[..^1]);
    }

    [Fact]
    public void OnePass_HasNoResponseIn()
    {
        string cap = Path.Combine(Paths.Corpus ?? "", "cql", "cqltrace_simple_v3.pcap");
        var run = CliRunner.Run(cap, "-Y", "cql.response_in", "--count");
        Assert.Equal(ExitCodes.NoMatch, run.ExitCode);
        Assert.Equal("0\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Fact]
    public void TwoPass_FromStandardInput_IsAUsageError()
    {
        var run = CliRunner.Run("-", "-2");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("-2 reads the input twice", run.Stderr, StringComparison.Ordinal);
    }
}
