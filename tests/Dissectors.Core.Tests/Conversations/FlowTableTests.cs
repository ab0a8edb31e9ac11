using Dissectors.Core.Conversations;
using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Tests.Conversations;

/// <summary>The flow table against a Dictionary, through growth, collisions and backward-shift deletion.</summary>
public class FlowTableTests
{
    private static readonly ReassemblyLimits Limits = new();

    private static FlowKey Key(int client, ushort clientPort, bool v6 = false)
    {
        byte[] a = v6 ? new byte[16] : new byte[4];
        byte[] b = v6 ? new byte[16] : new byte[4];
        a[0] = 10;
        a[^2] = (byte)(client >> 8);
        a[^1] = (byte)client;
        b[0] = 10;
        b[^1] = 1;
        return new FlowKey(new Endpoint(a, clientPort), new Endpoint(b, 9042));
    }

    private static TcpConversation Conv(in FlowKey key, uint stream) =>
        new(key, new ConversationInfo(stream, key.Low, key.High, ServerSide.Guessed, 1, 0), Limits);

    [Theory]
    [InlineData(1024, 200, 150)] // thousands of keys, the table grows
    [InlineData(16, 3, 2)]      // at most six keys in sixteen slots: probe runs wrap around the end
    public void AgreesWithADictionaryThroughInsertsReplacementsAndRemovals(int capacity, int clients, int ports)
    {
        var table = new FlowTable(capacity);
        var reference = new Dictionary<FlowKey, TcpConversation>();
        var rng = new Random(11);
        uint stream = 0;
        for (int step = 0; step < 300_000; step++)
        {
            // Few distinct addresses and ports: many keys share most of their bits.
            var key = Key(rng.Next(0, clients), (ushort)rng.Next(40_000, 40_000 + ports), v6: rng.Next(8) == 0);
            switch (rng.Next(10))
            {
                case < 5:
                {
                    var c = Conv(key, stream++);
                    var replaced = table.Set(key, c);
                    reference.TryGetValue(key, out var expected);
                    Assert.Same(expected, replaced);
                    reference[key] = c;
                    break;
                }

                case < 8:
                {
                    bool found = table.TryGetValue(key, out var got);
                    Assert.Equal(reference.TryGetValue(key, out var expected), found);
                    Assert.Same(expected, found ? got : null);
                    break;
                }

                default:
                {
                    if (reference.TryGetValue(key, out var expected))
                    {
                        // Removing with a conversation that does not own the key leaves it in place.
                        Assert.False(table.Remove(key, Conv(key, 0)));
                        Assert.True(table.Remove(key, expected));
                        reference.Remove(key);
                    }
                    else
                    {
                        Assert.False(table.Remove(key, Conv(key, 0)));
                    }

                    break;
                }
            }

            Assert.Equal(reference.Count, table.Count);
        }

        foreach (var (key, c) in reference)
        {
            Assert.True(table.TryGetValue(key, out var got));
            Assert.Same(c, got);
        }

        Assert.Equal(reference.Values.OrderBy(c => c.StreamIndex), table.Values.OrderBy(c => c.StreamIndex));
    }

    [Fact]
    public void RemovingFromAProbeRunThatWrapsAroundKeepsTheRestFindable()
    {
        // Three keys whose home is the last of 16 slots: they sit in slots 15, 0 and 1. Removing the one in
        // slot 0 must pull the one in slot 1 back, although its home (15) is numerically after slot 1.
        var homeless = new List<FlowKey>();
        for (int c = 0; homeless.Count < 3; c++)
        {
            var k = Key(c, 40_000);
            if ((k.GetHashCode() & 15) == 15)
            {
                homeless.Add(k);
            }
        }

        var table = new FlowTable(16);
        var convs = homeless.Select((k, i) => Conv(k, (uint)i)).ToList();
        for (int i = 0; i < 3; i++)
        {
            table.Set(homeless[i], convs[i]);
        }

        Assert.True(table.Remove(homeless[1], convs[1]));
        Assert.True(table.TryGetValue(homeless[0], out var a));
        Assert.Same(convs[0], a);
        Assert.True(table.TryGetValue(homeless[2], out var c2));
        Assert.Same(convs[2], c2);
        Assert.False(table.TryGetValue(homeless[1], out _));
        Assert.True(table.Remove(homeless[0], convs[0]));
        Assert.True(table.TryGetValue(homeless[2], out c2));
        Assert.Same(convs[2], c2);
    }

    [Fact]
    public void RefusesAKeyThatIsNotTheConversationsOwn()
    {
        var table = new FlowTable();
        var a = Key(1, 40_000);
        var b = Key(2, 40_000);
        Assert.Throws<ArgumentException>(() => table.Set(b, Conv(a, 1)));
    }
}
