using System.Text;
using Dissectors.Core.Dissection;

namespace Dissectors.Filter.Tests;

/// <summary>
/// Evaluation per field type, on a frame built by hand: every field of the "t" test protocol once, with
/// the values at the edges of their types. Each row is a filter and whether it holds.
/// </summary>
public sealed class EvaluationTests
{
    // Frame layout (offsets of the byte-valued fields; integers are stored as values).
    private const int BytesAt = 0;      // 01 02 03
    private const int StrAt = 3;        // "Hello, wörld" (13 bytes of UTF-8)
    private const int IPv4At = 16;      // 0a 01 02 03
    private const int IPv6At = 20;      // 2001:db8::1
    private const int MacAt = 36;       // 00:11:22:33:44:55
    private const int GuidAt = 42;      // 00112233-4455-6677-8899-aabbccddeeff
    private const long AbsNs = 1_700_000_000_500_000_000; // 2023-11-14 22:13:20.5 UTC

    internal static byte[] FrameBytes()
    {
        var b = new List<byte> { 0x01, 0x02, 0x03 };
        b.AddRange(Encoding.UTF8.GetBytes("Hello, wörld"));
        b.AddRange([0x0a, 0x01, 0x02, 0x03]);
        b.AddRange(System.Net.IPAddress.Parse("2001:db8::1").GetAddressBytes());
        b.AddRange([0x00, 0x11, 0x22, 0x33, 0x44, 0x55]);
        b.AddRange(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        b.AddRange(new byte[16]);
        return [.. b];
    }

    /// <summary>One frame with every field of "t".</summary>
    internal static FieldTree Build(TestFields t) => Build(t, FrameBytes());

    internal static FieldTree Build(TestFields t, byte[] frame)
    {
        var f = t.Begin(frame);
        var tree = f.Tree;
        tree.AddBool(t.Bool, 58, 1, 1);
        tree.AddBool(t.FlagBit, 58, 1, 0x05); // bit 0x04 set
        f.U(t.Char, 'A')
         .U(t.U8, byte.MaxValue).U(t.U16, ushort.MaxValue).U(t.U24, 0xFF_FFFF).U(t.U32, uint.MaxValue)
         .U(t.U40, 0xFF_FFFF_FFFF).U(t.U48, 0xFFFF_FFFF_FFFF).U(t.U56, 0xFF_FFFF_FFFF_FFFF).U(t.U64, ulong.MaxValue)
         .I(t.I8, sbyte.MinValue).I(t.I16, short.MinValue).I(t.I24, -0x80_0000).I(t.I32, int.MinValue)
         .I(t.I40, -0x80_0000_0000).I(t.I48, -0x8000_0000_0000).I(t.I56, -0x80_0000_0000_0000).I(t.I64, long.MinValue)
         .U(t.Masked, 0x1234, 58, 2) // (0x1234 & 0x0ff0) >> 4 = 0x23
         .U(t.Opcode, 7)
         .B(t.Bytes, BytesAt, 3).B(t.Str, StrAt, 13).B(t.IPv6, IPv6At, 16).B(t.Guid, GuidAt, 16);
        tree.AddDouble(t.Float, 58, 4, 0.5);
        tree.AddDouble(t.Double, 58, 8, 1.25);
        tree.AddIPv4(t.IPv4, IPv4At, 0x0a010203);
        tree.AddEther(t.Mac, MacAt, 0x0011_2233_4455);
        tree.AddTime(t.Abs, 58, 8, AbsNs);
        tree.AddTime(t.Rel, 58, 8, 1_500_000_000);
        tree.AddFrameNumber(t.FrameRef, 58, 4, 42);
        tree.AddNone(t.Label, 58, 0);
        return f.Done();
    }

    private static void Check(string filter, bool expected)
    {
        var t = new TestFields();
        var compiled = t.Compile(filter);
        Assert.True(expected == compiled.Matches(Build(t)), $"{filter} should be {expected}");
    }

    [Theory]
    [InlineData("t.bool", true)]
    [InlineData("t.bool == 1", true)]
    [InlineData("t.bool == True", true)]
    [InlineData("t.bool == true", true)]
    [InlineData("t.bool == 0", false)]
    [InlineData("t.bool == False", false)]
    [InlineData("t.bool != 1", false)]
    [InlineData("t.bool == 2", true)] // any non-zero integer is true, as in tshark
    [InlineData("t.flag == 1", true)]
    [InlineData("t.flag", true)]
    [InlineData("!t.flag", false)]
    public void Boolean(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.u8 == 255", true)]
    [InlineData("t.u8 == 0xff", true)]
    [InlineData("t.u8 == 0377", true)]
    [InlineData("t.u8 == 0b11111111", true)]
    [InlineData("t.u8 > 254", true)]
    [InlineData("t.u8 < 255", false)]
    [InlineData("t.u16 == 65535", true)]
    [InlineData("t.u24 == 16777215", true)]
    [InlineData("t.u32 == 4294967295", true)]
    [InlineData("t.u40 == 0xffffffffff", true)]
    [InlineData("t.u48 == 281474976710655", true)]
    [InlineData("t.u56 == 72057594037927935", true)]
    [InlineData("t.u64 == 18446744073709551615", true)]
    [InlineData("t.u64 > 9223372036854775807", true)] // compared unsigned, not as a negative long
    [InlineData("t.u64 >= 1", true)]
    [InlineData("t.masked == 0x23", true)]
    [InlineData("t.char == 'A'", true)]
    [InlineData("t.char == 65", true)]
    [InlineData("t.char == '\\x41'", true)]
    [InlineData("t.char == '\\101'", true)]
    [InlineData("t.u8 & 0x0f == 0x0f", true)]
    [InlineData("t.u8 & 0x80", true)]
    [InlineData("t.u16 - 65535 == 0", true)]
    [InlineData("t.u8 - t.u16 < 0", true)] // a signed result, no wrap-around
    [InlineData("t.u16 - t.u8 == 65280", true)]
    [InlineData("t.u8 - 255 == -0", true)]
    [InlineData("-t.u8 == -255", true)]
    [InlineData("t.u8 in {1, 200..255}", true)]
    [InlineData("t.u8 in {1..254}", false)]
    [InlineData("len(t.u16) == 1", true)] // its span in the frame: the test added it as 1 byte
    public void UnsignedIntegers(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.i8 == -128", true)]
    [InlineData("t.i8 < 0", true)]
    [InlineData("t.i8 < -127", true)]
    [InlineData("t.i16 == -32768", true)]
    [InlineData("t.i24 == -8388608", true)]
    [InlineData("t.i32 == -2147483648", true)]
    [InlineData("t.i40 == -549755813888", true)]
    [InlineData("t.i48 == -140737488355328", true)]
    [InlineData("t.i56 == -36028797018963968", true)]
    [InlineData("t.i64 == -9223372036854775808", true)]
    [InlineData("t.i64 < t.u8", true)] // signed against unsigned, no wrap
    [InlineData("t.i32 < t.u32", true)]
    [InlineData("abs(t.i8) == 128", true)]
    [InlineData("-t.i16 == t.u16 - 32767", true)]
    [InlineData("t.i8 + 127 == -1", true)]
    [InlineData("t.i8 in {-128 .. -100}", true)]
    [InlineData("t.i8 > -128", false)]
    public void SignedIntegers(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.float == 0.5", true)]
    [InlineData("t.float < 1", true)]
    [InlineData("t.double == 1.25", true)]
    [InlineData("t.double == 1.25e0", true)]
    [InlineData("t.double > 1", true)]
    [InlineData("t.double < 1.3", true)]
    [InlineData("t.double >= 1.26", false)]
    [InlineData("t.double * 2 == 2.5", true)]
    [InlineData("t.double - t.float == 0.75", true)]
    [InlineData("t.double in {1 .. 2}", true)]
    [InlineData("-t.double < 0", true)]
    [InlineData("max(t.double, t.float) == 1.25", true)]
    [InlineData("min(t.double, t.float) == 0.5", true)]
    public void FloatingPoint(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.str == \"Hello, wörld\"", true)]
    [InlineData("t.str == \"Hello, w\\xc3\\xb6rld\"", true)]
    [InlineData("t.str == \"Hello, w\\u00f6rld\"", true)]
    [InlineData("t.str == \"hello, wörld\"", false)]
    [InlineData("t.str contains \"wör\"", true)]
    [InlineData("t.str contains \"WÖR\"", false)]
    [InlineData("t.str matches \"^hello\"", true)] // case-insensitive by default
    [InlineData("t.str matches \"(?-i)^hello\"", false)]
    [InlineData("t.str matches \"w.rld\"", false)] // one byte per ".": ö is two (tshark 4.0)
    [InlineData("t.str matches \"w..rld\"", true)]
    [InlineData("t.str matches r\"^\\w+, \"", true)]
    [InlineData("t.str[0:5] == \"Hello\"", true)]
    [InlineData("t.str[-4:] == \"rld\"", false)]
    [InlineData("t.str[-3:] == \"rld\"", true)]
    [InlineData("t.str[8:2] == \"ö\"", true)] // slices count bytes (tshark 4.0)
    [InlineData("len(t.str) == 13", true)]
    [InlineData("lower(t.str) == \"hello, wörld\"", true)]
    [InlineData("upper(t.str) == \"HELLO, WöRLD\"", true)] // ASCII case mapping only
    [InlineData("t.str > \"Hello\"", true)]
    [InlineData("t.str < \"Hello\"", false)]
    [InlineData("t.str in {\"x\", \"Hello, wörld\"}", true)]
    [InlineData("t.str == Hello", false)] // an unquoted word is that text
    public void Strings(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.bytes == 01:02:03", true)]
    [InlineData("t.bytes == 01-02-03", true)]
    [InlineData("t.bytes == 01.02.03", true)]
    [InlineData("t.bytes == 010203", true)]
    [InlineData("t.bytes == \"\\x01\\x02\\x03\"", true)]
    [InlineData("t.bytes contains 02", true)]
    [InlineData("t.bytes contains 0x02", true)]
    [InlineData("t.bytes contains 02:04", false)]
    [InlineData("t.bytes[1:2] == 02:03", true)]
    [InlineData("t.bytes[1-2] == 02:03", true)]
    [InlineData("t.bytes[0,2] == 01:03", true)]
    [InlineData("t.bytes[5:2] == t.bytes[9:1]", true)] // out-of-range slices compare as empty
    [InlineData("t.bytes[5:2]", false)]
    [InlineData("t.bytes > 01:02", true)] // longer is greater
    [InlineData("t.bytes > ff:ff", true)]
    [InlineData("t.bytes < ff:ff:ff", true)]
    [InlineData("t.bytes & 00:02:00", true)]
    [InlineData("t.bytes & 00:00:04", false)]
    [InlineData("t.bytes & 00:ff == 00:02", true)]
    [InlineData("len(t.bytes) == 3", true)]
    [InlineData("t.guid == 00112233-4455-6677-8899-aabbccddeeff", true)]
    [InlineData("t.guid[0:2] == 00:11", true)]
    public void Bytes(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.ipv4 == 10.1.2.3", true)]
    [InlineData("t.ipv4 == 10.0.0.0/8", true)]
    [InlineData("t.ipv4 == 10.1.2.2/31", true)]
    [InlineData("t.ipv4 == 10.1.2.4/31", false)]
    [InlineData("t.ipv4 == 0.0.0.0/0", true)]
    [InlineData("t.ipv4 != 10.1.2.4", true)]
    [InlineData("t.ipv4 > 10.1.2.2", true)]
    [InlineData("t.ipv4 > 9.255.255.255", true)] // as a number, not as text
    [InlineData("t.ipv4 in {10.1.2.0/24}", true)]
    [InlineData("t.ipv4 in {10.1.2.4 .. 10.1.2.9}", false)]
    [InlineData("t.ipv4[0] == 0a", true)]
    [InlineData("string(t.ipv4) == \"10.1.2.3\"", true)]
    [InlineData("t.ipv6 == 2001:db8::1", true)]
    [InlineData("t.ipv6 == 2001:0db8:0000:0000:0000:0000:0000:0001", true)]
    [InlineData("t.ipv6 == 2001:db8::/32", true)]
    [InlineData("t.ipv6 == 2001:db9::/32", false)]
    [InlineData("t.ipv6 == ::/0", true)]
    [InlineData("t.ipv6 > 2001:db8::", true)]
    [InlineData("t.ipv6 in {::1, 2001:db8::1}", true)]
    [InlineData("t.ipv6[0:2] == 20:01", true)]
    [InlineData("string(t.ipv6) == \"2001:db8::1\"", true)]
    [InlineData("t.mac == 00:11:22:33:44:55", true)]
    [InlineData("t.mac == 00-11-22-33-44-55", true)]
    [InlineData("t.mac == 0011.2233.4455", true)]
    [InlineData("t.mac == 001122334455", true)]
    [InlineData("t.mac > 00:11:22:33:44:54", true)]
    [InlineData("t.mac contains 22:33", true)]
    [InlineData("t.mac[0:3] == 00:11:22", true)]
    [InlineData("string(t.mac) == \"00:11:22:33:44:55\"", true)]
    public void Addresses(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.abs == \"2023-11-14 22:13:20.5Z\"", true)]
    [InlineData("t.abs == \"2023-11-14T22:13:20.500000000Z\"", true)]
    [InlineData("t.abs == \"2023-11-14 23:13:20.5+01:00\"", true)]
    [InlineData("t.abs == \"Nov 14, 2023 22:13:20.5 UTC\"", true)]
    [InlineData("t.abs > \"2023-11-14 22:13:20Z\"", true)]
    [InlineData("t.abs < \"2023-11-14 22:13:21 UTC\"", true)]
    [InlineData("t.abs >= \"2023-11-15Z\"", false)]
    [InlineData("t.abs in {\"2023-11-14 22:00:00Z\" .. \"2023-11-14 23:00:00Z\"}", true)]
    [InlineData("t.rel == 1.5", true)]
    [InlineData("t.rel == 1.500000000", true)]
    [InlineData("t.rel > 1", true)]
    [InlineData("t.rel < 2", true)]
    [InlineData("t.rel > 1.500000001", false)]
    [InlineData("t.rel + 1 == 2.5", true)]
    [InlineData("t.rel * 2 == 3", true)]
    [InlineData("t.rel / 3 == 0.5", true)]
    [InlineData("-t.rel < 0", true)]
    [InlineData("t.rel in {1 .. 2}", true)]
    public void Times(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.frame == 42", true)]
    [InlineData("t.frame > 41", true)]
    [InlineData("t.frame in {40..45}", true)]
    [InlineData("t.frame % 2 == 0", true)]
    [InlineData("string(t.frame) == \"42\"", true)]
    [InlineData("t", true)]
    [InlineData("u", false)]
    [InlineData("not u", true)]
    [InlineData("t contains \"wör\"", true)]
    [InlineData("t contains 0a:01:02:03", true)]
    [InlineData("t[0] == 01", true)]
    [InlineData("t[3:5] == \"Hello\"", true)]
    [InlineData("len(t) == 74", true)]
    [InlineData("t.label", true)]
    [InlineData("!t.label", false)]
    [InlineData("t.opcode == QUERY", true)]
    [InlineData("t.opcode == query", true)] // value names are case-insensitive
    [InlineData("t.opcode == \"QUERY\"", true)]
    [InlineData("t.opcode == 7", true)]
    [InlineData("t.opcode != RESULT", true)]
    [InlineData("t.opcode > STARTUP", true)]
    [InlineData("t.opcode in {STARTUP, QUERY}", true)]
    [InlineData("t.opcode in {RESULT..EXECUTE}", false)]
    [InlineData("t.opcode == \"Use Database\"", false)]
    public void FrameNumbers_Protocols_Labels_AndValueNames(string filter, bool expected) => Check(filter, expected);

    [Theory]
    [InlineData("t.masked == 0x1234", "\"0x1234\" is too big for t.masked (maximum 255)")]
    [InlineData("t.u8 & 0x100", "\"0x100\" is too big for t.u8 (maximum 255)")]
    [InlineData("t.u16 + 1 == 65536", "\"65536\" is too big for t.u16 (maximum 65535)")]
    [InlineData("-t.i16 == 32768", "\"32768\" is too big for t.i16 (maximum 32767)")]
    [InlineData("t.i8 == -129", "\"-129\" is too small for t.i8 (minimum -128)")]
    public void Literals_TakeTheRangeOfTheLeftmostField(string filter, string message)
    {
        // As in tshark 4.0: the literal is converted to the type of the field it meets first.
        Assert.Equal(message, new TestFields().Reject(filter).Message);
    }

    [Fact]
    public void Label_HasNoValue_ToCompare()
    {
        var t = new TestFields();
        Assert.Contains("cannot be used with", t.Reject("t.label == 1").Message, StringComparison.Ordinal);
        Assert.Contains("cannot be used with contains", t.Reject("t.label contains 00").Message, StringComparison.Ordinal);
    }

    /// <summary>Two t layers: t.u8 is 1 in the first and 2 in the second; u.u8 is 3.</summary>
    internal static FieldTree TwoLayers(TestFields t)
    {
        var tree = t.Tree;
        tree.BeginFrame(new byte[8]);
        int a = tree.Open(t.Proto, 0, 4);
        tree.AddUInt(t.U8, 0, 1, 1);
        tree.Close(a);
        int b = tree.Open(t.Proto, 4, 4);
        tree.AddUInt(t.U8, 4, 1, 2);
        int u = tree.Open(t.Other, 5, 3);
        tree.AddUInt(t.OtherU8, 5, 1, 3);
        tree.Close(u);
        tree.Close(b);
        return tree;
    }

    [Theory]
    [InlineData("t.u8 == 1", true)]        // any occurrence
    [InlineData("t.u8 == 3", false)]
    [InlineData("t.u8 != 1", false)]       // all not equal
    [InlineData("t.u8 != 3", true)]
    [InlineData("t.u8 === 1", false)]      // all equal
    [InlineData("t.u8 !== 1", true)]       // any not equal
    [InlineData("t.u8 ~= 1", true)]
    [InlineData("t.u8 !== 5", true)]
    [InlineData("all t.u8 > 0", true)]
    [InlineData("all t.u8 > 1", false)]
    [InlineData("any t.u8 > 1", true)]
    [InlineData("t.u8 > 1", true)]
    [InlineData("t.u8 < 1", false)]
    [InlineData("count(t.u8) == 2", true)]
    [InlineData("count(t) == 2", true)]
    [InlineData("count(u.u8) == 1", true)]
    [InlineData("count(t.u16) == 0", false)] // no value for an absent field
    [InlineData("t.u8#1 == 1", true)]
    [InlineData("t.u8#1 == 2", false)]
    [InlineData("t.u8#2 == 2", true)]
    [InlineData("t.u8#[1-2] == 2", true)]
    [InlineData("t.u8#3", false)]
    [InlineData("t#2", true)]
    [InlineData("t#3", false)]
    [InlineData("u.u8#1 == 3", true)]
    [InlineData("t.u8 in {2}", true)]
    [InlineData("t.u8 not in {2}", false)]
    [InlineData("t.u16 not in {2}", true)]  // negation of "in": true without the field
    [InlineData("t.u16 != 2", false)]       // a relation needs the field
    [InlineData("max(t.u8) == 2", true)]
    [InlineData("min(t.u8, u.u8) == 1", true)]
    [InlineData("t.u8 + u.u8 == 5", true)]  // every pair of occurrences
    [InlineData("t.u8 + u.u8 == 6", false)]
    [InlineData("t.u8 == u.u8", false)]
    [InlineData("t.u8 < u.u8", true)]
    public void MultipleOccurrences_AndLayers(string filter, bool expected)
    {
        var t = new TestFields();
        var compiled = t.Compile(filter);
        Assert.True(expected == compiled.Matches(TwoLayers(t)), $"{filter} should be {expected}");
    }

    [Fact]
    public void Precedence_NotBindsTighter_ThenAnd_ThenXor_ThenOr()
    {
        var t = new TestFields();
        var tree = TwoLayers(t);
        // u.u8 == 3 holds, t.u16 is absent.
        Assert.True(t.Compile("u.u8 == 3 || t.u16 && t.u16").Matches(tree));
        Assert.False(t.Compile("(u.u8 == 3 || t.u16) && t.u16").Matches(tree));
        Assert.True(t.Compile("!t.u16 && u.u8 == 3").Matches(tree));
        Assert.False(t.Compile("!(t.u16 || u.u8 == 3)").Matches(tree));
        Assert.True(t.Compile("u.u8 == 3 xor t.u16").Matches(tree));
        Assert.False(t.Compile("u.u8 == 3 ^^ t.u8 == 1").Matches(tree));
        Assert.True(t.Compile("u.u8 == 3 ^^ t.u8 == 1 or t").Matches(tree)); // (a ^^ b) or c
        Assert.False(t.Compile("t.u16 or u.u8 == 3 xor t.u8 == 1").Matches(tree)); // a or (b ^^ c)
        Assert.True(t.Compile("u.u8 == 3 ^^ t.u8 == 1 ^^ t.u8 == 2").Matches(tree)); // odd count holds
    }

    [Fact]
    public void ReferencedFields_AreTheFieldsTheFilterReads()
    {
        var t = new TestFields();
        var f = t.Compile("t.u8 == 1 and (u or len(t.str) > 2) and t.ipv4 in {10.0.0.0/8}");
        Assert.Equal([t.U8, t.Other, t.Str, t.IPv4], f.ReferencedFields);
    }
}
