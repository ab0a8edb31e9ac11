namespace Dissectors.Filter.Evaluation;

/// <summary>
/// <c>count(field)</c>: how many times the field occurs in the frame. Like every function in tshark 4.0
/// it implies the field exists: for an absent field there is no value, so <c>count(x) == 0</c> never holds.
/// </summary>
internal sealed class CountNode(ValueNode inner) : ValueNode(VKind.UInt)
{
    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        if (inner.Values.Count > 0)
        {
            Values.Add(FValue.Number((ulong)inner.Values.Count));
        }
    }
}
