using Dissectors.Core.Capture;
using Dissectors.Core.Pipeline;
using Dissectors.Protocols.MySql;
using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>
/// When a run keeps nothing of a result set's rows (a filter on mysql.query, a count), the rows of a segment
/// are read as one PDU and only checked. Everything the run does keep must come out as with every row
/// dissected on its own: the same frames with each kept field, the same layer numbers after the rows, the
/// same damage. The reference is the full dissection of the same frames (every field built).
/// </summary>
public class MySqlRowRunTests
{
    /// <summary>
    /// Two SELECTs: 40 rows in one segment (one NULL, one with a 250-byte value, whose length prefix is
    /// 0xfc) and an EOF; then rows cut across three segments, a row whose value runs past its packet, an EOF
    /// and an OK-less end; then a COM_PING.
    /// </summary>
    private static List<byte[]> Session()
    {
        var flow = LoggedIn();
        flow.Send(true, Query("SELECT name, city FROM customers"));
        var rows = new List<byte[]> { Packet(1, H("02")), Column(2, "name"), Column(3, "city"), Eof(4) };
        byte seq = 5;
        for (int i = 0; i < 40; i++)
        {
            rows.Add(i == 7 ? Row(seq++, "n7", null) : i == 9 ? Row(seq++, new string('v', 250), "x") : Row(seq++, $"name{i}", $"city{i}"));
        }

        rows.Add(Eof(seq++, 0x0022));
        byte[] first = Concat([.. rows]);
        flow.Send(false, first);

        flow.Send(true, Query("SELECT name FROM customers WHERE id > 5"));
        var second = new List<byte[]> { Packet(1, H("01")), Column(2, "name"), Eof(3) };
        seq = 4;
        for (int i = 0; i < 30; i++)
        {
            second.Add(Row(seq++, $"row{i}"));
        }

        // A value that claims 80 bytes in a 6-byte payload: malformed, as in DissectTextRow.
        second.Add(Packet(seq++, H("50 6869207468")));
        second.Add(Row(seq++, "after"));
        second.Add(Eof(seq++));
        byte[] wire = Concat([.. second]);
        flow.Send(false, wire.AsSpan(0, 101));
        flow.Send(false, wire.AsSpan(101, 150));
        flow.Send(false, wire.AsSpan(251));
        flow.Send(true, Packet(0, [0x0e]));
        return flow.Frames;
    }

    private static (MySqlHarness Harness, List<uint> Matches, List<int> EofLayers) Run(bool quiet, string field)
    {
        var h = new MySqlHarness(buildAll: !quiet);
        if (quiet)
        {
            h.SetInterest(field);
        }

        Assert.True(h.Engine.Registry.TryGet(field, out var id));
        var matches = new List<uint>();
        var eofLayers = new List<int>();
        h.Engine.Registry.TryGet("mysql.eof", out var eof);
        uint n = 0;
        foreach (var f in Session())
        {
            n++;
            h.Pipeline.Process(new CaptureRecord(1_700_000_000_000_000_000 + n * 1000L, f.Length, f.Length, 0, LinkType.Ethernet, f), n);
            var t = h.Pipeline.Tree;
            if (t.Has(id))
            {
                matches.Add(n);
            }

            for (int node = t.First(eof); node >= 0; node = t.Next(node))
            {
                eofLayers.Add(t[node].Layer);
            }
        }

        return (h, matches, eofLayers);
    }

    private static long RowRuns(MySqlHarness h) => h.Engine.Modules.OfType<MySqlModule>().Single().RowRuns;

    [Theory]
    [InlineData("mysql.query")]
    [InlineData("mysql.eof")]
    [InlineData("mysql.command")]
    public void RowsReadAsOneRun_KeepWhatTheRunWants_AsTheFullDissectionDoes(string field)
    {
        var (full, fullMatches, fullEof) = Run(quiet: false, field);
        var (quiet, quietMatches, quietEof) = Run(quiet: true, field);
        Assert.Equal(fullMatches, quietMatches);
        Assert.NotEmpty(quietMatches);
        Assert.Equal(0, RowRuns(full));
        Assert.True(RowRuns(quiet) >= 2, $"rows were read one by one ({RowRuns(quiet)} runs)");
        if (field == "mysql.eof")
        {
            // The EOF after the 40 rows is layer 45 of its frame (column count, 2 columns, EOF, 40 rows, then it).
            Assert.Equal(fullEof, quietEof);
            Assert.Contains(45, quietEof);
        }

        // The row whose value runs past its packet is damage either way.
        Assert.Equal(1, full.MalformedCount);
        Assert.Equal(full.MalformedCount, quiet.MalformedCount);
        Assert.Equal(0, quiet.DissectorBugs);
    }

    [Fact]
    public void TheProtocolAskedForByItself_OrTheRowsFields_KeepEveryRowItsOwnPdu()
    {
        foreach (string field in new[] { "mysql", "mysql.row.text", "mysql.packet_number", "_ws.expert" })
        {
            var (quiet, matches, _) = Run(quiet: true, field);
            Assert.Equal(0, RowRuns(quiet));
            Assert.NotEmpty(matches);
        }
    }
}
