using System.Globalization;
using Dissectors.Testing;

namespace Dissect.Cli.Tests.Golden;

/// <summary>
/// The listed, deliberate differences from tshark for one sample: <c>samples/NAME.divergences</c>. Each
/// entry names one expected file, the lines of it (1-based, after any leading comment line the recording
/// script wrote) that dissect prints differently, and why:
/// <code>
/// # EXPECTED-FILE  LINES       REASON
/// NAME.summary.tshark.txt  12,15-17  MySQL: ...
/// </code>
/// Only those lines may differ, the outputs must still have the same number of lines, and every listed
/// line must really differ (a stale entry fails, so the file shrinks as dissect catches up).
/// </summary>
internal sealed class Divergences
{
    private readonly Dictionary<string, List<(int First, int Last, string Reason)>> _byFile = new(StringComparer.Ordinal);

    public static Divergences For(string sample)
    {
        var d = new Divergences();
        string path = Path.Combine(Paths.Samples, sample + ".divergences");
        if (!File.Exists(path))
        {
            return d;
        }

        int lineNo = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
            {
                throw new FormatException($"{path}:{lineNo}: want 'EXPECTED-FILE LINES REASON'");
            }

            if (!d._byFile.TryGetValue(parts[0], out var list))
            {
                d._byFile[parts[0]] = list = [];
            }

            foreach (string range in parts[1].Split(','))
            {
                int dash = range.IndexOf('-', StringComparison.Ordinal);
                int first = int.Parse(dash < 0 ? range : range[..dash], CultureInfo.InvariantCulture);
                int last = dash < 0 ? first : int.Parse(range[(dash + 1)..], CultureInfo.InvariantCulture);
                if (first < 1 || last < first)
                {
                    throw new FormatException($"{path}:{lineNo}: bad line range '{range}'");
                }

                list.Add((first, last, parts[2]));
            }
        }

        return d;
    }

    /// <summary>Allowed differing lines of <paramref name="expectedFile"/>, with their reasons.</summary>
    public IReadOnlyDictionary<int, string> LinesOf(string expectedFile)
    {
        var lines = new SortedDictionary<int, string>();
        if (_byFile.TryGetValue(expectedFile, out var list))
        {
            foreach (var (first, last, reason) in list)
            {
                for (int i = first; i <= last; i++)
                {
                    lines[i] = reason;
                }
            }
        }

        return lines;
    }

    public IEnumerable<string> Files => _byFile.Keys;
}
