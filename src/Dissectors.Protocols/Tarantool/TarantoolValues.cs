using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Tarantool;

/// <summary>Iproto constants (tarantool <c>src/box/iproto_constants.h</c>, <c>iproto_features.h</c>, <c>mp_extension_types.h</c>).</summary>
internal static class TarantoolValues
{
    public const int Ok = 0x00;
    public const int Chunk = 0x80;
    public const int ErrorFlag = 0x8000;

    /// <summary>Request/response type codes and Tarantool's upper-case names.</summary>
    private static readonly (int Code, string Name)[] s_types =
    [
        (0, "OK"), (1, "SELECT"), (2, "INSERT"), (3, "REPLACE"), (4, "UPDATE"), (5, "DELETE"), (6, "CALL_16"),
        (7, "AUTH"), (8, "EVAL"), (9, "UPSERT"), (10, "CALL"), (11, "EXECUTE"), (12, "NOP"), (13, "PREPARE"),
        (14, "BEGIN"), (15, "COMMIT"), (16, "ROLLBACK"), (17, "INSERT_ARROW"), (18, "DELETE_RANGE"),
        (30, "RAFT"), (31, "RAFT_PROMOTE"), (32, "RAFT_DEMOTE"), (40, "RAFT_CONFIRM"), (41, "RAFT_ROLLBACK"),
        (64, "PING"), (65, "JOIN"), (66, "SUBSCRIBE"), (67, "VOTE_DEPRECATED"), (68, "VOTE"), (69, "FETCH_SNAPSHOT"),
        (70, "REGISTER"), (71, "JOIN_META"), (72, "JOIN_SNAPSHOT"), (73, "ID"), (74, "WATCH"), (75, "UNWATCH"),
        (76, "EVENT"), (77, "WATCH_ONCE"), (100, "VY_INDEX_RUN_INFO"), (101, "VY_INDEX_PAGE_INFO"),
        (102, "VY_RUN_ROW_INDEX"), (128, "CHUNK"),
    ];

    private static readonly string?[] s_upper = BuildNames(false);
    private static readonly string?[] s_lower = BuildNames(true);

    private static string?[] BuildNames(bool lower)
    {
        var a = new string?[129];
        foreach (var (code, name) in s_types)
        {
            a[code] = lower ? name.ToLowerInvariant() : name;
        }

        return a;
    }

    /// <summary><c>tnt.type</c>: every code by name, and the error range as ERROR.</summary>
    public static readonly ValueStrings Type = BuildTypeStrings();

    private static ValueStrings BuildTypeStrings()
    {
        var ranges = new List<(long, long, string)>();
        foreach (var (code, name) in s_types)
        {
            ranges.Add((code, code, name));
        }

        ranges.Add((ErrorFlag, 0xFFFF, "ERROR"));
        return ValueStrings.FromRanges([.. ranges]);
    }

    /// <summary>Tarantool's name of a type code (upper case), or null.</summary>
    public static string? TypeName(ulong code) => code < (ulong)s_upper.Length ? s_upper[code] : null;

    /// <summary>The Lua plugin's lower-case request name (<c>tnt.request</c>), or null.</summary>
    public static string? RequestName(ulong code) => code < (ulong)s_lower.Length ? s_lower[code] : null;

    public static bool IsResponse(ulong type) => type == Ok || type == Chunk || (type & ErrorFlag) != 0;

    /// <summary>Iterator types (<c>src/box/iterator_type.h</c>).</summary>
    public static readonly ValueStrings Iterator = ValueStrings.From(
        (0, "EQ"), (1, "REQ"), (2, "ALL"), (3, "LT"), (4, "LE"), (5, "GE"), (6, "GT"), (7, "BITS_ALL_SET"),
        (8, "BITS_ANY_SET"), (9, "BITS_ALL_NOT_SET"), (10, "OVERLAPS"), (11, "NEIGHBOR"), (12, "NP"), (13, "PP"));

    /// <summary>Protocol features returned by ID (<c>src/box/iproto_features.h</c>, version 10).</summary>
    public static readonly ValueStrings Feature = ValueStrings.From(
        (0, "STREAMS"), (1, "TRANSACTIONS"), (2, "ERROR_EXTENSION"), (3, "WATCHERS"), (4, "PAGINATION"),
        (5, "SPACE_AND_INDEX_NAMES"), (6, "WATCH_ONCE"), (7, "DML_TUPLE_EXTENSION"), (8, "CALL_RET_TUPLE_EXTENSION"),
        (9, "CALL_ARG_TUPLE_EXTENSION"), (10, "FETCH_SNAPSHOT_CURSOR"), (11, "IS_SYNC"), (12, "INSERT_ARROW"));

