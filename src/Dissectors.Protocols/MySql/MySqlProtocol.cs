namespace Dissectors.Protocols.MySql;

/// <summary>Command bytes (MySQL internals manual, "Text Protocol" and "Prepared Statements"; MariaDB's bulk execute).</summary>
internal enum MySqlCommand : byte
{
    Sleep = 0,
    Quit = 1,
    InitDb = 2,
    Query = 3,
    FieldList = 4,
    CreateDb = 5,
    DropDb = 6,
    Refresh = 7,
    Shutdown = 8,
    Statistics = 9,
    ProcessInfo = 10,
    Connect = 11,
    ProcessKill = 12,
    Debug = 13,
    Ping = 14,
    Time = 15,
    DelayedInsert = 16,
    ChangeUser = 17,
    BinlogDump = 18,
    TableDump = 19,
    ConnectOut = 20,
    RegisterSlave = 21,
    StmtPrepare = 22,
    StmtExecute = 23,
    StmtSendLongData = 24,
    StmtClose = 25,
    StmtReset = 26,
    SetOption = 27,
    StmtFetch = 28,
    Daemon = 29,
    BinlogDumpGtid = 30,
    ResetConnection = 31,
    StmtBulkExecute = 250,
}

/// <summary>Capability flags (lower and upper 16 bits of the 32-bit client/server capabilities).</summary>
[Flags]
internal enum MySqlCaps : uint
{
    None = 0,
    LongPassword = 0x1,
    ConnectWithDb = 0x8,
    Compress = 0x20,
    LocalFiles = 0x80,
    Protocol41 = 0x200,
    Ssl = 0x800,
    Transactions = 0x2000,
    SecureConnection = 0x8000,
    MultiStatements = 0x1_0000,
    MultiResults = 0x2_0000,
    PluginAuth = 0x8_0000,
    ConnectAttrs = 0x10_0000,
    PluginAuthLenencData = 0x20_0000,
    SessionTrack = 0x80_0000,
    DeprecateEof = 0x100_0000,
    ZstdCompression = 0x400_0000,
    QueryAttributes = 0x800_0000,
}

/// <summary>Server status flags used by the state machine.</summary>
[Flags]
internal enum MySqlStatus : ushort
{
    None = 0,
    MoreResultsExist = 0x8,
}

/// <summary>MySQL column (and binary value) types.</summary>
internal enum MySqlType : byte
{
    Decimal = 0,
    Tiny = 1,
    Short = 2,
    Long = 3,
    Float = 4,
    Double = 5,
    Null = 6,
    Timestamp = 7,
    LongLong = 8,
    Int24 = 9,
    Date = 10,
    Time = 11,
    DateTime = 12,
    Year = 13,
    NewDate = 14,
    VarChar = 15,
    Bit = 16,
    Json = 245,
    NewDecimal = 246,
    Enum = 247,
    Set = 248,
    TinyBlob = 249,
    MediumBlob = 250,
    LongBlob = 251,
    Blob = 252,
    VarString = 253,
    String = 254,
    Geometry = 255,
}
