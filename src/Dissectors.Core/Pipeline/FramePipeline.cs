using Dissectors.Core.Capture;
using Dissectors.Core.Conversations;
using Dissectors.Core.Decode;
using Dissectors.Core.Dissection;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Pipeline;

/// <summary>
/// Turns capture records into dissected frames, one at a time: frame fields, link/IP decoding, TCP
/// conversations and reassembly, protocol dissectors. After <see cref="Process"/> the frame's
/// <see cref="Tree"/>, <see cref="Columns"/> and <see cref="Frame"/> describe it until the next call.
/// <para>Single-threaded; allocation-free per frame once warm (apart from what dissectors keep as state).</para>
/// </summary>
public sealed class FramePipeline
{
    private readonly DissectionEngine _engine;
    private readonly PacketDecoder _decoder;
    private readonly TcpProcessor _tcp;
    private readonly IPDefragmenter _defrag = new();
    private PacketLayers _layers;
    private long _firstTs = long.MinValue;
    private long _prevTs;
    private long _lastDisplayedTs = long.MinValue;

    public FramePipeline(DissectionEngine engine, PipelineOptions? options = null)
    {
        options ??= new PipelineOptions();
        _engine = engine;
        Options = options;
        Tree = new FieldTree(engine.Registry, engine.Core) { WantsText = options.Labels, MaxNodes = options.MaxNodesPerFrame };
        Tree.SetBuildAll(options.BuildAll);
        Columns = new Columns { Enabled = options.Columns, KeepsAddresses = options.Columns || options.Addresses, KeepsProtocol = options.Columns || options.Labels || options.BuildAll };
        Frame = new FrameInfo();
        Damage = new DamageCounters();
        Context = new DissectContext(Tree, Columns, Frame, engine.Core);
        Conversations = new ConversationTable(options.Limits) { MaxClosedKept = options.ClosedConversationsKept, MaxPooled = options.PooledConversations };
        _decoder = new PacketDecoder(Tree, Columns, engine.Core, _defrag, Damage);
        _tcp = new TcpProcessor(Tree, Columns, engine.Core, Conversations, engine.Table, Context, Damage, _decoder);
    }

    public PipelineOptions Options { get; }

    public FieldTree Tree { get; }

    public Columns Columns { get; }

    public FrameInfo Frame { get; }

    public DamageCounters Damage { get; }

    public DissectContext Context { get; }

    public ConversationTable Conversations { get; }

    public CoreFields Core => _engine.Core;

    public DissectionEngine Engine => _engine;

    /// <summary>Frames processed so far.</summary>
    public uint FrameCount { get; private set; }

    /// <summary>Marks fields needed when not building everything (filter, <c>-e</c>, columns).</summary>
    public void SetInterest(FieldId field) => Tree.SetInterest(field);

    /// <summary>Tells the pipeline the current frame was displayed (for <c>frame.time_delta_displayed</c>).</summary>
    public void MarkDisplayed() => _lastDisplayedTs = Frame.TimestampNs;

    /// <summary>
    /// Passes over <paramref name="count"/> consecutive records another pipeline dissects (a run split by
    /// conversation between threads), the first stamped <paramref name="firstNs"/> and the last
    /// <paramref name="lastNs"/>: the capture-wide clocks (<c>frame.time_relative</c>, <c>frame.time_delta</c>)
    /// advance as if they had been dissected here. Closed conversations are retired on the same frames as in
    /// a single run when a run of skipped records never crosses a multiple of 256 frames before its last record.
    /// </summary>
    public void Skip(int count, long firstNs, long lastNs)
    {
        if (count <= 0)
        {
            return;
        }

        if (_firstTs == long.MinValue)
        {
            _firstTs = firstNs;
        }

        uint before = FrameCount;
        FrameCount += (uint)count;
        _prevTs = lastNs;
        if ((before >> 8) != (FrameCount >> 8))
        {
            Conversations.Retire(lastNs);
        }
    }

    // Look-ahead ring, one entry per frame 1..4 after the current one (index: frame number & 7): its flow
    // hash and class, whether it was in memory and belongs to this pipeline's flows, and the conversation
    // the table slot named three frames ahead, kept for the two later stages (one table probe per frame
    // instead of three; a hint like the rest: it may have been replaced since). One struct per entry:
    // each stage touches one entry, one line.
    private struct Ahead
    {
        public ulong Hash;
        public TcpConversation? Conversation;
        public uint Frame;
        public ShardKind Kind;
        public bool Owned;
    }

    private readonly Ahead[] _ahead = new Ahead[8];

    /// <summary>Cache lines of a conversation object asked for ahead (its fields and both flows' analysis state).</summary>
    private const int ConversationLines = 8;

