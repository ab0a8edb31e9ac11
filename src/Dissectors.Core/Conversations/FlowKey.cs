namespace Dissectors.Core.Conversations;

/// <summary>
/// A canonical TCP/UDP 4-tuple: the two endpoints in a fixed order so both directions map to the same key.
/// The hash is computed once.
/// </summary>
public readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly int _hash;

    public FlowKey(in Endpoint a, in Endpoint b)
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

        _hash = (int)Endpoint.Mix(Low.Hi ^ (Low.Lo * 0x9E3779B97F4A7C15UL) ^ ((ulong)Low.Port << 48)
            ^ Endpoint.Mix(High.Hi + 0x632BE59BD9B4E019UL) ^ (High.Lo * 0xC2B2AE3D27D4EB4FUL) ^ High.Port);
    }

    public Endpoint Low { get; }

    public Endpoint High { get; }

    public bool Equals(FlowKey other) => _hash == other._hash && Low.Equals(other.Low) && High.Equals(other.High);

    public override bool Equals(object? obj) => obj is FlowKey k && Equals(k);

    public override int GetHashCode() => _hash;

    public static bool operator ==(FlowKey a, FlowKey b) => a.Equals(b);

    public static bool operator !=(FlowKey a, FlowKey b) => !a.Equals(b);
}
