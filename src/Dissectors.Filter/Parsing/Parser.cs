using System.Globalization;
using Dissectors.Filter.Lexing;

namespace Dissectors.Filter.Parsing;

/// <summary>
/// Recursive-descent parser for Wireshark's display-filter grammar. Precedence, lowest first:
/// <c>or ||</c>, <c>xor ^^</c>, <c>and &amp;&amp;</c>, <c>not !</c>, relations, <c>&amp;</c>, <c>+ -</c>,
/// <c>* / %</c>, unary minus. Parentheses group tests, braces group arithmetic. Nesting is limited so a
/// hostile filter cannot overflow the stack.
/// </summary>
internal sealed class Parser
{
    /// <summary>Most nested parentheses, braces, "not"s, unary minuses and function calls.</summary>
    internal const int MaxDepth = 200;
    private readonly List<Token> _tokens;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private Parser(List<Token> tokens, string text)
    {
        _tokens = tokens;
        _text = text;
    }

    public static Test Parse(string text)
    {
        var p = new Parser(Lexer.Tokenize(text), text);
        if (p.Peek.Kind == TokenKind.End)
        {
            throw new FilterException(0, text.Length, "the filter is empty");
        }

        var test = p.ParseOr();
        var rest = p.Peek;
        if (rest.Kind == TokenKind.RParen)
        {
            throw new FilterException(rest.Start, rest.Length, "unbalanced parentheses: this \")\" has no matching \"(\"");
        }

        if (rest.Kind != TokenKind.End)
        {
            throw new FilterException(rest.Start, rest.Length,
                $"{p.Quoted(rest)} was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")");
        }

        AstDepth.Check(test);
        return test;
    }

    private string SourceOf(Token t) => _text.Substring(t.Start, t.Length);

