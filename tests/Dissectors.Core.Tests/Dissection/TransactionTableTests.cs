using Dissectors.Core.Dissection;

namespace Dissectors.Core.Tests.Dissection;

/// <summary>
/// The table against a plain model of what its summary promises: open requests by key, a re-used key
/// replaces its request and becomes the newest, a response closes its request, and past the capacity the
/// oldest open request is dropped and counted. Random operations cross the small array's limit both ways.
/// </summary>
public sealed class TransactionTableTests
{
    private sealed class Model(int capacity)
    {
        // Open requests, oldest first.
        public readonly List<(long Key, uint Frame, int Tag)> Open = [];
        public long Evicted;

        public void Add(long key, uint frame, int tag)
        {
            Open.RemoveAll(e => e.Key == key);
            Open.Add((key, frame, tag));
            while (Open.Count > capacity)
            {
                Open.RemoveAt(0);
                Evicted++;
            }
        }

        public bool Match(long key, out (long Key, uint Frame, int Tag) e)
        {
            int i = Open.FindIndex(x => x.Key == key);
            e = i >= 0 ? Open[i] : default;
            if (i >= 0)
            {
                Open.RemoveAt(i);
            }

            return i >= 0;
        }
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(3, 6, 2)]
    [InlineData(4, 8, 3)]
    [InlineData(5, 12, 4)]
    [InlineData(16, 40, 5)]
    [InlineData(65_536, 300, 6)]
    public void RandomRequestsAndResponses_MatchTheModel(int capacity, int keySpace, int seed)
    {
        var rng = new Random(seed);
        var table = new TransactionTable(capacity);
        var model = new Model(capacity);
        for (uint frame = 1; frame <= 20_000; frame++)
        {
            long key = rng.Next(keySpace);
            // Bursts of requests (more open than the small array holds), then bursts of responses.
            bool request = (frame / 500 % 2 == 0) ? rng.Next(4) != 0 : rng.Next(4) == 0;
            if (request)
            {
                table.AddRequest(key, frame, frame * 1000L, tag: (int)key + 7);
                model.Add(key, frame, (int)key + 7);
            }
            else
            {
                bool expected = model.Match(key, out var e);
                Assert.Equal(expected, table.TryMatchResponse(key, frame, frame * 1000L, out var tx));
                if (expected)
                {
                    Assert.Equal(e.Frame, tx.RequestFrame);
                    Assert.Equal(e.Frame * 1000L, tx.RequestTimeNs);
                    Assert.Equal(e.Tag, tx.Tag);
                    Assert.Equal(frame, tx.ResponseFrame);
                    Assert.Equal(frame * 1000L, tx.ResponseTimeNs);
                }
            }

            Assert.Equal(model.Open.Count, table.Count);
            Assert.Equal(model.Evicted, table.Evicted);
            long probe = rng.Next(keySpace);
            int at = model.Open.FindIndex(x => x.Key == probe);
            Assert.Equal(at >= 0, table.TryPeek(probe, out var peeked));
            if (at >= 0)
            {
                Assert.Equal(model.Open[at].Frame, peeked.RequestFrame);
            }
        }
    }

    [Fact]
    public void PastTheCapacity_TheOldestOpenRequestIsDropped_EvenAfterTheTableGrew()
    {
        var table = new TransactionTable(6);
        for (uint i = 1; i <= 6; i++)
        {
            table.AddRequest(i, i, i);
        }

        // Key 1 is asked again: it is now the newest, so key 2 is the oldest.
        table.AddRequest(1, 7, 7);
        table.AddRequest(100, 8, 8);
        Assert.Equal(1, table.Evicted);
        Assert.False(table.TryPeek(2, out _));
        Assert.True(table.TryPeek(1, out var one));
        Assert.Equal(7u, one.RequestFrame);
        Assert.Equal(6, table.Count);
    }
}
