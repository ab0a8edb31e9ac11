using Dissectors.Protocols.Tests.Cql;
using static Dissectors.Protocols.Tests.Tarantool.TarantoolHarness;

namespace Dissectors.Protocols.Tests.Tarantool;

/// <summary>Greeting, length prefixes, PDU boundaries across segments, sync matching, heuristics, and bad input.</summary>
public class TarantoolFramingTests
{
    private static readonly byte[] s_ping = Msg(H("82 00 40 01 07   # REQUEST_TYPE PING, SYNC 7"));
    private static readonly byte[] s_ok = Msg(H("83 00 00 01 07 05 10   # OK, SYNC 7, SCHEMA_VERSION 16"));

    private static List<DissectedFrame> Run(TcpFlowBuilderExt.Step[] steps, ushort port = Port, string? decodeAs = null)
    {
        var flow = Flow(port);
        foreach (var s in steps)
        {
            flow.Send(s.FromClient, s.Bytes);
        }

        var h = new TarantoolHarness(decodeAs: decodeAs);
        var frames = h.Run(flow.Frames);
        Assert.Equal(0, h.DissectorBugs);
        return frames;
    }

    private static TcpFlowBuilderExt.Step C(byte[] b) => new(true, b);

    private static TcpFlowBuilderExt.Step S(byte[] b) => new(false, b);

    [Fact]
    public void Greeting_VersionUuidSalt()
    {
        var f = Run([S(Greeting())])[^1];
        Assert.Equal("2.6.0", f.Value("tnt.greeting.version"));
        Assert.Equal("Binary", f.Value("tnt.greeting.protocol"));
        Assert.Equal("55cca405-bc6a-4b8b-8d70-c70b79bd02af", f.Value("tnt.instance_uuid"));
        Assert.Equal("URm44rnTuOe5K6lb3xBmAQ+fg4E8CKxvOxTFLCkU5FU=", f.Value("tnt.greeting.salt"));
        Assert.Equal("Greeting Tarantool 2.6.0 (Binary)", f.Info);
        Assert.False(f.Has("tnt.sync"));
    }

    [Fact]
    public void PingAndOk_AreMatchedBySync_WithResponseTime()
    {
        var frames = Run([S(Greeting()), C(s_ping), S(s_ok)]);
        Assert.Equal("PING sync=7", frames[^2].Info);
        var r = frames[^1];
        Assert.Equal("5", r.Value("tnt.response_to"));
        Assert.Equal("0.001000000", r.Value("tnt.response_time"));
        Assert.Equal("PING", r.Value("tnt.response_to_request"));
        Assert.Equal("16", r.Value("tnt.schema_version"));
        Assert.Equal("OK sync=7 (PING)", r.Info);
    }

    [Fact]
    public void AnyUIntLengthEncoding_IsAccepted()
    {
        byte[] body = H("82 00 40 01 07");
        var frames = Run([C([0x05, .. body]), C([0xcc, 0x05, .. body]), C([0xcd, 0x00, 0x05, .. body]), C([0xcf, 0, 0, 0, 0, 0, 0, 0, 0x05, .. body])]);
        foreach (var f in frames[^4..])
        {
            Assert.Equal("0x0040", f.Value("tnt.type"));
            Assert.Equal("7", f.Value("tnt.sync"));
        }
    }

    [Fact]
    public void SeveralMessagesInOneSegment_AndOneMessageAcrossSegments()
    {
        var two = s_ping.Concat(Msg(H("82 00 40 01 08"))).ToArray();
        var big = Msg(H("82 00 02 01 09 82 10 cd 02 00 21 91 db 00 00 10 00").Concat(new byte[4096]).ToArray());
        var frames = Run([C(two), C(big[..100]), C(big[100..3000]), C(big[3000..])]);
        Assert.Equal(["7", "8"], frames[3].Values("tnt.sync"));
        Assert.Equal("PING sync=7 | PING sync=8", frames[3].Info);
        Assert.False(frames[4].Has("tnt.sync"));
        Assert.Equal("9", frames[^1].Value("tnt.sync"));
        Assert.Equal("512", frames[^1].Value("tnt.space_id"));
    }

    [Fact]
    public void Push_Chunk_KeepsTheRequestOpenUntilTheFinalResponse()
    {
        var call = Msg(H("82 00 0a 01 03 82 22 a1 66 21 90   # CALL 'f' () sync 3"));
        var chunk = Msg(H("82 00 cc 80 01 03 81 30 91 01   # CHUNK sync 3 data [1]"));
        var ok = Msg(H("82 00 00 01 03 81 30 91 02"));
        var frames = Run([C(call), S(chunk), S(chunk), S(ok)]);
        Assert.Equal("CALL f sync=3", frames[3].Info);
        Assert.Equal("f", frames[3].Value("tnt.function_name"));
        Assert.Equal("0x0080", frames[4].Value("tnt.type"));
        Assert.Equal("4", frames[5].Value("tnt.response_to"));
        Assert.Equal("4", frames[6].Value("tnt.response_to"));
        Assert.Equal("OK sync=3 (CALL)", frames[6].Info);
    }

