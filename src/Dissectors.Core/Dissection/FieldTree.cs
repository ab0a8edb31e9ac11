using System.Runtime.CompilerServices;
using System.Text;
using Dissectors.Core.Expert;
using Dissectors.Core.Fields;

namespace Dissectors.Core.Dissection;

/// <summary>
/// The fields of one frame: a flat, pre-order array of <see cref="FieldNode"/> reused from frame to frame,
/// with a per-field chain of occurrences so a filter finds a field in O(1).
/// <para>
/// Ownership: the frame bytes passed to <see cref="BeginFrame"/> must stay valid until the next
/// <see cref="BeginFrame"/>; every span handed out by this class is valid until then too. Nothing here
/// allocates per frame once the arrays have grown to the capture's needs.
/// </para>
/// <para>
/// Interest: when <see cref="BuildsEverything"/> is false only the fields marked with
/// <see cref="SetInterest"/> (plus their protocols) are kept, Wireshark's "fake item" idea; adds of other
/// fields return -1 and cost one array read.
/// </para>
/// </summary>
public sealed class FieldTree
{
    private readonly FieldRegistry _registry;
    private readonly CoreFields _core;
    private FieldNode[] _nodes = new FieldNode[256];
    private int _count;
    private int _current = -1; // innermost open node
    private int[] _stack = new int[64];
    private int _depth;

    // Everything the hot paths know of a field, in one slot (one bounds check, one cache line): its first and
    // last occurrence in this frame, valid when Stamp == _generation (no per-frame clearing); for a protocol,
    // its layer count in this frame, valid when LayerStamp == _generation; its protocol and whether it is one
    // (copied from the registry once); and what the run wants of it.
    private struct FieldSlot
    {
        public int First;
        public int Last;
        public int Stamp;
        public int LayerStamp;
        public int ProtocolOf;
        public byte LayerCount;
        public bool IsProtocol;
        public bool Wanted;

        // Protocols asked for themselves (`mysql`, count(mysql)), not only as the parent of a wanted field.
        public bool ItemWanted;
        public bool ProtocolFieldsWanted;
    }

    private readonly FieldSlot[] _fields;
    private int _generation;
    private bool _wantAll = true;

    private ReadOnlyMemory<byte> _frame;
    private byte[] _arena = new byte[64 * 1024];
    private int _arenaUsed;
    private byte[] _labels = new byte[16 * 1024];
    private int _labelsUsed;
    private readonly SourceView[] _views = new SourceView[DataSources.Max];
    private int _viewCount;

    private byte _source;
    private int _base;

    private struct SourceView
    {
        public string Name;
        public int ArenaOffset;
        public int Length;

        // A pooled array the view holds its bytes in instead of the arena (AdoptSource); back to the pool at the next frame.
        public byte[]? Adopted;
    }

    public FieldTree(FieldRegistry registry, CoreFields core)
    {
        if (!registry.IsFrozen)
        {
            throw new InvalidOperationException("freeze the registry before building trees");
        }

        _registry = registry;
        _core = core;
        int n = registry.Count;
        _fields = new FieldSlot[n];
        for (int i = 0; i < n; i++)
        {
            var def = registry[new FieldId(i)];
            _fields[i].ProtocolOf = def.Protocol.Value;
            _fields[i].IsProtocol = def.IsProtocol;
        }
    }

    public FieldRegistry Registry => _registry;

    public CoreFields Core => _core;

    /// <summary>Maximum nodes per frame; past it adds are dropped and one expert item says so.</summary>
    public int MaxNodes { get; set; } = 1_000_000;

    /// <summary>True when every field is kept (tree output); false when only interesting fields are.</summary>
    public bool BuildsEverything => _wantAll;

    /// <summary>True when dissectors should render label text and column text (tree or summary output).</summary>
    public bool WantsText { get; set; } = true;

    public int Count => _count;

    public ReadOnlySpan<FieldNode> Nodes => _nodes.AsSpan(0, _count);

    public ref readonly FieldNode this[int index] => ref _nodes[index];

    /// <summary>Keep everything (tree output) or only the fields later marked with <see cref="SetInterest"/>.</summary>
    public void SetBuildAll(bool all) => _wantAll = all;

