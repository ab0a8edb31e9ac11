namespace Dissectors.Filter.Evaluation;

/// <summary><c>lower(s)</c> / <c>upper(s)</c>: ASCII case mapping of strings, into the scratch buffer.</summary>
internal sealed class CaseNode(ValueNode inner, bool upper) : ValueNode(VKind.String)
{
    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        var src = inner.Values;
        for (int i = 0; i < src.Count; i++)
        {
            var bytes = ctx.BytesOf(src[i]);
            int off = ctx.Allocate(bytes.Length, out Span<byte> dest);
            for (int b = 0; b < bytes.Length; b++)
            {
                byte c = bytes[b];
                dest[b] = upper ? (c is >= (byte)'a' and <= (byte)'z' ? (byte)(c - 32) : c)
                                : (c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c);
            }

            Values.Add(new FValue { Kind = VKind.String, Origin = Origin.Scratch, Offset = off, Length = bytes.Length, Node = src[i].Node, Prefix = -1 });
        }
    }
}
