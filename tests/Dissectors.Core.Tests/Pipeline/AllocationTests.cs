using Dissectors.Core.Tests.Reassembly;
using Dissectors.Testing;

namespace Dissectors.Core.Tests.Pipeline;

public class AllocationTests
{
    private static List<byte[]> Conversation(ushort port, int exchanges)
    {
        var flow = new TcpFlowBuilder(clientPort: port).Handshake();
        var big = TlvModule.Pdu(700, 7);
        for (int i = 0; i < exchanges; i++)
        {
            flow.Send(true, TlvModule.Pdu(20, 1));
            // A response split over two segments plus two small PDUs in one segment.
            flow.Send(false, big.AsSpan(0, 300));
            flow.Send(false, [.. big.AsSpan(300), .. TlvModule.Pdu(5, 2), .. TlvModule.Pdu(6, 3)]);
        }

        return flow.Frames;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SteadyState_DissectionAllocatesAlmostNothingPerFrame(bool buildAll)
    {
        var h = new PipelineHarness(buildAll: buildAll) { RecordProtocols = false };
        h.Module.Record = false;
        if (!buildAll)
        {
            h.Pipeline.SetInterest(h.Module.Length);
            h.Pipeline.SetInterest(h.Engine.Core.Tcp.Port);
        }

        // Warm up: grow every buffer, JIT every path.
        h.Run(Conversation(1000, 200));
        var frames = Conversation(1000, 2000);
        frames.RemoveRange(0, 3); // same connection continues; skip its handshake
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Run(frames);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int n = frames.Count;

        Assert.True(allocated / n < 8, $"{allocated} bytes for {n} frames ({allocated / n} B/frame)");
        Assert.Equal(0, h.Pipeline.Damage.DissectorBugs);
    }
}
