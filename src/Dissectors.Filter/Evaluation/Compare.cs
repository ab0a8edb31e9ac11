namespace Dissectors.Filter.Evaluation;

/// <summary>Comparisons between two values of compatible kinds (checked at compile time).</summary>
internal static class Compare
{
    public static int Numbers(in FValue a, in FValue b)
    {
        if (a.Kind == VKind.Double || b.Kind == VKind.Double)
        {
            return Numeric.AsDouble(a).CompareTo(Numeric.AsDouble(b));
        }

        if (a.Kind == VKind.UInt && b.Kind == VKind.UInt)
        {
            return a.U.CompareTo(b.U);
        }

        Int128 x = a.Kind == VKind.UInt ? a.U : a.I;
        Int128 y = b.Kind == VKind.UInt ? b.U : b.I;
        return x.CompareTo(y);
    }

    public static bool Equal(EvalContext ctx, in FValue a, in FValue b)
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            return Numbers(a, b) == 0;
        }

        switch (a.Kind)
        {
            case VKind.IPv4 when b.Kind == VKind.IPv4:
                {
                    int prefix = a.Prefix >= 0 ? a.Prefix : b.Prefix;
                    uint mask = prefix <= 0 ? (prefix == 0 ? 0u : uint.MaxValue) : uint.MaxValue << (32 - prefix);
                    return ((uint)a.U & mask) == ((uint)b.U & mask);
                }

            case VKind.IPv6 when b.Kind == VKind.IPv6:
                {
                    int prefix = a.Prefix >= 0 ? a.Prefix : b.Prefix;
                    return PrefixEqual(ctx.BytesOf(a), ctx.BytesOf(b), prefix < 0 ? 128 : prefix);
                }

            case VKind.Ether when b.Kind == VKind.Ether:
                return a.U == b.U;
            default:
                return ctx.BytesOf(a).SequenceEqual(ctx.BytesOf(b));
        }
    }

    /// <summary>
    /// Order for &lt; &gt; &lt;= &gt;=: numbers numerically, addresses as numbers, strings lexicographically,
    /// byte strings shorter-first and then lexicographically (tshark: <c>tcp.payload &gt; 78</c> holds for
    /// "hello", <c>tcp.payload &lt; 41</c> does not hold for "111...").
    /// </summary>
    public static int Order(EvalContext ctx, in FValue a, in FValue b)
    {
        if (a.IsNumeric && b.IsNumeric)
        {
            return Numbers(a, b);
        }

        if ((a.Kind == VKind.IPv4 && b.Kind == VKind.IPv4) || (a.Kind == VKind.Ether && b.Kind == VKind.Ether))
        {
            return a.U.CompareTo(b.U);
        }

        var x = ctx.BytesOf(a);
        var y = ctx.BytesOf(b);
        if ((a.Kind == VKind.Bytes || b.Kind == VKind.Bytes) && x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return x.SequenceCompareTo(y);
    }

    public static bool Contains(EvalContext ctx, in FValue a, in FValue b)
    {
        var needle = ctx.BytesOf(b);
        return needle.IsEmpty || ctx.BytesOf(a).IndexOf(needle) >= 0;
    }

    private static bool PrefixEqual(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, int bits)
    {
        if (x.Length < 16 || y.Length < 16)
        {
            return x.SequenceEqual(y);
        }

        int full = bits / 8;
        if (!x[..full].SequenceEqual(y[..full]))
        {
            return false;
        }

        int rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        byte mask = (byte)(0xFF << (8 - rest));
        return (x[full] & mask) == (y[full] & mask);
    }
}