    /// <summary>
    /// Cache hints for the frames that follow, before <see cref="Process"/> of frame <paramref name="number"/>:
    /// with thousands of connections interleaved every packet's conversation state is a chain of cache
    /// misses (table slot, conversation, its reassembly halves and dissector, the dissector's state), each
    /// waited for in turn. One link of the chain is asked for per frame: four frames ahead the table slot,
    /// three ahead the conversation the slot names, two ahead the objects it points to, one ahead the
    /// dissector's own state, so each fetch has a frame's work to arrive in. Only hints: nothing
    /// <see cref="Process"/> depends on is read or written, and a wrong guess (a new flow, a slot another
    /// flow took) costs a wasted fetch. <paramref name="worker"/> of <paramref name="workers"/> leaves out
    /// frames another pipeline dissects. Call it for every frame read, owned or not.
    /// </summary>
    public void LookAhead(ICaptureSource source, uint number, int worker = 0, int workers = 1)
    {
        var ring = _ahead;
        ref Ahead e = ref ring[(int)(number + 4) & 7];
        e.Owned = false;
        e.Frame = 0;
        e.Conversation = null;
        // Pcap files (the benchmarks, most captures) without the interface calls.
        ReadOnlySpan<byte> frame;
        LinkType link;
        bool peeked;
        if (source is PcapReader pcap)
        {
            peeked = pcap.TryPeekAhead(3, out frame);
            link = pcap.LinkType;
        }
        else
        {
            peeked = source.TryPeekAhead(3, out frame);
            link = source.LinkType;
        }

        if (peeked)
        {
            var kind = FlowShard.Classify(link, frame, out ulong hash);
            e.Kind = kind;
            e.Hash = hash;
            e.Frame = number + 4;
            if (kind == ShardKind.Flow && (workers == 1 || FlowShard.OwnerOf(hash, workers) == worker))
            {
                e.Owned = true;
                Conversations.PrefetchSlot((int)hash);
            }
        }

        Follow(ring, number);
    }

    // The same stages over the frames one worker of a split count dissects, numbered in their own sequence
    // (the frame numbers between them belong to other workers): see LookAheadOwned.
    private readonly Ahead[] _owned = new Ahead[8];
    private uint _ownedSeq;

    /// <summary>
    /// <see cref="LookAhead"/> for a worker that is handed only its own frames (from a <see cref="Capture.BlockIndex"/>):
    /// call it before each of them with the class and hash of its fourth frame after (<paramref name="known"/>
    /// false when there is none in view). <see cref="PrimeOwned"/> gives the first three.
    /// </summary>
    public void LookAheadOwned(bool known, ShardKind kind, ulong hash, ReadOnlySpan<byte> frame)
    {
        uint seq = ++_ownedSeq;
        Fill(ref _owned[(int)(seq + 4) & 7], known, kind, hash, frame);
        Follow(_owned, seq);
    }

    /// <summary>The frame <paramref name="distance"/> (1 to 3) after the next one <see cref="LookAheadOwned"/> is called for.</summary>
    public void PrimeOwned(int distance, ShardKind kind, ulong hash, ReadOnlySpan<byte> frame) =>
        Fill(ref _owned[(int)(_ownedSeq + 1 + distance) & 7], true, kind, hash, frame);

    private void Fill(ref Ahead e, bool known, ShardKind kind, ulong hash, ReadOnlySpan<byte> frame)
    {
        e.Conversation = null;
        e.Frame = 0;
        e.Owned = known && kind == ShardKind.Flow;
        e.Kind = kind;
        e.Hash = hash;
        if (e.Owned)
        {
            Conversations.PrefetchSlot((int)hash);
            // Its headers, which only the reader that indexed the block (maybe on the other core) has touched.
            CachePrefetch.Bytes(frame, 0, 2 * CachePrefetch.LineSize);
        }
    }

    /// <summary>The later stages of the look-ahead for the frames 3, 2 and 1 after <paramref name="number"/> in <paramref name="ring"/>.</summary>
    private void Follow(Ahead[] ring, uint number)
    {
        ref Ahead e = ref ring[(int)(number + 3) & 7];
        if (e.Owned)
        {
            var ahead = Conversations.PeekByHash((int)e.Hash);
            e.Conversation = ahead;
            CachePrefetch.Object(ahead, ConversationLines);
        }

        if (ring[(int)(number + 2) & 7].Conversation is { } conv)
        {
            CachePrefetch.Object(conv.Half(0), 2);
            CachePrefetch.Object(conv.Half(1), 2);
            CachePrefetch.Object(conv.Info, 1);
            CachePrefetch.Object(conv.Dissector, 2);
        }

        e = ref ring[(int)(number + 1) & 7];
        if (e.Conversation is { Dissector: { } dissector })
        {
            dissector.PrefetchState();
        }

        // Frame number + 1 is next: its hint is used up (and must not keep a retired conversation alive).
        e.Conversation = null;
    }

    /// <summary>
    /// What <see cref="FlowShard.Classify"/> said of frame <paramref name="number"/> when
    /// <see cref="LookAhead"/> peeked at it four frames earlier (with the link type of its source); false
    /// when it did not (the frame was not in memory then, or look-ahead was not called for every frame).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryClassified(uint number, out ShardKind kind, out ulong hash)
    {
        ref readonly Ahead e = ref _ahead[(int)number & 7];
        kind = e.Kind;
        hash = e.Hash;
        return number != 0 && e.Frame == number;
    }

