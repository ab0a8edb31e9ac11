using System.Globalization;
using System.Text;
using System.Text.Json;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// The 200 KiB INSERT of samples/tarantool_iproto.pcap with one of its segments (the first, one in the middle,
/// the one that completes it) removed from the file: the loss is reported where the TCP layer reports it, the broken message is dropped, dissection
/// resumes at the next request, every frame is still shown and every other logged message is intact.
/// </summary>
public sealed class TarantoolLostSegmentTests : IDisposable
{
    private const int ServerPort = 3301;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("first")]
    [InlineData("middle")]
    [InlineData("last")]
    public void SegmentLostInsideLargeTuple_IsReported_AndTheStreamResyncsOnTheNextRequest(string which)
    {
        string intactPath = Paths.Sample("tarantool_iproto.pcap");
        var log = ReadLog();
        var big = log.Single(e => e.TryGetProperty("request", out var r) && r.GetString() == "insert"
            && e.GetProperty("tuple").GetRawText().Contains("strlen", StringComparison.Ordinal));
        ulong bigSync = (ulong)big.GetProperty("sync").GetInt64();

        // Where the INSERT's segments are, from the intact capture: the client's payload segments after its
        // previous message, up to the one that completes the INSERT.
        int insertFrame, previousFrame;
        var intact = TarantoolMessage.Read(intactPath, out var intactDoc);
        using (intactDoc)
        {
            insertFrame = intact.Single(m => !m.IsResponse && m.Sync == bigSync).Frame;
            previousFrame = intact.Last(m => m.Frame < insertFrame && m.SrcPort != ServerPort).Frame;
        }

        // "last" is the segment that completes the message: then the next request's segment reports the loss.
        var segments = TcpRows(intactPath).Where(r => r.Frame > previousFrame && r.Frame <= insertFrame && r.SrcPort != ServerPort && r.Len > 0).ToList();
        Assert.True(segments.Count >= 4, $"the INSERT has only {segments.Count} segments");
        var lost = which switch
        {
            "first" => segments[0],
            "middle" => segments[segments.Count / 2],
            _ => segments[^1],
        };

        byte[] file = File.ReadAllBytes(intactPath);
        var layout = PcapLayout.Read(file);
        var kept = new MemoryStream();
        kept.Write(file, 0, PcapLayout.FileHeaderLength);
        for (int i = 0; i < layout.Records.Count; i++)
        {
            if (i + 1 != lost.Frame)
            {
                kept.Write(file, layout.Records[i].Offset, layout.Records[i].Length);
            }
        }

        string path = _dir.Write($"tarantool_iproto-lost-{which}-segment.pcap", kept.ToArray());
        int frames = layout.Records.Count - 1;

        // No crash, every frame shown once, the gap in the damage summary; --strict turns it into exit 4.
        var summary = CliRun.Run(["-r", path], "lost segment", CliRun.DefaultBudget);
        Assert.True(summary.ExitCode == ExitCodes.Ok, summary.Describe());
        Assert.Equal(frames, FrameCounts.Summary(summary.Stdout));
        Assert.DoesNotContain("internal error", summary.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("dissector bug", summary.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"1 stream gap ({lost.Len} bytes not captured)", summary.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Damage, CliRun.Run(["-r", path, "--strict"], "lost segment", CliRun.DefaultBudget).ExitCode);

        // The direction's next segment, payload or bare ACK (frame numbers shift down by one after the removed
        // record), carries the "previous segment not captured" item, where tshark 4.0 puts it for these files.
        var after = TcpRows(path).First(r => r.Frame >= lost.Frame && r.SrcPort == lost.SrcPort);
        var lostItem = CliRunner.Run("-r", path, "-Y", "tcp.analysis.lost_segment", "-T", "fields", "-e", "frame.number");
        Assert.Equal($"{after.Frame}\n", Encoding.UTF8.GetString(lostItem.Stdout));

        var msgs = TarantoolMessage.Read(path, out var doc);
        using (doc)
        {
            // The broken INSERT is not shown as a message, and nothing from the client between the gap and the next
            // request is taken for one; its response still comes (the other direction lost nothing), now unmatched.
            Assert.DoesNotContain(msgs, m => !m.IsResponse && m.Sync == bigSync);
            int insertNow = insertFrame - 1;
            Assert.DoesNotContain(msgs, m => m.SrcPort != ServerPort && m.Frame > lost.Frame - 1 && m.Frame <= insertNow);
            var orphan = Assert.Single(msgs, m => m.IsResponse && m.Sync == bigSync);
            Assert.Null(orphan.Get("tnt.response_to"));
            Assert.Equal(0, orphan.Type);

            // Every other logged request is there with its sync and type; every logged response and push too.
            foreach (var e in log)
            {
                ulong sync = (ulong)e.GetProperty("sync").GetInt64();
                if (e.TryGetProperty("request", out _) && sync != bigSync)
                {
                    var m = Assert.Single(msgs, m => !m.IsResponse && m.Sync == sync);
                    Assert.NotNull(m.Type);
                }
            }

            foreach (var g in log.Where(e => !e.TryGetProperty("request", out _)).GroupBy(e => (ulong)e.GetProperty("sync").GetInt64()))
            {
                Assert.True(g.Count() == msgs.Count(m => m.IsResponse && m.Sync == g.Key), $"sync {g.Key}");
            }

            var next = log.SkipWhile(e => e.GetProperty("sync").GetInt64() != (long)bigSync).First(e => e.TryGetProperty("request", out _) && (ulong)e.GetProperty("sync").GetInt64() != bigSync);
            var resumed = msgs.Single(m => !m.IsResponse && m.Sync == (ulong)next.GetProperty("sync").GetInt64());
            Assert.True(resumed.Frame > insertNow, $"resynchronised at frame {resumed.Frame}");
            Assert.Equal(resumed.Frame.ToString(CultureInfo.InvariantCulture),
                msgs.Single(m => m.IsResponse && m.Sync == resumed.Sync).Get("tnt.response_to"));
        }
    }

    private sealed record TcpRow(int Frame, int SrcPort, int Len);

    private static List<TcpRow> TcpRows(string capture)
    {
        var run = CliRunner.Run("-r", capture, "-Y", "tcp", "-T", "fields", "-e", "frame.number", "-e", "tcp.srcport", "-e", "tcp.len");
        Assert.Equal(0, run.ExitCode);
        var rows = new List<TcpRow>();
        foreach (string line in Encoding.UTF8.GetString(run.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            rows.Add(new TcpRow(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static List<JsonElement> ReadLog()
    {
        var list = new List<JsonElement>();
        foreach (string line in File.ReadAllLines(Paths.Sample("tarantool_iproto.truth.jsonl")))
        {
            if (line.Length > 0)
            {
                list.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return list;
    }
}
