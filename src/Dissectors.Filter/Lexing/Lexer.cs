using System.Globalization;
using System.Text;

namespace Dissectors.Filter.Lexing;

/// <summary>
/// Splits a display filter into tokens with positions. Bare words (field names, numbers, addresses,
/// byte strings, value names) are kept as text and given meaning later by the binder, as Wireshark's
/// lexer does. Inside <c>[...]</c> the slice punctuation (<c>:</c>, <c>-</c>, <c>,</c>) is tokenised separately.
/// String escapes follow Wireshark 4.0 (<c>\" \\ \a \b \f \n \r \t \v \NNN \xNN \uNNNN \UNNNNNNNN</c>);
/// raw strings <c>r"..."</c> keep backslashes.
/// </summary>
internal ref struct Lexer
{
    private readonly string _text;
    private int _pos;
    private int _bracketDepth;

    public Lexer(string text)
    {
        _text = text;
        _pos = 0;
        _bracketDepth = 0;
    }

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var list = new List<Token>();
        while (true)
        {
            var t = lexer.Next();
            list.Add(t);
            if (t.Kind == TokenKind.End)
            {
                return list;
            }
        }
    }

    private Token Next()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, _text.Length, 0, "");
        }

        int start = _pos;
        char c = _text[_pos];
        char n = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        char n2 = _pos + 2 < _text.Length ? _text[_pos + 2] : '\0';

        if (_bracketDepth > 0)
        {
            switch (c)
            {
                case ':':
                    return Op(TokenKind.Colon, 1);
                case '-':
                    return Op(TokenKind.Minus, 1);
                case ',':
                    return Op(TokenKind.Comma, 1);
                case ']':
                    _bracketDepth--;
                    return Op(TokenKind.RBracket, 1);
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                        {
                            _pos++;
                        }

                        return new Token(TokenKind.Word, start, _pos - start, _text[start.._pos]);
                    }

                    break;
            }
        }

        switch (c)
        {
            case '(':
                return Op(TokenKind.LParen, 1);
            case ')':
                return Op(TokenKind.RParen, 1);
            case '{':
                return Op(TokenKind.LBrace, 1);
            case '}':
                return Op(TokenKind.RBrace, 1);
            case '[':
                _bracketDepth++;
                return Op(TokenKind.LBracket, 1);
            case ']':
                return Op(TokenKind.RBracket, 1);
            case ',':
                return Op(TokenKind.Comma, 1);
            case '#':
                return Op(TokenKind.Hash, 1);
            case '@':
                return Op(TokenKind.At, 1);
            case '$':
                return n == '{' ? Op(TokenKind.MacroOpen, 2) : Op(TokenKind.Dollar, 1);
            case '=':
                if (n == '=')
                {
                    return n2 == '=' ? Op(TokenKind.AllEq, 3) : Op(TokenKind.Eq, 2);
                }

                throw new FilterException(start, 1, "\"=\" is not an operator (compare with \"==\")");
            case '!':
                if (n == '=')
                {
                    return n2 == '=' ? Op(TokenKind.AnyNe, 3) : Op(TokenKind.Ne, 2);
                }

                return Op(TokenKind.Not, 1);
            case '~':
                return n == '=' ? Op(TokenKind.AnyNe, 2) : Op(TokenKind.Matches, 1);
            case '>':
                return n == '=' ? Op(TokenKind.Ge, 2) : Op(TokenKind.Gt, 1);
            case '<':
                return n == '=' ? Op(TokenKind.Le, 2) : Op(TokenKind.Lt, 1);
            case '&':
                return n == '&' ? Op(TokenKind.And, 2) : Op(TokenKind.BitAnd, 1);
            case '|':
                if (n == '|')
                {
                    return Op(TokenKind.Or, 2);
                }

                throw new FilterException(start, 1, "\"|\" is not an operator (use \"||\" or \"or\")");
            case '^':
                if (n == '^')
                {
                    return Op(TokenKind.Xor, 2);
                }

                throw new FilterException(start, 1, "\"^\" is not an operator (use \"^^\" or \"xor\")");
            case '+':
                return Op(TokenKind.Plus, 1);
            case '-':
                return Op(TokenKind.Minus, 1);
            case '*':
                return Op(TokenKind.Star, 1);
            case '%':
                return Op(TokenKind.Percent, 1);
            case '/':
                return Op(TokenKind.Slash, 1);
            case '"':
                return ReadString(start, raw: false);
            case '\'':
                return ReadChar(start);
            case '.' when n == '.':
                return Op(TokenKind.Range, 2);
            default:
                break;
        }

        if ((c == 'r' || c == 'R') && n == '"')
        {
            _pos++;
            return ReadString(start, raw: true);
        }

        if (IsWordChar(c))
        {
            return ReadWord(start);
        }

        throw Unexpected(start, 1, c.ToString());
    }

    private Token Op(TokenKind kind, int length)
    {
        var t = new Token(kind, _pos, length, _text.Substring(_pos, length));
        _pos += length;
        return t;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-' || c > 0x7F;

    private Token ReadWord(int start)
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '.' && _pos + 1 < _text.Length && _text[_pos + 1] == '.')
            {
                break; // a range operator ends the word: 2..9
            }

            if (c == '/' && _pos > start && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
            {
                _pos++; // CIDR prefix length: 10.0.0.0/8
                continue;
            }

            if (!IsWordChar(c))
            {
                break;
            }

            _pos++;
        }

        string word = _text[start.._pos];
        TokenKind kind = KeywordOf(word);
        return new Token(kind, start, _pos - start, word);
    }

    private static TokenKind KeywordOf(string w) => w switch
    {
        // tshark: keywords are lower case only ("AND" is a bare word, an error in a test position).
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "xor" => TokenKind.Xor,
        "not" => TokenKind.Not,
        "eq" or "any_eq" => TokenKind.Eq,
        "ne" or "all_ne" => TokenKind.Ne,
        "all_eq" => TokenKind.AllEq,
        "any_ne" => TokenKind.AnyNe,
        "gt" => TokenKind.Gt,
        "lt" => TokenKind.Lt,
        "ge" => TokenKind.Ge,
        "le" => TokenKind.Le,
        "contains" => TokenKind.Contains,
        "matches" => TokenKind.Matches,
        "in" => TokenKind.In,
        "bitwise_and" or "bitand" => TokenKind.BitAnd,
        "all" => TokenKind.All,
        "any" => TokenKind.Any,
        _ => TokenKind.Word,
    };

    private Token ReadString(int start, bool raw)
    {
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new FilterException(start, _text.Length - start, "the string is missing its closing quote");
            }

            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }

            if (c == '\\')
            {
                if (raw)
                {
                    // Raw strings keep the backslash; a backslash still protects the next quote.
                    sb.Append(c);
                    if (_pos + 1 < _text.Length)
                    {
                        sb.Append(_text[_pos + 1]);
                        _pos += 2;
                    }
                    else
                    {
                        _pos++;
                    }

                    continue;
                }

                ReadEscape(sb);
                continue;
            }

            sb.Append(c);
            _pos++;
        }

        return new Token(raw ? TokenKind.RawString : TokenKind.String, start, _pos - start, sb.ToString());
    }

    private void ReadEscape(StringBuilder sb)
    {
        int at = _pos;
        if (_pos + 1 >= _text.Length)
        {
            throw new FilterException(at, 1, "the string ends with a lone backslash");
        }

        char e = _text[_pos + 1];
        _pos += 2;
        switch (e)
        {
            case '\'':
            case '"':
            case '\\':
                sb.Append(e);
                return;
            case 'a':
                sb.Append('\a');
                return;
            case 'b':
                sb.Append('\b');
                return;
            case 'f':
                sb.Append('\f');
                return;
            case 'n':
                sb.Append('\n');
                return;
            case 'r':
                sb.Append('\r');
                return;
            case 't':
                sb.Append('\t');
                return;
            case 'v':
                sb.Append('\v');
                return;
            case 'x':
                {
                    int v = 0, digits = 0;
                    while (digits < 2 && _pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
                    {
                        v = (v * 16) + HexValue(_text[_pos++]);
                        digits++;
                    }

                    if (digits == 0)
                    {
                        throw new FilterException(at, 2, "\"\\x\" must be followed by one or two hex digits");
                    }

                    // A byte value; strings are matched as UTF-8, so keep it as a Latin-1 marker char.
                    sb.Append(ByteChar(v));
                    return;
                }

            case 'u':
            case 'U':
                {
                    int want = e == 'u' ? 4 : 8;
                    int digits = 0;
                    while (digits < want && _pos + digits < _text.Length && char.IsAsciiHexDigit(_text[_pos + digits]))
                    {
                        digits++;
                    }

                    string name = _text.Substring(at, digits + 2);
                    if (digits < want)
                    {
                        throw new FilterException(at, digits + 2, $"\"{name}\" is not a valid universal character name (\\{e} takes {want} hex digits)");
                    }

                    long cp = long.Parse(_text.AsSpan(_pos, want), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    _pos += want;
                    // C's rule, which Wireshark 4.0 follows: names below U+00A0 are invalid except $ @ `.
                    if ((cp < 0xA0 && cp is not (0x24 or 0x40 or 0x60)) || cp is >= 0xD800 and <= 0xDFFF || cp > 0x10FFFF)
                    {
                        throw new FilterException(at, want + 2, $"\"{name}\" is not a valid universal character name (only $, @, ` and U+00A0 and above may be written so)");
                    }

                    sb.Append(char.ConvertFromUtf32((int)cp));
                    return;
                }

            default:
                if (e is >= '0' and <= '7')
                {
                    int v = e - '0', digits = 1;
                    while (digits < 3 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7')
                    {
                        v = (v * 8) + (_text[_pos++] - '0');
                        digits++;
                    }

                    sb.Append(ByteChar(v & 0xFF));
                    return;
                }

                throw new FilterException(at, 2, $"\"\\{e}\" is not a valid escape sequence (write \\\\ for a backslash)");
        }
    }

    /// <summary>
    /// Bytes given by \x or octal escapes are carried as chars in a private-use block (U+F700 + byte) so
    /// that the binder can tell them from real characters and emit the raw byte.
    /// </summary>
    internal const char ByteCharBase = '\uF700';

    private static char ByteChar(int b) => b < 0x80 ? (char)b : (char)(ByteCharBase + b);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private Token ReadChar(int start)
    {
        int end = _text.IndexOf('\'', _pos + 1);
        if (end < 0)
        {
            throw new FilterException(start, _text.Length - start, "the character constant is missing its closing quote");
        }

        // Allow an escaped quote: '\''.
        if (end == _pos + 2 && _text[_pos + 1] == '\\' && end + 1 < _text.Length && _text[end + 1] == '\'')
        {
            end++;
        }

        string inner = _text.Substring(_pos + 1, end - _pos - 1);
        _pos = end + 1;
        int value;
        if (inner.Length == 1 && inner[0] != '\\')
        {
            value = inner[0];
        }
        else if (inner.Length >= 2 && inner[0] == '\\')
        {
            var sb = new StringBuilder();
            var sub = new Lexer("\"" + inner + "\"");
            var tok = sub.ReadString(0, raw: false);
            string s = tok.Text;
            if (s.Length != 1)
            {
                throw new FilterException(start, _pos - start, $"\"{_text[start.._pos]}\" is not a valid character constant");
            }

            value = s[0] >= ByteCharBase ? s[0] - ByteCharBase : s[0];
            _ = sb;
        }
        else
        {
            throw new FilterException(start, _pos - start, $"\"{_text[start.._pos]}\" is not a valid character constant");
        }

        return new Token(TokenKind.CharConst, start, _pos - start, value.ToString(CultureInfo.InvariantCulture));
    }

    private static FilterException Unexpected(int start, int length, string text) =>
        new(start, length, $"\"{text}\" was unexpected in this context");
}
