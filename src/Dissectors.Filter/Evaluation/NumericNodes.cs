namespace Dissectors.Filter.Evaluation;

/// <summary>Integer and floating arithmetic shared by the numeric nodes.</summary>
internal static class Numeric
{
    public static bool IsNumber(VKind k) => k is VKind.UInt or VKind.Int or VKind.Double or VKind.AbsTime or VKind.RelTime;

    /// <summary>The result kind of combining two numeric kinds.</summary>
    public static VKind Combine(VKind a, VKind b)
    {
        if (a == VKind.Double || b == VKind.Double)
        {
            return VKind.Double;
        }

        if (a is VKind.RelTime or VKind.AbsTime)
        {
            return a;
        }

        if (b is VKind.RelTime or VKind.AbsTime)
        {
            return b;
        }

        return a == VKind.Int || b == VKind.Int ? VKind.Int : VKind.UInt;
    }

    public static FValue Make(VKind kind, long i, double d) => kind switch
    {
        VKind.Double => FValue.Real(d),
        VKind.UInt => FValue.Number((ulong)i),
        VKind.Int => FValue.Signed(i),
        _ => new FValue { Kind = kind, I = i, D = i / 1e9, Node = -1, Prefix = -1 },
    };

    public static long AsLong(in FValue v) => v.Kind switch
    {
        VKind.UInt => (long)v.U,
        VKind.Double => (long)v.D,
        _ => v.I,
    };

    public static double AsDouble(in FValue v) => v.Kind switch
    {
        VKind.UInt => v.U,
        VKind.Int => v.I,
        VKind.AbsTime or VKind.RelTime => v.I / 1e9,
        _ => v.D,
    };
}

/// <summary>
/// <c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c>, <c>a % b</c>, <c>a &amp; b</c> over every pair of
/// occurrences. Division or modulo by zero yields no value.
/// </summary>
internal sealed class ArithNode(ValueNode left, Parsing.ArithOp op, ValueNode right, VKind kind, Dissectors.Core.Fields.FieldDef? typeDef)
    : ValueNode(kind)
{
    public override Dissectors.Core.Fields.FieldDef? TypeDef => typeDef;

    public override void Evaluate(EvalContext ctx)
    {
        left.Evaluate(ctx);
        right.Evaluate(ctx);
        Values.Clear();
        var l = left.Values;
        var r = right.Values;
        for (int i = 0; i < l.Count; i++)
        {
            for (int j = 0; j < r.Count; j++)
            {
                if (TryApply(op, Kind, l[i], r[j], out FValue result))
                {
                    Values.Add(result);
                }
            }
        }
    }

    /// <summary><paramref name="a"/> op <paramref name="b"/> as <paramref name="kind"/>; false on division by zero.</summary>
    public static bool TryApply(Parsing.ArithOp op, VKind kind, in FValue a, in FValue b, out FValue result)
    {
        result = default;
        if (kind == VKind.Double)
        {
            double x = Numeric.AsDouble(a), y = Numeric.AsDouble(b);
            double d;
            switch (op)
            {
                case Parsing.ArithOp.Add:
                    d = x + y;
                    break;
                case Parsing.ArithOp.Sub:
                    d = x - y;
                    break;
                case Parsing.ArithOp.Mul:
                    d = x * y;
                    break;
                case Parsing.ArithOp.Div:
                    if (y == 0)
                    {
                        return false;
                    }

                    d = x / y;
                    break;
                case Parsing.ArithOp.Mod:
                    if (y == 0)
                    {
                        return false;
                    }

                    d = x % y;
                    break;
                default:
                    return false;
            }

            result = FValue.Real(d);
            return true;
        }

        long p = Numeric.AsLong(a), q = Numeric.AsLong(b);
        long v;
        switch (op)
        {
            case Parsing.ArithOp.Add:
                v = unchecked(p + q);
                break;
            case Parsing.ArithOp.Sub:
                v = unchecked(p - q);
                break;
            case Parsing.ArithOp.Mul:
                v = unchecked(p * q);
                break;
            case Parsing.ArithOp.Div:
                if (q == 0)
                {
                    return false;
                }

                v = p / q;
                break;
            case Parsing.ArithOp.Mod:
                if (q == 0)
                {
                    return false;
                }

                v = p % q;
                break;
            default:
                v = p & q;
                break;
        }

        result = Numeric.Make(kind, v, v);
        return true;
    }
}

