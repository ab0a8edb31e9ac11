using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// Value strings of the CQL fields. Those tshark 4.0 has are copied name for name (<c>tshark -G values</c>),
/// typos included where filters depend on them; additions are marked.
/// </summary>
internal static class CqlValues
{
    public static readonly ValueStrings Direction = ValueStrings.From((0x0, "Request"), (0x8, "Response"));

    public static readonly ValueStrings Opcode = ValueStrings.From(
        (0, "ERROR"), (1, "STARTUP"), (2, "READY"), (3, "AUTHENTICATE"), (5, "OPTIONS"), (6, "SUPPORTED"),
        (7, "QUERY"), (8, "RESULT"), (9, "PREPARE"), (10, "EXECUTE"), (11, "REGISTER"), (12, "EVENT"),
        (13, "BATCH"), (14, "AUTH_CHALLENGE"), (15, "AUTH_RESPONSE"), (16, "AUTH_SUCCESS"));

    public static readonly ValueStrings BatchType = ValueStrings.From((0, "LOGGED"), (1, "UNLOGGED"), (2, "COUNTER"));

    public static readonly ValueStrings BatchQueryType = ValueStrings.From((0, "QUERY"), (1, "PREPARED"));

    public static readonly ValueStrings Consistency = ValueStrings.From(
        (0x0, "ANY"), (0x1, "ONE"), (0x2, "TWO"), (0x3, "THREE"), (0x4, "QUORUM"), (0x5, "ALL"),
        (0x6, "LOCAL_QUORUM"), (0x7, "EACH_QUORUM"), (0x8, "SERIAL"), (0x9, "LOCAL_SERIAL"), (0xa, "LOCAL_ONE"));

    public static readonly ValueStrings ResultKind = ValueStrings.From(
        (1, "VOID"), (2, "Rows"), (3, "Set Keyspace"), (4, "Prepared"), (5, "Schema Change"));

    // tshark: 49 is "TUBPLE" (sic) and is kept first so output and filters match tshark; "TUPLE" is accepted
    // in filters too. DURATION (v5, used by v4 drivers as well) is an addition tshark 4.0 lacks.
    public static readonly ValueStrings DataType = ValueStrings.From(
        (0, "CUSTOM"), (1, "ASCII"), (2, "BIGINT"), (3, "BLOB"), (4, "BOOLEAN"), (5, "COUNTER"), (6, "DECIMAL"),
        (7, "DOUBLE"), (8, "FLOAT"), (9, "INT"), (11, "TIMESTAMP"), (12, "UUID"), (13, "VARCHAR"), (14, "VARINT"),
        (15, "TIMEUUID"), (16, "INET"), (17, "DATE"), (18, "TIME"), (19, "SMALLINT"), (20, "TINYINT"),
        (21, "DURATION"), (32, "LIST"), (33, "MAP"), (34, "SET"), (48, "UDT"), (49, "TUBPLE"), (49, "TUPLE"));

    /// <summary>Error codes of the spec's section 9 (v4) / 8 (v5). tshark 4.0 has no value string; dissect shows names in labels only.</summary>
    public static readonly ValueStrings ErrorCode = ValueStrings.From(
        (0x0000, "Server error"), (0x000A, "Protocol error"), (0x0100, "Bad credentials"), (0x1000, "Unavailable"),
        (0x1001, "Overloaded"), (0x1002, "Is_bootstrapping"), (0x1003, "Truncate_error"), (0x1100, "Write_timeout"),
        (0x1200, "Read_timeout"), (0x1300, "Read_failure"), (0x1400, "Function_failure"), (0x1500, "Write_failure"),
        (0x1600, "CDC_write_failure"), (0x1700, "CAS_write_unknown"), (0x2000, "Syntax_error"), (0x2100, "Unauthorized"),
        (0x2200, "Invalid"), (0x2300, "Config_error"), (0x2400, "Already_exists"), (0x2500, "Unprepared"));

    /// <summary>ScyllaDB's rate-limit error body: which operation hit the per-partition limit.</summary>
    public static readonly ValueStrings RateLimitOp = ValueStrings.From((0, "Read"), (1, "Write"));

    /// <summary>
    /// v5 failure reason codes in Read_failure/Write_failure reason maps: Apache Cassandra's
    /// <c>RequestFailureReason</c> (exceptions/RequestFailureReason.java). 0-3 since 4.0, 4-6 since 4.1,
    /// 7 since 5.0, 8-11 and 503 (ported from a fork, offset to avoid clashes) on trunk; codes are never
    /// reused. ScyllaDB writes Read/Write_failure only with the v4 failure count (no reason map), so it adds
    /// none. DataStax Enterprise numbers its own enum differently (2 = INDEX_NOT_AVAILABLE there).
    /// </summary>
    public static readonly ValueStrings FailureReason = ValueStrings.From(
        (0, "UNKNOWN"), (1, "READ_TOO_MANY_TOMBSTONES"), (2, "TIMEOUT"), (3, "INCOMPATIBLE_SCHEMA"),
        (4, "READ_SIZE"), (5, "NODE_DOWN"), (6, "INDEX_NOT_AVAILABLE"), (7, "READ_TOO_MANY_INDEXES"),
        (8, "NOT_CMS"), (9, "INVALID_ROUTING"), (10, "COORDINATOR_BEHIND"),
        (11, "RETRY_ON_DIFFERENT_TRANSACTION_SYSTEM"), (503, "INDEX_BUILD_IN_PROGRESS"));

    /// <summary>Wireshark's checksum status names (<c>proto_checksum_vals</c>).</summary>
    public static readonly ValueStrings ChecksumStatus = ValueStrings.From((0, "Bad"), (1, "Good"), (2, "Unverified"));

    public static string OpcodeName(int opcode) => Opcode.TryGetName(opcode, out string n) ? n : "";
}
