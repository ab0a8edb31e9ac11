using static Dissectors.Protocols.Tests.Cql.Cql;
using static Dissectors.Protocols.Tests.Cql.CqlMessageTests;

namespace Dissectors.Protocols.Tests.Cql;

/// <summary>ERROR bodies: every code of native_protocol_v4.spec §9 / v5 §8 with its additional data.</summary>
public class CqlErrorTests
{
    private static DissectedFrame Error(int code, byte[] data, int version = 4)
    {
        var h = new CqlHarness();
        var f = Exchange(h, (false, Response(version, 12, 0x00, Concat(Int(code), Str("boom"), data))))[0];
        Assert.Equal(0, h.MalformedCount);
        Assert.False(f.Has("cql.trailing_bytes"), "data left over");
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Value("cql.error_code"));
        Assert.Equal("boom", f.Value("cql.string"));
        Assert.Equal("boom", f.Value("cql.error.message"));
        return f;
    }

    [Theory]
    [InlineData(0x0000, "Server error")]
    [InlineData(0x000A, "Protocol error")]
    [InlineData(0x0100, "Bad credentials")]
    [InlineData(0x1001, "Overloaded")]
    [InlineData(0x1002, "Is_bootstrapping")]
    [InlineData(0x1003, "Truncate_error")]
    [InlineData(0x1600, "CDC_write_failure")]
    [InlineData(0x2000, "Syntax_error")]
    [InlineData(0x2100, "Unauthorized")]
    [InlineData(0x2200, "Invalid")]
    [InlineData(0x2300, "Config_error")]
    public void CodesWithoutData_ShowCodeNameAndMessage(int code, string name)
    {
        var f = Error(code, []);
        Assert.Equal($"v4 S->C Type ERROR {name} (0x{code:x4}): boom", f.Info);
        Assert.Contains(name, f.Labels("cql.error_code")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_ClRequiredAlive()
    {
        var f = Error(0x1000, H("""
            00 04           # consistency QUORUM
            00 00 00 02     # required
            00 00 00 01     # alive
            """));
        Assert.Equal("0x0004", f.Value("cql.error.consistency"));
        Assert.False(f.Has("cql.consistency"));
        Assert.Equal("2", f.Value("cql.error.required"));
        Assert.Equal("1", f.Value("cql.error.alive"));
    }

    [Fact]
    public void WriteTimeout_V4_And_V5CasContentions()
    {
        var v4 = Error(0x1100, Concat(H("0001 00000000 00000001"), Str("SIMPLE")));
        Assert.Equal("0", v4.Value("cql.error.received"));
        Assert.Equal("1", v4.Value("cql.error.block_for"));
        Assert.Equal("SIMPLE", v4.Value("cql.error.write_type"));

        var v5 = Error(0x1100, Concat(H("0009 00000001 00000002"), Str("CAS"), H("0003")), version: 5);
        Assert.Equal("CAS", v5.Value("cql.error.write_type"));
        Assert.Equal("3", v5.Value("cql.error.contentions"));
    }

    [Fact]
    public void ReadTimeout_DataPresent()
    {
        var f = Error(0x1200, H("0001 00000001 00000002 01"));
        Assert.Equal("1", f.Value("cql.error.data_present"));
    }

    [Fact]
    public void ReadFailure_V4Count_V5ReasonMap()
    {
        var v4 = Error(0x1300, H("0004 00000001 00000002 00000001 00"));
        Assert.Equal("1", v4.Value("cql.error.num_failures"));
        Assert.Equal("0", v4.Value("cql.error.data_present"));

        var v5 = Error(0x1300, H("""
            0004 00000001 00000002      # cl, received, blockfor
            00000001                    # reason map: 1 entry
            04 7f000003 0001            #   127.0.0.3 -> READ_TOO_MANY_TOMBSTONES
            01                          # data present
            """), version: 5);
        Assert.Equal("127.0.0.3", v5.Value("cql.error.failure.ipv4"));
        Assert.Equal("1", v5.Value("cql.error.failure.reason"));
    }

    [Fact]
    public void ReasonMap_NamesEveryCassandraFailureReason()
    {
        // Codes from Apache Cassandra's RequestFailureReason; 12 is not assigned (shown as unknown).
        (int Code, string Name)[] reasons =
        [
            (4, "READ_SIZE"), (5, "NODE_DOWN"), (6, "INDEX_NOT_AVAILABLE"), (7, "READ_TOO_MANY_INDEXES"),
            (8, "NOT_CMS"), (9, "INVALID_ROUTING"), (10, "COORDINATOR_BEHIND"),
            (11, "RETRY_ON_DIFFERENT_TRANSACTION_SYSTEM"), (503, "INDEX_BUILD_IN_PROGRESS"), (12, "Unknown"),
        ];
        var map = new List<byte>(H("0004 00000001 00000002")) { 0, 0, 0, (byte)reasons.Length };   // cl, received, blockfor, map size
        foreach (var (code, _) in reasons)
        {
            map.AddRange(H("04 0a000001"));                  // 10.0.0.1
            map.Add((byte)(code >> 8));
            map.Add((byte)code);
        }

        map.Add(0);                                         // data present
        var f = Error(0x1300, [.. map], version: 5);
        Assert.Equal(reasons.Select(r => r.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)), f.Values("cql.error.failure.reason"));
        var registry = new CqlHarness().Engine.Registry;
        Assert.True(registry.TryGet("cql.error.failure.reason", out var id));
        var names = registry[id].Values!;
        foreach (var (code, name) in reasons)
        {
            if (name == "Unknown")
            {
                Assert.False(names.TryGetName(code, out _));
            }
            else
            {
                Assert.True(names.TryGetName(code, out string got));
                Assert.Equal(name, got);
            }
        }

        Assert.True(names.TryGetName(3, out string three));
        Assert.Equal("INCOMPATIBLE_SCHEMA", three);
    }

    [Fact]
    public void WriteFailure_V4_And_V5()
    {
        var v4 = Error(0x1500, Concat(H("0004 00000001 00000002 00000001"), Str("BATCH")));
        Assert.Equal("BATCH", v4.Value("cql.error.write_type"));
        var v5 = Error(0x1500, Concat(H("0004 00000001 00000002 00000001 10 00000000000000000000000000000001 0002"), Str("SIMPLE")), version: 5);
        Assert.Equal("::1", v5.Value("cql.error.failure.ipv6"));
        Assert.Equal("SIMPLE", v5.Value("cql.error.write_type"));
    }

    [Fact]
    public void FunctionFailure_KeyspaceFunctionArgs()
    {
        var f = Error(0x1400, Concat(Str("ks"), Str("fn"), StringList("int", "text")));
        Assert.Equal("ks", f.Value("cql.keyspace"));
        Assert.Equal("fn", f.Value("cql.error.function"));
        Assert.Equal(["int", "text"], f.Values("cql.error.arg_type"));
    }

    [Fact]
    public void CasWriteUnknown()
    {
        var f = Error(0x1700, H("0008 00000000 00000002"), version: 5);
        Assert.Equal("0x0008", f.Value("cql.error.consistency"));
        Assert.Equal("2", f.Value("cql.error.block_for"));
    }

    [Fact]
    public void AlreadyExists_KeyspaceAndTable()
    {
        var f = Error(0x2400, Concat(Str("ks"), Str("t2")));
        Assert.Equal("ks", f.Value("cql.keyspace"));
        Assert.Equal("t2", f.Value("cql.table"));
    }

    [Fact]
    public void Unprepared_IdIsNotAQueryId()
    {
        var f = Error(0x2500, ShortBytes(H("deadbeef")));
        Assert.Equal("deadbeef", f.Value("cql.error.unprepared_id"));
        Assert.False(f.Has("cql.query_id"));
    }

    [Fact]
    public void RateLimit_WithoutSupported_IsRecognisedByItsShape()
    {
        var f = Error(0xF000, H("00 01"));
        Assert.Equal("0", f.Value("cql.error.rate_limit.op_type"));
        Assert.Equal("1", f.Value("cql.error.rate_limit.rejected_by_coordinator"));
    }
}
