using Dissectors.Core.Buffers;

namespace Dissect.Cli.Output;

/// <summary>JSON string escaping into UTF-8 (control characters as \u00XX, invalid UTF-8 as U+FFFD).</summary>
internal static class JsonText
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Appends <paramref name="utf8"/> as the inside of a JSON string (no quotes).</summary>
    public static void AppendEscaped(Utf8Builder sb, ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            Span<char> chars = stackalloc char[256];
            Span<byte> bytes = stackalloc byte[1024];
            while (!utf8.IsEmpty)
            {
                System.Text.Unicode.Utf8.ToUtf16(utf8[..Math.Min(utf8.Length, 256)], chars, out int read, out int written, replaceInvalidSequences: true, isFinalBlock: utf8.Length <= 256);
                if (read == 0)
                {
                    read = 1;
                }

                System.Text.Unicode.Utf8.FromUtf16(chars[..written], bytes, out _, out int nb);
                AppendValid(sb, bytes[..nb]);
                utf8 = utf8[read..];
            }

            return;
        }

        AppendValid(sb, utf8);
    }

    private static void AppendValid(Utf8Builder sb, ReadOnlySpan<byte> utf8)
    {
        int start = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                continue;
            }

            sb.Append(utf8[start..i]);
            switch (b)
            {
                case (byte)'"':
                    sb.Append("\\\""u8);
                    break;
                case (byte)'\\':
                    sb.Append("\\\\"u8);
                    break;
                case (byte)'\n':
                    sb.Append("\\n"u8);
                    break;
                case (byte)'\r':
                    sb.Append("\\r"u8);
                    break;
                case (byte)'\t':
                    sb.Append("\\t"u8);
                    break;
                default:
                    sb.Append("\\u00"u8);
                    sb.Append(Hex[b >> 4]);
                    sb.Append(Hex[b & 0xF]);
                    break;
            }

            start = i + 1;
        }

        sb.Append(utf8[start..]);
    }

    public static void AppendString(Utf8Builder sb, ReadOnlySpan<byte> utf8)
    {
        sb.Append((byte)'"');
        AppendEscaped(sb, utf8);
        sb.Append((byte)'"');
    }

    public static void AppendString(Utf8Builder sb, string s)
    {
        sb.Append((byte)'"');
        AppendEscaped(sb, s);
        sb.Append((byte)'"');
    }

    /// <summary>Escapes a UTF-16 string; plain ASCII (field names) goes through without allocating.</summary>
    public static void AppendEscaped(Utf8Builder sb, string s)
    {
        foreach (char c in s)
        {
            if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\')
            {
                AppendEscaped(sb, System.Text.Encoding.UTF8.GetBytes(s));
                return;
            }
        }

        var span = sb.GetSpan(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            span[i] = (byte)s[i];
        }

        sb.Advance(s.Length);
    }
}