/// <summary>Unary minus.</summary>
internal sealed class NegateNode(ValueNode inner, VKind kind, Dissectors.Core.Fields.FieldDef? typeDef) : ValueNode(kind)
{
    public override Dissectors.Core.Fields.FieldDef? TypeDef => typeDef;

    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        for (int i = 0; i < inner.Values.Count; i++)
        {
            ref FValue v = ref inner.Values[i];
            Values.Add(Kind == VKind.Double ? FValue.Real(-Numeric.AsDouble(v)) : Numeric.Make(Kind, -Numeric.AsLong(v), -Numeric.AsDouble(v)));
        }
    }
}

/// <summary><c>abs(x)</c>.</summary>
internal sealed class AbsNode(ValueNode inner, VKind kind) : ValueNode(kind)
{
    public override void Evaluate(EvalContext ctx)
    {
        inner.Evaluate(ctx);
        Values.Clear();
        for (int i = 0; i < inner.Values.Count; i++)
        {
            ref FValue v = ref inner.Values[i];
            Values.Add(Kind == VKind.Double ? FValue.Real(Math.Abs(Numeric.AsDouble(v))) : Numeric.Make(Kind, Math.Abs(Numeric.AsLong(v)), Math.Abs(Numeric.AsDouble(v))));
        }
    }
}

/// <summary><c>min(a, b, ...)</c> / <c>max(a, b, ...)</c> over every occurrence of every argument (numbers, addresses, strings).</summary>
internal sealed class MinMaxNode(ValueNode[] args, bool max, VKind kind) : ValueNode(kind)
{
    public override void Evaluate(EvalContext ctx)
    {
        Values.Clear();
        bool any = false;
        FValue best = default;
        foreach (var a in args)
        {
            a.Evaluate(ctx);
            for (int i = 0; i < a.Values.Count; i++)
            {
                ref FValue v = ref a.Values[i];
                if (!any || (max ? Compare.Order(ctx, v, best) > 0 : Compare.Order(ctx, v, best) < 0))
                {
                    best = v;
                    any = true;
                }
            }
        }

        if (any)
        {
            Values.Add(best);
        }
    }
}

/// <summary>
/// <c>bytes &amp; mask</c>: byte-by-byte and over the shorter of the two lengths (tshark 4.0's bytes
/// bitwise and), into the scratch buffer. As a bare test it holds when some result byte is non-zero.
/// </summary>
internal sealed class BytesAndNode(ValueNode left, ValueNode right) : ValueNode(VKind.Bytes)
{
    public override void Evaluate(EvalContext ctx)
    {
        left.Evaluate(ctx);
        right.Evaluate(ctx);
        Values.Clear();
        for (int i = 0; i < left.Values.Count; i++)
        {
            for (int j = 0; j < right.Values.Count; j++)
            {
                var a = ctx.BytesOf(left.Values[i]);
                var b = ctx.BytesOf(right.Values[j]);
                int n = Math.Min(a.Length, b.Length);
                int off = ctx.Allocate(n, out Span<byte> dest);
                a = ctx.BytesOf(left.Values[i]); // the scratch buffer may have moved
                b = ctx.BytesOf(right.Values[j]);
                for (int k = 0; k < n; k++)
                {
                    dest[k] = (byte)(a[k] & b[k]);
                }

                Values.Add(new FValue { Kind = VKind.Bytes, Origin = Origin.Scratch, Offset = off, Length = n, Node = left.Values[i].Node, Prefix = -1 });
            }
        }
    }
}
