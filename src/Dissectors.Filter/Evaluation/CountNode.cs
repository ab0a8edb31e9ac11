namespace Dissectors.Filter.Evaluation;

/// <summary><c>count(field)</c>: how many times the field occurs in the frame (always one value).</summary>
internal sealed class CountNode(ValueNode inner) : ValueNode(VKind.UInt)
{
    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        Values.Add(FValue.Number((ulong)inner.Values.Count));
    }
}
