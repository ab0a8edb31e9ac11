using Dissectors.Core.Fields;
using Dissectors.Filter.Parsing;

namespace Dissectors.Filter.Evaluation;

/// <summary>
/// The commonest test, an integer field against an integer literal (<c>tcp.port == 9042</c>,
/// <c>tcp.len &gt; 100</c>, <c>cql.opcode == EXECUTE</c>), read straight off the tree's occurrences of
/// the field: no value list, no per-value kind dispatch. Same answers as <see cref="CompareNode"/>
/// (any/all quantifiers, no occurrence is false); the binder only builds it when both sides are unsigned
/// or both signed, so one 64-bit comparison decides.
/// </summary>
internal sealed class FieldNumberCompareNode : TestNode
{
    private readonly FieldId _field;
    private readonly RelOp _op;
    private readonly bool _all;
    private readonly bool _signed;
    private readonly ulong _u;
    private readonly long _i;

    public FieldNumberCompareNode(FieldId field, bool signed, RelOp op, in FValue constant, Quantifier quantifier)
    {
        _field = field;
        _signed = signed;
        _op = op;
        _all = CompareNode.NeedsAll(op, quantifier);
        _u = constant.U;
        _i = constant.I;
    }

    /// <summary>Whether <see cref="CompareNode"/>'s general path can be replaced for these operands.</summary>
    public static bool Applies(ValueNode left, RelOp op, ValueNode right) =>
        op is not (RelOp.Contains or RelOp.Matches)
        && left is FieldValueNode { HasLayer: false } f
        && right is ConstNode c
        && ((f.Kind == VKind.UInt && c.Kind == VKind.UInt) || (f.Kind == VKind.Int && c.Kind == VKind.Int));

    public override bool Evaluate(EvalContext ctx)
    {
        var tree = ctx.Tree;
        int n = tree.First(_field);
        if (n < 0)
        {
            return false;
        }

        for (; n >= 0; n = tree.Next(n))
        {
            ulong v = tree[n].Value;
            int order = _signed ? ((long)v).CompareTo(_i) : v.CompareTo(_u);
            bool holds = _op switch
            {
                RelOp.Eq or RelOp.AllEq => order == 0,
                RelOp.Ne or RelOp.AnyNe => order != 0,
                RelOp.Gt => order > 0,
                RelOp.Lt => order < 0,
                RelOp.Ge => order >= 0,
                _ => order <= 0,
            };
            if (holds != _all)
            {
                return holds;
            }
        }

        return _all;
    }
}
