using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>
/// <c>-T jsonl</c>: one JSON object per frame per line, for scripts (<c>jq</c>, log pipelines):
/// <code>
/// {"frame":4,"time":"2018-05-23T03:09:05.859983000Z","protocols":"eth:ethertype:ip:tcp:cql",
///  "src":"127.0.0.1","dst":"127.0.0.1","length":97,"info":"...","fields":{"eth.src":"00:00:00:00:00:00",...}}
/// </code>
/// <c>fields</c> holds every field of the frame once, in tree order, keyed by its filter name; a field
/// that occurs several times is an array. Integers and booleans are JSON numbers/booleans (value-string
/// fields stay numeric, like <c>-T fields</c>), relative times are seconds, absolute times ISO 8601 UTC,
/// everything else is a string; FT_NONE items are <c>true</c>. With <c>-e</c>, <c>fields</c> holds exactly
/// the requested fields, <c>null</c> when absent. Keys never depend on hash order.
/// </summary>
internal sealed class JsonlWriter : IFrameWriter
{
    private readonly OutputSink _sink;
    private readonly OutputOptions _options;
    private readonly FieldId[] _fields;
    private readonly Utf8Builder _value = new(256);

    public JsonlWriter(OutputSink sink, OutputOptions options, FieldRegistry registry)
    {
        _sink = sink;
        _options = options;
        _fields = new FieldId[options.Fields.Count];
        for (int i = 0; i < _fields.Length; i++)
        {
            registry.TryGet(options.Fields[i], out _fields[i]);
        }
    }

    public void Write(FrameView f)
    {
        var sb = _sink.Buffer;
        var tree = f.Tree;
        sb.Append("{\"frame\":"u8);
        sb.Append(f.Info.Number);
        sb.Append(",\"time\":\""u8);
        TimeFormat.AppendIsoUtc(sb, f.Info.TimestampNs);
        sb.Append("\",\"protocols\":"u8);
        int p = tree.First(f.Core.Frame.Protocols);
        JsonText.AppendString(sb, p >= 0 ? tree.BytesOf(p) : default);
        sb.Append(",\"src\":"u8);
        _value.Clear();
        ColumnText.AppendAddress(_value, f.Columns.SourceKind, f.Columns.SourceAddress);
        JsonText.AppendString(sb, _value.Span);
        sb.Append(",\"dst\":"u8);
        _value.Clear();
        ColumnText.AppendAddress(_value, f.Columns.DestinationKind, f.Columns.DestinationAddress);
        JsonText.AppendString(sb, _value.Span);
        sb.Append(",\"length\":"u8);
        sb.Append(f.Info.OriginalLength);
        if (f.Columns.Enabled)
        {
            sb.Append(",\"info\":"u8);
            JsonText.AppendString(sb, f.Columns.Info.Span);
        }

        sb.Append(",\"fields\":{"u8);
        if (_fields.Length > 0)
        {
            for (int i = 0; i < _fields.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append((byte)',');
                }

                JsonText.AppendString(sb, _options.Fields[i]);
                sb.Append((byte)':');
                if (_options.Fields[i].StartsWith(ColumnText.Prefix, StringComparison.Ordinal))
                {
                    _value.Clear();
                    ColumnText.Append(_value, _options.Fields[i][ColumnText.Prefix.Length..], f);
                    JsonText.AppendString(sb, _value.Span);
                    continue;
                }

                int first = _fields[i].IsValid ? tree.First(_fields[i]) : -1;
                if (first < 0)
                {
                    sb.Append("null"u8);
                }
                else
                {
                    AppendOccurrences(sb, tree, first);
                }
            }
        }
        else
        {
            bool any = false;
            var nodes = tree.Nodes;
            for (int i = 0; i < nodes.Length; i++)
            {
                var id = new FieldId(nodes[i].Field);
                FieldDef def = tree.DefOf(i);
                if (def.IsProtocol || def.Abbrev.StartsWith("_ws.text", StringComparison.Ordinal) || tree.First(id) != i)
                {
                    continue;
                }

                if (any)
                {
                    sb.Append((byte)',');
                }

                any = true;
                JsonText.AppendString(sb, def.Abbrev);
                sb.Append((byte)':');
                AppendOccurrences(sb, tree, i);
            }
        }

        sb.Append("}}\n"u8);
    }

    private void AppendOccurrences(Utf8Builder sb, FieldTree tree, int first)
    {
        int next = tree.Next(first);
        if (next < 0)
        {
            AppendValue(sb, tree, first);
            return;
        }

        sb.Append((byte)'[');
        for (int n = first; n >= 0; n = tree.Next(n))
        {
            if (n != first)
            {
                sb.Append((byte)',');
            }

            AppendValue(sb, tree, n);
        }

        sb.Append((byte)']');
    }

    private void AppendValue(Utf8Builder sb, FieldTree tree, int node)
    {
        FieldDef def = tree.DefOf(node);
        ulong v = tree[node].Value;
        switch (def.Type)
        {
            case FieldType.None:
                sb.Append("true"u8);
                return;
            case FieldType.Boolean:
                sb.Append(v != 0 ? "true"u8 : "false"u8);
                return;
            case FieldType.RelativeTime:
                TimeFormat.AppendRelative(sb, (long)v);
                return;
            case FieldType.AbsoluteTime:
                sb.Append((byte)'"');
                TimeFormat.AppendIsoUtc(sb, (long)v);
                sb.Append((byte)'"');
                return;
            case FieldType.Float:
            case FieldType.Double:
                double d = BitConverter.Int64BitsToDouble((long)v);
                if (double.IsFinite(d))
                {
                    sb.Append(d, "R");
                }
                else
                {
                    JsonText.AppendString(sb, d.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return;
            default:
                if (FieldTypes.IsUnsigned(def.Type))
                {
                    sb.Append(v);
                    return;
                }

                if (FieldTypes.IsSigned(def.Type))
                {
                    sb.Append((long)v);
                    return;
                }

                _value.Clear();
                FieldFormatter.AppendFieldValue(tree, node, _value);
                JsonText.AppendString(sb, _value.Span);
                return;
        }
    }

    public void Complete()
    {
    }
}
