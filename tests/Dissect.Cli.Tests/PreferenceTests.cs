using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary><c>-o NAME:VALUE</c> in tshark's syntax: known preferences accepted, anything else exit 2 with one line.</summary>
public class PreferenceTests
{
    private static readonly string s_capture = Paths.Sample("tcp_edge_cases.pcap");

    [Theory]
    [InlineData("tcp.desegment_tcp_streams:FALSE")]
    [InlineData("tcp.desegment_tcp_streams:TRUE")]
    [InlineData("tcp.desegment_tcp_streams: false")]
    public void DesegmentPreference_IsAccepted_AndChangesNothingForUnclaimedPayload(string flag)
    {
        var plain = CliRunner.Run("-r", s_capture, "-c", "20");
        var run = CliRunner.Run("-r", s_capture, "-c", "20", "-o", flag);
        Assert.Equal(0, run.ExitCode);
        // With protocol dissectors registered, FALSE would change their streams' output, which dissect does
        // not do: it says so, once, and everything else prints as without the flag.
        string expectedStderr = flag.Contains("false", StringComparison.OrdinalIgnoreCase)
            ? "dissect: -o tcp.desegment_tcp_streams:FALSE is not applied: dissect always reassembles PDUs for its protocol dissectors\n"
            : "";
        Assert.Equal(expectedStderr, run.Stderr);
        Assert.Equal(plain.Stdout, run.Stdout);
    }

    [Theory]
    [InlineData("foo.bar:1", "dissect: Invalid -o flag \"foo.bar:1\": unknown preference \"foo.bar\"")]
    [InlineData("tcp.desegment_tcp_streams", "dissect: Invalid -o flag \"tcp.desegment_tcp_streams\"; use -o NAME:VALUE")]
    [InlineData("tcp.desegment_tcp_streams:maybe", "dissect: Invalid -o flag \"tcp.desegment_tcp_streams:maybe\": tcp.desegment_tcp_streams takes TRUE or FALSE")]
    public void BadPreference_ExitsWithUsage_AndOneLine(string flag, string messageStart)
    {
        var run = CliRunner.Run("-r", s_capture, "-o", flag);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith(messageStart, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }
}
