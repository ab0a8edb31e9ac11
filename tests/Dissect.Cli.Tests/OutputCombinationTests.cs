using System.Text;
using System.Text.RegularExpressions;
using Dissect.Cli.Tests.Golden;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// How tshark 4.0 combines summary lines (<c>-P</c>), trees (<c>-V</c>) and hex dumps (<c>-x</c>), checked
/// against expectations assembled from the recorded single-mode files of each sample (no new tshark runs).
/// Per frame, as tshark 4.0.17 prints them (checked by hand against it on these samples):
/// <code>
/// -x -P      summary line, blank line, hex dump, blank line
/// -V -P      summary line, tree, blank line
/// -V -x      tree without the in-tree dumps of undissected data, blank line, hex dump, blank line
/// -V -x -P   summary line, then as -V -x
/// </code>
/// </summary>
public partial class OutputCombinationTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string path in Directory.EnumerateFiles(Paths.Samples, "*.core.verbose.tshark.txt.gz").Order(StringComparer.Ordinal))
        {
            string sample = Path.GetFileName(path)[..^".core.verbose.tshark.txt.gz".Length];
            if (File.Exists(Path.Combine(Paths.Samples, sample + ".core.hex.tshark.txt.gz")))
            {
                foreach (string options in new[] { "-x -P", "-V -P", "-V -x", "-V -x -P" })
                {
                    data.Add(sample, options);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Combination_IsAssembledAsTsharkDoes(string sample, string options)
    {
        string[] summary = Read(sample, "core.summary.tshark.txt").Split('\n')[..^1];
        string[] trees = FrameStart().Split(Read(sample, "core.verbose.tshark.txt.gz"))[1..];
        string[] dumps = [.. Read(sample, "core.hex.tshark.txt.gz").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(d => d + "\n\n")];
        Assert.True(summary.Length == trees.Length && trees.Length == dumps.Length,
            $"{summary.Length} summary lines, {trees.Length} trees, {dumps.Length} dumps");

        bool p = options.Contains("-P", StringComparison.Ordinal);
        bool v = options.Contains("-V", StringComparison.Ordinal);
        var expected = new StringBuilder();
        for (int i = 0; i < summary.Length; i++)
        {
            if (p)
            {
                expected.Append(summary[i]).Append('\n');
            }

            if (v)
            {
                expected.Append(options.Contains("-x", StringComparison.Ordinal) ? InTreeDataDump().Replace(trees[i], "$1") : trees[i]);
            }
            else
            {
                expected.Append('\n');
            }

            if (options.Contains("-x", StringComparison.Ordinal))
            {
                expected.Append(dumps[i]);
            }
        }

        var c = new GoldenCase(sample, sample + ".core.summary.tshark.txt", "summary");
        var run = CliRunner.Run(["-r", c.CapturePath, .. options.Split(' '), .. GoldenCase.DisabledByScript()]);
        Assert.Equal(0, run.ExitCode);
        string? diff = TextDiff.Compare(Encoding.UTF8.GetBytes(expected.ToString()), run.Stdout, new Dictionary<int, string>());
        Assert.True(diff is null, $"dissect {options} on {sample}\n{diff}");
    }

    private static string Read(string sample, string suffix) =>
        Encoding.UTF8.GetString(GoldenCase.ReadAll(Path.Combine(Paths.Samples, sample + "." + suffix)));

    [GeneratedRegex(@"(?m)^(?=Frame \d+: )")]
    private static partial Regex FrameStart();

    // Without -x, tshark dumps undissected data inside the tree: "Data (N bytes)", a blank line, hex lines.
    [GeneratedRegex(@"(?m)^(Data \(\d+ bytes?\)\n)\n(?:[0-9a-f]{4,8}  .*\n)+")]
    private static partial Regex InTreeDataDump();
}
