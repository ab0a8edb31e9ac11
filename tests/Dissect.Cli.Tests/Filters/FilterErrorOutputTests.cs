using System.Text;
using Dissect.Cli.Commands;
using Dissectors.Testing;

namespace Dissect.Cli.Tests.Filters;

/// <summary>What the command line prints for a filter that does not compile: issue 3's three lines, exit 2, no output.</summary>
public sealed class FilterErrorOutputTests
{
    private static (int Code, string Stdout, string Stderr) Run(string filter)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int code = DissectApp.Run([Paths.Sample("tcp_edge_cases.pcap"), "-Y", filter], stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownField_PrintsTheIssuesMessage_TheFilter_AndACaret()
    {
        var (code, stdout, stderr) = Run("tcp.stram == 3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            "dissect: filter error: \"tcp.stram\" is not a field or protocol (did you mean \"tcp.stream\"?)\n" +
            "    tcp.stram == 3\n" +
            "    ^~~~~~~~~\n",
            stderr);
    }

    [Fact]
    public void TypeMismatch_UnderlinesTheLiteral()
    {
        var (code, _, stderr) = Run("tcp.port == hello");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(
            "dissect: filter error: \"hello\" is not a valid unsigned integer\n" +
            "    tcp.port == hello\n" +
            "                ^~~~~\n",
            stderr);
    }

    [Fact]
    public void UnbalancedParenthesis_UnderlinesTheOpenOne()
    {
        var (code, _, stderr) = Run("tcp and (ip.ttl == 64 or ip.ttl == 128");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(
            "dissect: filter error: unbalanced parentheses: this \"(\" is never closed\n" +
            "    tcp and (ip.ttl == 64 or ip.ttl == 128\n" +
            "            ^\n",
            stderr);
    }

    [Theory]
    [InlineData(10_000, "(", ")")]
    [InlineData(10_000, "!", "")]
    [InlineData(20_000, "", " + 1")]
    public void HostileNesting_IsAFilterError_NeverACrash(int n, string open, string close)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sb.Append(open);
        }

        sb.Append("frame.len");
        for (int i = 0; i < n; i++)
        {
            sb.Append(close);
        }

        var (code, stdout, stderr) = Run(sb.ToString());
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("dissect: filter error: the filter is nested too deeply", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
