namespace Dissectors.Filter.Evaluation;

internal sealed class AndNode(TestNode left, TestNode right) : TestNode
{
    public override bool Evaluate(EvalContext ctx) => left.Evaluate(ctx) && right.Evaluate(ctx);
}

internal sealed class OrNode(TestNode left, TestNode right) : TestNode
{
    public override bool Evaluate(EvalContext ctx) => left.Evaluate(ctx) || right.Evaluate(ctx);
}

internal sealed class XorNode(TestNode left, TestNode right) : TestNode
{
    public override bool Evaluate(EvalContext ctx) => left.Evaluate(ctx) ^ right.Evaluate(ctx);
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

/// <summary>Any value at all (slices, layers, functions), or for a bitwise and: any non-zero value.</summary>
internal sealed class ValueExistsNode(ValueNode value, bool nonZero) : TestNode
{
    public override bool Evaluate(EvalContext ctx)
    {
        value.Evaluate(ctx);
        if (!nonZero)
        {
            return value.Values.Count > 0;
        }

        for (int i = 0; i < value.Values.Count; i++)
        {
            ref FValue v = ref value.Values[i];
            if (v.Kind == VKind.Double ? v.D != 0 : v.U != 0 || v.I != 0)
            {
                return true;
            }
        }

        return false;
    }
}
