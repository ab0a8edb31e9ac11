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
public sealed class TransactionTable
{
    // Made at the first request: many connections carry none (one direction's table, idle or one-way
    // connections), and thousands of open connections each kept two empty collections otherwise.
    private Dictionary<long, Transaction>? _open;
    private Queue<(long Key, uint Frame)>? _order;

    public TransactionTable(int capacity = 65_536) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _open?.Count ?? 0;

    public long Evicted { get; private set; }

    /// <summary>Records a request; a previous open request with the same key is replaced (ids are reused).</summary>
    public void AddRequest(long key, uint frame, long timeNs, int tag = 0, int tag2 = 0)
    {
        _open ??= [];
        _order ??= new();
        _open[key] = new Transaction { RequestFrame = frame, RequestTimeNs = timeNs, Tag = tag, Tag2 = tag2 };
        _order.Enqueue((key, frame));
        while (_open.Count > Capacity && _order.Count > 0)
        {
            var (k, f) = _order.Dequeue();
            if (_open.TryGetValue(k, out var t) && t.RequestFrame == f)
            {
                _open.Remove(k);
                Evicted++;
            }
        }

        if (_order.Count > Capacity * 4)
        {
            Compact();
        }
    }

    /// <summary>Matches a response to the open request with the same key and closes it.</summary>
    public bool TryMatchResponse(long key, uint frame, long timeNs, out Transaction transaction)
    {
        if (_open is not null && _open.Remove(key, out transaction))
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
            transaction = default;
            return false;
        }

        return _open.TryGetValue(key, out transaction);
    }

    private void Compact()
    {
        // Only AddRequest calls this, after making both collections.
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
