namespace Dissectors.Protocols.Cql;

/// <summary>CQL opcodes (native_protocol_v4.spec §2.4; there is no 0x04).</summary>
internal enum CqlOpcode : byte
{
    Error = 0x00,
    Startup = 0x01,
    Ready = 0x02,
    Authenticate = 0x03,
    Options = 0x05,
    Supported = 0x06,
    Query = 0x07,
    Result = 0x08,
    Prepare = 0x09,
    Execute = 0x0A,
    Register = 0x0B,
    Event = 0x0C,
    Batch = 0x0D,
    AuthChallenge = 0x0E,
    AuthResponse = 0x0F,
    AuthSuccess = 0x10,
}

/// <summary>RESULT kinds (§4.2.5).</summary>
internal enum CqlResultKind
{
    Void = 1,
    Rows = 2,
    SetKeyspace = 3,
    Prepared = 4,
    SchemaChange = 5,
}

/// <summary>Type option ids (§4.2.5.2), plus the v6 draft's vector id.</summary>
internal enum CqlType : ushort
{
    Custom = 0x00,
    Ascii = 0x01,
    Bigint = 0x02,
    Blob = 0x03,
    Boolean = 0x04,
    Counter = 0x05,
    Decimal = 0x06,
    Double = 0x07,
    Float = 0x08,
    Int = 0x09,
    Timestamp = 0x0B,
    Uuid = 0x0C,
    Varchar = 0x0D,
    Varint = 0x0E,
    Timeuuid = 0x0F,
    Inet = 0x10,
    Date = 0x11,
    Time = 0x12,
    Smallint = 0x13,
    Tinyint = 0x14,
    Duration = 0x15,
    Vector = 0x16,
    List = 0x20,
    Map = 0x21,
    Set = 0x22,
    Udt = 0x30,
    Tuple = 0x31,
}

/// <summary>Compression negotiated (STARTUP <c>COMPRESSION</c>) or inferred for a connection.</summary>
internal enum CqlCompression : byte
{
    /// <summary>No STARTUP seen: inferred from the bytes of the first compressed body.</summary>
    Unknown,
    None,
    Lz4,
    Snappy,
}

/// <summary>Header flags (§2.2).</summary>
[Flags]
internal enum CqlFlags : byte
{
    None = 0,
    Compression = 0x01,
    Tracing = 0x02,
    CustomPayload = 0x04,
    Warning = 0x08,
    UseBeta = 0x10,
}

/// <summary>Query parameter flags (§4.1.4); a [byte] before v5, an [int] from v5.</summary>
[Flags]
internal enum CqlQueryFlags
{
    None = 0,
    Values = 0x01,
    SkipMetadata = 0x02,
    PageSize = 0x04,
    PagingState = 0x08,
    SerialConsistency = 0x10,
    DefaultTimestamp = 0x20,
    ValueNames = 0x40,
    WithKeyspace = 0x80,
    NowInSeconds = 0x100,
}

/// <summary>Rows metadata flags (§4.2.5.2).</summary>
[Flags]
internal enum CqlRowsFlags
{
    None = 0,
    GlobalTablesSpec = 0x01,
    HasMorePages = 0x02,
    NoMetadata = 0x04,
    MetadataChanged = 0x08,
}

/// <summary>Limits chosen against hostile input.</summary>
internal static class CqlLimits
{
    /// <summary>The spec's frame limit ("currently a frame is limited to 256MB").</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>Nesting depth of types and values dissect follows (the spec sets none; real schemas stay under 5).</summary>
    public const int MaxTypeDepth = 32;

    /// <summary>Type nodes kept for one metadata block (a table has at most a few thousand columns).</summary>
    public const int MaxTypeNodes = 65_536;

    /// <summary>Prepared statements remembered per run, and bytes of query text interned.</summary>
    public const int MaxPreparedStatements = 100_000;
    public const long MaxTextBytes = 32L * 1024 * 1024;

    /// <summary>Longest query text shown in the Info column.</summary>
    public const int InfoQueryChars = 80;
}
