using System.Text;
using Dissectors.Testing;

namespace Dissect.Cli.Tests;

/// <summary>
/// <c>--count</c> keeps only what its filter needs, and dissectors take shortcuts for what nothing keeps (MySQL
/// reads a segment's result-set rows as one run). Printing the matching frames builds the columns, which
/// turns those shortcuts off: both must select the same frames and report the same damage. Over every
/// filter of the MySQL corpus lists and the MariaDB samples, the protocol filters of the CQL and Scylla lists,
/// and TCP edge cases on a CQL connection: a count on protocol fields keeps no tcp item, so the TCP sequence
/// analysis keeps only the flow state other decisions read (port reuse, mid-stream starts, capture loss).
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

    public static TheoryData<string> ProtocolLists()
    {
        var data = new TheoryData<string>();
        if (Paths.Corpus is { } corpus)
        {
            foreach (string folder in new[] { "cql", "scylla" })
            {
                string dir = Path.Combine(corpus, folder);
                if (Directory.Exists(dir))
                {
                    foreach (string f in Directory.GetFiles(dir, $"*.{folder}-filters.tsv").Order())
                    {
                        data.Add(Path.GetRelativePath(corpus, f));
                    }
                }
            }
        }

        if (data.Count == 0)
        {
            data.Add("");
        }

        return data;
    }

    [CorpusTheory("cql")]
    [MemberData(nameof(ProtocolLists))]
    public void ProtocolFilters_CountWhatPrintingShows(string list)
    {
        string tsv = Path.Combine(Paths.Corpus!, list);
        string capture = tsv[..tsv.LastIndexOf(".pcap", StringComparison.Ordinal)] + ".pcap";
        foreach (string line in File.ReadLines(tsv))
        {
            string filter = line.Split('\t')[0];
            // Filters on tcp, frame, ip or experts keep tcp items and take the full analysis either way.
            if (line.Length > 0 && line[0] != '#' && !filter.Contains("tcp", StringComparison.Ordinal) && !filter.Contains("frame", StringComparison.Ordinal)
                && !filter.Contains("ip.", StringComparison.Ordinal) && !filter.Contains("_ws", StringComparison.Ordinal))
            {
                AssertAgree(capture, filter);
            }
        }
    }

    /// <summary>A CQL v4 frame: 9-byte header (version, flags, stream, opcode, length), then the body.</summary>
    private static byte[] Cql(bool request, short stream, byte opcode, byte[] body)
    {
        var f = new byte[9 + body.Length];
        f[0] = request ? (byte)0x04 : (byte)0x84;
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(f.AsSpan(2), stream);
        f[4] = opcode;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(f.AsSpan(5), body.Length);
        body.CopyTo(f, 9);
        return f;
    }

    [Fact]
    public void TcpEdgeCases_OnACqlConnection_CountWhatPrintingShows()
    {
        // OPTIONS (5) / READY (2) / a QUERY (7) with its text, on port 9042.
        byte[] options = Cql(true, 1, 5, []), ready = Cql(false, 1, 2, []);
        byte[] text = Encoding.ASCII.GetBytes("SELECT * FROM t");
        var body = new byte[4 + text.Length + 3];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(body, text.Length);
        text.CopyTo(body, 4);
        body[4 + text.Length + 1] = 1;
        byte[] query = Cql(true, 2, 7, body);
        var b = new PcapBuilder(Dissectors.Core.Capture.LinkType.Ethernet);
        long ns = TestCaptures.StartNs;
        void Add(byte[] frame, long step = 1000) => b.Add(ns += step, frame);

        // 1. A clean exchange, closed, then the same ports reused with another ISN.
        var a = new TcpFlowBuilder(clientPort: 40001, serverPort: 9042).Handshake();
        a.Send(true, options);
        a.Send(false, ready);
        a.Segment(true, a.ClientSeq, a.ServerSeq, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
        a.Segment(false, a.ServerSeq, a.ClientSeq + 1, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
        a.Segment(true, a.ClientSeq + 1, a.ServerSeq + 1, TcpFlowBuilder.Ack, []);
        var reuse = new TcpFlowBuilder(clientPort: 40001, serverPort: 9042, clientIsn: 777_000, serverIsn: 888_000).Handshake();
        reuse.Send(true, query);
        reuse.Send(false, ready);

        // 2. Retransmissions, a segment lost and sent again later, reordering, a zero window and its probe.
        var c = new TcpFlowBuilder(clientPort: 40002, serverPort: 9042).Handshake();
        byte[] q1 = c.Send(true, query);
        c.Frames.Add(q1);                                   // a plain retransmission
        uint lostSeq = c.ClientSeq;
        c.ClientSeq += (uint)query.Length;                  // this one is captured only later
        byte[] after = c.Send(true, options);
        c.Segment(false, c.ServerSeq, lostSeq, TcpFlowBuilder.Ack, []);
        c.Segment(false, c.ServerSeq, lostSeq, TcpFlowBuilder.Ack, []);   // duplicate acks
        c.Segment(false, c.ServerSeq, lostSeq, TcpFlowBuilder.Ack, []);
        c.Segment(true, lostSeq, c.ServerSeq, TcpFlowBuilder.Psh | TcpFlowBuilder.Ack, query);   // fast retransmission fills the hole
        c.Segment(false, c.ServerSeq, c.ClientSeq, TcpFlowBuilder.Ack, [], window: 0);
        c.Segment(true, c.ClientSeq, c.ServerSeq, TcpFlowBuilder.Ack, options.AsSpan(0, 1));     // zero-window probe
        c.Segment(false, c.ServerSeq, c.ClientSeq, TcpFlowBuilder.Ack, [], window: 512);
        c.Send(true, options);
        c.Send(false, ready);
        _ = after;

        // 3. Captured mid-stream (no handshake), with a keep-alive.
        var m = new TcpFlowBuilder(clientPort: 40003, serverPort: 9042, clientIsn: 50_000, serverIsn: 60_000);
        m.Send(false, ready);
        m.Send(true, query);
        m.Segment(true, m.ClientSeq - 1, m.ServerSeq, TcpFlowBuilder.Ack, []);
        m.Send(false, ready);
        m.Segment(true, m.ClientSeq, m.ServerSeq, TcpFlowBuilder.Rst | TcpFlowBuilder.Ack, []);
        m.Send(false, ready);                              // in flight when the reset came

        // 4. Segments lost for good: the peer acknowledges past them, before the next segment arrives (the
        // capture loss is declared then) and after it.
        var g = new TcpFlowBuilder(clientPort: 40004, serverPort: 9042).Handshake();
        g.Send(true, query);
        g.Send(false, ready);
        g.ClientSeq += (uint)query.Length;                 // never captured
        g.Segment(false, g.ServerSeq, g.ClientSeq + (uint)options.Length, TcpFlowBuilder.Ack, []);
        g.Send(true, options);
        g.Send(false, ready);
        g.ClientSeq += (uint)query.Length;                 // never captured
        g.Send(true, options);
        g.Segment(false, g.ServerSeq, g.ClientSeq, TcpFlowBuilder.Ack, []);
        g.Send(true, query);
        g.Send(false, ready);

        // 5. A new SYN with another ISN on a connection that never closed (port reuse), and a retransmitted SYN.
        var r = new TcpFlowBuilder(clientPort: 40005, serverPort: 9042).Handshake();
        r.Send(true, options);
        r.Send(false, ready);
        var r2 = new TcpFlowBuilder(clientPort: 40005, serverPort: 9042, clientIsn: 123_456, serverIsn: 654_321);
        r2.Segment(true, r2.ClientSeq, 0, TcpFlowBuilder.Syn, []);
        r2.Segment(true, r2.ClientSeq, 0, TcpFlowBuilder.Syn, []);
        r2.ClientSeq++;
        r2.Segment(false, r2.ServerSeq, r2.ClientSeq, TcpFlowBuilder.Syn | TcpFlowBuilder.Ack, []);
        r2.ServerSeq++;
        r2.Segment(true, r2.ClientSeq, r2.ServerSeq, TcpFlowBuilder.Ack, []);
        r2.Send(true, query);
        r2.Send(false, ready);

        // 6. CQL on another port, found by the heuristic, captured mid-stream: the server's bytes come first,
        // and the client's direction starts where its sequence numbers say.
        var h = new TcpFlowBuilder(clientPort: 40006, serverPort: 19042, clientIsn: 70_000, serverIsn: 80_000);
        h.Segment(true, h.ClientSeq, h.ServerSeq, TcpFlowBuilder.Ack, []);
        h.Send(false, ready);
        h.Send(true, query);
        h.Send(false, ready);
        h.Send(true, options);
        h.Send(false, ready);

        foreach (var frame in a.Frames.Concat(reuse.Frames).Concat(c.Frames).Concat(m.Frames).Concat(g.Frames).Concat(r.Frames).Concat(r2.Frames).Concat(h.Frames))
        {
            Add(frame);
        }

        using var dir = new TempDir();
        string path = dir.Write("edges.pcap", b.ToArray());
        foreach (string filter in new[] { "cql", "cql.opcode == QUERY", "cql.opcode == READY", "cql.opcode == OPTIONS", "cql.query", "cql.response_time", "not cql", "count(cql) == 1" })
        {
            AssertAgree(path, filter);
        }

        // Not only as many frames: the same frames (a PDU dissected in another frame would count the same).
        var printed = Encoding.UTF8.GetString(CliRunner.Run(path, "-Y", "cql").Stdout)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l.TrimStart().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        int frames = int.Parse(Encoding.ASCII.GetString(CliRunner.Run(path, "--count").Stdout).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(printed.Count > 10);
        for (int k = 1; k <= frames; k++)
        {
            string counted = Encoding.ASCII.GetString(CliRunner.Run(path, "-Y", $"cql and frame.number == {k}", "--count", "--threads", "1").Stdout).Trim();
            Assert.True(counted == (printed.Contains(k) ? "1" : "0"), $"frame {k}: --count says {counted}, printing {(printed.Contains(k) ? "shows it" : "does not")}");
        }

        // The capture does exercise the analysis: port reuse, retransmissions, a zero-window probe.
        foreach (string filter in new[] { "tcp.analysis.reused_ports", "tcp.analysis.retransmission", "tcp.analysis.zero_window_probe", "tcp.analysis.fast_retransmission" })
        {
            Assert.NotEqual("0", Encoding.ASCII.GetString(CliRunner.Run(path, "-Y", filter, "--count").Stdout).Trim());
        }
    }

    [Fact]
    public void StreamsEndingInsideAPdu_AreCounted_ClosedOrNot()
    {
        // Three connections on port 9042 that end with half a CQL frame waiting: one never closes, one closes
        // (FIN both ways) with the half frame sent before, one is sent the half frame after it closed. One
        // more closes cleanly. The end-of-capture report names each unfinished direction once.
        byte[] options = Cql(true, 1, 5, []), ready = Cql(false, 1, 2, []);
        byte[] half = Cql(true, 2, 7, new byte[40]).AsSpan(0, 20).ToArray();
        var b = new PcapBuilder(Dissectors.Core.Capture.LinkType.Ethernet);
        long ns = TestCaptures.StartNs;
        void Close(TcpFlowBuilder f)
        {
            f.Segment(true, f.ClientSeq, f.ServerSeq, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
            f.Segment(false, f.ServerSeq, f.ClientSeq + 1, TcpFlowBuilder.Fin | TcpFlowBuilder.Ack, []);
            f.Segment(true, f.ClientSeq + 1, f.ServerSeq + 1, TcpFlowBuilder.Ack, []);
            f.ClientSeq++;
            f.ServerSeq++;
        }

        var open = new TcpFlowBuilder(clientPort: 41001, serverPort: 9042).Handshake();
        open.Send(true, options);
        open.Send(false, ready);
        open.Send(true, half);
        var before = new TcpFlowBuilder(clientPort: 41002, serverPort: 9042).Handshake();
        before.Send(true, options);
        before.Send(false, ready);
        before.Send(true, half);
        Close(before);
        var after = new TcpFlowBuilder(clientPort: 41003, serverPort: 9042).Handshake();
        after.Send(true, options);
        after.Send(false, ready);
        Close(after);
        after.Send(true, half);
        var clean = new TcpFlowBuilder(clientPort: 41004, serverPort: 9042).Handshake();
        clean.Send(true, options);
        clean.Send(false, ready);
        Close(clean);
        foreach (var frame in open.Frames.Concat(before.Frames).Concat(after.Frames).Concat(clean.Frames))
        {
            b.Add(ns += 1000, frame);
        }

        using var dir = new TempDir();
        string path = dir.Write("unfinished.pcap", b.ToArray());
        foreach (string filter in new[] { "cql", "tcp" })
        {
            AssertAgree(path, filter);
        }

        var r = CliRunner.Run(path, "-Y", "cql", "--count");
        Assert.Contains("3 streams ended inside a PDU", r.Stderr, StringComparison.Ordinal);
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
