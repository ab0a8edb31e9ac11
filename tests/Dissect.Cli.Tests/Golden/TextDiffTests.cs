using System.Text;

namespace Dissect.Cli.Tests.Golden;

public class TextDiffTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static readonly Dictionary<int, string> s_none = [];

    [Fact]
    public void SameBytes_AreEqual()
    {
        Assert.Null(TextDiff.Compare(B("a\nb\n"), B("a\nb\n"), s_none));
    }

    [Fact]
    public void FirstDifferingLine_IsNamed_WithBothLines()
    {
        string? d = TextDiff.Compare(B("a\nb\nc\n"), B("a\nB\nC\n"), s_none);
        Assert.NotNull(d);
        Assert.StartsWith("first difference at line 2 ", d, StringComparison.Ordinal);
        Assert.Contains("tshark:   \"b\"", d, StringComparison.Ordinal);
        Assert.Contains("dissect:  \"B\"", d, StringComparison.Ordinal);
        Assert.DoesNotContain("\"C\"", d, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFinalNewline_OrExtraLine_IsADifference()
    {
        Assert.NotNull(TextDiff.Compare(B("a\n"), B("a"), s_none));
        Assert.NotNull(TextDiff.Compare(B("a\n"), B("a\nb\n"), s_none));
    }

    [Fact]
    public void ListedLines_MayDiffer_ButOnlyThoseAndOnlyIfTheyStillDo()
    {
        var allowLine2 = new Dictionary<int, string> { [2] = "reason" };
        Assert.Null(TextDiff.Compare(B("a\nb\nc\n"), B("a\nX\nc\n"), allowLine2));
        Assert.StartsWith("first difference at line 3", TextDiff.Compare(B("a\nb\nc\n"), B("a\nX\nY\n"), allowLine2), StringComparison.Ordinal);
        Assert.StartsWith("listed divergences no longer differ", TextDiff.Compare(B("a\nb\nc\n"), B("a\nb\nc\n"), allowLine2), StringComparison.Ordinal);
    }

    [Fact]
    public void LongLines_AreCut()
    {
        string? d = TextDiff.Compare(B(new string('x', 5000) + "\n"), B(new string('y', 5000) + "\n"), s_none);
        Assert.NotNull(d);
        Assert.True(d.Length < 1200, $"{d.Length} characters");
    }
}