    [Fact]
    public void ErrorStack_TypeFileLineMessageCode()
    {
        var err = Msg(H("""
            82 00 cd 80 03 01 05          # error 3, sync 5
            82                            # body
            31 a3 64 75 70                #   ERROR_24 'dup'
            52 81 00 91                   #   ERROR: {STACK: [ one frame
               86 00 ab 43 6c 69 65 6e 74 45 72 72 6f 72   # TYPE 'ClientError'
                  01 a4 78 2e 63 63       # FILE 'x.cc'
                  02 cd 01 00             # LINE 256
                  03 a3 64 75 70          # MESSAGE 'dup'
                  04 00                   # ERRNO 0
                  05 03                   # CODE 3
            """));
        var f = Run([S(err)])[^1];
        Assert.Equal(["3", "3"], f.Values("tnt.error.code"));
        Assert.Equal("ClientError", f.Value("tnt.error.type"));
        Assert.Equal("x.cc", f.Value("tnt.error.file"));
        Assert.Equal("256", f.Value("tnt.error.line"));
        Assert.Equal(["dup", "dup"], f.Values("tnt.error.message"));
        Assert.Equal("ERROR 3 sync=5: dup", f.Info);
    }

    [Fact]
    public void IdRequest_VersionAndFeatures_AndAuthScrambleIsBytes()
    {
        var id = Msg(H("82 00 49 01 01 82 54 03 55 93 00 01 02"));
        var auth = Msg(H("82 00 07 01 02 82 23 a3 61 70 70 21 92 a9 63 68 61 70 2d 73 68 61 31 c4 04 de ad be ef"));
        var frames = Run([C(id), C(auth)]);
        Assert.Equal("3", frames[^2].Value("tnt.version"));
        Assert.Equal(["0", "1", "2"], frames[^2].Values("tnt.feature"));
        Assert.Equal("chap-sha1", frames[^1].Value("tnt.auth.mechanism"));
        Assert.Equal("deadbeef", frames[^1].Value("tnt.auth.scramble"));
        Assert.Equal("app", frames[^1].Value("tnt.user_name"));
        Assert.Equal("AUTH app sync=2", frames[^1].Info);
    }

    [Fact]
    public void ExtValues_DecimalUuidDatetime_AreRendered()
    {
        var insert = Msg(H("""
            82 00 02 01 01 82 10 cd 02 00
            21 93
               d6 01 02 12 34 5c          # decimal: scale 2, digits 12345, sign c → 123.45
               d8 02 00112233445566778899aabbccddeeff  # uuid
               d7 04 00 00 00 00 00 00 00 00          # datetime: epoch
            """));
        var f = Run([C(insert)])[^1];
        Assert.Equal("[123.45, 00112233-4455-6677-8899-aabbccddeeff, 1970-01-01T00:00:00Z]", f.Value("tnt.tuple"));
        Assert.Equal("123.45", f.Value("tnt.mp.decimal"));
    }

