using Dissectors.Core.Buffers;

namespace Dissectors.Core.Tests.Buffers;

public class InlineListTests
{
    [Fact]
    public void RandomOperations_MatchListOfT()
    {
        var rng = new Random(12345);
        var expected = new List<string>();
        var list = default(InlineList<string>);
        for (int step = 0; step < 20_000; step++)
        {
            int op = rng.Next(6);
            string item = $"s{step}";
            switch (op)
            {
                case 0:
                case 1:
                    expected.Add(item);
                    list.Add(item);
                    break;
                case 2:
                    int at = rng.Next(expected.Count + 1);
                    expected.Insert(at, item);
                    list.Insert(at, item);
                    break;
                case 3 when expected.Count > 0:
                    int rm = rng.Next(expected.Count);
                    expected.RemoveAt(rm);
                    list.RemoveAt(rm);
                    break;
                case 4 when expected.Count > 0:
                    int n = rng.Next(expected.Count + 1);
                    expected.RemoveRange(0, n);
                    list.RemoveRange(0, n);
                    break;
                case 5 when rng.Next(50) == 0:
                    expected.Clear();
                    list.Clear();
                    break;
            }

            Assert.Equal(expected.Count, list.Count);
            if (expected.Count > 0)
            {
                int probe = rng.Next(expected.Count);
                Assert.Equal(expected[probe], list[probe]);
            }
        }

        Assert.Equal(expected, list.AsSpan().ToArray());
    }

    [Fact]
    public void IndexerReturnsTheSlot_AndChecksBounds()
    {
        var list = default(InlineList<int>);
        Assert.Equal(0, list.Count);
        Assert.True(list.AsSpan().IsEmpty);
        list.Add(1);
        list.Add(2);
        list[1] = 7;
        Assert.Equal([1, 7], list.AsSpan().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Insert(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.RemoveRange(1, 2));
        int sum = 0;
        foreach (int v in list)
        {
            sum += v;
        }

        Assert.Equal(8, sum);
    }

    [Fact]
    public void RemovedReferences_AreNotKeptAlive()
    {
        var list = default(InlineList<object>);
        WeakReference Fill()
        {
            var o = new object();
            list.Add(o);
            list.Add(new object());
            return new WeakReference(o);
        }

        var weak = Fill();
        list.RemoveAt(0);
        list.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(weak.IsAlive);
    }
}
