using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// <c>--count</c> keeps only what its filter needs, and dissectors take shortcuts for what nothing keeps (MySQL
/// reads a segment's result-set rows as one run). Printing the matching frames builds the columns, which
/// turns those shortcuts off: both must select the same frames and report the same damage. Over every
/// filter of the MySQL corpus lists and the MariaDB samples.
/// </summary>
public sealed class CountAgreesWithPrintingTests
{
    private static readonly string[] SampleFilters =
    [
        "mysql", "mysql.query", "mysql.query contains \"SELECT\"", "mysql.command == \"Query\"", "mysql.eof", "mysql.num_fields",
        "mysql.affected_rows", "mysql.error_code", "mysql.response_code == 0xfe", "mysql.stmt.query", "count(mysql) > 3",
        "mysql.eof#2", "mysql.response_time > 0", "not mysql", "tcp.len > 1000",
    ];

    public static TheoryData<string> MySqlLists()
    {
        var data = new TheoryData<string>();
        if (Paths.Corpus is { } corpus && Directory.Exists(Path.Combine(corpus, "mysql")))
        {
            foreach (string f in Directory.GetFiles(Path.Combine(corpus, "mysql"), "*filters.tsv").Order())
            {
                data.Add(Path.GetFileName(f));
            }
        }
        else
        {
            data.Add("");
        }

        return data;
    }

    public static TheoryData<string> MariaDbSamples()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Paths.Samples, "mariadb_*.pcap").Order())
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [CorpusTheory("mysql")]
    [MemberData(nameof(MySqlLists))]
    public void CorpusFilters_CountWhatPrintingShows(string list)
    {
        string tsv = Path.Combine(Paths.Corpus!, "mysql", list);
        string capture = tsv[..tsv.LastIndexOf(".pcap", StringComparison.Ordinal)] + (tsv.Contains(".pcapng.", StringComparison.Ordinal) ? ".pcapng" : ".pcap");
        foreach (string line in File.ReadLines(tsv))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                AssertAgree(capture, line.Split('\t')[0]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(MariaDbSamples))]
    public void SampleFilters_CountWhatPrintingShows(string sample)
    {
        foreach (string filter in SampleFilters)
        {
            AssertAgree(Paths.Sample(sample), filter);
        }
    }

    private static void AssertAgree(string capture, string filter)
    {
        var count = CliRunner.Run(capture, "-Y", filter, "--count", "--threads", "1");
        var printed = CliRunner.Run(capture, "-Y", filter);
        string what = $"{Path.GetFileName(capture)} -Y {filter}";
        int lines = Encoding.UTF8.GetString(printed.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(count.ExitCode is 0 or 1, $"{what}: --count exit {count.ExitCode}: {count.Stderr}");
        Assert.True(Encoding.ASCII.GetString(count.Stdout).Trim() == lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{what}: --count says {Encoding.ASCII.GetString(count.Stdout).Trim()}, printing shows {lines} frames");
        Assert.True(count.Stderr == printed.Stderr, $"{what}: stderr differs:\n{count.Stderr}\n---\n{printed.Stderr}");
    }
}
