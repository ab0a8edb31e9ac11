namespace Dissectors.Filter.Parsing;

/// <summary>
/// Bounds the depth of a parsed filter before the binder and the evaluator walk it recursively. The
/// parser's own nesting limit does not cover everything: operator chains (<c>a + b + c ...</c>,
/// <c>x[0][0]...</c>) are parsed in loops but nest to the left. Measured without recursion.
/// </summary>
internal static class AstDepth
{
    /// <summary>Deepest syntax tree accepted (the parser's nesting limit allows about twice its own levels).</summary>
    public const int Max = 500;

    public static void Check(Test root)
    {
        var stack = new Stack<(object Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > Max)
            {
                var span = node is Test t ? t.Span : ((Value)node).Span;
                throw new FilterException(span.Start, Math.Max(1, span.Length), $"the filter is nested too deeply (more than {Max} levels of operators)");
            }

            int next = depth + 1;
            switch (node)
            {
                case AndTest a:
                    PushAll(stack, a.Items, next);
                    break;
                case OrTest o:
                    PushAll(stack, o.Items, next);
                    break;
                case XorTest x:
                    PushAll(stack, x.Items, next);
                    break;
                case NotTest n:
                    stack.Push((n.Inner, next));
                    break;
                case ExistsTest e:
                    stack.Push((e.Value, next));
                    break;
                case CompareTest c:
                    stack.Push((c.Left, next));
                    stack.Push((c.Right, next));
                    break;
                case InTest i:
                    stack.Push((i.Left, next));
                    foreach (var el in i.Elements)
                    {
                        stack.Push((el.Low, next));
                        if (el.High is not null)
                        {
                            stack.Push((el.High, next));
                        }
                    }

                    break;
                case SliceValue s:
                    stack.Push((s.Inner, next));
                    break;
                case LayerValue l:
                    stack.Push((l.Inner, next));
                    break;
                case FunctionValue f:
                    foreach (var arg in f.Args)
                    {
                        stack.Push((arg, next));
                    }

                    break;
                case ArithValue ar:
                    stack.Push((ar.Left, next));
                    stack.Push((ar.Right, next));
                    break;
                case NegateValue neg:
                    stack.Push((neg.Inner, next));
                    break;
                default:
                    break; // leaves: words, strings, characters
            }
        }
    }

    private static void PushAll(Stack<(object, int)> stack, IReadOnlyList<Test> items, int depth)
    {
        foreach (var t in items)
        {
            stack.Push((t, depth));
        }
    }
}
