using System.Text;
using Dissectors.Core.Fields;
using Dissectors.Core.Pipeline;

namespace Dissectors.Filter.Tests;

/// <summary>
/// Every class of filter error, against the registry the command line builds: the message and the span
/// (start, length) the caret line underlines.
/// </summary>
public sealed class FilterErrorTests
{
    private static readonly FieldRegistry s_registry = DissectionEngine.Create([]).Registry;

    private static FilterError Reject(string text)
    {
        Assert.False(DisplayFilter.TryCompile(text, s_registry, out var filter, out var error), $"\"{text}\" compiled");
        Assert.Null(filter);
        return error!;
    }

    private static void AssertError(string text, int start, int length, string message)
    {
        var e = Reject(text);
        Assert.Equal(message, e.Message);
        Assert.True((start, length) == (e.Start, e.Length),
            $"span ({e.Start},{e.Length}) \"{text.Substring(Math.Min(e.Start, text.Length), Math.Min(e.Length, Math.Max(0, text.Length - e.Start)))}\", want ({start},{length})");
    }

    [Theory]
    [InlineData("tcp.stram", 0, 9, "\"tcp.stram\" is not a field or protocol (did you mean \"tcp.stream\"?)")]
    [InlineData("tcp.port == 1 and ip.scr == 1.2.3.4", 18, 6, "\"ip.scr\" is not a field or protocol (did you mean \"ip.src\"?)")]
    [InlineData("frame.lne > 100", 0, 9, "\"frame.lne\" is not a field or protocol (did you mean \"frame.len\"?)")]
    [InlineData("cql.opcod == 7", 0, 9, "\"cql.opcod\" is not a field or protocol")]
    [InlineData("cql", 0, 3, "\"cql\" is not a field or protocol")]
    [InlineData("not tcp.analysis.retransmision", 4, 26, "\"tcp.analysis.retransmision\" is not a field or protocol (did you mean \"tcp.analysis.retransmission\"?)")]
    public void UnknownField_IsNamed_WithTheNearestKnownName(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("tcp.port == hello", 12, 5, "\"hello\" is not a valid unsigned integer")]
    [InlineData("frame.len > 1.5", 12, 3, "\"1.5\" is not a valid unsigned integer")]
    [InlineData("ip.proto == BOGUS", 12, 5, "\"BOGUS\" is not a valid unsigned integer nor a value name of ip.proto")]
    [InlineData("ip.proto == \"Bogus\"", 12, 7, "\"Bogus\" is not a value name of ip.proto")]
    [InlineData("tcp.flags.syn == yes", 17, 3, "\"yes\" is not a valid boolean (write True, False, 1 or 0)")]
    [InlineData("frame.time_relative > 1ms", 22, 3, "\"1ms\" is not a valid time offset (write seconds, like 0.5)")]
    [InlineData("ip.src == tcp.port", 0, 18, "\"ip.src\" (IPv4 address) and \"tcp.port\" (unsigned integer) cannot be compared")]
    [InlineData("tcp.port contains 1", 0, 8, "\"tcp.port\" (unsigned integer) cannot be used with contains")]
    [InlineData("tcp.analysis.flags == 1", 0, 18, "\"tcp.analysis.flags\" (label without a value) cannot be used with \"==\"")]
    [InlineData("frame.protocols + 1 == 2", 0, 15, "\"frame.protocols\" (string) cannot be used with \"+\"")]
    [InlineData("ip.addr == \"127.0.0.1\"", 11, 11, "a quoted string (\"127.0.0.1\") cannot be compared with ip.addr (IPv4 address): write the value without quotes")]
    [InlineData("tcp.port[0] == 1", 0, 8, "\"tcp.port\" (unsigned integer) cannot be sliced: only byte strings, strings, protocols and addresses can")]
    [InlineData("lower(tcp.port) == \"1\"", 6, 8, "only a string field can be the argument of lower(), not \"tcp.port\" (unsigned integer)")]
    [InlineData("string(frame.time) == \"x\"", 7, 10, "string() cannot convert \"frame.time\" (absolute time): it takes numbers and addresses")]
    [InlineData("min(ip.src, tcp.port) == 1", 12, 8, "the arguments of min() must have the same type: \"tcp.port\" is unsigned integer, \"ip.src\" is IPv4 address")]
    [InlineData("frame.protocols matches tcp", 24, 3, "the right side of \"matches\" must be a regular expression in quotes, not \"tcp\"")]
    public void TypeMismatch_NamesTheExpectedType_AtTheLiteral(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("(tcp and ip", 0, 1, "unbalanced parentheses: this \"(\" is never closed")]
    [InlineData("((tcp and ip)", 0, 1, "unbalanced parentheses: this \"(\" is never closed")]
    [InlineData("tcp and ip)", 10, 1, "unbalanced parentheses: this \")\" has no matching \"(\"")]
    [InlineData("((tcp) or ip))", 13, 1, "unbalanced parentheses: this \")\" has no matching \"(\"")]
    [InlineData("len(tcp.payload", 3, 1, "unbalanced parentheses: this \"(\" is never closed")]
    [InlineData("tcp.port in {1, 2", 12, 1, "unbalanced braces: this \"{\" is never closed")]
    [InlineData("tcp.payload[0:2 == 68:65", 16, 2, "\"==\" was unexpected in this context")]
    [InlineData("tcp.payload[0:2", 11, 1, "unbalanced brackets: this \"[\" is never closed")]
    [InlineData("()", 1, 1, "\")\" was unexpected in this context")]
    public void UnbalancedGrouping_PointsAtTheUnmatchedOne(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("frame matches \"(\"", 14, 3, "\"(\" is not a valid regular expression: insufficient closing parentheses at offset 1")]
    [InlineData("frame matches \"[a-\"", 14, 5, "\"[a-\" is not a valid regular expression: unterminated bracket at offset 3")]
    [InlineData("data.data matches \"a{2,1}\"", 18, 8, "\"a{2,1}\" is not a valid regular expression: reversed quantifier range at offset 6")]
    public void BadRegex_SaysWhyAndWhere(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("tcp.port == 65536", 12, 5, "\"65536\" is too big for tcp.port (maximum 65535)")]
    [InlineData("ip.ttl == 0x100", 10, 5, "\"0x100\" is too big for ip.ttl (maximum 255)")]
    [InlineData("tcp.seq == 4294967296", 11, 10, "\"4294967296\" is too big for tcp.seq (maximum 4294967295)")]
    [InlineData("tcp.window_size_scalefactor == -2147483649", 31, 11, "\"-2147483649\" is too small for tcp.window_size_scalefactor (minimum -2147483648)")]
    [InlineData("frame.number == 99999999999999999999999", 16, 23, "\"99999999999999999999999\" is out of range for frame.number (0 to 4294967295)")]
    [InlineData("tcp.srcport * tcp.dstport == 399969999", 29, 9, "\"399969999\" is too big for tcp.srcport (maximum 65535)")]
    [InlineData("ip.dsfield.dscp == 64", 19, 2, "\"64\" is too big for ip.dsfield.dscp (maximum 63)")]
    public void OutOfRangeNumber_NamesTheFieldAndItsLimit(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("ip.addr == 10.0.0.256", 11, 10, "\"10.0.0.256\" is not a valid IPv4 address or CIDR block")]
    [InlineData("ip.addr == 10.0.0.0/33", 11, 11, "\"10.0.0.0/33\" is not a valid IPv4 address or CIDR block")]
    [InlineData("ip.addr == 10.0.0", 11, 6, "\"10.0.0\" is not a valid IPv4 address or CIDR block")]
    [InlineData("ip.addr == localhost", 11, 9, "\"localhost\" is not a valid IPv4 address or CIDR block (dissect does not resolve host names)")]
    [InlineData("ipv6.addr == 1::2::3", 13, 7, "\"1::2::3\" is not a valid IPv6 address or CIDR block")]
    [InlineData("ipv6.addr == ::1/129", 13, 7, "\"::1/129\" is not a valid IPv6 address or CIDR block")]
    [InlineData("ip.addr == ::1", 11, 3, "\"::1\" is not a valid IPv4 address or CIDR block")]
    [InlineData("eth.addr == 02:00:00:00:00", 12, 14, "\"02:00:00:00:00\" has 5 bytes: an Ethernet address has 6")]
    [InlineData("eth.addr == 02:00:00:00:00:zz", 12, 17, "\"02:00:00:00:00:zz\" is not a valid Ethernet address (dissect does not resolve host names)")]
    public void BadAddress_IsRejected_AtTheLiteral(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("tcp.payload == 68:65:6g", 15, 8, "\"68:65:6g\" is not a valid byte string (write bytes like 68:65:6c, 68-65-6c, 68.65.6c or 68656c)")]
    [InlineData("tcp.payload == 68:65-6c", 15, 8, "\"68:65-6c\" is not a valid byte string (write bytes like 68:65:6c, 68-65-6c, 68.65.6c or 68656c)")]
    [InlineData("tcp.payload == 6:8", 15, 3, "\"6:8\" is not a valid byte string (write bytes like 68:65:6c, 68-65-6c, 68.65.6c or 68656c)")]
    [InlineData("tcp.payload == 0x2", 15, 3, "\"0x2\" is not a valid byte string (write bytes like 68:65:6c, 68-65-6c, 68.65.6c or 68656c)")]
    public void BadByteString_IsRejected_AtTheLiteral(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("frame contains \"abc", 15, 4, "the string is missing its closing quote")]
    [InlineData("frame contains \"a\\\"", 15, 4, "the string is missing its closing quote")]
    [InlineData("frame contains \"\\q\"", 16, 2, "\"\\q\" is not a valid escape sequence (write \\\\ for a backslash)")]
    [InlineData("frame contains \"\\x\"", 16, 2, "\"\\x\" must be followed by one or two hex digits")]
    [InlineData("tcp.flags.str contains \"\\u0041\"", 24, 6, "\"\\u0041\" is not a valid universal character name (only $, @, ` and U+00A0 and above may be written so)")]
    [InlineData("tcp.flags.str contains \"\\u00b\"", 24, 5, "\"\\u00b\" is not a valid universal character name (\\u takes 4 hex digits)")]
    [InlineData("tcp.flags.str contains \"\\u 0b7\"", 24, 2, "\"\\u\" is not a valid universal character name (\\u takes 4 hex digits)")]
    [InlineData("frame.len == 'ab'", 13, 4, "\"'ab'\" is not a valid character constant")]
    [InlineData("frame.len == 'a", 13, 2, "the character constant is missing its closing quote")]
    public void BadString_IsRejected_WhereItGoesWrong(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("   ", 0, 3)]
    [InlineData("\t", 0, 1)]
    public void EmptyFilter_IsAnError(string text, int start, int length) =>
        AssertError(text, start, length, "the filter is empty");

