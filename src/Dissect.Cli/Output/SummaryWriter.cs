using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissect.Cli.Output;

/// <summary>
/// tshark's default output: one line per frame with No., Time, Source → Destination, Protocol, Length,
/// Info. Padding follows tshark: the number is right-aligned in 5 columns, the time in 10, the source
/// right-aligned and the destination left-aligned in 12 (wider values are not cut).
/// <para>
/// With <c>-x</c> it writes the hex dump of each frame instead (tshark 4.0: no summary line unless <c>-P</c>;
/// with <c>-P</c> the line, a blank line, then the dump). Every dump ends with a blank line.
/// </para>
/// </summary>
internal sealed class SummaryWriter : IFrameWriter
{
    private readonly OutputSink _sink;
    private readonly Utf8Builder _cell = new(128);
    private readonly bool _hex;
    private readonly bool _summary;

    public SummaryWriter(OutputSink sink, bool hex, bool summary = true)
    {
        _sink = sink;
        _hex = hex;
        _summary = summary;
    }

    public void Write(FrameView f)
    {
        var sb = _sink.Buffer;
        if (_summary)
        {
            AppendLine(sb, f, _cell);
        }

        if (_hex)
        {
            if (_summary)
            {
                sb.Append((byte)'\n');
            }

            HexWriter.Append(sb, f.Tree);
        }
    }

    public static void AppendLine(Utf8Builder sb, FrameView f, Utf8Builder cell)
    {
        cell.Clear();
        cell.Append(f.Info.Number);
        Pad(sb, cell, 5, right: true);
        sb.Append((byte)' ');
        cell.Clear();
        TimeFormat.AppendRelativeMicros(cell, f.Info.RelativeNs);
        Pad(sb, cell, 10, right: true);
        sb.Append((byte)' ');
        cell.Clear();
        ColumnText.AppendAddress(cell, f.Columns.SourceKind, f.Columns.SourceAddress);
        Pad(sb, cell, 12, right: true);
        sb.Append(" → "u8);
        cell.Clear();
        ColumnText.AppendAddress(cell, f.Columns.DestinationKind, f.Columns.DestinationAddress);
        Pad(sb, cell, 12, right: false);
        sb.Append((byte)' ');
        sb.Append(f.Columns.Protocol);
        sb.Append((byte)' ');
        sb.Append(f.Info.OriginalLength);
        sb.Append((byte)' ');
        sb.Append(f.Columns.Info.Span);
        sb.Append((byte)'\n');
    }

    private static void Pad(Utf8Builder sb, Utf8Builder cell, int width, bool right)
    {
        int chars = Utf8Width(cell.Span);
        if (right)
        {
            for (int i = chars; i < width; i++)
            {
                sb.Append((byte)' ');
            }
        }

        sb.Append(cell.Span);
        if (!right)
        {
            for (int i = chars; i < width; i++)
            {
                sb.Append((byte)' ');
            }
        }
    }

    /// <summary>Characters (not bytes) in UTF-8 text, for column padding.</summary>
    private static int Utf8Width(ReadOnlySpan<byte> s)
    {
        int n = 0;
        foreach (byte b in s)
        {
            if ((b & 0xC0) != 0x80)
            {
                n++;
            }
        }

        return n;
    }

    public void Complete()
    {
    }
}
