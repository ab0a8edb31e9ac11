using Dissectors.Core.Dissection;
using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Conversations;

/// <summary>How a TCP conversation ended (for <c>dissect conv</c> and the completeness field).</summary>
[Flags]
public enum TcpCompleteness : byte
{
    None = 0,
    Syn = 1,
    SynAck = 2,
    Ack = 4,
    Data = 8,
    Fin = 16,
    Rst = 32,
}

/// <summary>
/// One TCP conversation: its <c>tcp.stream</c> index, the two directions' analysis and reassembly state,
/// the chosen dissector and traffic counters. Directions are indexed by sender: 0 = the flow key's low
/// endpoint, 1 = its high endpoint.
/// </summary>
public sealed class TcpConversation
{
    public TcpConversation(FlowKey key, ConversationInfo info, ReassemblyLimits limits)
    {
        Key = key;
        Info = info;
        _halfLow = new HalfStream(limits);
        _halfHigh = new HalfStream(limits);
    }

    public FlowKey Key { get => _key; private set => _key = value; }

    private FlowKey _key;

    /// <summary>Whether this conversation's key is <paramref name="key"/>, comparing in place.</summary>
    internal bool HasKey(in FlowKey key) => _key.Matches(in key);

    public ConversationInfo Info { get; }

    /// <summary>True once the table forgot the conversation (its object may be reused).</summary>
    public bool Retired { get; internal set; }

    /// <summary>
    /// Makes a retired object a fresh conversation (pooling). <see cref="Info"/> stays the same object, made
    /// to describe the new conversation by the caller; the old dissector is kept aside for <see cref="TakeSpare"/>.
    /// </summary>
    internal void Reset(FlowKey key)
    {
        Key = key;
        _spareModule = Module;
        _spareDissector = Dissector;
        _flowLow.Reset();
        _flowHigh.Reset();
        _halfLow.Reset();
        _halfHigh.Reset();
        Module = null;
        Dissector = null;
        Decided = false;
        HeuristicTries = 0;
        Completeness = TcpCompleteness.None;
        FirstTimeNs = LastTimeNs = SynTimeNs = InitialRttNs = ClosedAtNs = 0;
        Closed = false;
        Retired = false;
        FirstFrame = LastFrame = 0;
        FramesA = FramesB = BytesA = BytesB = 0;
        MidStream = false;
    }

    public uint StreamIndex => Info.StreamIndex;

    private TcpFlow _flowLow = new();
    private TcpFlow _flowHigh = new();

    /// <summary>Analysis state by sender index (0: the key's low endpoint), by reference.</summary>
    public ref TcpFlow Flow(int sender) => ref sender == 0 ? ref _flowLow : ref _flowHigh;

    // Two fields, not an array: one object and one dependent load fewer per conversation and packet.
    private readonly HalfStream _halfLow;
    private readonly HalfStream _halfHigh;

    /// <summary>Reassembly state by sender index (like <see cref="Flow"/>).</summary>
    public HalfStream Half(int sender) => sender == 0 ? _halfLow : _halfHigh;

    public IProtocolModule? Module { get; set; }

    public IStreamDissector? Dissector { get; set; }

    // The dissector of the conversation this object held before it was retired, and its module.
    private IProtocolModule? _spareModule;
    private IStreamDissector? _spareDissector;

    /// <summary>
    /// The dissector of the conversation this object held before, if it was of <paramref name="module"/>
    /// (see <see cref="ConversationTable.NewDissector"/>); asked once, then forgotten.
    /// </summary>
    internal IStreamDissector? TakeSpare(IProtocolModule module)
    {
        var spare = ReferenceEquals(_spareModule, module) ? _spareDissector : null;
        _spareDissector = null;
        _spareModule = null;
        return spare;
    }

    /// <summary>The dissector choice is final (port, decode-as, heuristic verdict, or given up).</summary>
    public bool Decided { get; set; }

    public int HeuristicTries { get; set; }

    public TcpCompleteness Completeness { get; set; }

    public long FirstTimeNs { get; set; }

    public long LastTimeNs { get; set; }

    public long SynTimeNs { get; set; }

    /// <summary>Initial RTT (SYN to the handshake's final ACK), 0 when unknown.</summary>
    public long InitialRttNs { get; set; }

    public bool Closed { get; set; }

    public long ClosedAtNs { get; set; }

    public uint FirstFrame { get; set; }

    public uint LastFrame { get; set; }

    public long FramesA { get; set; }

    public long FramesB { get; set; }

    public long BytesA { get; set; }

    public long BytesB { get; set; }

    /// <summary>True if the first captured packet was not a SYN (the capture started mid-connection).</summary>
    public bool MidStream { get; set; }

    /// <summary>Sender index (0/1) of a packet from <paramref name="source"/>.</summary>
    public int SenderIndex(in Endpoint source) => source == Key.Low ? 0 : 1;

    /// <summary>The reassembly direction of a packet from <paramref name="source"/>.</summary>
    public Direction DirectionOf(in Endpoint source) => source == Info.Client ? Direction.ToServer : Direction.ToClient;

    /// <summary>Frees buffers and dissector state once the conversation is over.</summary>
    public void ReleaseBuffers()
    {
        _halfLow.Release();
        _halfHigh.Release();
    }
}
