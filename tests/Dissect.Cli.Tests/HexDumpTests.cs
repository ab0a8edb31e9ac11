using System.Text;
using Dissectors.Core.Capture;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

public class HexDumpTests
{
    [Theory]
    // tshark 4.0.17, checked on frames of these lengths: four offset digits while the last byte's offset fits.
    [InlineData(0xFFFF, "fff0  ")]
    [InlineData(0x10000, "fff0  ")]
    [InlineData(0x10001, "10000  ")]
    [InlineData(0x3FFFF, "3fff0  ")]
    public void OffsetWidth_GrowsWithTheFrame_LikeTsharks(int length, string lastLineStart)
    {
        string path = Path.Combine(Path.GetTempPath(), $"dissect-hex-{length}-{Environment.ProcessId}.pcap");
        try
        {
            File.WriteAllBytes(path, new PcapBuilder(LinkType.Raw).Add(1_700_000_000_000_000_000, new byte[length]).ToArray());
            var run = CliRunner.Run("-r", path, "-x");
            Assert.Equal(0, run.ExitCode);
            string[] lines = Encoding.UTF8.GetString(run.Stdout).Split('\n');
            Assert.StartsWith(lastLineStart, lines[^3], StringComparison.Ordinal);
            Assert.Equal(lastLineStart.Length - 2, lines[0].IndexOf(' ', StringComparison.Ordinal));
            Assert.Equal("", lines[^2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HexWithFields_IsRefused_AsTsharkDoes()
    {
        var run = CliRunner.Run("-r", Paths.Sample("tcp_edge_cases.pcap"), "-T", "fields", "-e", "frame.number", "-x");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("dissect: Raw packet hex data can only be printed as text or JSON", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HexWithJson_SaysTheRawMembersAreMissing()
    {
        var plain = CliRunner.Run("-r", Paths.Sample("tcp_edge_cases.pcap"), "-c", "3", "-T", "json");
        var run = CliRunner.Run("-r", Paths.Sample("tcp_edge_cases.pcap"), "-c", "3", "-T", "json", "-x");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(plain.Stdout, run.Stdout);
        Assert.Contains("_raw", run.Stderr, StringComparison.Ordinal);
    }
}
