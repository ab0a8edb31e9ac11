using System.Text;

namespace Dissect.Cli.Tests.Golden;

/// <summary>
/// Compares dissect's output with tshark's byte for byte and, when they differ, says where in a few lines
/// (the first differing line number and both lines), never by dumping the whole output.
/// </summary>
internal static class TextDiff
{
    private const int MaxShown = 400;

    /// <summary>
    /// Null when <paramref name="actual"/> equals <paramref name="expected"/> except on the
    /// <paramref name="allowed"/> lines (1-based), each of which must differ; otherwise a short report.
    /// </summary>
    public static string? Compare(byte[] expected, byte[] actual, IReadOnlyDictionary<int, string> allowed)
    {
        if (allowed.Count == 0 && expected.AsSpan().SequenceEqual(actual))
        {
            return null;
        }

        string[] exp = SplitLines(expected);
        string[] act = SplitLines(actual);
        int common = Math.Min(exp.Length, act.Length);
        for (int i = 0; i < common; i++)
        {
            if (exp[i] != act[i] && !allowed.ContainsKey(i + 1))
            {
                return Report(i + 1, exp, act);
            }
        }

        if (exp.Length != act.Length)
        {
            return Report(common + 1, exp, act);
        }

        var stale = allowed.Keys.Where(n => n > exp.Length || exp[n - 1] == act[n - 1]).ToList();
        if (stale.Count > 0)
        {
            return $"listed divergences no longer differ (remove them from the .divergences file): lines {string.Join(",", stale)}";
        }

        if (allowed.Count == 0)
        {
            // Every line decodes the same but the bytes differ: invalid UTF-8 that decodes to U+FFFD on both sides.
            int at = expected.AsSpan().CommonPrefixLength(actual);
            return $"outputs differ at byte {at} inside bytes that are not valid UTF-8 (expected {expected.Length} bytes, got {actual.Length})";
        }

        return null;
    }

    private static string[] SplitLines(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\n');

    private static string Report(int lineNo, string[] exp, string[] act)
    {
        var sb = new StringBuilder();
        sb.Append("first difference at line ").Append(lineNo)
            .Append(" (expected ").Append(exp.Length).Append(" lines, got ").Append(act.Length).Append(")\n");
        if (lineNo >= 2 && lineNo - 2 < exp.Length)
        {
            sb.Append("  before:   ").Append(Show(exp[lineNo - 2])).Append('\n');
        }

        sb.Append("  tshark:   ").Append(lineNo <= exp.Length ? Show(exp[lineNo - 1]) : "<end of output>").Append('\n');
        sb.Append("  dissect:  ").Append(lineNo <= act.Length ? Show(act[lineNo - 1]) : "<end of output>");
        return sb.ToString();
    }

    private static string Show(string line)
    {
        string s = line.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return s.Length <= MaxShown ? "\"" + s + "\"" : "\"" + s[..MaxShown] + "\"… (" + s.Length + " chars)";
    }
}
