using static Dissectors.Protocols.Tests.Tarantool.TarantoolHarness;

namespace Dissectors.Protocols.Tests.Tarantool;

/// <summary>Steady-state dissection of a busy Tarantool connection allocates (almost) nothing per frame.</summary>
public class TarantoolAllocationTests
{
    private static List<byte[]> Exchanges(Dissectors.Testing.TcpFlowBuilder flow, int n, ref ulong sync)
    {
        for (int i = 0; i < n; i++)
        {
            sync++;
            byte s = (byte)(sync & 0x7f);
            flow.Send(true, Msg(H($"82 00 01 01 {s:x2} 86 10 cd 02 00 11 00 14 00 13 00 12 ce ff ff ff ff 20 91 cd 01 18")));
            flow.Send(false, Msg(H($"83 00 00 01 {s:x2} 05 10 81 30 91 93 cd 01 18 a6 42 65 72 6c 69 6e cb 40 0c 00 00 00 00 00 00")));
        }

        var frames = new List<byte[]>(flow.Frames);
        flow.Frames.Clear();
        return frames;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyState_AllocatesAlmostNothingPerFrame(bool buildAll)
    {
        var h = new TarantoolHarness(buildAll: buildAll, columns: buildAll);
        if (!buildAll)
        {
            // What "-Y 'tnt.request == \"select\"' --count" asks for.
            h.SetInterest("tnt.request");
        }

        var flow = Flow();
        flow.Send(false, Greeting());
        ulong sync = 0;
        h.Run(Exchanges(flow, 500, ref sync), snapshot: false);
        var frames = Exchanges(flow, 3000, ref sync);
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Run(frames, snapshot: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, h.DissectorBugs);
        Assert.Equal(0, h.MalformedCount);
        Assert.True(allocated / frames.Count < 16, $"{allocated} bytes for {frames.Count} frames ({allocated / frames.Count} B/frame)");
    }
}
