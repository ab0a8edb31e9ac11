using Dissectors.Core.Dissection;
using Dissectors.Protocols.Cql;
using Xunit;

namespace Dissectors.Protocols.Tests.Cql;

public class CqlStreamTableTests
{
    private static Transaction Req(uint frame) => new() { RequestFrame = frame, RequestTimeNs = frame * 10L, Tag = (int)frame % 17 };

    [Fact]
    public void KeepsTheLatestRequestOfEveryStreamAcrossGrowth()
    {
        // Every stream id a driver can use, negative ones (server events use -1) included, in an order
        // that collides in the table's home slots; a plain dictionary is the reference.
        var table = new CqlStreamTable();
        var reference = new Dictionary<short, Transaction>();
        var rng = new Random(7);
        uint frame = 1;
        for (int i = 0; i < 200_000; i++)
        {
            short stream = (short)(i % 3 == 0 ? rng.Next(short.MinValue, short.MaxValue + 1) : rng.Next(0, 300));
            var t = Req(frame++);
            table.Set(stream, t);
            reference[stream] = t;
        }

        Assert.Equal(reference.Count, table.Count);
        foreach (var (stream, t) in reference)
        {
            Assert.True(table.TryGetValue(stream, out var got));
            Assert.Equal(t.RequestFrame, got.RequestFrame);
            Assert.Equal(t.RequestTimeNs, got.RequestTimeNs);
            Assert.Equal(t.Tag, got.Tag);
        }

        for (int s = short.MinValue; s <= short.MaxValue; s++)
        {
            Assert.Equal(reference.ContainsKey((short)s), table.TryGetValue((short)s, out _));
        }
    }

    [Fact]
    public void ClearForgetsEverythingAndTheTableIsReusable()
    {
        var table = new CqlStreamTable();
        for (short s = 0; s < 100; s++)
        {
            table.Set(s, Req((uint)s + 1));
        }

        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.False(table.TryGetValue(5, out _));
        table.Set(5, Req(900));
        Assert.True(table.TryGetValue(5, out var got));
        Assert.Equal(900u, got.RequestFrame);
        Assert.False(table.TryGetValue(6, out _));
    }

    [Fact]
    public void ARequestWithoutAFrameNumberIsNotKept()
    {
        var table = new CqlStreamTable();
        table.Set(3, new Transaction { RequestFrame = 0 });
        Assert.False(table.TryGetValue(3, out _));
        Assert.Equal(0, table.Count);
    }
}
