namespace Dissectors.Filter.Tests;

/// <summary>A compiled filter evaluates without allocating, once its buffers have grown (STYLE: allocation test).</summary>
public sealed class AllocationTests
{
    /// <summary>One filter per kind of evaluator node, over every field type.</summary>
    private static readonly string[] s_filters =
    [
        "t.u8 == 255 and t.u16 != 1 or t.u32 === 4294967295",
        "t.u8 !== 1 && all t.u64 > 0 || any t.i8 < 0",
        "not t.i64 < 0 xor t.bool",
        "t.u8 in {1, 200..255} and t.ipv4 in {10.0.0.0/8, 192.168.0.0/16}",
        "t.u8 not in {1, 2}",
        "t.masked & 0x0f == 3",
        "t.flag",
        "t.str contains \"wör\" or t.bytes contains 02:03",
        "t.str matches \"^hel+o\" and t matches \"w..rld\"",
        "t.str[0:5] == \"Hello\" and t.bytes[0,2] == 01:03 and t.bytes[7:2] == \"\"",
        "t.bytes[1:]",
        "len(t.str) == 13 and count(t.u8) == 1",
        "lower(t.str) == \"hello, wörld\" and upper(t.str) contains \"HELLO\"",
        "string(t.u8) == \"255\" and string(t.ipv4) == \"10.1.2.3\" and string(t.i8) == \"-128\"",
        "string(t.ipv6) == \"2001:db8::1\" and string(t.mac) contains \"11:22\"",
        "abs(t.i8) == 128 and max(t.u8, t.u16) == 65535 and min(t.ipv4, t.ipv4) == 10.1.2.3",
        "t.u16 - t.u8 == 65280 and -t.i16 > 0 and t.double * 2 == 2.5 and t.u32 % 7 == 3",
        "t.bytes & 00:ff == 00:02",
        "t.ipv6 == 2001:db8::/32 and t.mac == 00:11:22:33:44:55 and t.guid[0] == 00",
        "t.abs > \"2023-11-14 22:13:20Z\" and t.rel > 1 and t.rel * 2 == 3 and t.frame == 42",
        "t.opcode == QUERY and t.char == 'A' and t.label",
        "t.u8#1 == 255 and t#1 and u.u8#[1-2] == 3",
        "t.u8 == u.u8 or t.str > \"Hello\" or t.bytes < ff:ff:ff",
        "t.float == 0.5 and t.double in {1 .. 2}",
    ];

    [Fact]
    public void Matches_AllocatesNothing_AfterWarmUp()
    {
        var t = new TestFields();
        var compiled = s_filters.Select(t.Compile).ToArray();
        byte[] frame = EvaluationTests.FrameBytes();
        var results = new bool[compiled.Length];

        // Warm up: JIT, regex runners, value lists and scratch buffers grow to their working size.
        for (int i = 0; i < 200; i++)
        {
            Evaluate(t, frame, compiled, results);
        }

        long allocated = 0;
        const int frames = 5_000;
        for (int i = 0; i < frames; i++)
        {
            allocated += Evaluate(t, frame, compiled, results);
        }

        Assert.True(allocated == 0, $"{allocated} bytes allocated by Matches over {frames} frames x {compiled.Length} filters");
        // The filters are not vacuous: each holds on this frame, so each was evaluated to the end.
        Assert.True(results.All(r => r), "false: " + string.Join(" | ", s_filters.Where((_, i) => !results[i])));
    }

    private static long Evaluate(TestFields t, byte[] frame, CompiledFilter[] compiled, bool[] results)
    {
        var tree = EvaluationTests.Build(t, frame);
        // A second "u" layer so that layer selection has something to choose from.
        int u = tree.Open(t.Other, 0, 2);
        tree.AddUInt(t.OtherU8, 0, 1, 3);
        tree.Close(u);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 0; f < compiled.Length; f++)
        {
            results[f] = compiled[f].Matches(tree);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
