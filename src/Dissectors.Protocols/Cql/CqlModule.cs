using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Cql;

/// <summary>
/// The CQL protocol: fields, port 9042, a strict header heuristic for other ports, and the state shared
/// by all CQL connections of a run (prepared statements per server, interned query texts, forward links
/// for a second pass).
/// <para>Single-threaded like the pipeline that drives it.</para>
/// </summary>
public sealed class CqlModule : IProtocolModule, IForwardLinks
{
    public const ushort DefaultPort = 9042;

    private CqlFields? _fields;
    private CqlExpert? _expert;
    private byte[] _scratch = new byte[4096];

    public string Name => "cql";

    internal CqlFields Fields => _fields ?? throw new InvalidOperationException("RegisterFields has not run");

    internal CqlExpert Expert => _expert ?? throw new InvalidOperationException("RegisterFields has not run");

    internal CqlPreparedStore Prepared { get; } = new();

    internal CqlTextStore Texts { get; } = new();

    /// <summary>ScyllaDB's rate-limit error code per server, learnt from SUPPORTED (<c>SCYLLA_RATE_LIMIT_ERROR</c>).</summary>
    internal Dictionary<Endpoint, int> RateLimitCodes { get; } = [];

    /// <summary>
    /// Response frame of each request (request frame, stream id), kept only when
    /// <see cref="RecordResponseLinks"/> is on; a second pass (<see cref="FrameInfo.SecondPass"/>) over the
    /// same module shows them on the requests as <c>cql.response_in</c>.
    /// </summary>
    internal Dictionary<(uint Frame, short Stream), uint> ResponseLinks { get; } = [];

    /// <summary>
    /// Remember request → response links during a first pass, for a second pass (tshark's <c>-2</c>) to show
    /// <c>cql.response_in</c>. Off by default: a single pass cannot use them and they grow with the capture.
    /// </summary>
    public bool RecordResponseLinks { get; set; }

    private readonly Stack<CqlStreamTable> _streamTables = new();

    /// <summary>An empty stream table for a connection (reused from one that ended, when there is one).</summary>
    internal CqlStreamTable RentStreamTable() => _streamTables.Count > 0 ? _streamTables.Pop() : new();

    /// <summary>
    /// Takes back the stream table of an ended connection. Kept only while few are spare and the table is
    /// not one a connection with thousands of streams grew (stream ids are shorts: at most 32,768 entries).
    /// </summary>
    internal void ReturnStreamTable(CqlStreamTable table)
    {
        if (_streamTables.Count < 256 && table.Capacity <= 2048)
        {
            table.Clear();
            _streamTables.Push(table);
        }
    }

    // What the tree keeps, decided together once per tree (a run has one or two) on the module: connections
    // are many and the field list is long, so per-connection answers walked the registry thousands of times.
    private FieldTree? _decidedFor;
    private bool _bodyWanted;
    private bool _transactionWanted;
    private bool _headerWanted;

    private void Decide(FieldTree t)
    {
        var f = Fields;
        _bodyWanted = t.WantsExperts || AnyBodyField(t);
        _transactionWanted = _bodyWanted || t.Wants(f.ResponseTo) || t.Wants(f.ResponseTime) || t.Wants(f.ResponseIn);
        _headerWanted = t.WantsExperts || (t.WantsFieldsOf(f.Protocol)
            && (t.Wants(f.ProtocolVersion) || t.Wants(f.Direction) || t.Wants(f.Flags) || t.Wants(f.FlagsCompression)
                || t.Wants(f.FlagsTracing) || t.Wants(f.FlagsCustomPayload) || t.Wants(f.FlagsWarning) || t.Wants(f.FlagsBeta)
                || t.Wants(f.FlagsReserved) || t.Wants(f.Stream) || t.Wants(f.MessageLength)));
        _decidedFor = t;
    }

