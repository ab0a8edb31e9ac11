namespace Dissectors.Core.Conversations;

/// <summary>
/// A canonical TCP/UDP 4-tuple: the two endpoints in a fixed order so both directions map to the same key.
/// The hash is computed once.
/// </summary>
public readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly int _hash;

    public FlowKey(in Endpoint a, in Endpoint b)
        : this(a, b, 0)
    {
        // FlowShard's hash of the frames of this flow (TCP), so the table slot of a frame not yet decoded
        // can be found from its raw bytes (FramePipeline.LookAhead).
        _hash = (int)Endpoint.FlowHash(Low.Folded, Low.Port, High.Folded, High.Port, Tcp);
    }

    /// <summary>
    /// The key of a flow whose hash is already known: <paramref name="hash"/> must be what the other
    /// constructor computes (the low 32 bits of FlowShard's hash of a frame of this TCP flow).
    /// </summary>
    internal FlowKey(in Endpoint a, in Endpoint b, int hash)
    {
        if (a.CompareTo(b) <= 0)
        {
            Low = a;
            High = b;
        }
        else
        {
            Low = b;
            High = a;
        }

        _hash = hash;
    }

    /// <summary>The IP protocol number of the flows these keys name.</summary>
    internal const byte Tcp = 6;

    public Endpoint Low { get; }

    public Endpoint High { get; }

    public bool Equals(FlowKey other) => Matches(in other);

    /// <summary><see cref="Equals(FlowKey)"/> without copying either key (the table's lookups, once a frame).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal bool Matches(in FlowKey other) => _hash == other._hash && Low.SameAs(other.Low) && High.SameAs(other.High);

    public override bool Equals(object? obj) => obj is FlowKey k && Equals(k);

    public override int GetHashCode() => _hash;

    public static bool operator ==(FlowKey a, FlowKey b) => a.Equals(b);

    public static bool operator !=(FlowKey a, FlowKey b) => !a.Equals(b);
}
