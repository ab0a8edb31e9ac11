using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Dissectors.Core.Pipeline;

/// <summary>
/// Cache prefetch hints (x86 PREFETCHT0; nothing elsewhere). A hint never faults and never changes what a
/// program computes, so an address that went stale (the collector moved the object since) costs one wasted
/// line fetch and nothing else. This is the project's only unsafe code: taking an object's address is
/// not possible otherwise.
/// </summary>
public static unsafe class CachePrefetch
{
    public const int LineSize = 64;

    /// <summary>Asks for the first <paramref name="lines"/> cache lines of <paramref name="o"/> (header included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Object(object? o, int lines)
    {
        if (o is null || !Sse.IsSupported)
        {
            return;
        }

        byte* p = *(byte**)Unsafe.AsPointer(ref o);
        for (int i = 0; i < lines; i++)
        {
            Sse.Prefetch0(p + (i * LineSize));
        }
    }

    /// <summary>Asks for the lines of <paramref name="bytes"/> from <paramref name="from"/> on, at most <paramref name="count"/> bytes.</summary>
    public static void Bytes(ReadOnlySpan<byte> bytes, int from, int count)
    {
        int to = Math.Min(bytes.Length, from + count);
        for (int i = from; i < to; i += LineSize)
        {
            Element(ref Unsafe.AsRef(in bytes[i]));
        }
    }

    /// <summary>Asks for the line holding <paramref name="element"/> (an array element, a field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Element<T>(ref T element)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref element));
        }
    }
}
