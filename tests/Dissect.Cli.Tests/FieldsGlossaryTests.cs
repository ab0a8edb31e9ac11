using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// <c>dissect fields</c> against <c>tshark -G fields</c>: the same eight columns (F/P, name, abbreviation,
/// type, protocol, base, bitmask, description), line for line, for the core fields dissect shares with
/// tshark. The tshark lines are in Data/tshark-4.0.17-fields-core.tsv, copied from the research catalog.
/// </summary>
public class FieldsGlossaryTests
{
    private static readonly string s_tsharkLines = Path.Combine(Paths.Root, "tests", "Dissect.Cli.Tests", "Data", "tshark-4.0.17-fields-core.tsv");

    private static Dictionary<string, string> DissectGlossary(params string[] args)
    {
        var run = CliRunner.Run(["fields", .. args]);
        Assert.Equal(0, run.ExitCode);
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Encoding.UTF8.GetString(run.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] cols = line.Split('\t');
            Assert.True(cols[0] == "P" ? cols.Length == 3 : cols.Length == 8, $"not a -G fields line: {line}");
            lines.Add(cols[2], line);
        }

        return lines;
    }

    private static IEnumerable<string> TsharkLines() =>
        File.ReadLines(s_tsharkLines).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [Theory]
    // One line per kind of column content, copied verbatim from tshark 4.0.17 -G fields.
    [InlineData("P\tEthernet\teth")]
    [InlineData("F\tDestination OUI (resolved)\teth.dst.oui_resolved\tFT_STRING\teth\t\t0x0\tDestination Organizationally Unique Identifier (resolved)")]
    [InlineData("F\tAddress OUI\teth.addr.oui\tFT_UINT24\teth\tBASE_OUI\t0x0\tAddress Organizationally Unique Identifier")]
    [InlineData("F\tLG bit\teth.lg\tFT_BOOLEAN\teth\t24\t0x20000\tSpecifies if this is a locally administered or globally unique (IEEE assigned) address")]
    [InlineData("F\tIdentification\tip.id\tFT_UINT16\tip\tBASE_HEX_DEC\t0x0\t")]
    [InlineData("F\tFragment Offset\tip.frag_offset\tFT_UINT16\tip\tBASE_DEC\t0x1fff\tFragment offset (13 bits)")]
    [InlineData("F\tIPv4 Fragment\tip.fragment\tFT_FRAMENUM\tip\t\t0x0\t")]
    [InlineData("F\tIPv4 Fragments\tip.fragments\tFT_BYTES\tip\t\t0x0\t")]
    [InlineData("F\tIPv6 Fragments\tipv6.fragments\tFT_NONE\tipv6\t\t0x0\t")]
    [InlineData("F\tReassembled IPv6 data\tipv6.reassembled.data\tFT_BYTES\tipv6\t\t0x0\tThe reassembled payload")]
    [InlineData("F\tSource Address\tip.src\tFT_IPv4\tip\t\t0x0\t")]
    [InlineData("F\tSource Port\ttcp.srcport\tFT_UINT16\ttcp\tBASE_PT_TCP\t0x0\t")]
    [InlineData("F\tShift count\ttcp.options.wscale.shift\tFT_UINT8\ttcp\tBASE_DEC\t0x0\tLogarithmically encoded power of 2 scale factor")]
    [InlineData("F\tThis is an ACK to the segment in frame\ttcp.analysis.acks_frame\tFT_FRAMENUM\ttcp\t\t0x0\tWhich previous segment is this an ACK for")]
    [InlineData("F\tTime since first frame in this TCP stream\ttcp.time_relative\tFT_RELATIVE_TIME\ttcp\t\t0x0\tTime relative to first frame in this TCP stream")]
    [InlineData("F\tArrival Time\tframe.time\tFT_ABSOLUTE_TIME\tframe\t\t0x0\tAbsolute time when this frame was captured")]
    public void FieldLine_IsTsharks(string tshark)
    {
        string abbrev = tshark.Split('\t')[2];
        Assert.True(DissectGlossary().TryGetValue(abbrev, out string? line), $"dissect fields has no {abbrev}");
        Assert.Equal(tshark, line);
        Assert.Contains(tshark, TsharkLines()); // the copy here is the catalog's line
    }

    [Fact]
    public void EverySharedCoreField_MatchesTsharksLine()
    {
        var dissect = DissectGlossary();
        var wrong = new List<string>();
        int n = 0;
        foreach (string tshark in TsharkLines())
        {
            n++;
            string abbrev = tshark.Split('\t')[2];
            if (!dissect.TryGetValue(abbrev, out string? line))
            {
                wrong.Add($"missing in dissect fields: {tshark}");
            }
            else if (line != tshark)
            {
                wrong.Add($"tshark:  {tshark}\n  dissect: {line}");
            }
        }

        Assert.True(n > 200, $"only {n} tshark lines in {s_tsharkLines}");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {n} lines differ:\n  " + string.Join("\n  ", wrong.Take(10)));
    }

    [Fact]
    public void OneProtocol_ListsItsFields_IncludingThoseOfItsNameOnlyOptions()
    {
        var tcp = DissectGlossary("tcp");
        Assert.Contains("tcp.srcport", tcp.Keys);
        Assert.Contains("tcp.options.wscale.shift", tcp.Keys);
        Assert.DoesNotContain("ip.src", tcp.Keys);
        Assert.Equal(2, CliRunner.Run("fields", "nosuchproto").ExitCode);
    }

    [Fact]
    public void TheMariaDbFields_AreTsharks_AndListedUnderMysql()
    {
        // Wireshark registers mariadb.* under the mysql protocol: same lines as tshark -G fields, and
        // "dissect fields mysql" lists them.
        string path = Path.Combine(Paths.Root, "tests", "Dissect.Cli.Tests", "Data", "tshark-4.0.17-fields-mariadb.tsv");
        var tshark = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(17, tshark.Count);
        var mysql = DissectGlossary("mysql");
        foreach (string line in tshark)
        {
            string abbrev = line.Split('\t')[2];
            Assert.True(mysql.TryGetValue(abbrev, out string? ours), $"dissect fields mysql has no {abbrev}");
            Assert.Equal(line, ours);
        }
    }
}
