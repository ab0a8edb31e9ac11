using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissectors.Filter.Evaluation;

/// <summary>
/// <c>string(field)</c>: the value as text, into the scratch buffer. Integers are written in decimal
/// whatever the field's display base (tshark 4.0: <c>string(eth.type) == "2048"</c>, not "0x0800");
/// addresses and floating-point numbers as <c>-T fields</c> prints them.
/// </summary>
internal sealed class StringNode(FieldValueNode inner) : ValueNode(VKind.String)
{
    private readonly Utf8Builder _text = new(64);

    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        var src = inner.Values;
        for (int i = 0; i < src.Count; i++)
        {
            ref FValue v = ref src[i];
            _text.Clear();
            switch (v.Kind)
            {
                case VKind.UInt:
                    _text.Append(v.U);
                    break;
                case VKind.Int:
                    _text.Append(v.I);
                    break;
                default:
                    FieldFormatter.AppendFieldValue(ctx.Tree, v.Node, _text);
                    break;
            }

            int off = ctx.Allocate(_text.Length, out Span<byte> dest);
            _text.Span.CopyTo(dest);
            Values.Add(new FValue { Kind = VKind.String, Origin = Origin.Scratch, Offset = off, Length = _text.Length, Node = v.Node, Prefix = -1 });
        }
    }
}
