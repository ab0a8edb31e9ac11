using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.MySql;

/// <summary>
/// The MySQL/MariaDB client/server protocol: fields, port 3306, and a strict server-greeting heuristic for
/// other ports. Single-threaded like the pipeline that drives it.
/// </summary>
public sealed class MySqlModule : IProtocolModule, IForwardLinks
{
    public const ushort DefaultPort = 3306;

    private MySqlFields? _fields;
    private MySqlExpert? _expert;
    private byte[] _scratch = new byte[4096];

    public string Name => "mysql";

    internal MySqlFields Fields => _fields ?? throw new InvalidOperationException("RegisterFields has not run");

    internal MySqlExpert Expert => _expert ?? throw new InvalidOperationException("RegisterFields has not run");

    /// <summary>
    /// Remember command → first response frame during a first pass, for a second pass
    /// (<see cref="FrameInfo.SecondPass"/>, tshark's <c>-2</c>) to show <c>mysql.response_in</c> on commands.
    /// Off by default: a single pass cannot use the links and they grow with the capture.
    /// </summary>
    public bool RecordResponseLinks { get; set; }

    /// <summary>First response frame of each command frame (filled when <see cref="RecordResponseLinks"/> is on).</summary>
    internal Dictionary<uint, uint> ResponseLinks { get; } = [];

    /// <summary>
    /// Whether a text-protocol row packet shows nothing this run keeps: no tree output, labels, columns or
    /// expert items, and none of the fields a row adds (mysql.packet_length, mysql.packet_number,
    /// mysql.response_to, mysql.response_time, mysql.row.text) wanted. Rows are then only checked (so damage
    /// is counted as before) and given their protocol item; nothing else of them is decoded. Decided once per
    /// tree, since what a run keeps is fixed before its first frame.
    /// </summary>
    internal bool RowsUnseen(DissectContext ctx)
    {
        if (!ReferenceEquals(_rowsTree, ctx.Tree))
        {
            var t = ctx.Tree;
            var f = Fields;
            _rowsTree = t;
            _rowsUnseen = !t.BuildsEverything && !t.WantsText && !ctx.Columns.Enabled && !t.WantsExperts
                && !t.Wants(f.PacketLength) && !t.Wants(f.PacketNumber) && !t.Wants(f.ResponseTo) && !t.Wants(f.ResponseTime)
                && !t.Wants(f.RowText);
            BatchRows = _rowsUnseen && !t.WantsProtocolItem(f.Protocol) && !t.Wants(ctx.Core.Frame.Protocols);
        }

        return _rowsUnseen;
    }

    /// <summary>
    /// Set with <see cref="RowsUnseen"/> when, besides, neither the mysql items themselves nor frame.protocols
    /// are wanted: then one PDU may be a run of whole text rows (<see cref="MySqlDissector.GetPduLength"/>),
    /// since how many PDUs a frame had shows nowhere. False until the first PDU was dissected.
    /// </summary>
    internal bool BatchRows { get; private set; }

    /// <summary>PDUs that were runs of several rows (tests: the batching really happened).</summary>
    internal long RowRuns { get; set; }

    private FieldTree? _rowsTree;
    private bool _rowsUnseen;

    /// <summary>Text scratch every connection's dissector borrows during one call.</summary>
    internal Dissectors.Core.Buffers.Utf8Builder Text { get; } = new(256);

    public void RegisterFields(FieldRegistry registry)
    {
        _fields = new MySqlFields(registry);
        _expert = new MySqlExpert(registry);
    }

    public void RegisterHandoffs(DissectorTable table)
    {
        table.AddPort(DefaultPort, this);
        table.AddHeuristic(this);
    }

    public IStreamDissector CreateStreamDissector(ConversationInfo conversation) => new MySqlDissector(this, conversation);

    public HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer) => MySqlPacket.GreetingHeuristic(data);

    /// <summary>A scratch buffer of at least <paramref name="size"/> bytes, valid until the next call.</summary>
    internal Span<byte> Scratch(int size)
    {
        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, _scratch.Length * 2)];
        }

        return _scratch.AsSpan(0, size);
    }

    /// <summary>The zstd decompressor of this module's conversations (its state is fixed-size; made on first use).</summary>
    internal ZstdSharp.Decompressor Zstd => _zstd ??= new ZstdSharp.Decompressor();

    private ZstdSharp.Decompressor? _zstd;

    /// <summary>Drops a scratch buffer grown by one huge payload so it is not kept for the rest of the run.</summary>
    internal void TrimScratch()
    {
        if (_scratch.Length > 4 * 1024 * 1024)
        {
            _scratch = new byte[4096];
        }
    }
}
