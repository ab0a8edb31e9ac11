namespace Dissectors.Filter.Lexing;

/// <summary>Token kinds of the display-filter language.</summary>
internal enum TokenKind
{
    End,
    /// <summary>A bare word: field name, number, address, byte string, value name.</summary>
    Word,
    String,
    RawString,
    CharConst,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Range,      // ..
    Colon,      // : inside slices
    Hash,       // # layer
    Dollar,     // $ field reference (rejected)
    MacroOpen,  // ${
    At,         // @ raw (rejected)
    Eq,         // == eq any_eq
    Ne,         // != ne all_ne
    AllEq,      // === all_eq
    AnyNe,      // !== any_ne ~=
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
    Matches,    // matches ~
    In,
    And,
    Or,
    Xor,
    Not,
    BitAnd,     // & bitwise_and bitand
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    All,        // quantifier
    Any,
}

/// <summary>A token with its position in the filter text.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text)
{
    public override string ToString() => $"{Kind}({Text})@{Start}";
}
