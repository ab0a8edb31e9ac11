using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

public class JsonEdgeTests
{
    // tshark 4.0.17: `tshark -r tcp_edge_cases.pcap -Y "frame.number==0" -T json` prints exactly "[]\n" (with or
    // without -e), and nothing at all for a file that does not exist.
    [Theory]
    [InlineData("")]
    [InlineData("-e frame.number")]
    public void NoMatchingFrame_PrintsAnEmptyArrayOnOneLine(string extra)
    {
        var run = CliRunner.Run(["-r", Paths.Sample("tcp_edge_cases.pcap"), "-Y", "frame.number == 0", "-T", "json",
            .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(ExitCodes.NoMatch, run.ExitCode);
        Assert.Equal("[]\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Fact]
    public void MissingFile_PrintsNoJsonDocument()
    {
        var run = CliRunner.Run("-r", Path.Combine(Path.GetTempPath(), "dissect-no-such-file.pcap"), "-T", "json");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Empty(run.Stdout);
    }
}
