namespace Dissectors.Core.Dissection;

/// <summary>One request/response pair: small, copied by value.</summary>
public struct Transaction
{
    public uint RequestFrame;
    public long RequestTimeNs;
    public uint ResponseFrame;
    public long ResponseTimeNs;
    /// <summary>Protocol-specific tag (an opcode, a verb, an index into a side table).</summary>
    public int Tag;
    public int Tag2;
}

/// <summary>
/// Open requests of one conversation keyed by the protocol's id (CQL stream, Tarantool sync, Scylla
/// message id, MySQL command sequence). Capped: past <see cref="Capacity"/> the oldest open request is
/// dropped (counted in <see cref="Evicted"/>) so a flood of unanswered requests cannot grow memory.
/// </summary>
/// <remarks>
/// Most connections have a few requests open at a time, and there can be tens of thousands of
/// connections: up to <see cref="SmallSize"/> open requests live in one small array, in the order they
/// came (made at the first request: many connections carry none). Only a connection with more open at
/// once moves to a dictionary and an order queue, whose stale entries (requests answered since) are
/// dropped whenever they outnumber the open ones, so the queue stays near the open count.
/// </remarks>
public sealed class TransactionTable
{
    /// <summary>Open requests kept in the small array before the table moves to a dictionary.</summary>
    internal const int SmallSize = 4;

    private struct Entry
    {
        public long Key;
        public Transaction Transaction;
    }

    private Entry[]? _small;
    private int _smallCount;
    private Dictionary<long, Transaction>? _open;
    private Queue<(long Key, uint Frame)>? _order;

    public TransactionTable(int capacity = 65_536) => Capacity = Math.Max(1, capacity);

    public int Capacity { get; }

    public int Count => _open?.Count ?? _smallCount;

    public long Evicted { get; private set; }

    /// <summary>Records a request; a previous open request with the same key is replaced (ids are reused).</summary>
    public void AddRequest(long key, uint frame, long timeNs, int tag = 0, int tag2 = 0)
    {
        var t = new Transaction { RequestFrame = frame, RequestTimeNs = timeNs, Tag = tag, Tag2 = tag2 };
        if (_open is null)
        {
            var small = _small ??= new Entry[SmallSize];
            int at = IndexOf(key);
            if (at >= 0)
            {
                // A replaced request is the newest: it moves to the end of the order.
                RemoveSmallAt(at);
            }
            else if (_smallCount == Math.Min(SmallSize, Capacity))
            {
                if (Capacity <= SmallSize)
                {
                    RemoveSmallAt(0);
                    Evicted++;
                }
                else
                {
                    MoveToDictionary();
                    AddToDictionary(key, frame, t);
                    return;
                }
            }

            small[_smallCount++] = new Entry { Key = key, Transaction = t };
            return;
        }

        AddToDictionary(key, frame, t);
    }

    private void AddToDictionary(long key, uint frame, in Transaction t)
    {
        var open = _open!;
        var order = _order!;
        open[key] = t;
        order.Enqueue((key, frame));
        while (open.Count > Capacity && order.Count > 0)
        {
            var (k, f) = order.Dequeue();
            if (open.TryGetValue(k, out var old) && old.RequestFrame == f)
            {
                open.Remove(k);
                Evicted++;
            }
        }

        if (order.Count > Math.Max(2 * open.Count, 64))
        {
            Compact();
        }
    }

    private void MoveToDictionary()
    {
        _open = new Dictionary<long, Transaction>(2 * SmallSize);
        _order = new Queue<(long Key, uint Frame)>(4 * SmallSize);
        for (int i = 0; i < _smallCount; i++)
        {
            ref Entry e = ref _small![i];
            _open[e.Key] = e.Transaction;
            _order.Enqueue((e.Key, e.Transaction.RequestFrame));
        }

        _small = null;
        _smallCount = 0;
    }

    private int IndexOf(long key)
    {
        var small = _small;
        for (int i = 0; i < _smallCount; i++)
        {
            if (small![i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveSmallAt(int at)
    {
        var small = _small!;
        _smallCount--;
        for (int i = at; i < _smallCount; i++)
        {
            small[i] = small[i + 1];
        }
    }

    /// <summary>Forgets every request (a pooled conversation starting over); the small array is kept, emptied.</summary>
    public void Clear()
    {
        if (_small is not null)
        {
            Array.Clear(_small);
        }

        _smallCount = 0;
        _open = null;
        _order = null;
        Evicted = 0;
    }

    /// <summary>Matches a response to the open request with the same key and closes it.</summary>
    public bool TryMatchResponse(long key, uint frame, long timeNs, out Transaction transaction)
    {
        if (_open is null)
        {
            int at = IndexOf(key);
            if (at >= 0)
            {
                transaction = _small![at].Transaction;
                RemoveSmallAt(at);
                transaction.ResponseFrame = frame;
                transaction.ResponseTimeNs = timeNs;
                return true;
            }
        }
        else if (_open.Remove(key, out transaction))
        {
            transaction.ResponseFrame = frame;
            transaction.ResponseTimeNs = timeNs;
            return true;
        }

        transaction = default;
        return false;
    }

    /// <summary>Looks at an open request without closing it (for multi-part responses).</summary>
    public bool TryPeek(long key, out Transaction transaction)
    {
        if (_open is null)
        {
            int at = IndexOf(key);
            transaction = at >= 0 ? _small![at].Transaction : default;
            return at >= 0;
        }

        return _open.TryGetValue(key, out transaction);
    }

    private void Compact()
    {
        // Only AddToDictionary calls this, after making both collections.
        var open = _open!;
        var order = _order!;
        int n = order.Count;
        for (int i = 0; i < n; i++)
        {
            var e = order.Dequeue();
            if (open.TryGetValue(e.Key, out var t) && t.RequestFrame == e.Frame)
            {
                order.Enqueue(e);
            }
        }
    }
}
