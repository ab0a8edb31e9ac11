using System.Globalization;
using System.Text.Json;

namespace Dissect.Cli.Tests;

/// <summary>
/// Reads the frames a run reported back out of its stdout, per output mode, so tests can check that every
/// frame read was shown exactly once and in order.
/// </summary>
internal static class FrameCounts
{
    /// <summary>The output modes the damage tests run, with the way each reports its frames.</summary>
    public static readonly OutputMode[] Modes =
    [
        new("summary", [], Summary),
        new("verbose", ["-V"], Verbose),
        new("json", ["-T", "json"], Json),
        new("fields", ["-T", "fields", "-e", "frame.number", "-e", "tcp.stream"], Fields),
        new("count", ["--count"], Count),
    ];

    /// <summary>Summary lines start with the right-aligned frame number.</summary>
    public static int Summary(string stdout) => CheckNumbers(stdout, "summary", static line => LeadingNumber(line.TrimStart()));

    /// <summary>Each verbose tree starts with "Frame N: ".</summary>
    public static int Verbose(string stdout) =>
        CheckNumbers(stdout, "verbose", static line => line.StartsWith("Frame ", StringComparison.Ordinal) ? LeadingNumber(line[6..]) : -2);

    /// <summary>The JSON output must parse as an array with one element per frame.</summary>
    public static int Json(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        int n = 0;
        foreach (var packet in doc.RootElement.EnumerateArray())
        {
            n++;
            string number = packet.GetProperty("_source").GetProperty("layers").GetProperty("frame").GetProperty("frame.number").GetString()!;
            Assert.Equal(n.ToString(CultureInfo.InvariantCulture), number);
        }

        return n;
    }

    /// <summary>One line per frame; the first column is frame.number.</summary>
    public static int Fields(string stdout) => CheckNumbers(stdout, "fields", static line => LeadingNumber(line));

    /// <summary>--count prints one number.</summary>
    public static int Count(string stdout)
    {
        Assert.EndsWith("\n", stdout, StringComparison.Ordinal);
        return int.Parse(stdout.AsSpan().TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Frame numbers found by <paramref name="number"/> (-2: not a frame line) must run 1, 2, 3...</summary>
    private static int CheckNumbers(string stdout, string mode, Func<string, int> number)
    {
        int expected = 1;
        foreach (string line in stdout.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            int n = number(line);
            if (n == -2 || (n == -1 && mode == "verbose"))
            {
                continue;
            }

            Assert.True(n == expected, $"{mode} output: expected frame {expected} but the line reads \"{line}\"");
            expected++;
        }

        return expected - 1;
    }

    /// <summary>The decimal number a line starts with, followed by a space, tab, colon or the end; -1 otherwise.</summary>
    private static int LeadingNumber(string s)
    {
        int i = 0;
        long v = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && v < int.MaxValue)
        {
            v = (v * 10) + (s[i] - '0');
            i++;
        }

        if (i == 0 || (i < s.Length && s[i] is not (' ' or '\t' or ':')))
        {
            return -1;
        }

        return (int)v;
    }
}

/// <summary>One way of running dissect and reading back how many frames it showed.</summary>
internal sealed record OutputMode(string Name, string[] Args, Func<string, int> CountFrames)
{
    public override string ToString() => Name;
}
