using Dissectors.Core.Conversations;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Protocols.Tarantool;

/// <summary>
/// Tarantool iproto: fields, port 3301, and a heuristic for other ports (the greeting's "Tarantool " prefix,
/// or a MsgPack length followed by a header map whose first key is a header key).
/// </summary>
public sealed class TarantoolModule : IProtocolModule, IForwardLinks
{
    public const ushort DefaultPort = 3301;

    private TarantoolFields? _fields;
    private TarantoolExpert? _expert;

    public string Name => "tarantool";

    internal TarantoolFields Fields => _fields ?? throw new InvalidOperationException("RegisterFields has not run");

    internal TarantoolExpert Expert => _expert ?? throw new InvalidOperationException("RegisterFields has not run");

    /// <summary>Scratch text shared by every connection's dissector (dissection is single-threaded).</summary>
    internal Dissectors.Core.Buffers.Utf8Builder Text { get; } = new(1024);

    internal Dissectors.Core.Buffers.Utf8Builder Info { get; } = new(256);

    /// <summary>
    /// Response frame of each request (request frame, sync), kept only when <see cref="RecordResponseLinks"/> is
    /// on; a second pass over the same module shows them on requests as <c>tnt.response_in</c>.
    /// </summary>
    internal Dictionary<(uint Frame, ulong Sync), uint> ResponseLinks { get; } = [];

    /// <summary>Remember request → response links during a first pass (tshark's <c>-2</c>). Off by default.</summary>
    public bool RecordResponseLinks { get; set; }

    public void RegisterFields(FieldRegistry registry)
    {
        _fields = new TarantoolFields(registry);
        _expert = new TarantoolExpert(registry);
    }

    public void RegisterHandoffs(DissectorTable table)
    {
        table.AddPort(DefaultPort, this);
        table.AddHeuristic(this);
    }

    public IStreamDissector CreateStreamDissector(ConversationInfo conversation) => new TarantoolDissector(this);

    public HeuristicResult Heuristic(ReadOnlySpan<byte> data, bool fromServer) => TarantoolFraming.Heuristic(data);
}
