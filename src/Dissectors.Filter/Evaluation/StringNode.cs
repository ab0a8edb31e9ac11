using Dissectors.Core.Buffers;
using Dissectors.Core.Dissection;

namespace Dissectors.Filter.Evaluation;

/// <summary><c>string(field)</c>: the field's value as text (its <c>-T fields</c> form), as a string.</summary>
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
            _text.Clear();
            FieldFormatter.AppendFieldValue(ctx.Tree, src[i].Node, _text);
            int off = ctx.Allocate(_text.Length, out Span<byte> dest);
            _text.Span.CopyTo(dest);
            Values.Add(new FValue { Kind = VKind.String, Origin = Origin.Scratch, Offset = off, Length = _text.Length, Node = src[i].Node, Prefix = -1 });
        }
    }
}
