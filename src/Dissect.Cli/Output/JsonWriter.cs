using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissect.Cli.Output;

/// <summary>
/// <c>-T json</c> in tshark's layout: an array of
/// <c>{"_index": "packets-DATE", "_type": "doc", "_score": null, "_source": {"layers": {...}}}</c>,
/// two-space indentation, every value a string, top-level protocols as objects, items with children as
/// <c>"abbrev": "value", "abbrev_tree": {...}</c> (value-less items as <c>"abbrev": {...}</c>), repeated
/// fields as repeated keys. With <c>-e</c>, tshark's flat form: <c>"abbrev": ["v1", "v2"]</c>, one value a line.
/// </summary>
internal sealed class JsonWriter : IFrameWriter
{
    private readonly OutputSink _sink;
    private readonly OutputOptions _options;
    private readonly FieldId[] _fields;
    private readonly Utf8Builder _value = new(256);
    private bool _first = true;

    public JsonWriter(OutputSink sink, OutputOptions options, FieldRegistry registry)
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
        sb.Append(_first ? "[\n"u8 : ",\n"u8);
        _first = false;
        sb.Append("  {\n    \"_index\": \"packets-"u8);
        AppendDate(sb, f.Info.TimestampNs);
        sb.Append("\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {\n      \"layers\": {"u8);
        bool any = _fields.Length > 0 ? WriteSelected(sb, f) : WriteTree(sb, f.Tree);

        // tshark: "layers": {} when nothing was selected, else the members and the brace on its own line.
        sb.Append(any ? "      }\n    }\n  }"u8 : "}\n    }\n  }"u8);
    }

    private static void AppendDate(Utf8Builder sb, long ns)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(Math.Clamp(ns / 100, 0, DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks)), TimeFormat.Zone);
        sb.Append(local.Year, "D4");
        sb.Append((byte)'-');
        sb.Append(local.Month, "D2");
        sb.Append((byte)'-');
        sb.Append(local.Day, "D2");
    }

    /// <summary>
    /// tshark's <c>-T json -e</c> form: one array per field that occurs, one value per line, values as
    /// <c>-T fields</c> prints them (bytes without separators).
    /// </summary>
    private bool WriteSelected(Utf8Builder sb, FrameView f)
    {
        var tree = f.Tree;
        bool any = false;
        for (int i = 0; i < _fields.Length; i++)
        {
            int first = _fields[i].IsValid ? tree.First(_fields[i]) : -1;
            bool column = _options.Fields[i].StartsWith(ColumnText.Prefix, StringComparison.Ordinal);
            if (first < 0 && !column)
            {
                continue;
            }

            sb.Append(any ? ",\n"u8 : "\n"u8);
            any = true;
            sb.Append("        "u8);
            JsonText.AppendString(sb, _options.Fields[i]);
            sb.Append(": [\n"u8);
            if (column)
            {
                _value.Clear();
                ColumnText.Append(_value, _options.Fields[i][ColumnText.Prefix.Length..], f);
                sb.Append("          "u8);
                JsonText.AppendString(sb, _value.Span);
            }
            else
            {
                for (int n = first; n >= 0; n = tree.Next(n))
                {
                    if (n != first)
                    {
                        sb.Append(",\n"u8);
                    }

                    _value.Clear();
                    FieldFormatter.AppendFieldValue(tree, n, _value);
                    sb.Append("          "u8);
                    JsonText.AppendString(sb, _value.Span);
                }
            }

            sb.Append("\n        ]"u8);
        }

        if (any)
        {
            sb.Append((byte)'\n');
        }

        return any;
    }

    private bool WriteTree(Utf8Builder sb, FieldTree tree)
    {
        var nodes = tree.Nodes;
        if (nodes.Length == 0)
        {
            return false;
        }

        sb.Append((byte)'\n');
        WriteChildren(sb, tree, 0, nodes.Length, -1, 8);
        return true;
    }

    /// <summary>Writes the nodes in [from, to) whose parent is <paramref name="parent"/>, at <paramref name="indent"/>.</summary>
    private void WriteChildren(Utf8Builder sb, FieldTree tree, int from, int to, int parent, int indent)
    {
        var nodes = tree.Nodes;
        bool any = false;
        for (int i = from; i < to; i = nodes[i].End)
        {
            if (nodes[i].Parent != parent && parent != -1)
            {
                // A kept node whose real parent was not kept: still ours (interest masks).
            }

            if (any)
            {
                sb.Append(",\n"u8);
            }

            any = true;
            WriteNode(sb, tree, i, indent, topLevel: parent == -1);
        }

        if (any)
        {
            sb.Append((byte)'\n');
        }
    }

    private void WriteNode(Utf8Builder sb, FieldTree tree, int i, int indent, bool topLevel)
    {
        ref readonly FieldNode n = ref tree[i];
        FieldDef def = tree.DefOf(i);
        bool hasChildren = n.End > i + 1;
        Indent(sb, indent);
        bool text = def.Abbrev == "_ws.text";
        if (text)
        {
            JsonText.AppendString(sb, tree.LabelOf(i));
        }
        else
        {
            JsonText.AppendString(sb, def.Abbrev);
        }

        sb.Append(": "u8);
        // tshark: protocols (also nested ones such as ipv6.fraghdr) and FT_NONE items are bare objects; protocols
        // registered in name only (the TCP options) are bytes items with a "_tree".
        bool realProtocol = def.IsProtocol && !def.NameOnlyParent.IsValid;
        bool objectOnly = topLevel || text || realProtocol || def.Type == FieldType.None || def.Abbrev.StartsWith("_ws.", StringComparison.Ordinal);
        if (hasChildren && objectOnly)
        {
            sb.Append("{\n"u8);
            WriteChildren(sb, tree, i + 1, n.End, i, indent + 2);
            Indent(sb, indent);
            sb.Append((byte)'}');
            return;
        }

        _value.Clear();
        AppendValue(_value, tree, i);
        JsonText.AppendString(sb, _value.Span);
        if (hasChildren)
        {
            sb.Append(",\n"u8);
            Indent(sb, indent);
            sb.Append((byte)'"');
            JsonText.AppendEscaped(sb, def.Abbrev);
            sb.Append("_tree\": {\n"u8);
            WriteChildren(sb, tree, i + 1, n.End, i, indent + 2);
            Indent(sb, indent);
            sb.Append((byte)'}');
        }
    }

    /// <summary>tshark's JSON value text: the -T fields text, except bytes are colon-separated.</summary>
    public static void AppendValue(Utf8Builder sb, FieldTree tree, int node)
    {
        FieldDef def = tree.DefOf(node);
        switch (def.Type)
        {
            case FieldType.None:
                break;
            case FieldType.Protocol:
                FieldFormatter.AppendBytes(sb, tree.SpanOf(node), FieldBase.SepColon);
                break;
            case FieldType.Bytes:
            case FieldType.UIntBytes:
                FieldFormatter.AppendBytes(sb, tree.BytesOf(node), FieldBase.SepColon);
                break;
            default:
                FieldFormatter.AppendValue(tree, node, def, sb);
                break;
        }
    }

    private static void Indent(Utf8Builder sb, int n)
    {
        for (int i = 0; i < n; i++)
        {
            sb.Append((byte)' ');
        }
    }

    public void Complete()
    {
        var sb = _sink.Buffer;
        if (_first)
        {
            // tshark 4.0 with no frame to print: "[]" on one line.
            sb.Append("[]\n"u8);
        }
        else
        {
            sb.Append("\n]\n"u8);
        }
    }
}
