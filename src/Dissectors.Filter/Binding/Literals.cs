using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dissectors.Filter.Binding;

/// <summary>Parsers for the literal forms of the filter language. All are TryXxx; none throws.</summary>
internal static class Literals
{
    /// <summary>Integers: decimal, 0x hex, leading-0 octal, 0b binary, with an optional sign.</summary>
    public static bool TryInteger(string text, out Int128 value)
    {
        value = 0;
        ReadOnlySpan<char> s = text;
        bool negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        int radix = 10;
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            radix = 16;
            s = s[2..];
        }
        else if (s.Length > 2 && s[0] == '0' && s[1] is 'b' or 'B')
        {
            radix = 2;
            s = s[2..];
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
            s = s[1..];
        }

        Int128 v = 0;
        foreach (char c in s)
        {
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                return false;
            }

            v = (v * radix) + d;
            if (v > (Int128)ulong.MaxValue)
            {
                return false;
            }
        }

        value = negative ? -v : v;
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> s_hexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>True if <paramref name="text"/> is written as an integer (whatever its size).</summary>
    public static bool IsIntegerSyntax(string text)
    {
        ReadOnlySpan<char> s = text;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            return s[2..].IndexOfAnyExcept(s_hexDigits) < 0;
        }

        if (s.Length > 2 && s[0] == '0' && s[1] is 'b' or 'B')
        {
            return s[2..].IndexOfAnyExcept('0', '1') < 0;
        }

        return s.Length > 0 && s.IndexOfAnyExceptInRange('0', '9') < 0 && (s[0] != '0' || s.IndexOfAnyExceptInRange('0', '7') < 0);
    }

    /// <summary>A decimal number with an optional fraction (and exponent when <paramref name="allowExponent"/>).</summary>
    public static bool TryDouble(string text, bool allowExponent, out double value)
    {
        value = 0;
        if (text.Length == 0 || text[0] == '.' || (!allowExponent && text.AsSpan().IndexOfAny('e', 'E') >= 0))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | (allowExponent ? NumberStyles.AllowExponent : 0),
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Seconds as a decimal ("0.01", "-2", "1.5"): a relative time in ns.</summary>
    public static bool TryRelativeTime(string text, out long ns)
    {
        ns = 0;
        ReadOnlySpan<char> s = text;
        bool negative = false;
        if (s.Length > 0 && s[0] == '-')
        {
            negative = true;
            s = s[1..];
        }

        int dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? default : s[(dot + 1)..];
        if (whole.IsEmpty || !IsDigits(whole) || (dot >= 0 && (frac.IsEmpty || !IsDigits(frac))) || frac.Length > 9)
        {
            return false;
        }

        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out long secs) || secs > long.MaxValue / 1_000_000_000)
        {
            return false;
        }

        long f = 0;
        if (!frac.IsEmpty)
        {
            f = long.Parse(frac, NumberStyles.None, CultureInfo.InvariantCulture);
            for (int i = frac.Length; i < 9; i++)
            {
                f *= 10;
            }
        }

        ns = (secs * 1_000_000_000) + f;
        if (negative)
        {
            ns = -ns;
        }

        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Absolute times: "2018-05-23 03:09:06[.frac][Z|±hh:mm| UTC]", the same with 'T', "2018-05-23",
    /// and tshark's own "May 23, 2018 03:09:06[.frac] [UTC]". Without a zone the time is local.
    /// </summary>
    public static bool TryAbsoluteTime(string text, TimeZoneInfo localZone, out long unixNs)
    {
        unixNs = 0;
        string s = text.Trim();
        bool utc = false;
        TimeSpan? offset = null;
        if (s.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) || s.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase))
        {
            utc = true;
            s = s[..^4];
        }
        else if (s.EndsWith('Z'))
        {
            utc = true;
            s = s[..^1];
        }
        else
        {
            int sign = Math.Max(s.LastIndexOf('+'), s.LastIndexOf('-'));
            if (sign > 10 && s.Length - sign is 6 or 5 && TimeSpan.TryParseExact(s[(sign + 1)..].Replace(":", "", StringComparison.Ordinal), "hhmm", CultureInfo.InvariantCulture, out var off))
            {
                offset = s[sign] == '-' ? -off : off;
                s = s[..sign];
            }
        }

        // Split off a fraction of a second (up to nanoseconds), which DateTime cannot hold.
        long fracNs = 0;
        int dot = s.LastIndexOf('.');
        int lastColon = s.LastIndexOf(':');
        if (dot > lastColon && lastColon > 0)
        {
            var frac = s[(dot + 1)..];
            if (frac.Length is 0 or > 9 || !IsDigits(frac))
            {
                return false;
            }

            fracNs = long.Parse(frac, CultureInfo.InvariantCulture);
            for (int i = frac.Length; i < 9; i++)
            {
                fracNs *= 10;
            }

            s = s[..dot];
        }

        string[] formats =
        [
            "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
            "MMM d, yyyy HH:mm:ss", "MMM dd, yyyy HH:mm:ss", "MMM  d, yyyy HH:mm:ss",
        ];
        if (!DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime dt))
        {
            return false;
        }

        DateTimeOffset dto;
        if (utc)
        {
            dto = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), TimeSpan.Zero);
        }
        else if (offset is { } o)
        {
            dto = new DateTimeOffset(dt, o);
        }
        else
        {
            dto = new DateTimeOffset(dt, localZone.GetUtcOffset(dt));
        }

        unixNs = (dto.ToUnixTimeMilliseconds() * 1_000_000) + fracNs;
        return true;
    }

    /// <summary>Dotted-quad IPv4 with an optional /prefix.</summary>
    public static bool TryIPv4(string text, out uint address, out int prefix)
    {
        address = 0;
        prefix = -1;
        string s = text;
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(s.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
            {
                return false;
            }

            s = s[..slash];
        }

        var parts = s.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var p in parts)
        {
            if (p.Length is 0 or > 3 || !byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }

            address = (address << 8) | b;
        }

        return true;
    }

    /// <summary>IPv6 text with an optional /prefix; writes 16 bytes.</summary>
    public static bool TryIPv6(string text, out byte[] address, out int prefix)
    {
        address = [];
        prefix = -1;
        string s = text;
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(s.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 128)
            {
                return false;
            }

            s = s[..slash];
        }

        if (!s.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(s, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = ip.GetAddressBytes();
        return true;
    }

    /// <summary>MAC forms: 00:11:22:33:44:55, 00-11-..., 00.11.22..., 0011.2233.4455, 001122334455.</summary>
    public static bool TryMac(string text, out ulong mac)
    {
        mac = 0;
        if (!TryByteString(text, out byte[] bytes) || bytes.Length != 6)
        {
            return false;
        }

        foreach (byte b in bytes)
        {
            mac = (mac << 8) | b;
        }

        return true;
    }

    /// <summary>
    /// Byte strings as tshark 4.0 reads them: hex pairs joined by one kind of separator (68:65:6c,
    /// 68-65-6c, 68.65.6c), the Cisco MAC form 0011.2233.4455, or hex digits without separators read in
    /// pairs, a last odd digit being a byte of its own (68656 is 68:65:06).
    /// </summary>
    public static bool TryByteString(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0)
        {
            return false;
        }

        int sepAt = text.AsSpan().IndexOfAny(':', '-', '.');
        if (sepAt < 0)
        {
            if (text.AsSpan().IndexOfAnyExcept(s_hexDigits) >= 0)
            {
                return false;
            }

            var result = new byte[(text.Length + 1) / 2];
            for (int i = 0, b = 0; i < text.Length; i += 2, b++)
            {
                result[b] = i + 1 < text.Length ? (byte)((HexValue(text[i]) << 4) | HexValue(text[i + 1])) : (byte)HexValue(text[i]);
            }

            bytes = result;
            return true;
        }

        char sep = text[sepAt];
        string[] groups = text.Split(sep);
        int width = sep == '.' && groups.Length == 3 && groups[0].Length == 4 ? 4 : 2;
        var list = new byte[groups.Length * width / 2];
        int n = 0;
        foreach (string g in groups)
        {
            if (g.Length != width || g.AsSpan().IndexOfAnyExcept(s_hexDigits) >= 0)
            {
                return false;
            }

            for (int i = 0; i < g.Length; i += 2)
            {
                list[n++] = (byte)((HexValue(g[i]) << 4) | HexValue(g[i + 1]));
            }
        }

        bytes = list;
        return true;
    }

    /// <summary>tshark's one-byte form "0x1f" (exactly two hex digits) for a byte-string operand.</summary>
    public static bool TryHexByte(string text, out byte value)
    {
        value = 0;
        if (text.Length != 4 || text[0] != '0' || text[1] is not ('x' or 'X') || !char.IsAsciiHexDigit(text[2]) || !char.IsAsciiHexDigit(text[3]))
        {
            return false;
        }

        value = (byte)((HexValue(text[2]) << 4) | HexValue(text[3]));
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>The UTF-8 bytes of a string literal; \x and octal escapes stand for raw bytes.</summary>
    public static byte[] StringBytes(string s)
    {
        bool raw = false;
        foreach (char c in s)
        {
            raw |= c >= Lexing.Lexer.ByteCharBase && c <= Lexing.Lexer.ByteCharBase + 0xFF;
        }

        if (!raw)
        {
            return System.Text.Encoding.UTF8.GetBytes(s);
        }

        var list = new List<byte>();
        var chunk = new System.Text.StringBuilder();
        foreach (char c in s)
        {
            if (c >= Lexing.Lexer.ByteCharBase && c <= Lexing.Lexer.ByteCharBase + 0xFF)
            {
                list.AddRange(System.Text.Encoding.UTF8.GetBytes(chunk.ToString()));
                chunk.Clear();
                list.Add((byte)(c - Lexing.Lexer.ByteCharBase));
            }
            else
            {
                chunk.Append(c);
            }
        }

        list.AddRange(System.Text.Encoding.UTF8.GetBytes(chunk.ToString()));
        return [.. list];
    }

    /// <summary>
    /// The regex text of a string literal: its bytes (UTF-8, with \x and octal escapes as raw bytes), one
    /// char per byte, to match subjects mapped the same way (tshark 4.0's PCRE2 works on bytes, not UTF-8).
    /// </summary>
    public static string RegexText(string s)
    {
        byte[] bytes = StringBytes(s);
        return string.Create(bytes.Length, bytes, static (span, b) =>
        {
            for (int i = 0; i < b.Length; i++)
            {
                span[i] = (char)b[i];
            }
        });
    }
}
