using Dissectors.Core.Decode;

namespace Dissectors.Core.Tests.Decode;

public class IPDefragmenterTests
{
    private static readonly IPDefragmenter.Key Key = IPDefragmenter.KeyV4(0x0A000001, 0x0A000002, 7, 17);

    private static byte[] Bytes(int n, byte fill) => Enumerable.Repeat(fill, n).ToArray();

    [Fact]
    public void CompletedFragments_AreSortedByOffset_DuplicatesKeptInArrivalOrder()
    {
        var d = new IPDefragmenter();
        Assert.Equal(DefragResult.Pending, d.Add(Key, 10, 16, false, Bytes(8, 3), out _));
        Assert.Equal(DefragResult.Pending, d.Add(Key, 11, 8, true, Bytes(8, 2), out _));
        Assert.Equal(DefragResult.Pending, d.Add(Key, 12, 8, true, Bytes(8, 9), out _)); // a duplicate: first copy wins
        Assert.Equal(DefragResult.Complete, d.Add(Key, 13, 0, true, Bytes(8, 1), out var datagram));

        Assert.Equal([.. Bytes(8, 1), .. Bytes(8, 2), .. Bytes(8, 3)], datagram.ToArray());
        Assert.Equal(
            [new(13, 0, 8), new(11, 8, 8), new(12, 8, 8), new(10, 16, 8)],
            d.CompletedFragments.ToArray());
        Assert.Equal(0, d.PendingCount);

        // The list belongs to the last call.
        d.Add(IPDefragmenter.KeyV4(1, 2, 3, 17), 20, 0, true, Bytes(8, 0), out _);
        Assert.True(d.CompletedFragments.IsEmpty);
    }

    [Fact]
    public void TooManyFragments_DropTheDatagram()
    {
        var d = new IPDefragmenter { MaxFragmentsPerDatagram = 4 };
        for (uint i = 0; i < 4; i++)
        {
            Assert.Equal(DefragResult.Pending, d.Add(Key, i, 8, true, Bytes(8, 0), out _));
        }

        Assert.Equal(DefragResult.Dropped, d.Add(Key, 5, 8, true, Bytes(8, 0), out _));
        Assert.Equal(0, d.PendingCount);
        Assert.Equal(1, d.Dropped);
    }

    [Fact]
    public void ManyCompletedDatagrams_LeaveNothingPending_AndReuseTheirState()
    {
        var d = new IPDefragmenter();
        for (int round = 0; round < 5000; round++)
        {
            var key = IPDefragmenter.KeyV4(1, 2, (ushort)round, 6);
            Assert.Equal(DefragResult.Pending, d.Add(key, 1, 0, true, Bytes(16, 1), out _));
            Assert.Equal(DefragResult.Complete, d.Add(key, 2, 16, false, Bytes(4, 2), out var dg));
            Assert.Equal(20, dg.Length);
        }

        Assert.Equal(0, d.PendingCount);
        Assert.Equal(0, d.Dropped);

        // Warm: a fragmented datagram now costs no new pending state (the list and object come from the pool).
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 1000; round++)
        {
            var key = IPDefragmenter.KeyV4(3, 4, (ushort)round, 6);
            d.Add(key, 1, 0, true, Bytes(16, 1).AsSpan(), out _);
            d.Add(key, 2, 16, false, default, out _);
        }

        long perDatagram = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.True(perDatagram < 200, $"{perDatagram} bytes per fragmented datagram");
    }
}
