using static Dissectors.Protocols.Tests.Scylla.Rpc;

namespace Dissectors.Protocols.Tests.Scylla;

/// <summary>Steady-state dissection of a busy Scylla RPC connection allocates (almost) nothing per frame.</summary>
public class ScyllaAllocationTests
{
    private static readonly byte[] MutationBody = [.. U32(59), .. U32(55), .. new byte[32], .. U32(7), .. U32(1), .. U32(3), .. "heh"u8, .. "row"u8];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SteadyState_AllocatesAlmostNothingPerFrame(bool buildAll)
    {
        var h = new ScyllaHarness(buildAll: buildAll, columns: buildAll);
        if (!buildAll)
        {
            // What "-Y 'scylla.verb == GOSSIP_DIGEST_SYN' --count" asks for.
            h.SetInterest("scylla.verb");
        }

        var (c, s) = TimeoutNegotiation();
        var flow = Flow();
        flow.Send(true, c);
        flow.Send(false, s);
        long id = 1;
        List<byte[]> Exchanges(int n)
        {
            for (int i = 0; i < n; i++)
            {
                flow.Send(true, Request(1, id++, MutationBody));
                flow.Send(true, Request(6, id++, new byte[40]));           // not the IDL: bytes and a note
                flow.Send(true, Request(6, id++, ScyllaBodyTests.Syn));     // decoded gossip SYN
                flow.Send(true, Request(8, id++, ScyllaBodyTests.Ack2));    // decoded gossip ACK2
                flow.Send(true, Request(2, id++, [.. U32(1), .. U64((ulong)id)]));   // MUTATION_DONE
                long echo = id++;
                flow.Send(true, Request(9, echo, new byte[12]));
                flow.Send(false, Response(echo, new byte[8]));
            }

            var frames = new List<byte[]>(flow.Frames);
            flow.Frames.Clear();
            return frames;
        }

        // Warm up far enough that the open-request table's queue has reached the size the measured part needs.
        h.Run(Exchanges(2500), snapshot: false);
        var measured = Exchanges(600);
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Run(measured, snapshot: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, h.DissectorBugs);
        Assert.Equal(0, h.MalformedCount);
        Assert.True(allocated / measured.Count < 16, $"{allocated} bytes for {measured.Count} frames ({allocated / measured.Count} B/frame)");
    }
}
