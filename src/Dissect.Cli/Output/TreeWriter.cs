using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>
/// <c>-V</c> (every protocol expanded) and <c>-O a,b</c> (only those protocols expanded, the others as
/// their one-line summary), in tshark's layout: top-level protocols at column 0, four spaces per level,
/// hidden items left out, a blank line after each frame. With <c>-P</c> the frame's summary line comes
/// first; with <c>-x</c> the tree is followed by a blank line and the hex dump (tshark 4.0's order).
/// </summary>
internal sealed class TreeWriter : IFrameWriter
{
    private readonly OutputSink _sink;
    private readonly HashSet<string>? _expand;
    private readonly bool _hex;
    private readonly Utf8Builder? _cell;
    private int[] _ends = new int[64];

    public TreeWriter(OutputSink sink, IReadOnlyList<string> expandOnly, bool hex, bool summary = false)
    {
        _sink = sink;
        _expand = expandOnly.Count == 0 ? null : new HashSet<string>(expandOnly, StringComparer.OrdinalIgnoreCase);
        _hex = hex;
        _cell = summary ? new Utf8Builder(128) : null;
    }

    public void Write(FrameView f)
    {
        var sb = _sink.Buffer;
        if (_cell is not null)
        {
            SummaryWriter.AppendLine(sb, f, _cell);
        }

        var tree = f.Tree;
        var nodes = tree.Nodes;
        int depth = 0;
        int skipUntil = -1;
        for (int i = 0; i < nodes.Length; i++)
        {
            while (depth > 0 && i >= _ends[depth - 1])
            {
                depth--;
            }

            if (i < skipUntil)
            {
                continue;
            }

            ref readonly FieldNode n = ref nodes[i];
            FieldDef def = tree.DefOf(i);
            bool hidden = (n.Flags & NodeFlags.Hidden) != 0 || (def.Display & FieldDisplay.Hidden) != 0;
            if (hidden)
            {
                skipUntil = n.End;
                continue;
            }

            for (int s = 0; s < depth; s++)
            {
                sb.Append("    "u8);
            }

            LabelFormatter.Append(sb, tree, i);
            sb.Append((byte)'\n');
            bool collapse = depth == 0 && _expand is not null && !_expand.Contains(def.Abbrev);
            if (!_hex && !collapse && def.Abbrev == "data" && def.IsProtocol)
            {
                // tshark dumps undissected data in hex inside the tree when it expands it (-V, or -O data),
                // unless -x prints everything.
                sb.Append((byte)'\n');
                HexWriter.AppendDump(sb, tree.SpanOf(i));
            }

            if (collapse)
            {
                skipUntil = n.End;
                continue;
            }

            if (n.End > i + 1)
            {
                if (depth == _ends.Length)
                {
                    Array.Resize(ref _ends, _ends.Length * 2);
                }

                _ends[depth++] = n.End;
            }
        }

        sb.Append((byte)'\n');
        if (_hex)
        {
            HexWriter.Append(sb, tree);
        }
    }

    public void Complete()
    {
    }
}