    /// <summary>Marks a field (and its protocol) as needed by a filter, a column or <c>-e</c>.</summary>
    public void SetInterest(FieldId id)
    {
        _fields[id.Value].Wanted = true;
        var def = _registry[id];
        if (def.IsProtocol)
        {
            _fields[id.Value].ItemWanted = true;
        }

        _fields[def.Protocol.Value].Wanted = true;
        if (!def.IsProtocol)
        {
            _fields[def.Protocol.Value].ProtocolFieldsWanted = true;
        }

        // A protocol nested in another by name (tcp.options.mss inside tcp) is only added when the outer
        // protocol's fields are decoded: want those too, or tcp.options.mss_val would never appear.
        string name = _registry[def.Protocol].Abbrev;
        for (int dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            if (_registry.TryGet(name[..dot], out FieldId outer) && _registry[outer].IsProtocol)
            {
                _fields[outer.Value].Wanted = true;
                _fields[outer.Value].ProtocolFieldsWanted = true;
            }
        }

        if (def.Abbrev.StartsWith("_ws.expert", StringComparison.Ordinal) || def.Abbrev.StartsWith("_ws.malformed", StringComparison.Ordinal))
        {
            // Expert items can hang under any protocol's fields: keep every path that may add one.
            _expertsWanted = true;
        }
    }

    private bool _expertsWanted;

    /// <summary>Whether expert items (<c>_ws.expert*</c>, <c>_ws.malformed*</c>) are kept.</summary>
    public bool WantsExperts => _wantAll || _expertsWanted;

    /// <summary>
    /// Whether any field of <paramref name="protocol"/> (other than the protocol item itself) is kept.
    /// Decoders skip the field-adding work for a protocol when this is false; they still parse what they
    /// need for the layers above and still open the protocol item (for existence tests).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool WantsFieldsOf(FieldId protocol) => _wantAll || _expertsWanted || _fields[protocol.Value].ProtocolFieldsWanted;

