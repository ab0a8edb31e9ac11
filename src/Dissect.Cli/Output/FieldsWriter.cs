using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>
/// <c>-T fields</c>: one line per frame with the <c>-e</c> fields in order, byte-identical to tshark 4.0:
/// values in <see cref="FieldFormatter"/>'s text, several occurrences joined by the aggregator (or only
/// the first/last with <c>-E occurrence</c>), empty cells for absent fields, optional header line and
/// quoting. tshark quirks kept: a field named twice only fills its last column; an empty value and the
/// header are not quoted.
/// </summary>
internal sealed class FieldsWriter : IFrameWriter
{
    private readonly OutputSink _sink;
    private readonly OutputOptions _options;
    private readonly Column[] _columns;
    private readonly byte[] _separator;
    private readonly byte[] _aggregator;
    private readonly byte _quote;
    private readonly Utf8Builder _cell = new(256);
    private readonly Utf8Builder _escape = new(256);
    private bool _headerDone;

    private readonly record struct Column(string Name, FieldId Field, string? ColumnTitle, bool Empty);

    public FieldsWriter(OutputSink sink, OutputOptions options, FieldRegistry registry)
    {
        _sink = sink;
        _options = options;
        _separator = System.Text.Encoding.UTF8.GetBytes(options.Separator);
        _aggregator = System.Text.Encoding.UTF8.GetBytes(options.Aggregator);
        _quote = options.Quote switch { QuoteMode.Double => (byte)'"', QuoteMode.Single => (byte)'\'', _ => (byte)0 };
        var names = options.Fields;
        _columns = new Column[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            bool laterDuplicate = false;
            for (int j = i + 1; j < names.Count; j++)
            {
                laterDuplicate |= names[j] == name;
            }

            if (name.StartsWith(ColumnText.Prefix, StringComparison.Ordinal))
            {
                _columns[i] = new Column(name, FieldId.Invalid, name[ColumnText.Prefix.Length..], laterDuplicate);
            }
            else
            {
                registry.TryGet(name, out FieldId id);
                _columns[i] = new Column(name, id, null, laterDuplicate);
            }
        }
    }

    public void Write(FrameView f)
    {
        var sb = _sink.Buffer;
        if (_options.Header && !_headerDone)
        {
            WriteHeader(sb);
        }

        var tree = f.Tree;
        for (int c = 0; c < _columns.Length; c++)
        {
            if (c > 0)
            {
                sb.Append(_separator);
            }

            var col = _columns[c];
            if (col.Empty)
            {
                continue;
            }

            _cell.Clear();
            if (col.ColumnTitle is { } title)
            {
                ColumnText.Append(_cell, title, f);
            }
            else if (col.Field.IsValid)
            {
                AppendOccurrences(tree, col.Field);
            }

            if (_cell.Length == 0)
            {
                continue;
            }

            if (_quote != 0)
            {
                sb.Append(_quote);
            }

            sb.Append(_cell.Span);
            if (_quote != 0)
            {
                sb.Append(_quote);
            }
        }

        sb.Append((byte)'\n');
    }

    private void AppendOccurrences(FieldTree tree, FieldId field)
    {
        int first = tree.First(field);
        if (first < 0)
        {
            return;
        }

        switch (_options.Occurrence)
        {
            case Occurrence.First:
                AppendValue(tree, first);
                return;
            case Occurrence.Last:
                int last = first;
                for (int n = tree.Next(first); n >= 0; n = tree.Next(n))
                {
                    last = n;
                }

                AppendValue(tree, last);
                return;
            default:
                bool any = false;
                for (int n = first; n >= 0; n = tree.Next(n))
                {
                    if (any)
                    {
                        _cell.Append(_aggregator);
                    }

                    AppendValue(tree, n);
                    any = true;
                }

                return;
        }
    }

    /// <summary>
    /// One value. tshark writes the control characters \b \f \n \r \t of a string value as two-character
    /// escapes in <c>-T fields</c> output (so a value never breaks the line); other bytes go through as they are.
    /// </summary>
    private void AppendValue(FieldTree tree, int node)
    {
        int start = _cell.Length;
        FieldFormatter.AppendFieldValue(tree, node, _cell);
        if (tree.DefOf(node).Type is not (FieldType.String or FieldType.StringZ or FieldType.UIntString))
        {
            return;
        }

        var written = _cell.Span[start..];
        if (written.IndexOfAny("\b\f\n\r\t"u8) < 0)
        {
            return;
        }

        _escape.Clear();
        _escape.Append(written);
        _cell.Length = start;
        foreach (byte b in _escape.Span)
        {
            byte e = b switch { (byte)'\b' => (byte)'b', (byte)'\f' => (byte)'f', (byte)'\n' => (byte)'n', (byte)'\r' => (byte)'r', (byte)'\t' => (byte)'t', _ => 0 };
            if (e != 0)
            {
                _cell.Append((byte)'\\');
                _cell.Append(e);
            }
            else
            {
                _cell.Append(b);
            }
        }
    }

    private void WriteHeader(Utf8Builder sb)
    {
        _headerDone = true;
        for (int c = 0; c < _columns.Length; c++)
        {
            if (c > 0)
            {
                sb.Append(_separator);
            }

            // tshark never quotes the header.
            sb.Append(_columns[c].Name);
        }

        sb.Append((byte)'\n');
    }

    public void Complete()
    {
        // tshark prints the header even when no frame matched.
        if (_options.Header && !_headerDone)
        {
            WriteHeader(_sink.Buffer);
        }
    }
}
