namespace Dissectors.Filter.Evaluation;

/// <summary>Tests joined by "and": true if all hold (stops at the first that does not).</summary>
internal sealed class AndNode(TestNode[] items) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        foreach (var t in items)
        {
            if (!t.Evaluate(ctx))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Tests joined by "or": true if any holds (stops at the first that does).</summary>
internal sealed class OrNode(TestNode[] items) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        foreach (var t in items)
        {
            if (t.Evaluate(ctx))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Tests joined by "xor": true if an odd number hold (a ^^ b ^^ c is (a ^^ b) ^^ c).</summary>
internal sealed class XorNode(TestNode[] items) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        bool result = false;
        foreach (var t in items)
        {
            result ^= t.Evaluate(ctx);
        }

        return result;
    }
}

internal sealed class NotNode(TestNode inner) : TestNode
{
    public override bool Evaluate(EvalContext ctx) => !inner.Evaluate(ctx);
}

/// <summary>A field or protocol is present (fast path: one O(1) lookup).</summary>
internal sealed class FieldExistsNode(Dissectors.Core.Fields.FieldId field) : TestNode
{
    public override bool Evaluate(EvalContext ctx) => ctx.Tree.First(field) >= 0;
}

/// <summary>
/// Any value at all (layers, functions), any non-empty value (slices: an out-of-range slice is empty), or
/// for a bitwise and: any non-zero value.
/// </summary>
internal sealed class ValueExistsNode(ValueNode value, bool nonZero, bool nonEmpty = false) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        value.Evaluate(ctx);
        if (nonEmpty)
        {
            for (int i = 0; i < value.Values.Count; i++)
            {
                if (value.Values[i].Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        if (!nonZero)
        {
            return value.Values.Count > 0;
        }

        for (int i = 0; i < value.Values.Count; i++)
        {
            ref FValue v = ref value.Values[i];
            bool nonZeroValue = v.Kind switch
            {
                VKind.Double => v.D != 0,
                VKind.Bytes => ctx.BytesOf(v).IndexOfAnyExcept((byte)0) >= 0,
                _ => v.U != 0 || v.I != 0,
            };
            if (nonZeroValue)
            {
                return true;
            }
        }

        return false;
    }
}