    /// <summary>Whether the tree keeps an expert item or any CQL field that only a body carries.</summary>
    internal bool BodyFieldsWanted(FieldTree t)
    {
        if (!ReferenceEquals(_decidedFor, t))
        {
            Decide(t);
        }

        return _bodyWanted;
    }

    /// <summary>
    /// Whether a kept field needs requests matched to responses: a body field (a response body is decoded
    /// with its request) or one of the links and the response time.
    /// </summary>
    internal bool TransactionFieldsWanted(FieldTree t)
    {
        if (!ReferenceEquals(_decidedFor, t))
        {
            Decide(t);
        }

        return _transactionWanted;
    }

    /// <summary>
    /// Whether any header item beyond the version and the opcode is kept (the version's and the flags'
    /// subtrees, the stream, the length), or expert items, which the flags can raise. A filter on
    /// cql.opcode alone then adds two items a message, not twelve.
    /// </summary>
    internal bool HeaderDetailWanted(FieldTree t)
    {
        if (!ReferenceEquals(_decidedFor, t))
        {
            Decide(t);
        }

        return _headerWanted;
    }

    private bool AnyBodyField(FieldTree t)
    {
        var f = Fields;
        if (!t.WantsFieldsOf(f.Protocol))
        {
            return false;
        }

        foreach (var def in t.Registry.All)
        {
            if (def.Protocol == f.Protocol && !def.IsProtocol && !IsHeaderField(f, def.Id) && t.Wants(def.Id))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHeaderField(CqlFields f, FieldId id) =>
        id == f.Version || id == f.ProtocolVersion || id == f.Direction || id == f.Flags || id == f.FlagsCompression
        || id == f.FlagsTracing || id == f.FlagsCustomPayload || id == f.FlagsWarning || id == f.FlagsBeta || id == f.FlagsReserved
        || id == f.Stream || id == f.Opcode || id == f.MessageLength || id == f.ResponseTo || id == f.ResponseTime || id == f.ResponseIn;

    /// <summary>
    /// Prepared statements (and the query texts they carry) are per server, shared by every connection to
    /// it, and an id prepared on one node is looked up on the others; only message bodies touch them.
    /// </summary>
    public bool SharesStateAcrossConversations(FieldTree tree) => tree.BuildsEverything || BodyFieldsWanted(tree);

    public void RegisterFields(FieldRegistry registry)
    {
        _fields = new CqlFields(registry);
        _expert = new CqlExpert(registry);
    }

    public void RegisterHandoffs(DissectorTable table)
    {
        table.AddPort(DefaultPort, this);
        table.AddHeuristic(this);
    }

    public IStreamDissector CreateStreamDissector(ConversationInfo conversation) => new CqlDissector(this, conversation);

    public HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer) => CqlHeader.Heuristic(data, fromServer);

    /// <summary>Text and metadata scratch every connection's dissector borrows during one call.</summary>
    internal SharedScratch Shared { get; } = new();

    internal sealed class SharedScratch
    {
        public Dissectors.Core.Buffers.Utf8Builder Text { get; } = new(256);
        public Dissectors.Core.Buffers.Utf8Builder Label { get; } = new(128);
        public Dissectors.Core.Buffers.Utf8Builder Value { get; } = new(64);
        public Dissectors.Core.Buffers.Utf8Builder Digits { get; } = new(32);
        public CqlMetadata Metadata { get; } = new();
        public CqlMetadata PreparedMetadata { get; } = new();
    }

    /// <summary>A scratch buffer of at least <paramref name="size"/> bytes, valid until the next call.</summary>
    internal Span<byte> Scratch(int size)
    {
        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, _scratch.Length * 2)];
        }

        return _scratch.AsSpan(0, size);
    }

    /// <summary>Drops a scratch buffer grown by one huge body so it is not kept for the rest of the run.</summary>
    internal void TrimScratch()
    {
        if (_scratch.Length > 4 * 1024 * 1024)
        {
            _scratch = new byte[4096];
        }
    }
}
