namespace Dissectors.Core.Conversations;

/// <summary>
/// Open-addressing hash table from <see cref="FlowKey"/> to conversations: linear probing, power-of-two
/// capacity, backward-shift deletion (no tombstones). Written here rather than using Dictionary so the
/// lookup on every packet is ahead-of-time compiled code with the key compare inlined. Key and value sit
/// side by side in one entry (64 bytes): with thousands of connections interleaved, a lookup is a cache
/// miss, and it should be one, not one for the key and one for the value.
/// </summary>
internal sealed class FlowTable
{
    private Entry[] _entries = new Entry[1024];
    private int _count;
    private int _mask = 1023;

    private struct Entry
    {
        public FlowKey Key;
        public TcpConversation? Value;
    }

    public int Count => _count;

    public bool TryGetValue(in FlowKey key, out TcpConversation value)
    {
        var entries = _entries;
        int i = key.GetHashCode() & _mask;
        while (true)
        {
            ref var e = ref entries[i];
            var v = e.Value;
            if (v is null)
            {
                value = null!;
                return false;
            }

            if (e.Key.Equals(key))
            {
                value = v;
                return true;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Sets the conversation for a key; returns the one it replaced, if any.</summary>
    public TcpConversation? Set(in FlowKey key, TcpConversation value)
    {
        if ((_count + 1) * 2 > _entries.Length)
        {
            Grow();
        }

        int i = key.GetHashCode() & _mask;
        while (true)
        {
            ref var e = ref _entries[i];
            var v = e.Value;
            if (v is null)
            {
                e.Key = key;
                e.Value = value;
                _count++;
                return null;
            }

            if (e.Key.Equals(key))
            {
                e.Value = value;
                return v;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Removes the key if it maps to <paramref name="value"/> (a newer conversation may have taken the key).</summary>
    public bool Remove(in FlowKey key, TcpConversation value)
    {
        int i = key.GetHashCode() & _mask;
        while (true)
        {
            ref var e = ref _entries[i];
            var v = e.Value;
            if (v is null)
            {
                return false;
            }

            if (e.Key.Equals(key))
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
        _entries[hole] = default;
        _count--;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        int i = (hole + 1) & _mask;
        while (_entries[i].Value is not null)
        {
            int home = _entries[i].Key.GetHashCode() & _mask;
            bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable)
            {
                _entries[hole] = _entries[i];
                _entries[i] = default;
                hole = i;
            }

            i = (i + 1) & _mask;
        }
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        _count = 0;
        foreach (ref readonly var e in old.AsSpan())
        {
            if (e.Value is { } v)
            {
                Set(e.Key, v);
            }
        }
    }

    /// <summary>Every conversation, in no particular order.</summary>
    public IEnumerable<TcpConversation> Values
    {
        get
        {
            foreach (var e in _entries)
            {
                if (e.Value is { } v)
                {
                    yield return v;
                }
            }
        }
    }
}
