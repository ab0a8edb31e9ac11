namespace Dissectors.Filter.Evaluation;

/// <summary>
/// <c>x in {a, b, c..d}</c>: some occurrence equals an element or lies in a range (inclusive).
/// <c>x not in {...}</c> is its negation, true for a frame without x as in tshark 4.0.
/// </summary>
internal sealed class InNode(ValueNode left, (ValueNode Low, ValueNode? High)[] elements, bool negated) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        left.Evaluate(ctx);
        var l = left.Values;
        if (l.Count == 0)
        {
            return negated;
        }

        bool found = false;
        foreach (var (low, high) in elements)
        {
            low.Evaluate(ctx);
            high?.Evaluate(ctx);
            for (int i = 0; i < l.Count && !found; i++)
            {
                for (int a = 0; a < low.Values.Count && !found; a++)
                {
                    if (high is null)
                    {
                        found = Compare.Equal(ctx, l[i], low.Values[a]);
                        continue;
                    }

                    for (int b = 0; b < high.Values.Count && !found; b++)
                    {
                        found = Compare.Order(ctx, l[i], low.Values[a]) >= 0 && Compare.Order(ctx, l[i], high.Values[b]) <= 0;
                    }
                }
            }

            if (found)
            {
                break;
            }
        }

        return found != negated;
    }
}
