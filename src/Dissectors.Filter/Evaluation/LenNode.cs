namespace Dissectors.Filter.Evaluation;

/// <summary><c>len(x)</c>: the byte length of each occurrence (strings and bytes by value, others by span).</summary>
internal sealed class LenNode(ValueNode inner) : ValueNode(VKind.UInt)
{
    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        var src = inner.Values;
        for (int i = 0; i < src.Count; i++)
        {
            ref FValue v = ref src[i];
            Values.Add(FValue.Number((ulong)(v.HasBytes ? ctx.BytesOf(v).Length : 0)));
        }
    }
}
