namespace Dissectors.Filter.Parsing;

/// <summary>Position of a syntax node in the filter text.</summary>
internal readonly record struct Span(int Start, int Length)
{
    public static Span Cover(Span a, Span b) => new(a.Start, Math.Max(a.Start + a.Length, b.Start + b.Length) - a.Start);
}

/// <summary>A logical expression (true/false per frame).</summary>
internal abstract record Test(Span Span);

/// <summary>A chain of tests joined by "and" (flat, so a long generated chain does not nest).</summary>
internal sealed record AndTest(IReadOnlyList<Test> Items, Span Span) : Test(Span);

internal sealed record OrTest(IReadOnlyList<Test> Items, Span Span) : Test(Span);

internal sealed record XorTest(IReadOnlyList<Test> Items, Span Span) : Test(Span);

internal sealed record NotTest(Test Inner, Span Span) : Test(Span);

/// <summary>A bare value: a field's or protocol's existence, or a bitwise-and being non-zero.</summary>
internal sealed record ExistsTest(Value Value, Span Span) : Test(Span);

internal enum RelOp
{
    Eq,
    Ne,
    AllEq,
    AnyNe,
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
    Matches,
}

internal enum Quantifier
{
    Default,
    All,
    Any,
}

internal sealed record CompareTest(Value Left, RelOp Op, Value Right, Quantifier Quantifier, Span Span, Span OpSpan) : Test(Span);

/// <summary>One element of a set: a value or an inclusive range.</summary>
internal sealed record SetElement(Value Low, Value? High);

internal sealed record InTest(Value Left, IReadOnlyList<SetElement> Elements, bool Negated, Span Span) : Test(Span);

/// <summary>A value expression: fields, literals, slices, functions, arithmetic.</summary>
internal abstract record Value(Span Span);

/// <summary>A bare word: a field or protocol name, or a literal whose meaning depends on the other side.</summary>
internal sealed record WordValue(string Text, Span Span) : Value(Span);

internal sealed record StringValue(string Text, bool Raw, Span Span) : Value(Span);

internal sealed record CharValue(long Code, Span Span) : Value(Span);

/// <summary>A slice range: a start (negative counts from the end) and a length (null: to the end).</summary>
internal readonly record struct SliceRange(int Start, int? Length);

internal sealed record SliceValue(Value Inner, IReadOnlyList<SliceRange> Ranges, Span Span) : Value(Span);

/// <summary>field#n or field#[a-b]: only occurrences in those protocol layers.</summary>
internal sealed record LayerValue(Value Inner, int From, int To, Span Span) : Value(Span);

internal sealed record FunctionValue(string Name, IReadOnlyList<Value> Args, Span Span) : Value(Span);

internal enum ArithOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    BitAnd,
}

internal sealed record ArithValue(Value Left, ArithOp Op, Value Right, Span Span) : Value(Span);

internal sealed record NegateValue(Value Inner, Span Span) : Value(Span);
