namespace Dissectors.Core.Conversations;

/// <summary>
/// Open-addressing hash table from <see cref="FlowKey"/> to conversations: linear probing, power-of-two
/// capacity, backward-shift deletion (no tombstones). Written here rather than using Dictionary so the
/// lookup on every packet is ahead-of-time compiled code with the key compare inlined.
/// </summary>
internal sealed class FlowTable
{
    private FlowKey[] _keys = new FlowKey[1024];
    private TcpConversation?[] _values = new TcpConversation?[1024];
    private int _count;
    private int _mask = 1023;

    public int Count => _count;

    public bool TryGetValue(in FlowKey key, out TcpConversation value)
    {
        int i = key.GetHashCode() & _mask;
        while (true)
        {
            var v = _values[i];
            if (v is null)
            {
                value = null!;
                return false;
            }

            if (_keys[i].Equals(key))
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
        if ((_count + 1) * 2 > _values.Length)
        {
            Grow();
        }

        int i = key.GetHashCode() & _mask;
        while (true)
        {
            var v = _values[i];
            if (v is null)
            {
                _keys[i] = key;
                _values[i] = value;
                _count++;
                return null;
            }

            if (_keys[i].Equals(key))
            {
                _values[i] = value;
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
            var v = _values[i];
            if (v is null)
            {
                return false;
            }

            if (_keys[i].Equals(key))
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
        _values[hole] = null;
        _keys[hole] = default;
        _count--;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        int i = (hole + 1) & _mask;
        while (_values[i] is { } v)
        {
            int home = _keys[i].GetHashCode() & _mask;
            bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable)
            {
                _keys[hole] = _keys[i];
                _values[hole] = v;
                _keys[i] = default;
                _values[i] = null;
                hole = i;
            }

            i = (i + 1) & _mask;
        }
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        _keys = new FlowKey[oldKeys.Length * 2];
        _values = new TcpConversation?[oldValues.Length * 2];
        _mask = _values.Length - 1;
        _count = 0;
        for (int i = 0; i < oldValues.Length; i++)
        {
            if (oldValues[i] is { } v)
            {
                Set(oldKeys[i], v);
            }
        }
    }

    /// <summary>Every conversation, in no particular order.</summary>
    public IEnumerable<TcpConversation> Values
    {
        get
        {
            foreach (var v in _values)
            {
                if (v is not null)
                {
                    yield return v;
                }
            }
        }
    }
}
