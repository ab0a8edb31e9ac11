using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissect.Cli.Output;

/// <summary>
/// tshark's <c>-x</c> dump: 16 bytes a line as offset, hex and ASCII; when a frame has more than one
/// data source (reassembled or decompressed data) each gets a "Name (N bytes):" heading. A blank line ends
/// the frame.
/// </summary>
internal static class HexWriter
{
    private static ReadOnlySpan<byte> Digits => "0123456789abcdef"u8;

    public static void Append(Utf8Builder sb, FieldTree tree)
    {
        int sources = tree.SourceCount;
        for (int i = 0; i < sources; i++)
        {
            var (index, name) = tree.SourceAt(i);
            var bytes = tree.SourceBytes(index);
            if (sources > 1)
            {
                sb.Append(name);
                sb.Append(" ("u8);
                sb.Append(bytes.Length);
                sb.Append(" bytes):\n"u8);
            }

            AppendDump(sb, bytes);
        }

        sb.Append((byte)'\n');
    }

    public static void AppendDump(Utf8Builder sb, ReadOnlySpan<byte> bytes)
    {
        // tshark: at least four offset digits, more only as the last byte's offset needs them
        // (0x10000 bytes still take four, 0x10001 take five).
        int offsetDigits = 4;
        long lastOffset = bytes.Length - 1L;
        while (offsetDigits < 8 && lastOffset > (1L << (offsetDigits * 4)) - 1)
        {
            offsetDigits++;
        }

        for (int line = 0; line < bytes.Length; line += 16)
        {
            var chunk = bytes.Slice(line, Math.Min(16, bytes.Length - line));
            var span = sb.GetSpan(offsetDigits + 2 + 48 + 2 + 16 + 1);
            int o = 0;
            for (int d = offsetDigits - 1; d >= 0; d--)
            {
                span[o++] = Digits[(line >> (d * 4)) & 0xF];
            }

            span[o++] = (byte)' ';
            span[o++] = (byte)' ';
            for (int i = 0; i < 16; i++)
            {
                if (i < chunk.Length)
                {
                    span[o++] = Digits[chunk[i] >> 4];
                    span[o++] = Digits[chunk[i] & 0xF];
                }
                else
                {
                    span[o++] = (byte)' ';
                    span[o++] = (byte)' ';
                }

                span[o++] = (byte)' ';
            }

            span[o++] = (byte)' ';
            span[o++] = (byte)' ';
            foreach (byte b in chunk)
            {
                span[o++] = b is >= 0x20 and < 0x7F ? b : (byte)'.';
            }

            span[o++] = (byte)'\n';
            sb.Advance(o);
        }
    }
}
