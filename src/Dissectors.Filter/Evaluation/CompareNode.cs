using System.Text.RegularExpressions;
using Dissectors.Filter.Parsing;

namespace Dissectors.Filter.Evaluation;

/// <summary>
/// A relation between two value lists with Wireshark 4.x's multi-occurrence rules: <c>==</c> and the
/// ordering/search operators hold if some pair satisfies them; <c>!=</c> (all not equal) and <c>===</c>
/// (all equal) need every pair; <c>!==</c> needs some unequal pair. A missing side makes every relation
/// false. The <c>all</c>/<c>any</c> quantifiers force the rule.
/// </summary>
internal sealed class CompareNode : TestNode
{
    private readonly ValueNode _left;
    private readonly ValueNode _right;
    private readonly RelOp _op;
    private readonly bool _all;
    private readonly Regex? _regex;

    public CompareNode(ValueNode left, RelOp op, ValueNode right, Quantifier quantifier, Regex? regex)
    {
        _left = left;
        _right = right;
        _op = op;
        _regex = regex;
        _all = NeedsAll(op, quantifier);
    }

    /// <summary>Whether every pair must satisfy the relation (else some pair must).</summary>
    public static bool NeedsAll(RelOp op, Quantifier quantifier) => quantifier switch
    {
        Quantifier.All => true,
        Quantifier.Any => false,
        _ => op is RelOp.Ne or RelOp.AllEq,
    };

    public override bool Evaluate(EvalContext ctx)
    {
        _left.Evaluate(ctx);
        var l = _left.Values;
        if (l.Count == 0)
        {
            return false;
        }

        if (_op == RelOp.Matches)
        {
            return MatchRegex(ctx, l);
        }

        _right.Evaluate(ctx);
        var r = _right.Values;
        if (r.Count == 0)
        {
            return false;
        }

        for (int i = 0; i < l.Count; i++)
        {
            for (int j = 0; j < r.Count; j++)
            {
                bool holds = Holds(ctx, l[i], r[j]);
                if (_all && !holds)
                {
                    return false;
                }

                if (!_all && holds)
                {
                    return true;
                }
            }
        }

        return _all;
    }

    private bool Holds(EvalContext ctx, in FValue a, in FValue b) => _op switch
    {
        RelOp.Eq or RelOp.AllEq => Compare.Equal(ctx, a, b),
        RelOp.Ne or RelOp.AnyNe => !Compare.Equal(ctx, a, b),
        RelOp.Gt => Compare.Order(ctx, a, b) > 0,
        RelOp.Lt => Compare.Order(ctx, a, b) < 0,
        RelOp.Ge => Compare.Order(ctx, a, b) >= 0,
        RelOp.Le => Compare.Order(ctx, a, b) <= 0,
        RelOp.Contains => Compare.Contains(ctx, a, b),
        _ => false,
    };

    private bool MatchRegex(EvalContext ctx, ValueList l)
    {
        for (int i = 0; i < l.Count; i++)
        {
            var chars = ctx.Chars(ctx.BytesOf(l[i]));
            bool m;
            try
            {
                m = _regex!.IsMatch(chars);
            }
            catch (RegexMatchTimeoutException)
            {
                m = false;
            }

            if (_all && !m)
            {
                return false;
            }

            if (!_all && m)
            {
                return true;
            }
        }

        return _all;
    }
}
