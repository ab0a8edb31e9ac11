using Dissectors.Core.Dissection;
using Dissectors.Core.Reassembly;

namespace Dissectors.Core.Conversations;

/// <summary>
/// TCP conversations by 4-tuple, numbered in order of first appearance (<c>tcp.stream</c>, as Wireshark
/// numbers them; a SYN that reuses the ports of an earlier, different connection starts a new stream).
/// Finished conversations give back their buffers at once and are forgotten entirely once
/// <see cref="RetireAfterNs"/> of capture time has passed since they closed, or when more than
/// <see cref="MaxClosedKept"/> closed ones are waiting, so memory stays flat however long the capture is.
/// (A packet that arrives for a forgotten conversation starts a new stream; tshark would keep the old
/// number. With the defaults this needs a stray packet seconds after the close, behind thousands of
/// other closed connections.)
/// </summary>
public sealed class ConversationTable
{
    private readonly FlowTable _byKey = new();
    private readonly Stack<TcpConversation> _pool = new();
    private readonly Queue<TcpConversation> _closed = new();
    private readonly ReassemblyLimits _limits;
    private uint _nextStream;

    public ConversationTable(ReassemblyLimits limits) => _limits = limits;

    /// <summary>Capture time after which a closed conversation is forgotten (a late packet then starts a new stream).</summary>
    public long RetireAfterNs { get; init; } = 10L * 1_000_000_000;

    /// <summary>
    /// Closed conversations kept before the oldest are forgotten regardless of time. Settable until the
    /// first frame (a split count shares one run's number among its workers).
    /// </summary>
    public int MaxClosedKept { get; set; } = DefaultMaxClosedKept;

    /// <summary>Retired conversation objects kept for reuse (with their info and dissector).</summary>
    public int MaxPooled { get; init; } = DefaultMaxPooled;

    public const int DefaultMaxClosedKept = 8192;

    public const int DefaultMaxPooled = 4096;

    public int Count => _byKey.Count;

    public uint StreamsCreated => _nextStream;

    public ReassemblyLimits Limits => _limits;

    public bool TryGet(in FlowKey key, out TcpConversation conversation) => _byKey.TryGetValue(key, out conversation!);

    /// <summary>Cache hint: the table slot a lookup of a key with this hash reads first.</summary>
    internal void PrefetchSlot(int hash) => _byKey.PrefetchSlot(hash);

    /// <summary>The conversation a key with this hash most likely names (hints only; keys are not compared).</summary>
    internal TcpConversation? PeekByHash(int hash) => _byKey.PeekByHash(hash);

    /// <summary>Creates a conversation for <paramref name="key"/>, replacing any previous one with the same key.</summary>
    public TcpConversation Create(in FlowKey key, Endpoint client, Endpoint server, ServerSide how, uint frame, long timeNs)
    {
        uint stream = _nextStream++;
        TcpConversation conv;
        if (_pool.Count > 0)
        {
            conv = _pool.Pop();
            conv.Reset(key);
            conv.Info.Reset(stream, client, server, how, frame, timeNs);
        }
        else
        {
            conv = new TcpConversation(key, new ConversationInfo(stream, client, server, how, frame, timeNs), _limits);
        }

        conv.FirstFrame = frame;
        conv.FirstTimeNs = timeNs;
        conv.LastTimeNs = timeNs;
        var previous = _byKey.Set(key, conv);
        previous?.ReleaseBuffers();
        return conv;
    }

    /// <summary>Dissectors of forgotten conversations that later conversations of the same protocol took over.</summary>
    public long DissectorsReused { get; private set; }

    /// <summary>
    /// A dissector of <paramref name="module"/> for <paramref name="conv"/>: the one the object's previous
    /// conversation used, if it was of the same module and can start afresh
    /// (<see cref="IStreamDissector.TryReuse"/>), otherwise a new one. A capture of many short connections
    /// then allocates no dissector state per connection once the pool is warm.
    /// </summary>
    public IStreamDissector NewDissector(TcpConversation conv, IProtocolModule module)
    {
        if (conv.TakeSpare(module) is { } spare && spare.TryReuse(conv.Info))
        {
            DissectorsReused++;
            return spare;
        }

        return module.CreateStreamDissector(conv.Info);
    }

    /// <summary>Marks a conversation finished: buffers go back now, the entry later.</summary>
    public void MarkClosed(TcpConversation conv, long timeNs)
    {
        if (conv.Closed)
        {
            return;
        }

        conv.Closed = true;
        conv.ClosedAtNs = timeNs;
        _closed.Enqueue(conv);
    }

    /// <summary>Forgets closed conversations that are old enough (call once per frame with the capture time).</summary>
    public void Retire(long nowNs)
    {
        while (_closed.Count > 0)
        {
            var c = _closed.Peek();
            bool old = nowNs - c.ClosedAtNs > RetireAfterNs || _closed.Count > MaxClosedKept;
            if (!old)
            {
                return;
            }

            _closed.Dequeue();
            c.ReleaseBuffers();
            c.Retired = true;
            if (_byKey.Remove(c.Key, c) && _pool.Count < MaxPooled)
            {
                // Reuse the object (and its grown arrays) for a later conversation: no garbage per connection.
                _pool.Push(c);
            }
        }
    }

    /// <summary>
    /// Every conversation still known (or those of them <paramref name="include"/> accepts), in stream order
    /// (for end-of-capture flushing and reports).
    /// </summary>
    public List<TcpConversation> Snapshot(Predicate<TcpConversation>? include = null)
    {
        var list = new List<TcpConversation>();
        foreach (var c in _byKey.Values)
        {
            if (!(c.Closed && c.Retired) && (include is null || include(c)))
            {
                list.Add(c);
            }
        }

        list.Sort(static (a, b) => a.StreamIndex.CompareTo(b.StreamIndex));
        return list;
    }
}
