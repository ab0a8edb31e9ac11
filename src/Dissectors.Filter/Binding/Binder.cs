using System.Globalization;
using System.Text.RegularExpressions;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;
using Dissectors.Filter.Evaluation;
using Dissectors.Filter.Parsing;

namespace Dissectors.Filter.Binding;

/// <summary>
/// Turns the syntax tree into evaluator nodes: resolves names against the registry (so a protocol's
/// fields exist exactly when its dissector registered them), converts literals to the type of what they
/// are compared with (numbers, value-string names, addresses, byte strings, times), and rejects type
/// errors with tshark's wording and the position of the offending text.
/// </summary>
internal sealed class Binder
{
    private readonly FieldRegistry _registry;
    private readonly List<byte[]> _constants = [];
    private readonly List<FieldId> _referenced = [];
    private readonly string _text;

    public Binder(FieldRegistry registry, string text)
    {
        _registry = registry;
        _text = text;
    }

    public IReadOnlyList<FieldId> Referenced => _referenced;

    public byte[][] Constants => [.. _constants];

    /// <summary>Type context for converting a literal: the kind and, for fields, the definition (value strings, width).</summary>
    private readonly record struct Target(VKind Kind, FieldDef? Def, string Describe);

    // ---- tests ----------------------------------------------------------------------------------

    public TestNode BindTest(Test t) => t switch
    {
        AndTest a => new AndNode(BindAll(a.Items)),
        OrTest o => new OrNode(BindAll(o.Items)),
        XorTest x => new XorNode(BindAll(x.Items)),
        NotTest n => new NotNode(BindTest(n.Inner)),
        ExistsTest e => BindExists(e),
        CompareTest c => BindCompare(c),
        InTest i => BindIn(i),
        _ => throw new FilterException(t.Span.Start, t.Span.Length, "this expression is not supported"),
    };

    private TestNode[] BindAll(IReadOnlyList<Test> items)
    {
        var nodes = new TestNode[items.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = BindTest(items[i]);
        }

        return nodes;
    }

    private TestNode BindExists(ExistsTest e)
    {
        if (e.Value is WordValue w)
        {
            var def = ResolveField(w, mustExist: true)!;
            return new FieldExistsNode(def.Id);
        }

        if (e.Value is StringValue or CharValue)
        {
            throw Error(e.Value.Span, $"\"{TextOf(e.Value.Span)}\" is a value, not a test: compare it with a field (for example frame.len > 100)");
        }

        var node = BindValue(e.Value);
        bool bitAnd = e.Value is ArithValue { Op: ArithOp.BitAnd };
        return new ValueExistsNode(node, bitAnd, nonEmpty: e.Value is SliceValue);
    }

    private TestNode BindCompare(CompareTest c)
    {
        bool leftLiteral = IsLiteral(c.Left);
        bool rightLiteral = IsLiteral(c.Right);
        string opText = TextOf(c.OpSpan);
        if (leftLiteral && rightLiteral)
        {
            // A name that looks like a field but is not one deserves the "did you mean" message.
            if (c.Left is WordValue lw && LooksLikeFieldName(lw.Text))
            {
                ResolveField(lw, mustExist: true);
            }

            throw Error(c.Left.Span, $"the left side of \"{opText}\" must be a field or function, not \"{TextOf(c.Left.Span)}\"");
        }

        if (c.Op == RelOp.Matches && c.Right is not StringValue)
        {
            throw Error(c.Right.Span, $"the right side of \"{opText}\" must be a regular expression in quotes, not \"{TextOf(c.Right.Span)}\"");
        }

        ValueNode left, right;
        if (rightLiteral)
        {
            left = BindValue(c.Left);
            CheckOperator(c.Left, left, c.Op, opText);
            if (c.Op is RelOp.Contains or RelOp.Matches && left is FieldValueNode { Def.Type: FieldType.Protocol } proto)
            {
                left = proto.ForSearch();
            }

            right = c.Op == RelOp.Matches ? BindRegexConstant(c.Right) : ConvertLiteral(c.Right, TargetOf(c.Left, left), c.Op);
        }
        else if (leftLiteral)
        {
            // tshark 4.0 wants the field on the left: "9999 == tcp.port" is an error there.
            throw Error(c.Left.Span, $"the left side of \"{opText}\" must be a field or function, not \"{TextOf(c.Left.Span)}\" (write {TextOf(c.Right.Span)} {opText} {TextOf(c.Left.Span)})");
        }
        else
        {
            left = BindValue(c.Left);
            right = BindValue(c.Right);
            CheckOperator(c.Left, left, c.Op, opText);
            if (c.Op is RelOp.Contains && left is FieldValueNode { Def.Type: FieldType.Protocol } proto)
            {
                left = proto.ForSearch();
            }

            if (!Compatible(left.Kind, right.Kind, c.Op))
            {
                throw Error(c.Span, $"\"{TextOf(c.Left.Span)}\" ({DescribeKind(left)}) and \"{TextOf(c.Right.Span)}\" ({DescribeKind(right)}) cannot be compared");
            }
        }

        Regex? regex = null;
        if (c.Op == RelOp.Matches)
        {
            if (right is not ConstNode rc || rc.Kind != VKind.String)
            {
                throw Error(c.Right.Span, "the right side of \"matches\" must be a quoted regular expression");
            }

            regex = (Regex)_regexes[(int)rc.Value.U];
        }

        if (FieldNumberCompareNode.Applies(left, c.Op, right))
        {
            var f = (FieldValueNode)left;
            return new FieldNumberCompareNode(f.Field, f.Kind == VKind.Int, c.Op, ((ConstNode)right).Value, c.Quantifier);
        }

        return new CompareNode(left, c.Op, right, c.Quantifier, regex);
    }