    /// <summary>
    /// Dissects one record of <paramref name="source"/> as frame number <paramref name="number"/>, with the
    /// source's pcapng facts (a pcap file has none: it is asked nothing, which saves three interface calls a frame).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Process(in CaptureRecord record, uint number, ICaptureSource source)
    {
        if (source is PcapReader)
        {
            Process(record, number);
        }
        else
        {
            Process(record, number, source.IsPcapng, source.SectionNumber, source.InterfaceName(record.InterfaceId));
        }
    }

    // A flow hash the caller already knows for frame _hintFrame (a split count's block index).
    private uint _hintFrame;
    private ulong _hintHash;

    /// <summary>
    /// Dissects one pcap record as frame <paramref name="number"/>, whose <see cref="FlowShard"/> class was
    /// <see cref="ShardKind.Flow"/> with <paramref name="flowHash"/> (so the conversation key need not hash it).
    /// </summary>
    public void ProcessFlow(in CaptureRecord record, uint number, ulong flowHash)
    {
        _hintFrame = number;
        _hintHash = flowHash;
        Process(record, number);
    }

    /// <summary>Dissects one record as frame number <paramref name="number"/>.</summary>
    public void Process(in CaptureRecord record, uint number, bool pcapng = false, int sectionNumber = 0, string? interfaceName = null)
    {
        FrameCount++;
        var fi = Frame;
        long ts = record.TimestampNs;
        if (_firstTs == long.MinValue)
        {
            _firstTs = ts;
            _prevTs = ts;
        }

        fi.Number = number;
        fi.TimestampNs = ts;
        fi.RelativeNs = ts - _firstTs;
        fi.DeltaNs = ts - _prevTs;
        fi.DeltaDisplayedNs = _lastDisplayedTs == long.MinValue ? 0 : ts - _lastDisplayedTs;
        fi.CapturedLength = record.CapturedLength;
        fi.OriginalLength = record.OriginalLength;
        fi.InterfaceId = record.InterfaceId;
        fi.LinkType = record.LinkType;
        // Reference fields are stored only when they change (nearly never: pcap has neither), saving a GC
        // write barrier per frame each.
        if (!ReferenceEquals(fi.Comment, record.Comment))
        {
            fi.Comment = record.Comment;
        }

        fi.FileOffset = record.FileOffset;
        fi.PacketFlags = record.PacketFlags;
        fi.SectionNumber = sectionNumber;
        if (!ReferenceEquals(fi.InterfaceName, interfaceName))
        {
            fi.InterfaceName = interfaceName;
        }

        _prevTs = ts;

        var tree = Tree;
        tree.BeginFrame(record.Data);
        Columns.Reset();
        try
        {
            _decoder.AddFrame(fi, pcapng);
            var data = record.Data.Span;
            if (_decoder.DecodeLink(record.LinkType, data, ref _layers) && _layers.Transport >= 0)
            {
                var source = tree.SourceBytes(_layers.TransportSource);
                int off = Math.Clamp(_layers.TransportOffset, 0, source.Length);
                int len = Math.Clamp(_layers.TransportLength, 0, source.Length - off);
                var segment = source.Slice(off, len);
                tree.SetSource(_layers.TransportSource, off);
                switch (_layers.Transport)
                {
                    case 6:
                        // The look-ahead's flow hash of this frame is the conversation key's (FlowShard follows
                        // the decoder's layers), so the key need not hash the endpoints again.
                        ulong hash = _hintHash;
                        bool hashed = (_hintFrame == number || (TryClassified(number, out ShardKind kind, out hash) && kind == ShardKind.Flow))
                            && _layers.TransportSource == DataSources.Frame;
                        _tcp.Process(fi, segment, in _layers, hashed, (int)hash);
                        break;
                    case 17:
                        _decoder.DecodeUdp(segment, ref _layers);
                        break;
                    default:
                        _decoder.PushProtocol("data");
                        _decoder.AddData(0, segment.Length, default);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last-resort guard: a decoder bug is recorded on the frame, never fatal.
            tree.CloseTo(0);
            tree.SetSource(DataSources.Frame, 0);
            Damage.DissectorBugs++;
            Damage.Malformed++;
            int m = tree.Open(Core.Ws.Malformed, 0, 0);
            tree.SetLabel(m, "[Malformed Packet: dissector bug]");
            tree.AddExpert(Core.Ws.DissectorBug, 0, 0, "Dissector bug: " + ex.GetType().Name + ": " + ex.Message);
            tree.Close(m);
        }

        tree.CloseTo(0);
        tree.SetSource(DataSources.Frame, 0);
        if (tree.HitNodeLimit)
        {
            Damage.Malformed++;
        }

        _decoder.FinishFrame();
        if ((FrameCount & 0xFF) == 0)
        {
            Conversations.Retire(ts);
        }
    }

    /// <summary>End of input: counts unfinished PDUs and releases stream buffers.</summary>
    public void Finish() => _tcp.FinishAll();
}
