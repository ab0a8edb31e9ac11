using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Filter.Evaluation;

/// <summary>Every occurrence of a field (or protocol) in the frame, optionally only in some layers.</summary>
internal sealed class FieldValueNode : ValueNode
{
    private readonly FieldId _field;
    private readonly FieldType _type;
    private readonly int _layerFrom;
    private readonly int _layerTo;

    private readonly bool _toEndOfData;

    /// <param name="toEndOfData">
    /// For a protocol searched with <c>contains</c>/<c>matches</c>: its bytes run to the end of its data, not
    /// just over its own header. tshark 4.0 searches a protocol's whole tvbuff (<c>tcp contains "hello"</c>
    /// finds the payload) while its slices and <c>len()</c> stop at the item (<c>tcp[20]</c> is out of range).
    /// </param>
    public FieldValueNode(FieldDef def, VKind kind, int layerFrom = 0, int layerTo = int.MaxValue, bool toEndOfData = false)
        : base(kind)
    {
        _field = def.Id;
        _type = def.Type;
        Def = def;
        _layerFrom = layerFrom;
        _layerTo = layerTo;
        _toEndOfData = toEndOfData && def.Type == FieldType.Protocol;
    }

    /// <summary>The same field for a protocol search (see the constructor).</summary>
    public FieldValueNode ForSearch() => new(Def, Kind, _layerFrom, _layerTo, toEndOfData: true);

    public FieldDef Def { get; }

    public override FieldDef? TypeDef => Def;

    public FieldId Field => _field;

    public bool HasLayer => _layerFrom > 0;

    public override void Evaluate(EvalContext ctx)
    {
        var values = Values;
        values.Clear();
        var tree = ctx.Tree;
        for (int n = tree.First(_field); n >= 0; n = tree.Next(n))
        {
            ref readonly FieldNode node = ref tree[n];
            if (_layerFrom > 0 && (node.Layer < _layerFrom || node.Layer > _layerTo))
            {
                continue;
            }

            values.Add(ToValue(tree, n, in node));
        }
    }

    private FValue ToValue(FieldTree tree, int n, in FieldNode node)
    {
        var v = new FValue { Kind = Kind, Node = n, Prefix = -1 };
        switch (Kind)
        {
            case VKind.UInt:
                v.U = node.Value;
                v.I = (long)node.Value;
                v.D = node.Value;
                SetSpan(ref v, node);
                break;
            case VKind.Int:
                v.I = (long)node.Value;
                v.U = node.Value;
                v.D = (long)node.Value;
                SetSpan(ref v, node);
                break;
            case VKind.Double:
                v.D = BitConverter.Int64BitsToDouble((long)node.Value);
                SetSpan(ref v, node);
                break;
            case VKind.AbsTime:
            case VKind.RelTime:
                v.I = (long)node.Value;
                v.D = (long)node.Value / 1e9;
                break;
            case VKind.IPv4:
            case VKind.Ether:
                v.U = node.Value;
                SetSpan(ref v, node);
                break;
            default:
                if (_type == FieldType.Protocol || _type == FieldType.None)
                {
                    SetSpan(ref v, node);
                    if (_toEndOfData)
                    {
                        v.Length = Math.Max(0, tree.SourceBytes(node.Source).Length - node.Offset);
                    }
                }
                else
                {
                    v.Origin = Origin.Tree;
                    v.Source = node.ValueSource;
                    v.Offset = node.ValueOffset;
                    v.Length = node.ValueLength;
                }

                break;
        }

        return v;
    }

    private static void SetSpan(ref FValue v, in FieldNode node)
    {
        v.Origin = Origin.Tree;
        v.Source = node.Source;
        v.Offset = node.Offset;
        v.Length = node.Length;
    }
}