    private readonly List<object> _regexes = [];

    private ConstNode BindRegexConstant(Value v)
    {
        if (v is not StringValue s)
        {
            throw Error(v.Span, $"\"{TextOf(v.Span)}\" is not a quoted string: \"matches\" needs a regular expression in quotes");
        }

        string pattern = Literals.RegexText(s.Text);
        Regex regex;
        try
        {
            // Wireshark's PCRE2 matching is case-insensitive unless the pattern says (?-i).
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (RegexParseException ex)
        {
            throw Error(v.Span, $"\"{s.Text}\" is not a valid regular expression: {RegexReason(ex.Error)} at offset {ex.Offset}");
        }
        catch (ArgumentException)
        {
            throw Error(v.Span, $"\"{s.Text}\" is not a valid regular expression");
        }

        _regexes.Add(regex);
        var fv = new FValue { Kind = VKind.String, U = (ulong)(_regexes.Count - 1), Node = -1, Prefix = -1 };
        return new ConstNode(fv);
    }

    /// <summary>"UnterminatedBracket" → "unterminated bracket".</summary>
    private static string RegexReason(RegexParseError error)
    {
        string name = error.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 8);
        foreach (char ch in name)
        {
            if (char.IsAsciiLetterUpper(ch) && sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    private TestNode BindIn(InTest i)
    {
        if (IsLiteral(i.Left))
        {
            if (i.Left is WordValue w)
            {
                ResolveField(w, mustExist: true);
            }

            throw Error(i.Left.Span, $"the left side of \"in\" must be a field or function, not \"{TextOf(i.Left.Span)}\"");
        }

        if (i.Left is not (WordValue or LayerValue))
        {
            // tshark 4.0: "Only a field may be tested for membership in a set."
            throw Error(i.Left.Span, $"only a field can be tested for membership in a set, not \"{TextOf(i.Left.Span)}\"");
        }

        var left = BindValue(i.Left);
        CheckOperator(i.Left, left, RelOp.Eq, "in");
        var target = TargetOf(i.Left, left);
        var elements = new (ValueNode, ValueNode?)[i.Elements.Count];
        for (int k = 0; k < elements.Length; k++)
        {
            var e = i.Elements[k];
            var low = ElementNode(e.Low, target);
            ValueNode? high = null;
            if (e.High is not null)
            {
                high = ElementNode(e.High, target);
                if (left.Kind is VKind.None)
                {
                    throw Error(e.High.Span, "a range needs values that can be ordered");
                }
            }

            elements[k] = (low, high);
        }

        return new InNode(left, elements, i.Negated);
    }

    private ValueNode ElementNode(Value v, Target target)
    {
        if (IsLiteral(v))
        {
            return ConvertLiteral(v, target, RelOp.Eq);
        }

        var node = BindValue(v);
        if (!Compatible(target.Kind, node.Kind, RelOp.Eq))
        {
            throw Error(v.Span, $"\"{TextOf(v.Span)}\" ({DescribeKind(node)}) cannot be compared with {target.Describe}");
        }

        return node;
    }

    // ---- values -----------------------------------------------------------------------------

    private ValueNode BindValue(Value v)
    {
        switch (v)
        {
            case WordValue w:
                {
                    var def = ResolveField(w, mustExist: true)!;
                    return new FieldValueNode(def, KindOf(def));
                }

            case LayerValue l:
                {
                    if (l.Inner is not WordValue lw)
                    {
                        throw Error(l.Span, "the layer operator # applies to a field name, like ip.addr#2");
                    }

                    var def = ResolveField(lw, mustExist: true)!;
                    return new FieldValueNode(def, KindOf(def), l.From, l.To);
                }

            case SliceValue s:
                {
                    var inner = BindValue(s.Inner);
                    if (inner.Kind is not (VKind.Bytes or VKind.String or VKind.Ether or VKind.IPv4 or VKind.IPv6))
                    {
                        // tshark 4.0: integers, times and labels cannot be sliced.
                        throw Error(s.Inner.Span, $"\"{TextOf(s.Inner.Span)}\" ({DescribeKind(inner)}) cannot be sliced: only byte strings, strings, protocols and addresses can");
                    }

                    return new SliceNode(inner, s.Ranges, inner.Kind == VKind.String ? VKind.String : VKind.Bytes);
                }

            case FunctionValue f:
                return BindFunction(f);
            case ArithValue a:
                return BindArith(a);
            case NegateValue n:
                {
                    if (IsLiteral(n.Inner))
                    {
                        throw Error(n.Span, $"\"{TextOf(n.Span)}\" is a constant: \"-\" needs a field or function");
                    }

                    var inner = BindValue(n.Inner);
                    RequireNumeric(n.Inner, inner, "-");
                    return new NegateNode(inner, inner.Kind == VKind.UInt ? VKind.Int : inner.Kind, inner.TypeDef);
                }

            case StringValue s:
                {
                    var bytes = Literals.StringBytes(s.Text);
                    return new ConstNode(Constant(VKind.String, bytes));
                }

            default:
                throw Error(v.Span, $"\"{TextOf(v.Span)}\" was unexpected in this context");
        }
    }

    private ValueNode BindArith(ArithValue a)
    {
        bool ll = IsLiteral(a.Left), rl = IsLiteral(a.Right);
        if (ll && rl)
        {
            throw Error(a.Span, $"\"{TextOf(a.Span)}\" is constant: arithmetic needs a field or function");
        }

        ValueNode? boundLeft = ll ? null : BindValue(a.Left);
        if (a.Op == ArithOp.BitAnd && boundLeft is { Kind: VKind.Bytes } bytesLeft)
        {
            // Byte strings and slices: tcp[13] & 02, frame[12:2] & 86:00 (byte by byte, the shorter length).
            var mask = rl ? ConvertLiteral(a.Right, TargetOf(a.Left, bytesLeft), RelOp.Eq) : BindValue(a.Right);
            if (mask.Kind != VKind.Bytes)
            {
                throw Error(a.Right.Span, $"\"{TextOf(a.Right.Span)}\" ({DescribeKind(mask)}) cannot mask a byte string: write bytes, like 02 or 40:ff");
            }

            return new BytesAndNode(bytesLeft, mask);
        }

        ValueNode left, right;
        if (rl)
        {
            left = boundLeft!;
            RequireNumeric(a.Left, left, OpText(a.Op));
            // A time is multiplied or divided by a plain number (frame.time_delta * 2), not by 2 seconds.
            var target = left.Kind is VKind.RelTime or VKind.AbsTime && a.Op is ArithOp.Mul or ArithOp.Div or ArithOp.Mod
                ? new Target(VKind.UInt, null, "a number")
                : TargetOf(a.Left, left);
            right = ConvertLiteral(a.Right, target, RelOp.Eq);
        }
        else if (ll)
        {
            right = BindValue(a.Right);
            RequireNumeric(a.Right, right, OpText(a.Op));
            left = ConvertLiteral(a.Left, TargetOf(a.Right, right), RelOp.Eq);
        }
        else
        {
            left = boundLeft!;
            right = BindValue(a.Right);
            RequireNumeric(a.Left, left, OpText(a.Op));
            RequireNumeric(a.Right, right, OpText(a.Op));
        }

        if (a.Op == ArithOp.BitAnd && (left.Kind == VKind.Double || right.Kind == VKind.Double))
        {
            throw Error(a.Span, "bitwise and needs integers");
        }

        // Literals met later in the expression are converted to (and range-checked against) the type of
        // its leftmost field, as tshark does: tcp.srcport * tcp.dstport == 399969999 is "too big".
        return new ArithNode(left, a.Op, right, ResultKind(left.Kind, a.Op, right.Kind), left.TypeDef ?? right.TypeDef);
    }

    /// <summary>
    /// Integer arithmetic is signed where a result can be negative: tshark 4.0 gives tcp.seq - tcp.ack
    /// a signed value (== -1 holds, == 4294967295 does not).
    /// </summary>
    private static VKind ResultKind(VKind left, ArithOp op, VKind right)
    {
        var kind = Numeric.Combine(left, right);
        return op == ArithOp.Sub && kind == VKind.UInt ? VKind.Int : kind;
    }

    /// <summary>Arithmetic on literals only (frame.number == 3 + 1): folded with the other side's type.</summary>
    private ConstNode FoldConstant(ArithValue a, Target target)
    {
        var left = ConvertLiteral(a.Left, target, RelOp.Eq).Value;
        var right = ConvertLiteral(a.Right, target, RelOp.Eq).Value;
        if (!left.IsNumeric || !right.IsNumeric)
        {
            throw Error(a.Span, $"\"{TextOf(a.Span)}\": arithmetic needs numbers");
        }

        if (a.Op == ArithOp.BitAnd && (left.Kind == VKind.Double || right.Kind == VKind.Double))
        {
            throw Error(a.Span, "bitwise and needs integers");
        }

        var kind = ResultKind(left.Kind, a.Op, right.Kind);
        if (!ArithNode.TryApply(a.Op, kind, left, right, out FValue result))
        {
            throw Error(a.Span, $"\"{TextOf(a.Span)}\" divides by zero");
        }

        return new ConstNode(result);
    }

    private static string OpText(ArithOp op) => op switch
    {
        ArithOp.Add => "+",
        ArithOp.Sub => "-",
        ArithOp.Mul => "*",
        ArithOp.Div => "/",
        ArithOp.Mod => "%",
        _ => "&",
    };

    private void RequireNumeric(Value v, ValueNode node, string op)
    {
        if (node.Kind is not (VKind.UInt or VKind.Int or VKind.Double or VKind.RelTime or VKind.AbsTime))
        {
            throw Error(v.Span, $"\"{TextOf(v.Span)}\" ({DescribeKind(node)}) cannot be used with \"{op}\"");
        }
    }

    private ValueNode BindFunction(FunctionValue f)
    {
        string name = f.Name;
        switch (name)
        {
            case "len":
                {
                    RequireArgs(f, 1);
                    var a = f.Args[0];
                    if (a is not (WordValue or LayerValue))
                    {
                        // tshark 4.0 takes no slices or functions here ("len(x[2:])" is an error).
                        throw Error(a.Span, "only a field or protocol can be the argument of len()");
                    }

                    return new LenNode(BindValue(a));
                }

            case "count":
                {
                    RequireArgs(f, 1);
                    if (f.Args[0] is not (WordValue or LayerValue))
                    {
                        throw Error(f.Args[0].Span, "only a field or protocol can be the argument of count()");
                    }

                    return new CountNode(BindValue(f.Args[0]));
                }

            case "lower":
            case "upper":
                {
                    RequireArgs(f, 1);
                    var inner = BindValue(f.Args[0]);
                    if (inner.Kind != VKind.String)
                    {
                        throw Error(f.Args[0].Span, $"only a string field can be the argument of {name}(), not \"{TextOf(f.Args[0].Span)}\" ({DescribeKind(inner)})");
                    }

                    return new CaseNode(inner, name == "upper");
                }

            case "string":
                {
                    RequireArgs(f, 1);
                    var inner = BindValue(f.Args[0]);
                    if (inner is not FieldValueNode fv)
                    {
                        throw Error(f.Args[0].Span, "only a field can be the argument of string()");
                    }

                    if (fv.Kind == VKind.String)
                    {
                        throw Error(f.Args[0].Span, $"\"{fv.Def.Abbrev}\" is already a string: string() converts other types");
                    }

                    // tshark 4.0 converts numbers and addresses only (not times, booleans, bytes or protocols).
                    if (fv.Def.Type is FieldType.Boolean || fv.Kind is not (VKind.UInt or VKind.Int or VKind.Double or VKind.IPv4 or VKind.IPv6 or VKind.Ether))
                    {
                        throw Error(f.Args[0].Span, $"string() cannot convert \"{fv.Def.Abbrev}\" ({DescribeType(fv.Def)}): it takes numbers and addresses");
                    }

                    return new StringNode(fv);
                }

            case "abs":
                {
                    RequireArgs(f, 1);
                    var inner = BindValue(f.Args[0]);
                    RequireNumeric(f.Args[0], inner, "abs()");
                    return new AbsNode(inner, inner.Kind == VKind.UInt ? VKind.UInt : inner.Kind);
                }

            case "min":
            case "max":
                {
                    if (f.Args.Count == 0)
                    {
                        throw Error(f.Span, $"{name}() needs at least one argument");
                    }

                    var args = new ValueNode[f.Args.Count];
                    VKind kind = VKind.UInt;
                    for (int i = 0; i < args.Length; i++)
                    {
                        args[i] = BindValue(f.Args[i]);
                        if (args[i].Kind is VKind.IPv4 or VKind.IPv6 or VKind.Ether or VKind.String or VKind.Bytes)
                        {
                            // Ordered non-numbers (addresses, strings): every argument of the same type.
                            if (i > 0 && args[i].Kind != kind)
                            {
                                throw Error(f.Args[i].Span, $"the arguments of {name}() must have the same type: \"{TextOf(f.Args[i].Span)}\" is {DescribeKind(args[i])}, \"{TextOf(f.Args[0].Span)}\" is {DescribeKind(args[0])}");
                            }

                            kind = args[i].Kind;
                            continue;
                        }

                        RequireNumeric(f.Args[i], args[i], name + "()");
                        if (i > 0 && !Numeric.IsNumber(kind))
                        {
                            throw Error(f.Args[i].Span, $"the arguments of {name}() must have the same type: \"{TextOf(f.Args[i].Span)}\" is {DescribeKind(args[i])}, \"{TextOf(f.Args[0].Span)}\" is {DescribeKind(args[0])}");
                        }

                        kind = i == 0 ? args[i].Kind : Numeric.Combine(kind, args[i].Kind);
                    }

                    return new MinMaxNode(args, name == "max", kind);
                }

            default:
                throw Error(new Parsing.Span(f.Span.Start, f.Name.Length), $"function \"{name}\" does not exist (known: len, count, lower, upper, string, abs, max, min)");
        }
    }

    private void RequireArgs(FunctionValue f, int n)
    {
        if (f.Args.Count != n)
        {
            throw Error(f.Span, $"{f.Name}() takes {n} argument{(n == 1 ? "" : "s")}, not {f.Args.Count}");
        }
    }

    // ---- names ------------------------------------------------------------------------------

    /// <summary>A literal: a quoted string, a character, or a bare word that names no field.</summary>
    private bool IsLiteral(Value v) => v switch
    {
        StringValue or CharValue => true,
        NegateValue n => IsLiteral(n.Inner),
        ArithValue a => IsLiteral(a.Left) && IsLiteral(a.Right),
        WordValue w => !_registry.TryGet(w.Text, out _),
        _ => false,
    };

    private static bool LooksLikeFieldName(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && !text.Contains(':', StringComparison.Ordinal) && !IsHexBytes(text);

    private static bool IsHexBytes(string text) => Literals.TryByteString(text, out _) && text.Length >= 2 && text.Contains('-', StringComparison.Ordinal);

    private FieldDef? ResolveField(WordValue w, bool mustExist)
    {
        if (_registry.TryGet(w.Text, out FieldId id))
        {
            if (!_referenced.Contains(id))
            {
                _referenced.Add(id);
            }

            return _registry[id];
        }

        if (!mustExist)
        {
            return null;
        }

        string? suggestion = Suggest(w.Text);
        throw Error(w.Span, $"\"{w.Text}\" is not a field or protocol{(suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)")}");
    }

    /// <summary>The registered name closest to <paramref name="name"/> (edit distance), if close enough.</summary>
    private string? Suggest(string name)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        // Short names get at most one edit ("cql" is no misspelling of "sll").
        int limit = name.Length <= 4 ? 1 : Math.Max(2, name.Length / 4);
        foreach (string candidate in _registry.Abbreviations)
        {
            if (Math.Abs(candidate.Length - name.Length) > limit || candidate.StartsWith("_ws.text", StringComparison.Ordinal))
            {
                continue;
            }

            int d = Distance(name, candidate, limit);
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return bestDistance <= limit ? best : null;
    }

    private static int Distance(string a, string b, int limit)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }

            if (rowMin > limit)
            {
                return int.MaxValue;
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    // ---- types ------------------------------------------------------------------------------

    private static VKind KindOf(FieldDef def) => def.Type switch
    {
        FieldType.None => VKind.None,
        FieldType.Boolean or FieldType.Char or FieldType.FrameNum => VKind.UInt,
        FieldType.Float or FieldType.Double => VKind.Double,
        FieldType.AbsoluteTime => VKind.AbsTime,
        FieldType.RelativeTime => VKind.RelTime,
        FieldType.String or FieldType.StringZ or FieldType.UIntString => VKind.String,
        FieldType.IPv4 => VKind.IPv4,
        FieldType.IPv6 => VKind.IPv6,
        FieldType.Ether => VKind.Ether,
        FieldType.Bytes or FieldType.UIntBytes or FieldType.Protocol or FieldType.Guid => VKind.Bytes,
        _ when FieldTypes.IsSigned(def.Type) => VKind.Int,
        _ => VKind.UInt,
    };

    private Target TargetOf(Value syntax, ValueNode node)
    {
        FieldDef? def = node.TypeDef;
        return new Target(node.Kind, def, def is not null ? def.Abbrev : TextOf(syntax.Span));
    }

    /// <summary>The type of a field in words, as error messages use it ("unsigned integer", "IPv4 address").</summary>
    internal static string DescribeType(FieldDef def) => def.Type switch
    {
        FieldType.None => "label without a value",
        FieldType.Protocol => "protocol",
        FieldType.Boolean => "boolean",
        FieldType.Char => "character",
        FieldType.String or FieldType.StringZ or FieldType.UIntString => "string",
        FieldType.Bytes or FieldType.UIntBytes => "byte string",
        FieldType.IPv4 => "IPv4 address",
        FieldType.IPv6 => "IPv6 address",
        FieldType.Ether => "Ethernet address",
        FieldType.AbsoluteTime => "absolute time",
        FieldType.RelativeTime => "time offset",
        FieldType.FrameNum => "frame number",
        FieldType.Float or FieldType.Double => "floating-point number",
        FieldType.Guid => "GUID",
        _ when FieldTypes.IsSigned(def.Type) => "signed integer",
        _ => "unsigned integer",
    };

    private static string DescribeKind(VKind kind) => kind switch
    {
        VKind.None => "label without a value",
        VKind.UInt => "unsigned integer",
        VKind.Int => "signed integer",
        VKind.Double => "floating-point number",
        VKind.AbsTime => "absolute time",
        VKind.RelTime => "time offset",
        VKind.IPv4 => "IPv4 address",
        VKind.IPv6 => "IPv6 address",
        VKind.Ether => "Ethernet address",
        VKind.Bytes => "byte string",
        _ => "string",
    };

    private static string DescribeKind(ValueNode node) => node is FieldValueNode f ? DescribeType(f.Def) : DescribeKind(node.Kind);

    /// <summary>What a literal compared with <paramref name="target"/> should have been, in words.</summary>
    private static string Expected(Target target) => target.Def is { } d ? DescribeType(d) : DescribeKind(target.Kind);

    private static string AbsTimeMessage(string text) =>
        $"\"{text}\" is not a valid absolute time (write it like \"2023-11-14 22:13:25.5\", \"2023-11-14T22:13:25Z\" or \"Nov 14, 2023 22:13:25 UTC\", in quotes)";

    private void CheckOperator(Value syntax, ValueNode node, RelOp op, string opText)
    {
        bool ok = op switch
        {
            RelOp.Contains => node.Kind is VKind.String or VKind.Bytes or VKind.Ether,
            RelOp.Matches => node.Kind is VKind.String or VKind.Bytes,
            _ => node.Kind != VKind.None,
        };
        if (!ok)
        {
            string what = op switch { RelOp.Contains => "contains", RelOp.Matches => "matches", _ => $"\"{opText}\"" };
            throw Error(syntax.Span, $"\"{TextOf(syntax.Span)}\" ({DescribeKind(node)}) cannot be used with {what}");
        }
    }

    private static bool Compatible(VKind a, VKind b, RelOp op)
    {
        static bool Num(VKind k) => k is VKind.UInt or VKind.Int or VKind.Double;
        static bool Byteish(VKind k) => k is VKind.Bytes or VKind.String or VKind.Ether or VKind.IPv6;
        if (Num(a) && Num(b))
        {
            return true;
        }

        if (a == b)
        {
            return a != VKind.None;
        }

        return Byteish(a) && Byteish(b) && op != RelOp.Matches;
    }

    // ---- literals ---------------------------------------------------------------------------

    private ConstNode ConvertLiteral(Value lit, Target target, RelOp op)
    {
        switch (lit)
        {
            case NegateValue { Inner: WordValue word } n when target.Def is { } sd && FieldTypes.IsSigned(sd.Type)
                && Literals.TryInteger("-" + word.Text, out Int128 negative):
                // Checked with its sign, so that the minimum can be written: -2147483648 for an int32
                // (tshark 4.0 checks the digits against the maximum and rejects it).
                return IntegerConstant(negative, target, n);
            case NegateValue n:
                {
                    var inner = ConvertLiteral(n.Inner, target, op).Value;
                    return inner.Kind switch
                    {
                        VKind.UInt or VKind.Int => new ConstNode(FValue.Signed(-inner.I)),
                        VKind.Double => new ConstNode(FValue.Real(-inner.D)),
                        VKind.RelTime => new ConstNode(new FValue { Kind = VKind.RelTime, I = -inner.I, Node = -1, Prefix = -1 }),
                        _ => throw Error(n.Span, $"\"{TextOf(n.Span)}\" cannot be negated"),
                    };
                }

            case ArithValue av:
                return FoldConstant(av, target);
            case CharValue ch:
                return target.Kind switch
                {
                    VKind.Bytes or VKind.String => new ConstNode(Constant(target.Kind, [(byte)ch.Code])),
                    VKind.Double => new ConstNode(FValue.Real(ch.Code)),
                    _ => IntegerConstant(ch.Code, target, lit),
                };
            case StringValue s:
                return ConvertString(s, target, op);
            case WordValue w:
                return ConvertWord(w, target, op);
            default:
                throw Error(lit.Span, $"\"{TextOf(lit.Span)}\" was unexpected in this context");
        }
    }

    private ConstNode ConvertString(StringValue s, Target target, RelOp op)
    {
        switch (target.Kind)
        {
            case VKind.String:
            case VKind.Bytes:
                return new ConstNode(Constant(target.Kind, Literals.StringBytes(s.Text)));
            case VKind.AbsTime:
                if (Literals.TryAbsoluteTime(s.Text, TimeFormat.Zone, out long ns))
                {
                    return new ConstNode(new FValue { Kind = VKind.AbsTime, I = ns, Node = -1, Prefix = -1 });
                }

                throw Error(s.Span, AbsTimeMessage(s.Text));
            case VKind.UInt:
            case VKind.Int:
                if (target.Def?.Values is { } vs && TryValueName(vs, s.Text, out long v))
                {
                    return IntegerConstant(v, target, s);
                }

                // tshark 4.0: a quoted string stands only for a value name; "9999", "True" are errors.
                throw Error(s.Span, target.Def is { Values: not null } d
                    ? (d.Values.TryGetValue(s.Text, out _, out bool ambiguous) || !ambiguous
                        ? $"\"{s.Text}\" is not a value name of {d.Abbrev}"
                        : $"\"{s.Text}\" is the name of several values of {d.Abbrev}: write the number")
                    : QuotedMessage(s, target));
            default:
                // tshark 4.0: addresses, times offsets and numbers cannot be written as quoted strings.
                throw Error(s.Span, QuotedMessage(s, target));
        }
    }

    private static string QuotedMessage(StringValue s, Target target) =>
        $"a quoted string (\"{s.Text}\") cannot be compared with {target.Describe} ({Expected(target)}): write the value without quotes";

    private ConstNode ConvertWord(WordValue w, Target target, RelOp op)
    {
        string text = w.Text;
        switch (target.Kind)
        {
            case VKind.UInt:
            case VKind.Int:
                {
                    if (target.Def is { Type: FieldType.Boolean })
                    {
                        // tshark: any integer is a boolean, non-zero meaning true (tcp.flags.syn == 2 holds for SYNs).
                        if (Literals.TryInteger(text, out Int128 bn) && bn >= 0)
                        {
                            return new ConstNode(FValue.Number(bn != 0 ? 1UL : 0UL));
                        }

                        if (TryBool(text, out bool b))
                        {
                            return new ConstNode(FValue.Number(b ? 1UL : 0UL));
                        }
                    }

                    if (Literals.TryInteger(text, out Int128 n))
                    {
                        return IntegerConstant(n, target, w);
                    }

                    if (target.Def?.Values is { } vs && TryValueName(vs, text, out long v))
                    {
                        return IntegerConstant(v, target, w);
                    }

                    if (target.Def is null && Literals.TryDouble(text, true, out double d))
                    {
                        return new ConstNode(FValue.Real(d));
                    }

                    if (target.Def is { Type: FieldType.Boolean })
                    {
                        throw Error(w.Span, BoolMessage(text));
                    }

                    if (Literals.IsIntegerSyntax(text))
                    {
                        throw Error(w.Span, target.Def is { } rd && FieldTypes.IsInteger(rd.Type)
                            ? $"\"{text}\" is out of range for {rd.Abbrev} ({RangeText(rd)})"
                            : $"\"{text}\" is out of range (integers have at most 64 bits)");
                    }

                    throw Error(w.Span, target.Def is { Values: not null } vd
                        ? $"\"{text}\" is not a valid {Expected(target)} nor a value name of {vd.Abbrev}"
                        : $"\"{text}\" is not a valid {Expected(target)}");
                }

            case VKind.Double:
                if (Literals.TryDouble(text, true, out double dv))
                {
                    return new ConstNode(FValue.Real(dv));
                }

                throw Error(w.Span, $"\"{text}\" is not a valid floating-point number");
            case VKind.RelTime:
                if (Literals.TryRelativeTime(text, out long rns))
                {
                    return new ConstNode(new FValue { Kind = VKind.RelTime, I = rns, D = rns / 1e9, Node = -1, Prefix = -1 });
                }

                throw Error(w.Span, $"\"{text}\" is not a valid time offset (write seconds, like 0.5)");
            case VKind.AbsTime:
                if (Literals.TryAbsoluteTime(text, TimeFormat.Zone, out long ans))
                {
                    return new ConstNode(new FValue { Kind = VKind.AbsTime, I = ans, Node = -1, Prefix = -1 });
                }

                throw Error(w.Span, AbsTimeMessage(text));
            case VKind.IPv4:
                if (Literals.TryIPv4(text, out uint a4, out int p4))
                {
                    var v = new FValue { Kind = VKind.IPv4, U = a4, Prefix = (short)p4, Node = -1 };
                    var bytes = new byte[4];
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, a4);
                    AttachBytes(ref v, bytes);
                    return new ConstNode(v);
                }

                throw Error(w.Span, $"\"{text}\" is not a valid IPv4 address or CIDR block{HostNote(text)}");
            case VKind.IPv6:
                if (Literals.TryIPv6(text, out byte[] a6, out int p6))
                {
                    var v = new FValue { Kind = VKind.IPv6, Prefix = (short)p6, Node = -1 };
                    AttachBytes(ref v, a6);
                    return new ConstNode(v);
                }

                throw Error(w.Span, $"\"{text}\" is not a valid IPv6 address or CIDR block{HostNote(text)}");
            case VKind.Ether:
                if (Literals.TryMac(text, out ulong mac))
                {
                    var v = new FValue { Kind = VKind.Ether, U = mac, Node = -1, Prefix = -1 };
                    var bytes = new byte[6];
                    for (int i = 0; i < 6; i++)
                    {
                        bytes[i] = (byte)(mac >> (40 - (8 * i)));
                    }

                    AttachBytes(ref v, bytes);
                    return new ConstNode(v);
                }

                if (Literals.TryByteString(text, out byte[] partial))
                {
                    if (op == RelOp.Contains)
                    {
                        return new ConstNode(Constant(VKind.Bytes, partial));
                    }

                    throw Error(w.Span, $"\"{text}\" has {partial.Length} byte{(partial.Length == 1 ? "" : "s")}: an Ethernet address has 6");
                }

                throw Error(w.Span, $"\"{text}\" is not a valid Ethernet address{HostNote(text)}");
            case VKind.Bytes:
                {
                    if (target.Def is { Type: FieldType.Guid } && Guid.TryParse(text, out Guid g))
                    {
                        return new ConstNode(Constant(VKind.Bytes, g.ToByteArray(bigEndian: true)));
                    }

                    if (Literals.TryByteString(text, out byte[] bytes))
                    {
                        return new ConstNode(Constant(VKind.Bytes, bytes));
                    }

                    // tshark: 0x1f (two hex digits exactly) is the byte 1f.
                    if (Literals.TryHexByte(text, out byte one))
                    {
                        return new ConstNode(Constant(VKind.Bytes, [one]));
                    }

                    throw Error(w.Span, $"\"{text}\" is not a valid byte string (write bytes like 68:65:6c, 68-65-6c, 68.65.6c or 68656c)");
                }

            case VKind.String:
                // An unquoted word compared with a string field means that text (an old, still accepted form).
                if (op == RelOp.Matches)
                {
                    throw Error(w.Span, $"\"{text}\" must be quoted: \"matches\" takes a regular expression in quotes");
                }

                if (text.Contains(':', StringComparison.Ordinal))
                {
                    // tshark 4.0 cannot read eth:ip:tcp as one unquoted word either.
                    throw Error(w.Span, $"\"{text}\" must be quoted to be compared with {target.Describe} (string)");
                }

                return new ConstNode(Constant(VKind.String, System.Text.Encoding.UTF8.GetBytes(text)));
            default:
                throw Error(w.Span, $"\"{text}\" cannot be compared with {target.Describe} ({Expected(target)})");
        }
    }

    private static string BoolMessage(string text) => $"\"{text}\" is not a valid boolean (write True, False, 1 or 0)";

    private static string HostNote(string text) =>
        text.AsSpan().IndexOfAnyInRange('g', 'z') >= 0 || text.AsSpan().IndexOfAnyInRange('G', 'Z') >= 0
            ? " (dissect does not resolve host names)"
            : "";

    private static string RangeText(FieldDef def)
    {
        if (FieldTypes.IsUnsigned(def.Type))
        {
            ulong max = def.Bitmask != 0 ? def.Bitmask >> def.Shift : FieldTypes.MaxUnsigned(def.Type);
            return $"0 to {max}";
        }

        var (min, smax) = FieldTypes.SignedRange(def.Type);
        return $"{min} to {smax}";
    }

    private static bool TryBool(string text, out bool value)
    {
        // tshark 4.0 accepts True/TRUE/False/FALSE/1/0; later versions any case. Any case is accepted here.
        value = false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
        {
            value = true;
            return true;
        }

        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0";
    }

    private static bool TryValueName(ValueStrings vs, string name, out long value)
    {
        if (vs.TryGetValue(name, out value, out _))
        {
            return true;
        }

        if (vs.TryGetRange(name, out long min, out _))
        {
            value = min;
            return true;
        }

        return false;
    }

    private ConstNode IntegerConstant(Int128 n, Target target, Value syntax)
    {
        if (target.Def is { } def && FieldTypes.IsInteger(def.Type))
        {
            string text = TextOf(syntax.Span);
            if (FieldTypes.IsUnsigned(def.Type))
            {
                ulong max = def.Bitmask != 0 ? def.Bitmask >> def.Shift : FieldTypes.MaxUnsigned(def.Type);
                if (n > max)
                {
                    throw Error(syntax.Span, $"\"{text}\" is too big for {def.Abbrev} (maximum {max})");
                }

                if (n < 0)
                {
                    throw Error(syntax.Span, $"\"{text}\" is too small for {def.Abbrev} (minimum 0)");
                }
            }
            else
            {
                var (min, max) = FieldTypes.SignedRange(def.Type);
                if (n > max)
                {
                    throw Error(syntax.Span, $"\"{text}\" is too big for {def.Abbrev} (maximum {max})");
                }

                if (n < min)
                {
                    throw Error(syntax.Span, $"\"{text}\" is too small for {def.Abbrev} (minimum {min})");
                }
            }
        }

        return n < 0 ? new ConstNode(FValue.Signed((long)n)) : new ConstNode(FValue.Number((ulong)n));
    }

    private FValue Constant(VKind kind, byte[] bytes)
    {
        var v = new FValue { Kind = kind, Node = -1, Prefix = -1 };
        AttachBytes(ref v, bytes);
        return v;
    }

    private void AttachBytes(ref FValue v, byte[] bytes)
    {
        if (_constants.Count > ushort.MaxValue)
        {
            throw new FilterException(0, _text.Length, "the filter has too many constants (more than 65535)");
        }

        _constants.Add(bytes);
        v.Origin = Origin.Constant;
        v.Source = (ushort)(_constants.Count - 1);
        v.Offset = 0;
        v.Length = bytes.Length;
    }

    // ---- errors -------------------------------------------------------------------------------

    private string TextOf(Parsing.Span span)
    {
        int start = Math.Clamp(span.Start, 0, _text.Length);
        int len = Math.Clamp(span.Length, 0, _text.Length - start);
        return _text.Substring(start, len);
    }

    private static FilterException Error(Parsing.Span span, string message) => new(span.Start, span.Length, message);

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
