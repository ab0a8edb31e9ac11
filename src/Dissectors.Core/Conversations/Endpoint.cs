using System.Buffers.Binary;
using System.Net;

namespace Dissectors.Core.Conversations;

/// <summary>An IP address (v4 or v6) and port, stored inline (no heap objects per packet).</summary>
public readonly struct Endpoint : IEquatable<Endpoint>
{
    private readonly ulong _hi;
    private readonly ulong _lo;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Endpoint(ReadOnlySpan<byte> address, ushort port)
    {
        if (address.Length == 4)
        {
            _hi = 0;
            _lo = 0xFFFF_0000_0000UL | BinaryPrimitives.ReadUInt32BigEndian(address);
            IsV6 = false;
        }
        else
        {
            _hi = BinaryPrimitives.ReadUInt64BigEndian(address);
            _lo = BinaryPrimitives.ReadUInt64BigEndian(address[8..]);
            IsV6 = true;
        }

        Port = port;
    }

    public ushort Port { get; }

    public bool IsV6 { get; }

    /// <summary>The IPv4 address in host order (valid when not <see cref="IsV6"/>).</summary>
    public uint V4 => (uint)_lo;

    public void WriteAddress(Span<byte> dest)
    {
        if (IsV6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(dest, _hi);
            BinaryPrimitives.WriteUInt64BigEndian(dest[8..], _lo);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(dest, (uint)_lo);
        }
    }

    public int AddressLength => IsV6 ? 16 : 4;

    public bool Equals(Endpoint other) => SameAs(in other);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal bool SameAs(in Endpoint other) => _hi == other._hi && _lo == other._lo && Port == other.Port && IsV6 == other.IsV6;

    public override bool Equals(object? obj) => obj is Endpoint e && Equals(e);

    public override int GetHashCode() => (int)Mix(_hi ^ (_lo * 0x9E3779B97F4A7C15UL) ^ ((ulong)Port << 48));

    /// <summary>A 64-bit finalizer (splitmix64): cheap and good enough to spread 4-tuples.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    internal ulong Hi => _hi;

    /// <summary>
    /// The address folded to 64 bits the way <see cref="Pipeline.FlowShard"/> folds the bytes of a frame
    /// (big-endian 32-bit words, h = h * K ^ word), so a conversation's key and its frames hash alike.
    /// </summary>
    internal ulong Folded
    {
        get
        {
            if (!IsV6)
            {
                return (uint)_lo;
            }

            ulong h = _hi >> 32;
            h = (h * FoldFactor) ^ (uint)_hi;
            h = (h * FoldFactor) ^ (_lo >> 32);
            return (h * FoldFactor) ^ (uint)_lo;
        }
    }

    internal const ulong FoldFactor = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// The flow hash of two folded endpoints and the IP protocol: the same for either order, and the same
    /// number <see cref="Pipeline.FlowShard.Classify"/> gives the frames of the flow.
    /// </summary>
    /// <remarks>
    /// The two endpoints are put in order and the lower one multiplied before they are combined, so that
    /// swapping them gives the same value and nothing else that often does (a plain XOR or sum of the two
    /// would make (a+k, b−k) alike): one finalizer instead of one per endpoint, as every frame is hashed.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static ulong FlowHash(ulong foldedA, ushort portA, ulong foldedB, ushort portB, byte proto)
    {
        ulong a = foldedA ^ ((ulong)portA << 48);
        ulong b = foldedB ^ ((ulong)portB << 48);
        ulong lo = Math.Min(a, b), hi = Math.Max(a, b);
        return Mix((lo * FoldFactor) ^ hi ^ ((ulong)proto << 40));
    }

    internal ulong Lo => _lo;

    /// <summary>Orders endpoints (address, then port) to make a canonical flow key.</summary>
    public int CompareTo(in Endpoint other)
    {
        int c = _hi.CompareTo(other._hi);
        if (c == 0)
        {
            c = _lo.CompareTo(other._lo);
        }

        return c != 0 ? c : Port.CompareTo(other.Port);
    }

    public static bool operator ==(Endpoint a, Endpoint b) => a.Equals(b);

    public static bool operator !=(Endpoint a, Endpoint b) => !a.Equals(b);

    public override string ToString()
    {
        Span<byte> b = stackalloc byte[16];
        WriteAddress(b);
        var ip = new IPAddress(b[..AddressLength]);
        return IsV6 ? $"[{ip}]:{Port}" : $"{ip}:{Port}";
    }
}