    [Fact]
    public void Heuristic_FindsTarantoolOnAnotherPort_FromTheGreeting()
    {
        var frames = Run([S(Greeting()), C(s_ping), S(s_ok)], port: 4444);
        Assert.EndsWith(":tarantool", frames[3].Protocols, StringComparison.Ordinal);
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void Heuristic_RejectsMySqlAndCqlTraffic()
    {
        // A MySQL server greeting: 3-byte length, sequence 0, protocol 10, version string.
        var mysql = H("4a 00 00 00 0a 35 2e 35 2e 35 2d 31 30 2e 31 31 00 01 00 00 00 41 41 41 41 41 41 41 41 00 ff f7");
        var frames = Run([S(mysql)], port: 4445);
        Assert.DoesNotContain("tarantool", frames[^1].Protocols, StringComparison.Ordinal);
        // A CQL v4 OPTIONS request.
        frames = Run([C(H("04 00 00 00 05 00 00 00 00"))], port: 4446);
        Assert.DoesNotContain("tarantool", frames[^1].Protocols, StringComparison.Ordinal);
        // Plain text.
        frames = Run([C("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray())], port: 4447);
        Assert.DoesNotContain("tarantool", frames[^1].Protocols, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeAs_ForcesTarantool()
    {
        var frames = Run([C(s_ping)], port: 5555, decodeAs: "tcp.port==5555,tarantool");
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void MidConnectionStart_WithoutGreeting_StillDecodes()
    {
        var frames = Run([S(s_ok), C(s_ping)]);
        Assert.Equal("7", frames[^2].Value("tnt.sync"));
        Assert.Equal("0x0000", frames[^2].Value("tnt.type"));
        Assert.Equal("0x0040", frames[^1].Value("tnt.type"));
    }

    [Fact]
    public void Garbage_IsUnparsed_AndTheStreamResyncs()
    {
        var frames = Run([C(H("c1 c1 c1 de ad be ef")), C(s_ping)]);
        Assert.False(frames[3].Has("tnt.sync"));
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void AbsurdStringLength_IsAnExpertItem_AndTheNextMessageDecodes()
    {
        var bad = Msg(H("82 00 08 01 02 81 27 db ff ff ff ff 61 62"));   // EVAL, expr str of 4 GiB
        var frames = Run([C(bad), C(s_ping)]);
        Assert.True(frames[3].Has("tnt.count_too_large") || frames[3].Has("tnt.truncated"));
        Assert.Equal("2", frames[3].Value("tnt.sync"));
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void AbsurdArrayAndMapCounts_AreRefusedBeforeSizing()
    {
        var arr = Msg(H("82 00 01 01 02 81 20 dd ff ff ff ff 01"));
        var map = Msg(H("82 00 01 01 03 df 7f ff ff ff 10 01"));
        var frames = Run([C(arr), C(map), C(s_ping)]);
        Assert.True(frames[3].Has("tnt.count_too_large"));
        Assert.True(frames[4].Has("tnt.count_too_large"));
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void DeepNesting_StopsAtTheDepthLimit()
    {
        var nested = Enumerable.Repeat((byte)0x91, 200).Append((byte)0x01).ToArray();
        var msg = Msg([.. H("82 00 02 01 04 82 10 cd 02 00 21"), .. nested]);
        var frames = Run([C(msg), C(s_ping)]);
        Assert.True(frames[3].Has("tnt.too_deep"));
        Assert.Equal("512", frames[3].Value("tnt.space_id"));
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void HugeLengthPrefix_IsADesync_AndTheStreamResyncs()
    {
        var frames = Run([C(H("ce 7f ff ff ff 82 00 40")), C(s_ping)]);
        Assert.Equal("7", frames[^1].Value("tnt.sync"));
    }

    [Fact]
    public void WrongExtSize_IsFlagged()
    {
        var msg = Msg(H("82 00 02 01 04 82 10 cd 02 00 21 91 d6 02 00 00 00 00"));  // a 4-byte uuid
        var f = Run([C(msg)])[^1];
        Assert.True(f.Has("tnt.bad_ext_size"));
    }

    [Fact]
    public void EverySplitPoint_GivesTheSameMessages()
    {
        var data = s_ping.Concat(Msg(H("82 00 01 01 09 82 10 cd 02 00 20 91 cd 01 18"))).ToArray();
        for (int cut = 1; cut < data.Length; cut++)
        {
            var frames = Run([C(data[..cut]), C(data[cut..])]);
            var syncs = frames.SelectMany(f => f.Values("tnt.sync")).ToArray();
            Assert.Equal(["7", "9"], syncs);
        }
    }

    [Fact]
    public void SeededMutations_NeverThrow()
    {
        var baseMsgs = new[]
        {
            Msg(H("82 00 01 01 04 86 10 cd 02 00 11 00 14 00 13 00 12 ce ff ff ff ff 20 91 cd 01 18")),
            Msg(H("82 00 00 01 0a 82 32 91 85 00 a2 44 44 01 a7 69 6e 74 65 67 65 72 03 c2 04 c3 05 c0 30 91 92 01 a1 61")),
            Msg(H("82 00 cd 80 03 01 05 82 31 a3 64 75 70 52 81 00 91 83 00 a1 43 03 a1 78 05 03")),
        };
        var rng = new Random(20261201);
        for (int round = 0; round < 300; round++)
        {
            var m = baseMsgs[round % baseMsgs.Length].ToArray();
            int flips = 1 + rng.Next(4);
            for (int i = 0; i < flips; i++)
            {
                m[5 + rng.Next(m.Length - 5)] = (byte)rng.Next(256);
            }

            var flow = Flow();
            flow.Send(true, m);
            flow.Send(true, s_ping);
            var h = new TarantoolHarness();
            h.Run(flow.Frames);
            Assert.True(h.DissectorBugs == 0, $"round {round}: {Convert.ToHexString(m)}");
        }
    }
}

/// <summary>One payload in a test flow.</summary>
internal static class TcpFlowBuilderExt
{
    internal readonly record struct Step(bool FromClient, byte[] Bytes);
}
