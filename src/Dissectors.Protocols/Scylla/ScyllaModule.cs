using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Scylla;

/// <summary>
/// ScyllaDB's inter-node RPC (Seastar RPC): fields, port 7000 (ScyllaDB's <c>storage_port</c>), and a
/// heuristic on the <c>SSTARRPC</c> negotiation magic for other ports. tshark 4.0 registers no port.
/// <para>Single-threaded like the pipeline that drives it.</para>
/// </summary>
public sealed class ScyllaModule : IProtocolModule, IForwardLinks
{
    public const ushort DefaultPort = 7000;

    /// <summary>ScyllaDB's <c>ssl_storage_port</c>: the same RPC inside TLS, shown as encrypted data.</summary>
    public const ushort TlsPort = 7001;

    private ScyllaFields? _fields;
    private ScyllaExpert? _expert;
    private byte[] _scratch = new byte[4096];

    public string Name => "scylla";

    internal ScyllaFields Fields => _fields ?? throw new InvalidOperationException("RegisterFields has not run");

    internal ScyllaExpert Expert => _expert ?? throw new InvalidOperationException("RegisterFields has not run");

    /// <summary>
    /// Response frame of each request frame, kept only when <see cref="RecordResponseLinks"/> is on; a second
    /// pass (<see cref="FrameInfo.SecondPass"/>) shows them on the requests as <c>scylla.request.response</c>.
    /// </summary>
    internal Dictionary<uint, uint> ResponseLinks { get; } = [];

    /// <summary>Remember request → response links during a first pass for a second pass (tshark's <c>-2</c>).</summary>
    public bool RecordResponseLinks { get; set; }

    internal Dissectors.Core.Buffers.Utf8Builder Text { get; } = new(256);

    public void RegisterFields(FieldRegistry registry)
    {
        _fields = new ScyllaFields(registry);
        _expert = new ScyllaExpert(registry);
    }

    public void RegisterHandoffs(DissectorTable table)
    {
        table.AddPort(DefaultPort, this);
        table.AddPort(TlsPort, this);
        table.AddHeuristic(this);
    }

    public IStreamDissector CreateStreamDissector(ConversationInfo conversation) => new ScyllaDissector(this, conversation);

    /// <summary>Mine when the first bytes are the negotiation magic; a prefix of it asks for more.</summary>
    public HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer)
    {
        var magic = ScyllaHeader.Magic;
        int n = Math.Min(data.Length, magic.Length);
        if (!data[..n].SequenceEqual(magic[..n]))
        {
            return HeuristicResult.NotMine;
        }

        return n < magic.Length ? HeuristicResult.NeedMore : HeuristicResult.Mine;
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

    /// <summary>Drops a scratch buffer grown by one huge message so it is not kept for the rest of the run.</summary>
    internal void TrimScratch()
    {
        if (_scratch.Length > 4 * 1024 * 1024)
        {
            _scratch = new byte[4096];
        }
    }
}
