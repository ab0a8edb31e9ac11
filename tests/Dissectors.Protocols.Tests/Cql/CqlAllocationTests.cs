using static Dissectors.Protocols.Tests.Cql.Cql;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>Steady-state dissection of a busy CQL connection allocates (almost) nothing per frame.</summary>
public class CqlAllocationTests
{
    private static readonly byte[] Rows = Concat(Int(2), Int(1), Int(2), Str("ks"), Str("t"), Str("pk"), H("000d"), Str("v"), H("0009"),
        Int(2), Bytes("k1"u8), Bytes(Int(1)), Bytes("k2"u8), Bytes(Int(2)));

    private static byte[] Prepared(bool v5) => Concat(Int(4), ShortBytes(H("abcdef")), v5 ? ShortBytes(H("01")) : [], Int(1), Int(1), Int(1), Short(0),
        Str("ks"), Str("t"), Str("pk"), H("000d"), Int(4), Int(0));

    private static List<byte[]> Session(TcpFlowBuilderSession s, int exchanges, int version)
    {
        bool v5 = version >= 5;
        byte[] Wrap(byte[] env) => v5 ? Segment(env) : env;
        var flow = s.Flow;
        if (!s.Started)
        {
            flow.Send(true, Request(version, 0, 0x01, StringMap(("CQL_VERSION", "3.0.0"))));
            flow.Send(false, Response(version, 0, 0x02, []));
            flow.Send(true, Wrap(Request(version, 1, 0x09, LongStr("SELECT * FROM ks.t WHERE pk = ?"))));
            flow.Send(false, Wrap(Response(version, 1, 0x08, Prepared(v5))));
            s.Started = true;
        }

        byte[] flagsNone = v5 ? Int(0) : [0];
        byte[] flagsValues = v5 ? Int(1) : [1];
        for (int i = 0; i < exchanges; i++)
        {
            short stream = (short)(2 + (i % 100));
            flow.Send(true, Wrap(Request(version, stream, 0x07, Concat(LongStr("SELECT pk, v FROM ks.t"), H("0001"), flagsNone))));
            flow.Send(false, Wrap(Response(version, stream, 0x08, Rows)));
            flow.Send(true, Wrap(Request(version, stream, 0x0A, Concat(ShortBytes(H("abcdef")), v5 ? ShortBytes(H("01")) : [], H("0001"), flagsValues, Short(1), Bytes("k1"u8)))));
            flow.Send(false, Wrap(Response(version, stream, 0x08, Int(1))));
        }

        var frames = new List<byte[]>(flow.Frames);
        flow.Frames.Clear();
        return frames;
    }

    private sealed class TcpFlowBuilderSession
    {
        public Dissectors.Testing.TcpFlowBuilder Flow { get; } = Flow();

        public bool Started { get; set; }
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(5, true)]
    public void SteadyState_AllocatesAlmostNothingPerFrame(int version, bool buildAll)
    {
        var h = new CqlHarness(buildAll: buildAll, columns: buildAll);
        if (!buildAll)
        {
            // What "-Y 'cql.opcode == EXECUTE' --count" asks for.
            h.SetInterest("cql.opcode");
        }

        var s = new TcpFlowBuilderSession();
        h.Run(Session(s, 500, version), snapshot: false);
        var frames = Session(s, 3000, version);
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Run(frames, snapshot: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, h.DissectorBugs);
        Assert.Equal(0, h.MalformedCount);
        Assert.True(allocated / frames.Count < 16, $"{allocated} bytes for {frames.Count} frames ({allocated / frames.Count} B/frame)");
    }
}
