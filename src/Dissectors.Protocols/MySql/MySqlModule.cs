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
