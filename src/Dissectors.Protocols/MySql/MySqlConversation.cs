using Dissectors.Core.Dissection;

namespace Dissectors.Protocols.MySql;

/// <summary>Where a connection is in its life.</summary>
internal enum MySqlPhase : byte
{
    /// <summary>Nothing seen yet: a greeting, or (mid-stream capture) a command.</summary>
    Start,
    /// <summary>Greeting seen; the client's login (or SSL) request comes next.</summary>
    Login,
    /// <summary>Login sent; OK, ERR, auth switch or more-data from the server.</summary>
    Auth,
    /// <summary>Command phase.</summary>
    Command,
    /// <summary>After an SSL request: TLS, not decoded.</summary>
    Tls,
}

/// <summary>What the next server packet of a response is.</summary>
internal enum MySqlResponseState : byte
{
    /// <summary>The first packet of a response (OK, ERR, EOF, LOCAL INFILE or a column count).</summary>
    Header,
    ColumnDefs,
    ColumnsEof,
    Rows,
    PrepareParams,
    PrepareParamsEof,
    PrepareColumns,
    PrepareColumnsEof,
    /// <summary>COM_FIELD_LIST: column definitions until EOF.</summary>
    FieldList,
    /// <summary>The server asked for a local file; the client sends it, then an empty packet.</summary>
    LocalInfile,
}

/// <summary>A prepared statement as COM_STMT_PREPARE_OK and its definitions described it.</summary>
internal sealed class MySqlStatement
{
    public string? Query;
    public int ParamCount;
    public int ColumnCount;

    /// <summary>Parameter types of the last execute that sent them (type byte, unsigned flag in bit 15).</summary>
    public ushort[] ParamTypes = [];
    public bool ParamTypesKnown;

    /// <summary>Column types from the prepare response (type, unsigned flag in bit 15).</summary>
    public ushort[] ColumnTypes = [];
}

/// <summary>What one MySQL connection remembers between packets.</summary>
internal sealed class MySqlConversation
{
    public const int MaxStatements = 10_000;

    public MySqlPhase Phase;
    public uint ServerCaps;
    public uint ClientCaps;
    public uint MariaDbServerCaps;
    public uint MariaDbClientCaps;

    /// <summary>The id of the statement prepared last (MariaDB: statement id 0xFFFFFFFF means that one).</summary>
    public uint LastPreparedId;

    /// <summary>The greeting's version names MariaDB (tshark then shows the collations as mariadb.* fields).</summary>
    public bool MariaDbServer;
    public bool LoginSeen;

    /// <summary>Both sides asked for compression: packets after the login's OK are compressed.</summary>
    public bool CompressNegotiated;
    public bool Zstd;

    public MySqlResponseState State;
    public int Remaining;
    public bool BinaryRows;

    /// <summary>Column types of the result being read (type, unsigned flag in bit 15).</summary>
    public ushort[] ColumnTypes = new ushort[16];
    public int ColumnTypeCount;

    public byte LastCommand = 0xFF;
    public bool CommandPending;
    public uint RequestFrame;
    public long RequestNs;
    public bool ResponseStarted;

    public string? PendingPrepareQuery;
    public MySqlStatement? Preparing;
    public uint PreparingId;

    public Dictionary<uint, MySqlStatement> Statements { get; } = [];

    public DirectionState ToServer { get; } = new();

    public DirectionState ToClient { get; } = new();

    public DirectionState Of(Direction d) => d == Direction.ToServer ? ToServer : ToClient;

    /// <summary>The server greeting was seen (its capabilities are known).</summary>
    public bool GreetingSeen;

    /// <summary>
    /// Capabilities in force: the client's, limited to what the server offers when its greeting was seen.
    /// tshark: without the login (a mid-stream capture) none are assumed, so OK/EOF carry no status.
    /// </summary>
    public uint Caps => !LoginSeen ? 0 : GreetingSeen ? ClientCaps & ServerCaps : ClientCaps;

    public bool Has(MySqlCaps c) => (Caps & (uint)c) != 0;

    /// <summary>MariaDB extended metadata in column definitions (MARIADB_CLIENT_EXTENDED_METADATA).</summary>
    public bool ExtendedMetadata => LoginSeen && (MariaDbClientCaps & MariaDbServerCaps & 0x8) != 0;

    /// <summary>Back to the state of a new connection (pooling), keeping the column-type array, emptied.</summary>
    public void Reset()
    {
        Phase = MySqlPhase.Start;
        ServerCaps = ClientCaps = MariaDbServerCaps = MariaDbClientCaps = 0;
        LastPreparedId = 0;
        MariaDbServer = LoginSeen = CompressNegotiated = Zstd = false;
        State = MySqlResponseState.Header;
        Remaining = 0;
        BinaryRows = false;
        Array.Clear(ColumnTypes);
        ColumnTypeCount = 0;
        LastCommand = 0xFF;
        CommandPending = false;
        RequestFrame = 0;
        RequestNs = 0;
        ResponseStarted = false;
        PendingPrepareQuery = null;
        Preparing = null;
        PreparingId = 0;
        Statements.Clear();
        GreetingSeen = false;
        ToServer.Reset();
        ToClient.Reset();
    }

    public void AddColumnType(ushort type)
    {
        if (ColumnTypeCount == ColumnTypes.Length)
        {
            Array.Resize(ref ColumnTypes, ColumnTypes.Length * 2);
        }

        ColumnTypes[ColumnTypeCount++] = type;
    }

    internal sealed class DirectionState
    {
        /// <summary>This direction's packets are compressed from now on.</summary>
        public bool Compressed;

        /// <summary>Payload of 0xFFFFFF packets waiting for their last part.</summary>
        public byte[] Join = [];
        public int JoinLength;
        public bool Joining;
        public bool JoinTooLarge;

        /// <summary>Decompressed bytes of a MySQL packet whose end is in the next compressed packet.</summary>
        public byte[] Carry = [];
        public int CarryLength;

        public bool ResyncPending;

        /// <summary>A packet start of this direction has been recognised (after that, lengths are trusted).</summary>
        public bool Validated;

        /// <summary>Back to the state of a new direction, keeping no buffer.</summary>
        public void Reset()
        {
            Compressed = false;
            Join = [];
            JoinLength = 0;
            Joining = false;
            JoinTooLarge = false;
            Carry = [];
            CarryLength = 0;
            ResyncPending = false;
            Validated = false;
        }

        public void ClearJoin()
        {
            JoinLength = 0;
            Joining = false;
            JoinTooLarge = false;
            if (Join.Length > 1024 * 1024)
            {
                Join = [];
            }
        }

        public void ClearCarry()
        {
            CarryLength = 0;
            if (Carry.Length > 1024 * 1024)
            {
                Carry = [];
            }
        }
    }
}