    /// <summary>
    /// Whether a node of some field whose abbreviation starts with <paramref name="prefix"/> would be kept
    /// (always true when building everything, and with <paramref name="orExperts"/> when expert items are
    /// wanted, since any group may add one). Walks the registry: decoders ask once per run and keep the answer.
    /// </summary>
    public bool WantsAnyStartingWith(string prefix, bool orExperts = true)
    {
        if (orExperts ? WantsExperts : _wantAll)
        {
            return true;
        }

        foreach (var def in _registry.All)
        {
            if (_fields[def.Id.Value].Wanted && def.Abbrev.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="protocol"/>'s own items matter (tree output, or the protocol named by itself in
    /// a filter or field list), not only as the parent of a wanted field: when false, a PDU that adds nothing
    /// but its protocol item may leave it out and <see cref="CountLayer"/> instead.
    /// </summary>
    public bool WantsProtocolItem(FieldId protocol) => _wantAll || _fields[protocol.Value].ItemWanted;

    /// <summary>Counts one more layer of <paramref name="protocol"/> in this frame, as opening its item would (for <c>#n</c> layer numbers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountLayer(FieldId protocol) => CountLayer(ref _fields[protocol.Value]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountLayer(ref FieldSlot protocol)
    {
        if (protocol.LayerStamp != _generation)
        {
            protocol.LayerStamp = _generation;
            protocol.LayerCount = 1;
        }
        else if (protocol.LayerCount < byte.MaxValue)
        {
            protocol.LayerCount++;
        }
    }

    /// <summary>Whether adding <paramref name="id"/> would keep a node. Dissectors may skip work when false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Wants(FieldId id) => _wantAll || _fields[id.Value].Wanted;

    /// <summary>Starts a new frame. <paramref name="frame"/> must stay valid until the next call.</summary>
    public void BeginFrame(ReadOnlyMemory<byte> frame)
    {
        _frame = frame;
        _count = 0;
        _current = -1;
        _depth = 0;
        _arenaUsed = 0;
        _labelsUsed = 0;
        for (int i = 0; i < _viewCount; i++)
        {
            if (_views[i].Adopted is { } adopted)
            {
                _views[i].Adopted = null;
                System.Buffers.ArrayPool<byte>.Shared.Return(adopted);
            }
        }

        _viewCount = 0;
        _source = DataSources.Frame;
        _base = 0;
        _truncatedReported = false;
        if (++_generation == int.MaxValue)
        {
            for (int i = 0; i < _fields.Length; i++)
            {
                _fields[i].Stamp = 0;
                _fields[i].LayerStamp = 0;
            }

            _generation = 1;
        }
    }

    // ---- data sources -------------------------------------------------------------------------

    /// <summary>Nodes added from now on are relative to <paramref name="baseOffset"/> in <paramref name="source"/>.</summary>
    public void SetSource(byte source, int baseOffset)
    {
        _source = source;
        _base = baseOffset;
    }

    public byte CurrentSource => _source;

    public int CurrentBase => _base;

    /// <summary>Copies bytes into the frame arena as a named data source (shown by <c>-x</c>) and returns its index.</summary>
    public byte AddSource(string name, ReadOnlySpan<byte> data)
    {
        if (_viewCount + 2 >= DataSources.Max)
        {
            // Too many sources in one frame: fold the rest into the last one's name space.
            return DataSources.Arena;
        }

        int off = AllocArena(data.Length);
        data.CopyTo(_arena.AsSpan(off));
        return RegisterView(name, off, data.Length);
    }

    /// <summary>
    /// Makes the first <paramref name="length"/> bytes of <paramref name="buffer"/>, an array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, a named source without copying them: the tree
    /// returns the array to the pool when the next frame begins, and nothing else may use it until then.
    /// Null when the frame has too many sources already (the caller keeps the array).
    /// </summary>
    public byte? AdoptSource(string name, byte[] buffer, int length)
    {
        if (_viewCount + 2 >= DataSources.Max)
        {
            return null;
        }

        _views[_viewCount] = new SourceView { Name = name, Length = length, Adopted = buffer };
        _viewCount++;
        return (byte)(_viewCount + 1);
    }

    /// <summary>Reserves <paramref name="length"/> bytes as a named source to be filled by the caller (e.g. decompression).</summary>
    public byte AddSource(string name, int length, out Span<byte> target)
    {
        int off = AllocArena(length);
        target = _arena.AsSpan(off, length);
        if (_viewCount + 2 >= DataSources.Max)
        {
            return DataSources.Arena;
        }

        return RegisterView(name, off, length);
    }

    private byte RegisterView(string name, int arenaOffset, int length)
    {
        _views[_viewCount] = new SourceView { Name = name, ArenaOffset = arenaOffset, Length = length };
        _viewCount++;
        return (byte)(_viewCount + 1);
    }

    /// <summary>Number of sources in this frame including the frame itself (arena excluded).</summary>
    public int SourceCount => 1 + _viewCount;

    /// <summary>Source by display order: 0 is the frame, then named sources in the order they were added.</summary>
    public (byte Index, string Name) SourceAt(int i) => i == 0 ? (DataSources.Frame, "Frame") : ((byte)(i + 1), _views[i - 1].Name);

    public ReadOnlySpan<byte> SourceBytes(byte source) => source switch
    {
        DataSources.Frame => _frame.Span,
        DataSources.Arena => _arena.AsSpan(0, _arenaUsed),
        _ => _views[source - 2].Adopted is { } adopted
            ? adopted.AsSpan(0, _views[source - 2].Length)
            : _arena.AsSpan(_views[source - 2].ArenaOffset, _views[source - 2].Length),
    };

    public ReadOnlySpan<byte> FrameBytes => _frame.Span;

    private int AllocArena(int length)
    {
        int off = _arenaUsed;
        long need = (long)off + length;
        if (need > _arena.Length)
        {
            long size = Math.Max(need, (long)_arena.Length * 2);
            if (size > Array.MaxLength)
            {
                throw new InsufficientMemoryException("frame arena exceeds the largest array");
            }

            Array.Resize(ref _arena, (int)size);
        }

        _arenaUsed = (int)need;
        return off;
    }

    // ---- building ---------------------------------------------------------------------------

    private bool _truncatedReported;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Array.Resize(ref _nodes, _nodes.Length * 2);
    }

    private int NewNode(FieldId id, int offset, int length, ulong value, NodeFlags flags)
    {
        if (_count >= MaxNodes)
        {
            _truncatedReported = true;
            return -1;
        }

        if (_count == _nodes.Length)
        {
            Grow();
        }

        int f = id.Value;
        int idx = _count++;
        ref FieldNode n = ref _nodes[idx];
        n.Field = f;
        n.Parent = _current;
        n.End = idx + 1;
        n.NextSame = -1;
        n.Source = _source;
        n.Offset = _base + offset;
        n.Length = length;
        n.Value = value;
        n.ValueSource = _source;
        n.ValueOffset = _base + offset;
        n.ValueLength = length;
        n.LabelOffset = 0;
        n.LabelLength = 0;
        n.Flags = flags;
        ref FieldSlot slot = ref _fields[f];
        n.Layer = CurrentLayer(slot.ProtocolOf);
        if (slot.Stamp == _generation)
        {
            _nodes[slot.Last].NextSame = idx;
        }
        else
        {
            slot.Stamp = _generation;
            slot.First = idx;
        }

        slot.Last = idx;
        return idx;
    }

    private byte CurrentLayer(int protocol)
    {
        ref readonly FieldSlot p = ref _fields[protocol];
        return p.LayerStamp == _generation ? p.LayerCount : (byte)1;
    }

    /// <summary>True if nodes were dropped because the frame hit <see cref="MaxNodes"/>.</summary>
    public bool HitNodeLimit => _truncatedReported;

    /// <summary>Opens a protocol or subtree node; later adds become its children until <see cref="Close"/>.</summary>
    public int Open(FieldId id, int offset, int length, ulong value = 0, NodeFlags flags = NodeFlags.None)
    {
        ref FieldSlot slot = ref _fields[id.Value];
        if (slot.IsProtocol)
        {
            CountLayer(ref slot);
        }

        if (!_wantAll && !slot.Wanted)
        {
            Push(-1);
            return -1;
        }

        int idx = NewNode(id, offset, length, value, flags);
        Push(idx);
        if (idx >= 0)
        {
            _current = idx;
        }

        return idx;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(int idx)
    {
        var stack = _stack;
        int depth = _depth;
        if ((uint)depth >= (uint)stack.Length)
        {
            stack = GrowStack();
        }

        stack[depth] = _current;
        _depth = depth + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int[] GrowStack()
    {
        Array.Resize(ref _stack, _stack.Length * 2);
        return _stack;
    }

    /// <summary>
    /// Makes the node just added (a leaf) the parent of the following adds, until <see cref="Close(int)"/>.
    /// Only the most recently added node can be reopened (the array is in pre-order); pass -1 freely.
    /// </summary>
    public void Reopen(int node)
    {
        Push(node >= 0 && node == _count - 1 ? node : -1);
        if (node >= 0 && node == _count - 1)
        {
            _current = node;
        }
    }

    /// <summary>Closes the innermost open node (pass the index <see cref="Open"/> returned, even -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Close(int index)
    {
        if (_depth == 0)
        {
            return;
        }

        if (index >= 0)
        {
            _nodes[index].End = _count;
        }

        _current = _stack[--_depth];
    }

    /// <summary>Closes a node and sets its length to end at <paramref name="endOffset"/> (relative to the current base).</summary>
    public void Close(int index, int endOffset)
    {
        if (index >= 0)
        {
            ref FieldNode n = ref _nodes[index];
            int abs = _base + endOffset;
            if (n.Source == _source && abs >= n.Offset)
            {
                n.Length = abs - n.Offset;
                n.ValueLength = n.Length;
            }
        }

        Close(index);
    }

    /// <summary>Closes every node still open (after a dissector stopped early).</summary>
    public void CloseTo(int depth)
    {
        while (_depth > depth)
        {
            int idx = _current;
            Close(idx);
        }
    }

    public int Depth => _depth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddUInt(FieldId id, int offset, int length, ulong raw, NodeFlags flags = NodeFlags.None)
    {
        if (!Wants(id))
        {
            return -1;
        }

        var def = _registry[id];
        ulong v = def.Bitmask != 0 ? (raw & def.Bitmask) >> def.Shift : raw;
        return NewNode(id, offset, length, v, flags);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddInt(FieldId id, int offset, int length, long value, NodeFlags flags = NodeFlags.None)
    {
        if (!Wants(id))
        {
            return -1;
        }

        var def = _registry[id];
        if (def.Bitmask != 0)
        {
            value = (long)(((ulong)value & def.Bitmask) >> def.Shift);
        }

        return NewNode(id, offset, length, (ulong)value, flags);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddBool(FieldId id, int offset, int length, ulong raw, NodeFlags flags = NodeFlags.None)
    {
        if (!Wants(id))
        {
            return -1;
        }

        var def = _registry[id];
        ulong v = def.Bitmask != 0 ? ((raw & def.Bitmask) != 0 ? 1UL : 0UL) : (raw != 0 ? 1UL : 0UL);
        return NewNode(id, offset, length, v, flags);
    }

    /// <summary>Adds a boolean flag and also keeps the raw containing value (for the bit-pattern rendering).</summary>
    public int AddDouble(FieldId id, int offset, int length, double value, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, length, (ulong)BitConverter.DoubleToInt64Bits(value), flags) : -1;

    /// <summary>Adds a time: nanoseconds since the Unix epoch (absolute) or a duration in ns (relative).</summary>
    public int AddTime(FieldId id, int offset, int length, long nanoseconds, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, length, (ulong)nanoseconds, flags) : -1;

    public int AddFrameNumber(FieldId id, int offset, int length, uint frame, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, length, frame, flags) : -1;

    /// <summary>An IPv4 address; <paramref name="address"/> in host order (127.0.0.1 = 0x7F000001).</summary>
    public int AddIPv4(FieldId id, int offset, uint address, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, 4, address, flags) : -1;

    /// <summary>A 6-byte MAC address read from the current source at <paramref name="offset"/>.</summary>
    public int AddEther(FieldId id, int offset, ulong address, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, 6, address, flags) : -1;

    /// <summary>An item without a value (FT_NONE) or a label-only subtree leaf.</summary>
    public int AddNone(FieldId id, int offset, int length, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, length, 0, flags) : -1;

    /// <summary>Bytes, strings, IPv6 addresses, GUIDs: the value is the node's own span.</summary>
    public int AddBytes(FieldId id, int offset, int length, NodeFlags flags = NodeFlags.None) =>
        Wants(id) ? NewNode(id, offset, length, 0, flags) : -1;

    /// <summary>A string or bytes whose value is a sub-range of the node's span (a length-prefixed string).</summary>
    public int AddBytes(FieldId id, int offset, int length, int valueOffset, int valueLength, NodeFlags flags = NodeFlags.None)
    {
        if (!Wants(id))
        {
            return -1;
        }

        int idx = NewNode(id, offset, length, 0, flags);
        if (idx >= 0)
        {
            _nodes[idx].ValueOffset = _base + valueOffset;
            _nodes[idx].ValueLength = valueLength;
        }

        return idx;
    }

    /// <summary>A string or bytes value that is not in the packet (generated): copied into the arena.</summary>
    public int AddGenerated(FieldId id, int offset, int length, ReadOnlySpan<byte> value, NodeFlags flags = NodeFlags.Generated)
    {
        if (!Wants(id))
        {
            return -1;
        }

        int idx = NewNode(id, offset, length, 0, flags);
        if (idx >= 0)
        {
            int off = AllocArena(value.Length);
            value.CopyTo(_arena.AsSpan(off));
            _nodes[idx].ValueSource = DataSources.Arena;
            _nodes[idx].ValueOffset = off;
            _nodes[idx].ValueLength = value.Length;
        }

        return idx;
    }

    /// <summary>Adds an expert item: <c>_ws.expert</c> with the item's own field, message, severity and group.</summary>
    public int AddExpert(ExpertDef expert, int offset, int length, string? message = null)
    {
        int expertIndex = expert.Index;
        bool wantTree = Wants(_core.Ws.Expert) || Wants(expert.Field) || Wants(_core.Ws.ExpertMessage)
            || Wants(_core.Ws.ExpertSeverity) || Wants(_core.Ws.ExpertGroup) || (expert.IsMalformed && Wants(_core.Ws.Malformed));
        if (!wantTree)
        {
            return -1;
        }

        int outer = Open(_core.Ws.Expert, offset, length, (ulong)expertIndex, NodeFlags.Generated | NodeFlags.Expert);
        int item = NewNodeIfWanted(expert.Field, offset, length, (ulong)expertIndex, NodeFlags.Generated | NodeFlags.Expert);
        string msg = message ?? expert.Message;
        if (item >= 0 && message is not null)
        {
            SetLabel(item, message);
        }

        if (outer >= 0)
        {
            SetLabel(outer, msg);
        }

        if (Wants(_core.Ws.ExpertMessage))
        {
            int m = AddGeneratedString(_core.Ws.ExpertMessage, offset, length, msg, NodeFlags.Generated | NodeFlags.Hidden);
            _ = m;
        }

        AddUInt(_core.Ws.ExpertSeverity, offset, length, (ulong)expert.Severity, NodeFlags.Generated);
        AddUInt(_core.Ws.ExpertGroup, offset, length, (ulong)expert.Group, NodeFlags.Generated);
        Close(outer);
        return item >= 0 ? item : outer;
    }

    private int NewNodeIfWanted(FieldId id, int offset, int length, ulong value, NodeFlags flags) =>
        Wants(id) ? NewNode(id, offset, length, value, flags) : -1;

    /// <summary>A generated string value from UTF-16 text (converted into the arena).</summary>
    public int AddGeneratedString(FieldId id, int offset, int length, ReadOnlySpan<char> text, NodeFlags flags = NodeFlags.Generated)
    {
        if (!Wants(id))
        {
            return -1;
        }

        int idx = NewNode(id, offset, length, 0, flags);
        if (idx >= 0)
        {
            int max = Encoding.UTF8.GetMaxByteCount(text.Length);
            int off = AllocArena(max);
            int written = Encoding.UTF8.GetBytes(text, _arena.AsSpan(off, max));
            _arenaUsed = off + written;
            _nodes[idx].ValueSource = DataSources.Arena;
            _nodes[idx].ValueOffset = off;
            _nodes[idx].ValueLength = written;
        }

        return idx;
    }

    /// <summary>Sets a node's label text (the whole tree line, unless flags say otherwise).</summary>
    public void SetLabel(int node, ReadOnlySpan<char> text, NodeFlags mode = NodeFlags.None)
    {
        if (node < 0 || !WantsText)
        {
            return;
        }

        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        EnsureLabels(max);
        int written = Encoding.UTF8.GetBytes(text, _labels.AsSpan(_labelsUsed));
        ref FieldNode n = ref _nodes[node];
        n.LabelOffset = _labelsUsed;
        n.LabelLength = written;
        n.Flags = (n.Flags & ~(NodeFlags.LabelIsValue | NodeFlags.LabelAppend)) | NodeFlags.HasLabel | mode;
        _labelsUsed += written;
    }

    /// <summary>Sets a node's label from UTF-8 bytes.</summary>
    public void SetLabelUtf8(int node, ReadOnlySpan<byte> utf8, NodeFlags mode = NodeFlags.None)
    {
        if (node < 0 || !WantsText)
        {
            return;
        }

        EnsureLabels(utf8.Length);
        utf8.CopyTo(_labels.AsSpan(_labelsUsed));
        ref FieldNode n = ref _nodes[node];
        n.LabelOffset = _labelsUsed;
        n.LabelLength = utf8.Length;
        n.Flags = (n.Flags & ~(NodeFlags.LabelIsValue | NodeFlags.LabelAppend)) | NodeFlags.HasLabel | mode;
        _labelsUsed += utf8.Length;
    }

    /// <summary>Replaces the value of a generated string node (e.g. <c>frame.protocols</c>, known only at the end).</summary>
    public void SetGeneratedValue(int node, ReadOnlySpan<byte> value)
    {
        if (node < 0)
        {
            return;
        }

        int off = AllocArena(value.Length);
        value.CopyTo(_arena.AsSpan(off));
        ref FieldNode n = ref _nodes[node];
        n.ValueSource = DataSources.Arena;
        n.ValueOffset = off;
        n.ValueLength = value.Length;
    }

    /// <summary>Sets a label from an interpolated string without allocating (when text is wanted).</summary>
    public void SetLabel(int node, [InterpolatedStringHandlerArgument("")] ref LabelHandler text, NodeFlags mode = NodeFlags.None)
    {
        if (node < 0 || !WantsText)
        {
            text.Discard();
            return;
        }

        ref FieldNode n = ref _nodes[node];
        n.LabelOffset = text.Start;
        n.LabelLength = _labelsUsed - text.Start;
        n.Flags = (n.Flags & ~(NodeFlags.LabelIsValue | NodeFlags.LabelAppend)) | NodeFlags.HasLabel | mode;
    }

    internal void EnsureLabels(int extra)
    {
        if ((long)_labelsUsed + extra > _labels.Length)
        {
            Array.Resize(ref _labels, (int)Math.Min(Array.MaxLength, Math.Max(_labels.Length * 2L, (long)_labelsUsed + extra)));
        }
    }

    internal int LabelsUsed
    {
        get => _labelsUsed;
        set => _labelsUsed = value;
    }

    internal byte[] LabelBuffer => _labels;

    /// <summary>Marks a node as generated/hidden after the fact.</summary>
    public void AddFlags(int node, NodeFlags flags)
    {
        if (node >= 0)
        {
            _nodes[node].Flags |= flags;
        }
    }

    /// <summary>Changes a node's length after the fact (when a length is only known at the end).</summary>
    public void SetLength(int node, int length)
    {
        if (node >= 0)
        {
            _nodes[node].Length = length;
            _nodes[node].ValueLength = length;
        }
    }

    /// <summary>Replaces an integer node's value (e.g. a count known only after parsing the elements).</summary>
    public void SetValue(int node, ulong value)
    {
        if (node >= 0)
        {
            _nodes[node].Value = value;
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /// <summary>The first node of <paramref name="id"/> in this frame, or -1; follow <see cref="FieldNode.NextSame"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int First(FieldId id)
    {
        ref readonly FieldSlot f = ref _fields[id.Value];
        return f.Stamp == _generation ? f.First : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int node) => _nodes[node].NextSame;

    public bool Has(FieldId id) => First(id) >= 0;

    public int CountOf(FieldId id)
    {
        int n = 0;
        for (int i = First(id); i >= 0; i = _nodes[i].NextSame)
        {
            n++;
        }

        return n;
    }

    public FieldDef DefOf(int node) => _registry[new FieldId(_nodes[node].Field)];

    /// <summary>Bytes a node covers in its source (what <c>-x</c> highlights and protocols compare as).</summary>
    public ReadOnlySpan<byte> SpanOf(int node)
    {
        ref FieldNode n = ref _nodes[node];
        return Slice(n.Source, n.Offset, n.Length);
    }

    /// <summary>The value bytes of a string/bytes/IPv6/GUID/protocol node.</summary>
    public ReadOnlySpan<byte> BytesOf(int node)
    {
        ref FieldNode n = ref _nodes[node];
        return Slice(n.ValueSource, n.ValueOffset, n.ValueLength);
    }

    private ReadOnlySpan<byte> Slice(byte source, int offset, int length)
    {
        var s = SourceBytes(source);
        if ((uint)offset > (uint)s.Length)
        {
            return default;
        }

        return s.Slice(offset, Math.Min(length, s.Length - offset));
    }

    public ReadOnlySpan<byte> LabelOf(int node)
    {
        ref FieldNode n = ref _nodes[node];
        return (n.Flags & NodeFlags.HasLabel) != 0 ? _labels.AsSpan(n.LabelOffset, n.LabelLength) : default;
    }

    public ulong UIntOf(int node) => _nodes[node].Value;

    public long IntOf(int node) => (long)_nodes[node].Value;

    public double DoubleOf(int node) => BitConverter.Int64BitsToDouble((long)_nodes[node].Value);

    /// <summary>Interpolated-string handler that writes UTF-8 straight into the label arena.</summary>
    [InterpolatedStringHandler]
    public ref struct LabelHandler
    {
        private readonly FieldTree? _tree;
        private readonly bool _active;

        public LabelHandler(int literalLength, int formattedCount, FieldTree tree)
        {
            _tree = tree;
            _active = tree.WantsText;
            Start = tree._labelsUsed;
            if (_active)
            {
                tree.EnsureLabels(literalLength + formattedCount * 24);
            }
        }

        internal int Start { get; }

        internal readonly void Discard()
        {
            if (_tree is not null)
            {
                _tree._labelsUsed = Start;
            }
        }

        public readonly void AppendLiteral(string s)
        {
            if (_active)
            {
                AppendChars(s);
            }
        }

        public readonly void AppendFormatted(ReadOnlySpan<char> s)
        {
            if (_active)
            {
                AppendChars(s);
            }
        }

        public readonly void AppendFormatted(string? s)
        {
            if (_active && s is not null)
            {
                AppendChars(s);
            }
        }

        public readonly void AppendFormatted<T>(T value, string? format = null)
            where T : IUtf8SpanFormattable
        {
            if (!_active)
            {
                return;
            }

            var t = _tree!;
            while (true)
            {
                if (value.TryFormat(t._labels.AsSpan(t._labelsUsed), out int written, format, System.Globalization.CultureInfo.InvariantCulture))
                {
                    t._labelsUsed += written;
                    return;
                }

                t.EnsureLabels(Math.Max(64, t._labels.Length));
            }
        }

        private readonly void AppendChars(ReadOnlySpan<char> s)
        {
            var t = _tree!;
            t.EnsureLabels(Encoding.UTF8.GetMaxByteCount(s.Length));
            t._labelsUsed += Encoding.UTF8.GetBytes(s, t._labels.AsSpan(t._labelsUsed));
        }
    }
}
