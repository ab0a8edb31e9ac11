namespace Dissectors.Core.Conversations;

/// <summary>
/// Open-addressing hash table from <see cref="FlowKey"/> to conversations: linear probing, power-of-two
/// capacity, backward-shift deletion (no tombstones). Written here rather than using Dictionary so the
/// lookup on every packet is ahead-of-time compiled code with the key compare inlined.
/// <para>
/// A slot is the conversation and its key's hash (16 bytes, four to a cache line, never straddling one);
/// the key itself is the conversation's own <see cref="TcpConversation.Key"/>. With thousands of
/// connections interleaved a lookup is a cache miss on the slot and one on the conversation, which the
/// packet needs next anyway; a slot holding the whole key (64 bytes, straddling two lines at the array's
/// 16-byte offset) cost two misses before the conversation was touched.
/// </para>
/// </summary>
internal sealed class FlowTable
{
    private Slot[] _slots;
    private int _count;
    private int _mask;

    /// <param name="capacity">Initial slots, a power of two (small ones exercise probe runs that wrap around).</param>
    public FlowTable(int capacity = 1024)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two, at least 2");
        }

        _slots = new Slot[capacity];
        _mask = capacity - 1;
    }

    private struct Slot
    {
        public TcpConversation? Value;
        public int Hash;
    }

    public int Count => _count;

    public bool TryGetValue(in FlowKey key, out TcpConversation value)
    {
        var slots = _slots;
        int hash = key.GetHashCode();
        int i = hash & _mask;
        while (true)
        {
            ref var s = ref slots[i];
            var v = s.Value;
            if (v is null)
            {
                value = null!;
                return false;
            }

            if (s.Hash == hash && v.HasKey(in key))
            {
                value = v;
                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Asks the cache for the slot where a lookup of a key with <paramref name="hash"/> starts (a hint).</summary>
    public void PrefetchSlot(int hash) => Pipeline.CachePrefetch.Element(ref _slots[hash & _mask]);

    /// <summary>
    /// The first conversation in <paramref name="hash"/>'s probe run whose key has that hash, without
    /// comparing keys (for prefetch hints only: it may be another flow's), or null.
    /// </summary>
    public TcpConversation? PeekByHash(int hash)
    {
        var slots = _slots;
        int i = hash & _mask;
        for (int probes = 0; probes < 8; probes++)
        {
            ref var s = ref slots[i];
            if (s.Value is null || s.Hash == hash)
            {
                return s.Value;
            }

            i = (i + 1) & _mask;
        }

        return null;
    }

    /// <summary>
    /// Sets the conversation for <paramref name="value"/>'s key (<paramref name="key"/>, which must equal
    /// <see cref="TcpConversation.Key"/>); returns the one it replaced, if any.
    /// </summary>
    public TcpConversation? Set(in FlowKey key, TcpConversation value)
    {
        if (!value.Key.Equals(key))
        {
            throw new ArgumentException("the key must be the conversation's own", nameof(key));
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        int hash = key.GetHashCode();
        int i = hash & _mask;
        while (true)
        {
            ref var s = ref _slots[i];
            var v = s.Value;
            if (v is null)
            {
                s.Value = value;
                s.Hash = hash;
                _count++;
                return null;
            }

            if (s.Hash == hash && v.HasKey(in key))
            {
                s.Value = value;
                return v;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Removes the key if it maps to <paramref name="value"/> (a newer conversation may have taken the key).</summary>
    public bool Remove(in FlowKey key, TcpConversation value)
    {
        int hash = key.GetHashCode();
        int i = hash & _mask;
        while (true)
        {
            ref var s = ref _slots[i];
            var v = s.Value;
            if (v is null)
            {
                return false;
            }

            if (s.Hash == hash && v.HasKey(in key))
            {
                if (!ReferenceEquals(v, value))
                {
                    return false;
                }

                RemoveAt(i);
                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    private void RemoveAt(int hole)
    {
        _slots[hole] = default;
        _count--;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        int i = (hole + 1) & _mask;
        while (_slots[i].Value is not null)
        {
            int home = _slots[i].Hash & _mask;
            bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable)
            {
                _slots[hole] = _slots[i];
                _slots[i] = default;
                hole = i;
            }

            i = (i + 1) & _mask;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _mask = _slots.Length - 1;
        _count = 0;
        foreach (ref readonly var s in old.AsSpan())
        {
            if (s.Value is { } v)
            {
                Set(v.Key, v);
            }
        }
    }

    /// <summary>Every conversation, in no particular order.</summary>
    public IEnumerable<TcpConversation> Values
    {
        get
        {
            foreach (var s in _slots)
            {
                if (s.Value is { } v)
                {
                    yield return v;
                }
            }
        }
    }
}
