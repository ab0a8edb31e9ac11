using Dissectors.Core.Buffers;

namespace Dissectors.Core.Dissection;

/// <summary>
/// Wireshark's bit-field picture ("0100 ....", ".... ..1. = Syn") for a value under a mask, grouped in
/// nibbles, most significant bit first.
/// </summary>
public static class BitPattern
{
    /// <summary>Appends the pattern of <paramref name="value"/> (unshifted) under <paramref name="mask"/> over <paramref name="bits"/> bits.</summary>
    public static void Append(Utf8Builder sb, ulong value, ulong mask, int bits)
    {
        for (int i = bits - 1; i >= 0; i--)
        {
            ulong bit = 1UL << i;
            sb.Append((mask & bit) == 0 ? (byte)'.' : (value & bit) != 0 ? (byte)'1' : (byte)'0');
            if (i > 0 && i % 4 == 0)
            {
                sb.Append((byte)' ');
            }
        }
    }

    /// <summary>Same, into a char span for label interpolation; returns the characters written.</summary>
    public static int Write(Span<char> dest, ulong value, ulong mask, int bits)
    {
        int o = 0;
        for (int i = bits - 1; i >= 0; i--)
        {
            ulong bit = 1UL << i;
            dest[o++] = (mask & bit) == 0 ? '.' : (value & bit) != 0 ? '1' : '0';
            if (i > 0 && i % 4 == 0)
            {
                dest[o++] = ' ';
            }
        }

        return o;
    }

    /// <summary>Characters <see cref="Write"/> produces for <paramref name="bits"/> bits.</summary>
    public static int Length(int bits) => bits + ((bits - 1) / 4);
}
