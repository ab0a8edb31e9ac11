using System.Buffers.Binary;
using Dissectors.Core.Buffers;

namespace Dissectors.Core.Dissection;

/// <summary>Allocation-free text forms of addresses, as Wireshark prints them.</summary>
public static class AddressFormat
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Dotted quad from a host-order value.</summary>
    public static void AppendIPv4(Utf8Builder sb, uint address)
    {
        sb.Append(address >> 24);
        sb.Append((byte)'.');
        sb.Append((address >> 16) & 0xFF);
        sb.Append((byte)'.');
        sb.Append((address >> 8) & 0xFF);
        sb.Append((byte)'.');
        sb.Append(address & 0xFF);
    }

    /// <summary>RFC 5952 text: longest run of two or more zero groups as "::", lower-case hex, IPv4-mapped/compatible tails dotted.</summary>
    public static void AppendIPv6(Utf8Builder sb, ReadOnlySpan<byte> a)
    {
        if (a.Length < 16)
        {
            AppendHex(sb, a, (byte)':');
            return;
        }

        Span<ushort> g = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            g[i] = BinaryPrimitives.ReadUInt16BigEndian(a[(i * 2)..]);
        }

        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8;)
        {
            if (g[i] == 0)
            {
                int j = i;
                while (j < 8 && g[j] == 0)
                {
                    j++;
                }

                if (j - i > bestLen)
                {
                    bestStart = i;
                    bestLen = j - i;
                }

                i = j;
            }
            else
            {
                i++;
            }
        }

        if (bestLen < 2)
        {
            bestStart = -1;
            bestLen = 0;
        }

        // inet_ntop's rule for an embedded IPv4 tail: ::a.b.c.d (compatible: exactly six zero groups, so
        // ::2 stays ::2) and ::ffff:a.b.c.d (mapped). tshark 4.0 prints the same.
        if (bestStart == 0 && (bestLen == 6 || (bestLen == 5 && g[5] == 0xFFFF)))
        {
            sb.Append("::"u8);
            if (bestLen == 5)
            {
                sb.Append("ffff:"u8);
            }

            AppendIPv4(sb, BinaryPrimitives.ReadUInt32BigEndian(a[12..]));
            return;
        }

        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::"u8);
                i += bestLen - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLen)
            {
                sb.Append((byte)':');
            }

            AppendHexGroup(sb, g[i]);
        }
    }

    private static void AppendHexGroup(Utf8Builder sb, ushort v)
    {
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int nib = (v >> shift) & 0xF;
            if (nib != 0 || started || shift == 0)
            {
                sb.Append(Hex[nib]);
                started = true;
            }
        }
    }

    /// <summary>"00:1b:21:3a:4f:5e".</summary>
    public static void AppendEther(Utf8Builder sb, ulong mac)
    {
        for (int i = 5; i >= 0; i--)
        {
            byte b = (byte)(mac >> (i * 8));
            sb.Append(Hex[b >> 4]);
            sb.Append(Hex[b & 0xF]);
            if (i > 0)
            {
                sb.Append((byte)':');
            }
        }
    }

    public static void AppendEther(Utf8Builder sb, ReadOnlySpan<byte> mac)
    {
        AppendHex(sb, mac[..Math.Min(6, mac.Length)], (byte)':');
    }

    /// <summary>Lower-case hex, optionally separated ("aa:bb:cc"); separator 0 means none.</summary>
    public static void AppendHex(Utf8Builder sb, ReadOnlySpan<byte> bytes, byte separator = 0)
    {
        var span = sb.GetSpan(bytes.Length * 3);
        int o = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (separator != 0 && i > 0)
            {
                span[o++] = separator;
            }

            span[o++] = Hex[bytes[i] >> 4];
            span[o++] = Hex[bytes[i] & 0xF];
        }

        sb.Advance(o);
    }

    /// <summary>"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" from 16 bytes in wire (big-endian) order.</summary>
    public static void AppendGuid(Utf8Builder sb, ReadOnlySpan<byte> g)
    {
        if (g.Length < 16)
        {
            AppendHex(sb, g);
            return;
        }

        AppendHex(sb, g[..4]);
        sb.Append((byte)'-');
        AppendHex(sb, g.Slice(4, 2));
        sb.Append((byte)'-');
        AppendHex(sb, g.Slice(6, 2));
        sb.Append((byte)'-');
        AppendHex(sb, g.Slice(8, 2));
        sb.Append((byte)'-');
        AppendHex(sb, g.Slice(10, 6));
    }
}