    /// <summary>MsgPack extension types Tarantool defines (<c>src/lib/core/mp_extension_types.h</c>).</summary>
    public static readonly ValueStrings ExtType = ValueStrings.From(
        (1, "DECIMAL"), (2, "UUID"), (3, "ERROR"), (4, "DATETIME"), (5, "COMPRESSION"), (6, "INTERVAL"), (7, "TUPLE"), (8, "ARROW"));

    public static string? ExtName(int ext) => ext switch
    {
        1 => "decimal",
        2 => "uuid",
        3 => "error",
        4 => "datetime",
        5 => "compression",
        6 => "interval",
        7 => "tuple",
        8 => "arrow",
        _ => null,
    };

    /// <summary>Header key names (for unknown-key labels).</summary>
    public static string KeyName(ulong key) => key switch
    {
        0x00 => "REQUEST_TYPE", 0x01 => "SYNC", 0x02 => "REPLICA_ID", 0x03 => "LSN", 0x04 => "TIMESTAMP",
        0x05 => "SCHEMA_VERSION", 0x06 => "SERVER_VERSION", 0x07 => "GROUP_ID", 0x08 => "TSN", 0x09 => "FLAGS",
        0x0a => "STREAM_ID", 0x0b => "THREAD_ID", 0x10 => "SPACE_ID", 0x11 => "INDEX_ID", 0x12 => "LIMIT",
        0x13 => "OFFSET", 0x14 => "ITERATOR", 0x15 => "INDEX_BASE", 0x1f => "FETCH_POSITION", 0x20 => "KEY",
        0x21 => "TUPLE", 0x22 => "FUNCTION_NAME", 0x23 => "USER_NAME", 0x24 => "INSTANCE_UUID",
        0x25 => "REPLICASET_UUID", 0x26 => "VCLOCK", 0x27 => "EXPR", 0x28 => "OPS", 0x29 => "BALLOT",
        0x2a => "TUPLE_META", 0x2b => "OPTIONS", 0x2c => "OLD_TUPLE", 0x2d => "NEW_TUPLE", 0x2e => "AFTER_POSITION",
        0x2f => "AFTER_TUPLE", 0x30 => "DATA", 0x31 => "ERROR_24", 0x32 => "METADATA", 0x33 => "BIND_METADATA",
        0x34 => "BIND_COUNT", 0x35 => "POSITION", 0x36 => "ARROW", 0x37 => "BEGIN_KEY", 0x38 => "END_KEY",
        0x40 => "SQL_TEXT", 0x41 => "SQL_BIND", 0x42 => "SQL_INFO", 0x43 => "STMT_ID", 0x50 => "REPLICA_ANON",
        0x51 => "ID_FILTER", 0x52 => "ERROR", 0x53 => "TERM", 0x54 => "VERSION", 0x55 => "FEATURES",
        0x56 => "TIMEOUT", 0x57 => "EVENT_KEY", 0x58 => "EVENT_DATA", 0x59 => "TXN_ISOLATION", 0x5a => "VCLOCK_SYNC",
        0x5b => "AUTH_TYPE", 0x5c => "REPLICASET_NAME", 0x5d => "INSTANCE_NAME", 0x5e => "SPACE_NAME",
        0x5f => "INDEX_NAME", 0x60 => "TUPLE_FORMATS", 0x61 => "IS_SYNC", 0x62 => "IS_CHECKPOINT_JOIN",
        0x63 => "CHECKPOINT_VCLOCK", 0x64 => "CHECKPOINT_LSN",
        _ => "UNKNOWN",
    };
}

/// <summary>Limits chosen against hostile input.</summary>
internal static class TarantoolLimits
{
    /// <summary>IPROTO_PACKET_SIZE_MAX is 2 GiB; more than the reassembler would ever buffer, so anything above 256 MiB is treated as a desync.</summary>
    public const long MaxPacketBytes = 256L * 1024 * 1024;

    /// <summary>IPROTO_GREETING_SIZE: two 64-byte lines.</summary>
    public const int GreetingSize = 128;

    public const int GreetingLineSize = 64;

    /// <summary>Nesting depth of MsgPack values dissect follows.</summary>
    public const int MaxDepth = 32;

    /// <summary>Tree nodes made for the values of one message (beyond it, values are summarised only).</summary>
    public const int MaxValueNodes = 20_000;

    /// <summary>Characters of a value's JSON-like text (a 200 KB tuple is shown shortened).</summary>
    public const int MaxValueText = 512;

    /// <summary>Characters of SQL/expression text in the Info column.</summary>
    public const int InfoTextChars = 80;

    /// <summary>Open requests remembered per connection.</summary>
    public const int MaxOpenRequests = 65_536;
}