    [Theory]
    [InlineData("tcp tcp", 4, 3, "\"tcp\" was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")")]
    [InlineData("tcp.port == 1 2", 14, 1, "\"2\" was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")")]
    [InlineData("frame.number == 1 AND tcp", 18, 3, "\"AND\" was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")")]
    [InlineData("tcp \"x\"", 4, 3, "\"x\" was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")")]
    [InlineData("tcp.port == 9999 and", 20, 0, "unexpected end of filter")]
    [InlineData("tcp.port ==", 11, 0, "unexpected end of filter")]
    [InlineData("!", 1, 0, "unexpected end of filter")]
    [InlineData("and tcp", 0, 3, "\"and\" was unexpected in this context")]
    [InlineData("frame.len = 1", 10, 1, "\"=\" is not an operator (compare with \"==\")")]
    [InlineData("tcp ||| ip", 6, 1, "\"|\" is not an operator (use \"||\" or \"or\")")]
    [InlineData("frame.len § 1", 10, 1, "\"§\" was unexpected in this context (a complete test ends before it; join tests with \"and\" or \"or\")")]
    [InlineData("tcp.port in {}", 12, 2, "a set needs at least one element")]
    [InlineData("tcp.port in {1,}", 14, 1, "a set element is missing after this \",\"")]
    [InlineData("tcp.payload[0:0] == 41", 14, 1, "a slice length must be positive")]
    [InlineData("tcp.payload[2-1] == 41", 13, 1, "a slice range must not end before it starts")]
    [InlineData("ip.src# == 1.2.3.4", 8, 2, "a layer number or \"[\" must follow \"#\" (like ip.addr#2), not \"==\"")]
    [InlineData("1 == 1", 0, 1, "the left side of \"==\" must be a field or function, not \"1\"")]
    [InlineData("9999 == tcp.port", 0, 4, "the left side of \"==\" must be a field or function, not \"9999\" (write tcp.port == 9999)")]
    [InlineData("foo(tcp)", 0, 3, "function \"foo\" does not exist (known: len, count, lower, upper, string, abs, max, min)")]
    [InlineData("len()", 0, 5, "len() takes 1 argument, not 0")]
    [InlineData("${tcp.stream} == 1", 0, 13, "field references (${tcp.stream}) read the packet selected in Wireshark's window; dissect reads captures offline, so compare with a value instead")]
    [InlineData("@tcp.payload contains \"x\"", 0, 1, "the raw-bytes operator \"@\" is Wireshark 4.2+ syntax that dissect does not support; compare the field itself")]
    public void Syntax_IsRejected_AtTheOffendingToken(string text, int start, int length, string message) =>
        AssertError(text, start, length, message);

    [Theory]
    [InlineData("(", ")", 200, 1)]
    [InlineData("!(", ")", 200, 1)] // "!" and "(" are a level each: the 101st "!" is the 201st level
    [InlineData("not ", "", 800, 3)]
    [InlineData("len(", ")", 800, 3)]
    public void DeepNesting_IsAPositionedError_NotAStackOverflow(string open, string close, int errorAt, int errorLength)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            sb.Append(open);
        }

        sb.Append("tcp");
        for (int i = 0; i < 10_000; i++)
        {
            sb.Append(close);
        }

        string text = sb.ToString();
        var e = RejectOnSmallStack(text);
        Assert.Equal("the filter is nested too deeply (more than 200 levels)", e.Message);
        // The token that opens level 201 is underlined.
        Assert.Equal(errorAt, e.Start);
        Assert.Equal(errorLength, e.Length);
    }

    [Fact]
    public void DeepArithmeticBraces_AndMinus_AreLimitedToo()
    {
        var braces = new StringBuilder("frame.len == ");
        braces.Append('{', 10_000).Append("frame.len").Append('}', 10_000);
        Assert.Contains("nested too deeply", RejectOnSmallStack(braces.ToString()).Message, StringComparison.Ordinal);

        var minus = new StringBuilder("frame.len == ");
        minus.Append('-', 10_000).Append("frame.len");
        Assert.Contains("nested too deeply", RejectOnSmallStack(minus.ToString()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frame.len", " + 1", " == 3")]
    [InlineData("tcp.payload", "[0:]", "")]
    [InlineData("tcp.flags", " & 0x1f", "")]
    public void LongOperatorChains_AreLimited_WithoutRecursionTrouble(string head, string repeat, string tail)
    {
        var sb = new StringBuilder(head);
        for (int i = 0; i < 20_000; i++)
        {
            sb.Append(repeat);
        }

        sb.Append(tail);
        var e = RejectOnSmallStack(sb.ToString());
        Assert.Equal("the filter is nested too deeply (more than 500 levels of operators)", e.Message);
    }

    [Fact]
    public void LongChainsOfAndOr_Compile_AndRun()
    {
        // A generated filter: thousands of alternatives are flat, not nested.
        string text = string.Join(" or ", Enumerable.Range(0, 5_000).Select(p => $"tcp.port == {p}"));
        var t = new TestFields();
        CompiledFilter? filter = null;
        RunOnSmallStack(() => Assert.True(DisplayFilter.TryCompile(text, s_registry, out filter, out _)));
        Assert.NotNull(filter);
        string ands = string.Join(" and ", Enumerable.Range(0, 5_000).Select(_ => "t"));
        RunOnSmallStack(() => Assert.True(DisplayFilter.TryCompile(ands, t.Registry, out var f, out _) && f!.Matches(t.Begin([1]).Done())));
    }

    [Fact]
    public void ManyConstants_AreFine()
    {
        string text = "ip.addr in {" + string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"10.{i / 250}.{i % 250}.1")) + "}";
        Assert.True(DisplayFilter.TryCompile(text, s_registry, out _, out var e), e?.Message);
    }

    [Fact]
    public void Render_PrintsMessage_Filter_AndCaretUnderTheSpan()
    {
        const string text = "tcp.port == 1 and tcp.stram";
        Assert.Equal(
            "dissect: filter error: \"tcp.stram\" is not a field or protocol (did you mean \"tcp.stream\"?)\n" +
            "    tcp.port == 1 and tcp.stram\n" +
            "                      ^~~~~~~~~",
            Reject(text).Render(text));
    }

    [Fact]
    public void Render_KeepsTheCaretAligned_OverTabs_AndAtTheEnd()
    {
        string rendered = Reject("tcp\tand").Render("tcp\tand");
        Assert.Equal("dissect: filter error: unexpected end of filter\n    tcp and\n           ^", rendered);
    }

    private static FilterError RejectOnSmallStack(string text)
    {
        FilterError? error = null;
        RunOnSmallStack(() => error = Reject(text));
        return error!;
    }

    /// <summary>Compiles on a 512 KB stack: the limits must hold well below the usual 1.5 to 8 MB.</summary>
    private static void RunOnSmallStack(Action action)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                }
            },
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();
        failure?.Throw();
    }
}
