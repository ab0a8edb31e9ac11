using static Dissectors.Protocols.Tests.MySql.My;

namespace Dissectors.Protocols.Tests.MySql;

/// <summary>Steady-state dissection of a busy MySQL/MariaDB connection allocates (almost) nothing per frame.</summary>
public class MySqlAllocationTests
{
    /// <summary>Per round: a text query and its result set, an execute with typed parameters and binary rows, a bulk execute, a replica registration.</summary>
    private static List<byte[]> Rounds(Dissectors.Testing.TcpFlowBuilder flow, int n)
    {
        for (int i = 0; i < n; i++)
        {
            flow.Send(true, Query("SELECT id, note FROM orders WHERE id < 3"));
            flow.Send(false, Concat(Packet(1, H("02")), Column(2, "id", 3), Column(3, "note"), Eof(4),
                Row(5, "1", "first"), Row(6, "2", null), Eof(7)));
            flow.Send(true, Packet(0, H("17 05000000 00 01000000  00 01 0300 fd00  07000000 03 616263")));
            flow.Send(false, Concat(Packet(1, H("02")), Column(2, "id", 3), Column(3, "note"), Eof(4),
                Packet(5, H("00 00 07000000 03 616263")), Packet(6, H("00 08 08000000")), Eof(7)));
            flow.Send(true, Packet(0, H("fa 05000000 8000 0300 fd00  00 01000000 00 01 78  00 02000000 01")));
            flow.Send(false, Packet(1, H("00 02 00 0200 0000")));
            flow.Send(true, Packet(0, H("15 02000000 04 686f7374 04 75736572 00 ea0c 00000000 01000000")));   // COM_REGISTER_SLAVE
            flow.Send(false, Packet(1, H("00 00 00 0200 0000")));
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
        var h = new MySqlHarness(buildAll);
        if (!buildAll)
        {
            // What "-Y 'mysql.query contains \"orders\"' --count" asks for.
            h.SetInterest("mysql.query");
        }

        var flow = LoggedIn();
        flow.Send(true, Packet(0, Concat([0x16], System.Text.Encoding.ASCII.GetBytes("SELECT id, note FROM orders WHERE id = ? OR note = ?"))));
        flow.Send(false, Concat(Packet(1, H("00 05000000 0200 0200 00 0000")), Column(2, "?"), Column(3, "?"), Eof(4),
            Column(5, "id", 3), Column(6, "note"), Eof(7)));
        h.RunQuiet(Rounds(flow, 300));
        var frames = Rounds(flow, 2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.RunQuiet(frames);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, h.DissectorBugs);
        Assert.Equal(0, h.MalformedCount);
        Assert.True(allocated < 1024, $"{allocated} bytes for {frames.Count} frames ({allocated / frames.Count} B/frame)");
    }
}