    /// <summary>The token's text in quotes, unless it is a quoted string already.</summary>
    private string Quoted(Token t) => t.Kind is TokenKind.String or TokenKind.RawString ? SourceOf(t) : $"\"{SourceOf(t)}\"";

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int k) => _tokens[Math.Min(_pos + k, _tokens.Count - 1)];

    private Token Take() => _tokens[_pos++];

    private FilterException Unexpected(Token t) => t.Kind == TokenKind.End
        ? new FilterException(t.Start, 0, "unexpected end of filter")
        : new FilterException(t.Start, t.Length, $"{Quoted(t)} was unexpected in this context");

    /// <summary>The closing token of a group opened by <paramref name="open"/>, or a positioned error.</summary>
    private Token Close(TokenKind kind, Token open, string what)
    {
        if (Peek.Kind == kind)
        {
            return Take();
        }

        if (Peek.Kind == TokenKind.End)
        {
            throw new FilterException(open.Start, open.Length, $"{what}: this \"{SourceOf(open)}\" is never closed");
        }

        throw Unexpected(Peek);
    }

    private void Enter(Token at)
    {
        if (++_depth > MaxDepth)
        {
            throw new FilterException(at.Start, at.Length, $"the filter is nested too deeply (more than {MaxDepth} levels)");
        }
    }

    private Token Expect(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            throw Unexpected(Peek);
        }

        return Take();
    }

    // ---- logic ------------------------------------------------------------------------------

    private Test ParseOr() => ParseChain(TokenKind.Or, ParseXor, static (items, span) => new OrTest(items, span));

    private Test ParseXor() => ParseChain(TokenKind.Xor, ParseAnd, static (items, span) => new XorTest(items, span));

    private Test ParseAnd() => ParseChain(TokenKind.And, ParseNot, static (items, span) => new AndTest(items, span));

    /// <summary>Operands joined by one logical operator, kept as a flat list.</summary>
    private Test ParseChain(TokenKind op, Func<Test> operand, Func<List<Test>, Span, Test> make)
    {
        var first = operand();
        if (Peek.Kind != op)
        {
            return first;
        }

        var items = new List<Test> { first };
        while (Peek.Kind == op)
        {
            Take();
            items.Add(operand());
        }

        return make(items, Span.Cover(first.Span, items[^1].Span));
    }

    private Test ParseNot()
    {
        if (Peek.Kind == TokenKind.Not)
        {
            var t = Take();
            Enter(t);
            var inner = ParseNot();
            _depth--;
            return new NotTest(inner, Span.Cover(new Span(t.Start, t.Length), inner.Span));
        }

        return ParseRelation();
    }

    private Test ParseRelation()
    {
        var t = Peek;
        if (t.Kind == TokenKind.LParen && !LooksLikeArithmeticParen())
        {
            Take();
            Enter(t);
            var inner = ParseOr();
            _depth--;
            var close = Close(TokenKind.RParen, t, "unbalanced parentheses");
            var span = new Span(t.Start, close.Start + close.Length - t.Start);
            return inner with { Span = span };
        }

        var quantifier = Quantifier.Default;
        if (t.Kind is TokenKind.All or TokenKind.Any)
        {
            Take();
            quantifier = t.Kind == TokenKind.All ? Quantifier.All : Quantifier.Any;
        }

        var left = ParseValue();
        var op = Peek;
        switch (op.Kind)
        {
            case TokenKind.Eq:
            case TokenKind.Ne:
            case TokenKind.AllEq:
            case TokenKind.AnyNe:
            case TokenKind.Gt:
            case TokenKind.Lt:
            case TokenKind.Ge:
            case TokenKind.Le:
            case TokenKind.Contains:
            case TokenKind.Matches:
                {
                    Take();
                    var right = ParseValue();
                    return new CompareTest(left, ToRelOp(op.Kind), right, quantifier, Span.Cover(left.Span, right.Span),
                        new Span(op.Start, op.Length));
                }

            case TokenKind.In:
                {
                    Take();
                    var elements = ParseSet();
                    return new InTest(left, elements, false, Span.Cover(left.Span, new Span(op.Start, op.Length)));
                }

            case TokenKind.Not when PeekAt(1).Kind == TokenKind.In:
                {
                    Take();
                    Take();
                    var elements = ParseSet();
                    return new InTest(left, elements, true, Span.Cover(left.Span, new Span(op.Start, op.Length)));
                }

            default:
                if (quantifier != Quantifier.Default)
                {
                    throw Unexpected(op);
                }

                return new ExistsTest(left, left.Span);
        }
    }

    /// <summary>"(" starts a logical group unless it is a function's argument list (handled in ParseAtom).</summary>
    private bool LooksLikeArithmeticParen() => false;

    private static RelOp ToRelOp(TokenKind k) => k switch
    {
        TokenKind.Eq => RelOp.Eq,
        TokenKind.Ne => RelOp.Ne,
        TokenKind.AllEq => RelOp.AllEq,
        TokenKind.AnyNe => RelOp.AnyNe,
        TokenKind.Gt => RelOp.Gt,
        TokenKind.Lt => RelOp.Lt,
        TokenKind.Ge => RelOp.Ge,
        TokenKind.Le => RelOp.Le,
        TokenKind.Contains => RelOp.Contains,
        _ => RelOp.Matches,
    };

    /// <summary>
    /// <c>{a, b, c..d}</c>. Wireshark 4.0 requires commas; whitespace-separated elements (older syntax)
    /// are accepted too, since they cannot mean anything else.
    /// </summary>
    private List<SetElement> ParseSet()
    {
        var open = Expect(TokenKind.LBrace);
        var list = new List<SetElement>();
        while (true)
        {
            if (Peek.Kind == TokenKind.RBrace)
            {
                if (list.Count == 0)
                {
                    throw new FilterException(open.Start, Peek.Start + Peek.Length - open.Start, "a set needs at least one element");
                }

                Take();
                return list;
            }

            var low = ParseValue();
            Value? high = null;
            if (Peek.Kind == TokenKind.Range)
            {
                Take();
                high = ParseValue();
            }

            list.Add(new SetElement(low, high));
            if (Peek.Kind == TokenKind.Comma)
            {
                var comma = Take();
                if (Peek.Kind == TokenKind.RBrace)
                {
                    throw new FilterException(comma.Start, comma.Length, "a set element is missing after this \",\"");
                }
            }
            else if (Peek.Kind == TokenKind.End)
            {
                throw new FilterException(open.Start, 1, "unbalanced braces: this \"{\" is never closed");
            }
        }
    }

    // ---- values -----------------------------------------------------------------------------

    private Value ParseValue() => ParseBitAnd();

    private Value ParseBitAnd()
    {
        var left = ParseSum();
        while (Peek.Kind == TokenKind.BitAnd)
        {
            Take();
            var right = ParseSum();
            left = new ArithValue(left, ArithOp.BitAnd, right, Span.Cover(left.Span, right.Span));
        }

        return left;
    }

    private Value ParseSum()
    {
        var left = ParseProduct();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Take();
            var right = ParseProduct();
            left = new ArithValue(left, op.Kind == TokenKind.Plus ? ArithOp.Add : ArithOp.Sub, right, Span.Cover(left.Span, right.Span));
        }

        return left;
    }

    private Value ParseProduct()
    {
        var left = ParseUnary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Take();
            var right = ParseUnary();
            var aop = op.Kind switch { TokenKind.Star => ArithOp.Mul, TokenKind.Slash => ArithOp.Div, _ => ArithOp.Mod };
            left = new ArithValue(left, aop, right, Span.Cover(left.Span, right.Span));
        }

        return left;
    }

    private Value ParseUnary()
    {
        if (Peek.Kind == TokenKind.Minus)
        {
            var t = Take();
            Enter(t);
            var inner = ParseUnary();
            _depth--;
            return new NegateValue(inner, Span.Cover(new Span(t.Start, t.Length), inner.Span));
        }

        if (Peek.Kind == TokenKind.Plus)
        {
            Take();
            return ParseUnary();
        }

        return ParsePostfix(ParseAtom());
    }

    private Value ParseAtom()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.LBrace:
                {
                    Take();
                    Enter(t);
                    var inner = ParseValue();
                    _depth--;
                    var close = Close(TokenKind.RBrace, t, "unbalanced braces");
                    return inner with { Span = new Span(t.Start, close.Start + close.Length - t.Start) };
                }

            case TokenKind.String:
            case TokenKind.RawString:
                Take();
                return new StringValue(t.Text, t.Kind == TokenKind.RawString, new Span(t.Start, t.Length));
            case TokenKind.CharConst:
                Take();
                return new CharValue(long.Parse(t.Text, CultureInfo.InvariantCulture), new Span(t.Start, t.Length));
            case TokenKind.Word:
                Take();
                if (Peek.Kind == TokenKind.LParen && Peek.Start == t.Start + t.Length)
                {
                    return ParseCall(t);
                }

                return new WordValue(t.Text, new Span(t.Start, t.Length));
            case TokenKind.MacroOpen:
                {
                    int close = _pos;
                    while (_tokens[close].Kind is not (TokenKind.RBrace or TokenKind.End))
                    {
                        close++;
                    }

                    var name = _tokens[Math.Min(_pos + 1, _tokens.Count - 1)];
                    throw new FilterException(t.Start, _tokens[close].Start + _tokens[close].Length - t.Start,
                        name.Text.Contains('.', StringComparison.Ordinal)
                            ? $"field references (${{{name.Text}}}) read the packet selected in Wireshark's window; dissect reads captures offline, so compare with a value instead"
                            : $"macro \"{name.Text}\" does not exist (dissect has no display-filter macros)");
                }

            case TokenKind.At:
                throw new FilterException(t.Start, t.Length, "the raw-bytes operator \"@\" is Wireshark 4.2+ syntax that dissect does not support; compare the field itself");
            case TokenKind.Dollar:
                throw new FilterException(t.Start, t.Length + PeekAt(1).Length,
                    "field references ($field) read the packet selected in Wireshark's window; dissect reads captures offline, so compare with a value instead");
            default:
                throw Unexpected(t);
        }
    }

    private Value ParseCall(Token name)
    {
        var open = Take();
        Enter(name);
        var args = new List<Value>();
        if (Peek.Kind != TokenKind.RParen)
        {
            args.Add(ParseValue());
            while (Peek.Kind == TokenKind.Comma)
            {
                Take();
                args.Add(ParseValue());
            }
        }

        _depth--;
        var close = Close(TokenKind.RParen, open, "unbalanced parentheses");
        return new FunctionValue(name.Text, args, new Span(name.Start, close.Start + close.Length - name.Start));
    }

    private Value ParsePostfix(Value v)
    {
        while (true)
        {
            if (Peek.Kind == TokenKind.LBracket)
            {
                var open = Take();
                var ranges = ParseSliceRanges();
                var close = Close(TokenKind.RBracket, open, "unbalanced brackets");
                v = new SliceValue(v, ranges, Span.Cover(v.Span, new Span(close.Start, close.Length)));
                continue;
            }

            if (Peek.Kind == TokenKind.Hash)
            {
                var hash = Take();
                int from, to;
                if (Peek.Kind == TokenKind.Word && int.TryParse(Peek.Text, NumberStyles.None, CultureInfo.InvariantCulture, out from))
                {
                    Take();
                    to = from;
                }
                else if (Peek.Kind == TokenKind.LBracket)
                {
                    var open = Take();
                    var ranges = ParseSliceRanges();
                    var close = Close(TokenKind.RBracket, open, "unbalanced brackets");
                    if (ranges.Count != 1 || ranges[0].Start < 0)
                    {
                        throw new FilterException(open.Start, close.Start + close.Length - open.Start, "a layer range must be one range of layer numbers, like #[1-2]");
                    }

                    from = ranges[0].Start;
                    to = ranges[0].Length is { } l ? from + l - 1 : int.MaxValue;
                }
                else
                {
                    var n = Peek;
                    throw new FilterException(n.Kind == TokenKind.End ? hash.Start : n.Start, n.Kind == TokenKind.End ? 1 : n.Length,
                        $"a layer number or \"[\" must follow \"#\" (like ip.addr#2), not {(n.Kind == TokenKind.End ? "the end of the filter" : $"\"{SourceOf(n)}\"")}");
                }

                // tshark 4.0 accepts layer 0 and matches nothing there (layers are numbered from 1).
                from = Math.Max(from, 1);

                v = new LayerValue(v, from, to, Span.Cover(v.Span, new Span(hash.Start, 1)));
                continue;
            }

            return v;
        }
    }

    /// <summary>Ranges inside brackets: i:j (start, length), i-j (start, end), i, :j, i:, -n:, joined by commas.</summary>
    private List<SliceRange> ParseSliceRanges()
    {
        var list = new List<SliceRange>();
        while (true)
        {
            int start = 0;
            bool hasStart = false;
            if (Peek.Kind is TokenKind.Minus or TokenKind.Word)
            {
                start = ParseSignedInt();
                hasStart = true;
            }

            if (Peek.Kind == TokenKind.Colon)
            {
                Take();
                if (Peek.Kind == TokenKind.Word)
                {
                    var lengthToken = Peek;
                    int length = ParseSignedInt();
                    if (length <= 0)
                    {
                        throw new FilterException(lengthToken.Start, lengthToken.Length, "a slice length must be positive");
                    }

                    list.Add(new SliceRange(start, length));
                }
                else
                {
                    list.Add(new SliceRange(start, null));
                }
            }
            else if (Peek.Kind == TokenKind.Minus && hasStart)
            {
                var dash = Take();
                int end = ParseSignedInt();
                if (start >= 0 && end < start)
                {
                    throw new FilterException(dash.Start, 1, "a slice range must not end before it starts");
                }

                list.Add(new SliceRange(start, end - start + 1));
            }
            else if (hasStart)
            {
                list.Add(new SliceRange(start, 1));
            }
            else
            {
                throw Unexpected(Peek);
            }

            if (Peek.Kind != TokenKind.Comma)
            {
                return list;
            }

            Take();
        }
    }

    private int ParseSignedInt()
    {
        bool negative = false;
        if (Peek.Kind == TokenKind.Minus)
        {
            Take();
            negative = true;
        }

        var t = Expect(TokenKind.Word);
        if (!int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int v))
        {
            throw new FilterException(t.Start, t.Length, $"\"{t.Text}\" is not a valid slice offset");
        }

        return negative ? -v : v;
    }
}
